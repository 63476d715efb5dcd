// Opens the one database the app uses: embedded PGlite by default, PostgreSQL when DATABASE_URL is set.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { unopenablePgliteMessage, unreachablePostgresMessage } from './connection-errors';
import { acquirePgliteLock } from './pglite-lock';
import * as schema from './schema/index';

/** One query-builder type for both drivers, so repositories are written once. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Resolves when a trivial query succeeds (readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite lives in `<dataDir>/pglite`; `'memory://'` keeps it in memory (tests). */
  dataDir: string;
  /** Same as `dataDir: 'memory://'`. */
  inMemory?: boolean;
  /** Errors of idle pooled connections (server restart); without a listener pg would crash the process. */
  onPoolError?: (error: Error) => void;
  /** Pool size for PostgreSQL (default 10). */
  maxConnections?: number;
  /** In-memory PGlite only: start from a snapshot made by `snapshotDatabase` instead of an empty cluster. */
  snapshot?: Blob;
}

export const IN_MEMORY = 'memory://';

/** Driver handles that migrate.ts needs; not part of the public API. */
export type DriverHandle = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: pg.Pool };

const drivers = new WeakMap<Database, DriverHandle>();

export function driverOf(database: Database): DriverHandle {
  const handle = drivers.get(database);
  if (!handle) throw new Error('Not a Database returned by openDatabase()');
  return handle;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  const inMemory = options.inMemory || options.dataDir === IN_MEMORY;
  if (options.snapshot && !inMemory) throw new Error('A snapshot can only seed an in-memory database');
  return openPglite(inMemory ? undefined : join(options.dataDir, 'pglite'), options.snapshot);
}

/**
 * The whole embedded cluster as an uncompressed tarball. Loading it skips initdb and migrations, which
 * makes a fresh test database about 3× faster to open than an empty one.
 */
export async function snapshotDatabase(database: Database): Promise<Blob> {
  const handle = driverOf(database);
  if (handle.kind !== 'pglite') throw new Error('Only the embedded database can be snapshotted');
  return handle.client.dumpDataDir('none');
}

async function openPostgres(databaseUrl: string, options: OpenDatabaseOptions): Promise<Database> {
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.maxConnections ?? 10,
      // An unreachable host (firewall drop) must fail start-up, not hang it.
      connectionTimeoutMillis: 10_000,
    });
  } catch (error) {
    throw new Error(unreachablePostgresMessage(databaseUrl, error));
  }
  pool.on('error', (error) => options.onPoolError?.(error));
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(unreachablePostgresMessage(databaseUrl, error));
  }
  const db: Db = drizzlePg({ client: pool, schema });
  return register({ kind: 'postgres', pool }, db, () => pool.end());
}

async function openPglite(directory: string | undefined, snapshot?: Blob): Promise<Database> {
  let release = async () => {};
  let client: PGlite;
  try {
    if (directory) {
      await mkdir(directory, { recursive: true });
      release = await acquirePgliteLock(directory);
    }
    client = await PGlite.create(directory ? { dataDir: directory } : snapshot ? { loadDataDir: snapshot } : {});
  } catch (error) {
    await release();
    throw new Error(unopenablePgliteMessage(directory ?? IN_MEMORY, error));
  }
  const db: Db = drizzlePglite({ client, schema });
  return register({ kind: 'pglite', client }, db, async () => {
    try {
      await client.close();
    } finally {
      await release();
    }
  });
}

function register(handle: DriverHandle, db: Db, closeDriver: () => Promise<void>): Database {
  let closing: Promise<void> | undefined;
  const database: Database = {
    db,
    kind: handle.kind,
    async ping() {
      await db.execute(sql`select 1`);
    },
    // Idempotent: shutdown paths (signal + test teardown) may both call it.
    close() {
      closing ??= closeDriver();
      return closing;
    },
  };
  drivers.set(database, handle);
  return database;
}
