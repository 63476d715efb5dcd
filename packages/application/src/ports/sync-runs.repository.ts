import type { BrokerKind } from './broker';

export type SyncTrigger = 'startup' | 'schedule' | 'cli' | 'api';
export type SyncRunStatus = 'running' | 'succeeded' | 'failed';
export type SyncEntity =
  'accounts' | 'snapshots' | 'instruments' | 'contracts' | 'positions' | 'orders' | 'executions' | 'quotes';

export interface EntityCounts {
  /** Items the broker reported. */
  seen: number;
  inserted: number;
  updated: number;
  deleted: number;
  /** Seen and already stored as reported: nothing written. */
  unchanged: number;
}

export type SyncCounts = Record<SyncEntity, EntityCounts>;

export interface SyncRunRecord {
  id: string;
  broker: BrokerKind;
  accountCode: string | null;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  counts: SyncCounts;
  error: string | null;
}

export interface SyncRunsRepository {
  start(run: {
    broker: BrokerKind;
    accountCode: string | null;
    trigger: SyncTrigger;
    startedAt: Date;
  }): Promise<SyncRunRecord>;
  finish(
    id: string,
    result: { status: 'succeeded' | 'failed'; finishedAt: Date; counts: SyncCounts; error: string | null },
  ): Promise<SyncRunRecord>;
  /** Runs left `running` by a process that died: marked failed, returns how many. */
  failInterrupted(before: Date, finishedAt: Date): Promise<number>;
  recent(limit: number): Promise<SyncRunRecord[]>;
}
