import type { SQL } from 'drizzle-orm';
import type { Db } from './client';

/** Rows of a raw SQL query; both drivers return `{ rows }`, but the shared `Db` type cannot say so. */
export async function queryRows<Row>(db: Db, query: SQL | string): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows as Row[]; // shape is the caller's SQL, which it knows
  }
  throw new Error('The database driver returned no rows array');
}
