// Broker → database ingestion runs: one row per sync, with what it saw and wrote per entity.
import { index, jsonb, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { broker } from './accounts';
import { id, timestamptz } from './columns';

export const syncTrigger = pgEnum('sync_trigger', ['startup', 'schedule', 'cli', 'api']);
export const syncStatus = pgEnum('sync_status', ['running', 'succeeded', 'failed']);

export const syncRuns = pgTable(
  'sync_runs',
  {
    id: id(),
    broker: broker('broker').notNull(),
    /** The one account synced, or null for all accounts the broker reports. */
    accountCode: text('account_code'),
    trigger: syncTrigger('trigger').notNull(),
    status: syncStatus('status').notNull().default('running'),
    startedAt: timestamptz('started_at').notNull(),
    finishedAt: timestamptz('finished_at'),
    /** Per entity: { seen, inserted, updated, deleted, unchanged } (SyncCounts in the application). */
    counts: jsonb('counts').notNull().default({}),
    error: text('error'),
  },
  (t) => [index('sync_runs_started_at_idx').on(t.startedAt.desc()), index('sync_runs_status_idx').on(t.status)],
);
