import { sql } from 'drizzle-orm';
import type { Database } from './client';
import { queryRows } from './query-rows';

/** Names of the tables in the `public` schema, sorted (readiness checks and schema tests). */
export async function listTables(database: Database): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    database.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((row) => row.table_name);
}
