// Applies the committed SQL migrations (../drizzle) with drizzle's migrator for the open driver.
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { driverOf, type Database } from './client';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

// Arbitrary constant shared by every OptionsTrader process that migrates the same database.
const MIGRATION_LOCK_KEY = 724_311_905;

type Query = (text: string) => Promise<{ rows: Record<string, unknown>[] }>;

async function appliedCount(query: Query): Promise<number> {
  const exists = await query(`select to_regclass('drizzle.__drizzle_migrations') is not null as "exists"`);
  if (exists.rows[0]?.['exists'] !== true) return 0;
  const result = await query('select count(*)::int as "count" from drizzle.__drizzle_migrations');
  return Number(result.rows[0]?.['count'] ?? 0);
}

// drizzle reads the last applied migration outside its transaction, so concurrent calls on one
// Database would both apply; calls are chained per Database (across processes, the advisory lock).
const running = new WeakMap<Database, Promise<unknown>>();

/** Brings the schema up to date; `applied` is how many migrations this call ran (0 when current). */
export function migrateDatabase(database: Database): Promise<{ applied: number }> {
  const previous = running.get(database) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => migrateNow(database));
  running.set(database, next);
  return next;
}

async function migrateNow(database: Database): Promise<{ applied: number }> {
  const driver = driverOf(database);
  const config = { migrationsFolder: MIGRATIONS_FOLDER };

  if (driver.kind === 'pglite') {
    // A single in-process connection: nothing can race, no lock needed.
    const query: Query = (text) => driver.client.query(text);
    const before = await appliedCount(query);
    await migratePglite(drizzlePglite({ client: driver.client }), config);
    return { applied: (await appliedCount(query)) - before };
  }

  // Session-level advisory lock on one dedicated connection, and the migration runs on that same
  // connection: two processes starting together apply each migration once.
  const connection = await driver.pool.connect();
  try {
    await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const query: Query = (text) => connection.query(text);
      const before = await appliedCount(query);
      await migratePg(drizzlePg({ client: connection }), config);
      return { applied: (await appliedCount(query)) - before };
    } finally {
      await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    connection.release();
  }
}
