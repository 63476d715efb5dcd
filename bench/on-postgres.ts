// A throwaway database on the PostgreSQL server at TEST_DATABASE_URL (default: the local one) for one benchmark:
// created, handed to `work` (not migrated), dropped. Without a server the benchmark says why instead of failing.
import { randomBytes } from 'node:crypto';
import { IN_MEMORY, openDatabase, type Database } from '@optionstrader/db';
import pg from 'pg';

export async function onPostgres<T>(work: (database: Database) => Promise<T>): Promise<T | string> {
  const adminUrl = process.env['TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `ot_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    return `skipped: no PostgreSQL at TEST_DATABASE_URL (${error instanceof Error ? error.message : String(error)})`;
  }
  try {
    // The name is generated from hex digits here, so it is safe as an identifier.
    await admin.query(`create database "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: IN_MEMORY });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`drop database if exists "${name}"`).catch(() => undefined);
    await admin.end();
  }
}
