import { emptyCounts, type SyncCounts, type SyncRunRecord, type SyncRunsRepository } from '@optionstrader/application';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../client';
import { syncRuns } from '../schema/index';

type SyncRunRow = typeof syncRuns.$inferSelect;

export function toSyncRunRecord(row: SyncRunRow): SyncRunRecord {
  // The counts column is written only by this repository, always as a whole SyncCounts.
  const stored = (row.counts ?? {}) as Partial<SyncCounts>;
  return {
    id: row.id,
    broker: row.broker,
    accountCode: row.accountCode,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    counts: { ...emptyCounts(), ...stored },
    error: row.error,
  };
}

export function createSyncRunsRepository(db: Db): SyncRunsRepository {
  return {
    async start(run) {
      const [row] = await db
        .insert(syncRuns)
        .values({ ...run, status: 'running', counts: emptyCounts() })
        .returning();
      if (!row) throw new Error('sync_runs insert returned no row');
      return toSyncRunRecord(row);
    },

    async finish(id, result) {
      const [row] = await db
        .update(syncRuns)
        .set({ status: result.status, finishedAt: result.finishedAt, counts: result.counts, error: result.error })
        .where(eq(syncRuns.id, id))
        .returning();
      if (!row) throw new Error(`No sync run ${id}`);
      return toSyncRunRecord(row);
    },

    async failInterrupted(before, finishedAt) {
      const rows = await db
        .update(syncRuns)
        .set({ status: 'failed', finishedAt, error: 'Interrupted: the process stopped during the sync' })
        .where(and(eq(syncRuns.status, 'running'), lt(syncRuns.startedAt, before)))
        .returning({ id: syncRuns.id });
      return rows.length;
    },

    async recent(limit) {
      const rows = await db.select().from(syncRuns).orderBy(desc(syncRuns.startedAt)).limit(limit);
      return rows.map(toSyncRunRecord);
    },
  };
}
