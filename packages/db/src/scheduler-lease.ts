// "Only one scheduler": a PostgreSQL advisory lock held on a connection of its own. If that process dies or loses
// its connection, the lock goes with it and another scheduler takes over at its next try. The embedded database
// has one process by construction, so it always holds the lease.
import type { SchedulerLease } from '@optionstrader/application';
import type pg from 'pg';
import { driverOf, type Database } from './client';

/** An arbitrary constant shared by every OptionsTrader process (the lock's name). */
const SCHEDULER_LOCK_KEY = 7_341_902_118;

export function createSchedulerLease(database: Database): SchedulerLease {
  const handle = driverOf(database);
  if (handle.kind === 'pglite') return { hold: async () => true, release: async () => {} };
  const { pool } = handle;
  let holder: pg.PoolClient | null = null;
  const drop = (client: pg.PoolClient, error?: Error) => {
    if (holder === client) holder = null;
    client.release(error ?? true);
  };
  return {
    async hold() {
      if (holder) {
        try {
          await holder.query('select 1');
          return true;
        } catch (error) {
          drop(holder, error as Error);
          return false;
        }
      }
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch {
        return false;
      }
      try {
        const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [
          SCHEDULER_LOCK_KEY,
        ]);
        if (!rows[0]?.locked) {
          client.release();
          return false;
        }
        client.on('error', () => {
          if (holder === client) holder = null;
        });
        holder = client;
        return true;
      } catch (error) {
        drop(client, error as Error);
        return false;
      }
    },
    async release() {
      const client = holder;
      if (!client) return;
      holder = null;
      try {
        await client.query('select pg_advisory_unlock($1)', [SCHEDULER_LOCK_KEY]);
        client.release();
      } catch (error) {
        client.release(error as Error);
      }
    },
  };
}
