// One scheduler at a time: on PostgreSQL an advisory lock on a connection of its own; when that connection goes
// (the process died, the server restarted), another scheduler takes over. The embedded database always holds it.
import { describeDb, testDatabaseUrl } from '@optionstrader/testkit';
import { expect, it } from 'vitest';
import { openDatabase, IN_MEMORY } from './client';
import { queryRows } from './query-rows';
import { createSchedulerLease } from './scheduler-lease';

describeDb('scheduler lease', (use) => {
  it('one holder at a time; released or cut, the other takes over', async () => {
    const { database, backend } = use();
    const first = createSchedulerLease(database);
    if (backend === 'pglite') {
      expect(await first.hold()).toBe(true);
      expect(await first.hold()).toBe(true);
      return;
    }
    // A second process: its own pool on the same database.
    const [row] = await queryRows<{ current: string }>(database.db, 'select current_database() as current');
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${row?.current ?? ''}`;
    const other = await openDatabase({ databaseUrl: url.toString(), dataDir: IN_MEMORY, maxConnections: 2 });
    try {
      const second = createSchedulerLease(other);
      expect(await first.hold()).toBe(true);
      expect(await second.hold()).toBe(false);
      expect(await first.hold()).toBe(true);
      await first.release();
      expect(await second.hold()).toBe(true);
      expect(await first.hold()).toBe(false);
      // The holder's connection is cut (as when its process dies): the lock goes with it.
      await queryRows(
        database.db,
        `select pg_terminate_backend(pid) from pg_locks
          where locktype = 'advisory' and granted and pid <> pg_backend_pid()
            and database = (select oid from pg_database where datname = current_database())`,
      );
      expect(await second.hold()).toBe(false);
      expect(await first.hold()).toBe(true);
      await first.release();
    } finally {
      await other.close();
    }
  });
});
