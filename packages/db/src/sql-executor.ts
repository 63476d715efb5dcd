// Raw SQL for libraries that bring their own statements (the pg-boss queue), on either backend, surviving a
// database restart: a statement that failed because the connection went away is tried again on a new one.
import { driverOf, type Database } from './client';

export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Server gone or going (restart, failover, admin termination): the pool opens a new connection next time. */
const CONNECTION_LOST = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
]);

export function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return (
    CONNECTION_LOST.has(code) ||
    /Connection terminated|connection is closed|Client has encountered a connection error/i.test(error.message)
  );
}

export interface ReconnectOptions {
  /** How long to keep trying through an outage (a PostgreSQL restart takes a few seconds). */
  giveUpAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Runs `work`, again after a lost connection (with a growing pause) until it succeeds or the outage outlasts us. */
export async function withReconnect<T>(work: () => Promise<T>, options: ReconnectOptions = {}): Promise<T> {
  const giveUpAfterMs = options.giveUpAfterMs ?? 60_000;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let waited = 0;
  for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
    try {
      return await work();
    } catch (error) {
      if (!isConnectionLost(error) || waited >= giveUpAfterMs) throw error;
      await sleep(pause);
      waited += pause;
    }
  }
}

/**
 * On PostgreSQL the statements share the app's pool; on PGlite, statements with parameters go through `query` and
 * parameterless scripts (pg-boss's schema creation holds several statements) through `exec`.
 */
export function sqlExecutor(database: Database, options: ReconnectOptions = {}): SqlExecutor {
  const handle = driverOf(database);
  if (handle.kind === 'postgres') {
    return {
      executeSql: (text, values) =>
        withReconnect(async () => ({ rows: (await handle.pool.query(text, values)).rows as unknown[] }), options),
    };
  }
  const { client } = handle;
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return { rows: (await client.query(text, values)).rows };
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}
