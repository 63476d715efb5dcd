// A fresh, migrated database per call: in-memory PGlite, or a throw-away database on a PostgreSQL server.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import {
  createRepositories,
  migrateDatabase,
  openDatabase,
  snapshotDatabase,
  IN_MEMORY,
  type Database,
  type Repositories,
} from '@optionstrader/db';
import { PG_UNAVAILABLE_KEY, testDatabaseUrl } from './postgres-server';

export type TestBackend = 'pglite' | 'postgres';

export interface TestDatabase {
  database: Database;
  repositories: Repositories;
  backend: TestBackend;
  close(): Promise<void>;
}

export function testBackend(): TestBackend {
  const value = process.env['TEST_DB_BACKEND'] ?? 'pglite';
  if (value !== 'pglite' && value !== 'postgres')
    throw new Error(`TEST_DB_BACKEND must be pglite or postgres, not ${value}`);
  return value;
}

/** Why the PostgreSQL suite cannot run here, or false; always false on the PGlite backend. */
export function postgresUnavailable(): string | false {
  if (testBackend() !== 'postgres') return false;
  // Outside the db-postgres project nothing was provided: try the server and let it fail clearly.
  return inject(PG_UNAVAILABLE_KEY) ?? false;
}

/**
 * Why the PostgreSQL server at TEST_DATABASE_URL cannot be reached, or false: for tests outside the db projects
 * (process tests in the unit project), which have no flag from the global setup.
 */
export async function postgresServerUnavailable(url: string = testDatabaseUrl()): Promise<string | false> {
  try {
    const database = await openDatabase({ databaseUrl: url, dataDir: IN_MEMORY, maxConnections: 1 });
    await database.close();
    return false;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export interface TestDatabaseOptions {
  /** Apply the migrations (default true); false gives an empty database for migration tests. */
  migrate?: boolean;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  return testBackend() === 'postgres' ? createPostgresTestDatabase(migrate) : createPgliteTestDatabase(migrate);
}

// One migrated cluster per test worker, snapshotted; every migrated test database starts from it.
let migratedSnapshot: Promise<Blob> | undefined;

async function makeMigratedSnapshot(): Promise<Blob> {
  const template = await openDatabase({ dataDir: IN_MEMORY });
  try {
    await migrateDatabase(template);
    return await snapshotDatabase(template);
  } finally {
    await template.close();
  }
}

async function createPgliteTestDatabase(migrate: boolean): Promise<TestDatabase> {
  const snapshot = migrate ? await (migratedSnapshot ??= makeMigratedSnapshot()) : undefined;
  const database = await openDatabase({ dataDir: IN_MEMORY, ...(snapshot ? { snapshot } : {}) });
  return { database, repositories: createRepositories(database.db), backend: 'pglite', close: () => database.close() };
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createPostgresTestDatabase(migrate: boolean): Promise<TestDatabase> {
  const unavailable = postgresUnavailable();
  if (unavailable) throw new Error(`PostgreSQL test server unavailable: ${unavailable} (use describeDb to skip)`);

  const adminUrl = testDatabaseUrl();
  const name = `ot_test_${randomBytes(6).toString('hex')}`;
  // The name is generated here from hex digits, so quoting it as an identifier is safe.
  await withAdmin(adminUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;

  const drop = () =>
    withAdmin(adminUrl, async (client) => {
      await client.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      await client.query(`drop database if exists "${name}"`);
    });

  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: url.toString(), dataDir: IN_MEMORY, maxConnections: 4 });
    if (migrate) await migrateDatabase(database);
  } catch (error) {
    await drop();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    database,
    repositories: createRepositories(database.db),
    backend: 'postgres',
    close() {
      closing ??= database.close().finally(drop);
      return closing;
    },
  };
}
