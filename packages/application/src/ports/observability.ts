// Observability ports: a structured logger the use cases may write to, the installation's recent errors, and what
// /metrics reads at scrape time.

/**
 * A structured logger (pino's shape, the subset the use cases need). `child` binds fields (runId, instanceId,
 * accountId) that every line it writes then carries.
 */
export interface LogPort {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  child(bindings: Record<string, unknown>): LogPort;
}

export type ErrorSource = 'strategy_run' | 'sync_run' | 'job_run';

export interface ErrorRecord {
  source: ErrorSource;
  at: Date;
  message: string;
  /** The strategy run, sync run or job run the error belongs to. */
  referenceId: string;
  /** What it was about: the strategy instance and its account, the synced account, the job. Null when not known. */
  instanceName: string | null;
  accountCode: string | null;
  jobName: string | null;
}

export interface ErrorsQuery {
  /** The newest errors across the installation (every client: an admin's view), newest first. */
  recent(limit: number): Promise<ErrorRecord[]>;
}

/** Per broker account, by account code (never a client's name). */
export interface AccountGaugeRecord {
  accountCode: string;
  value: number;
}

export interface MetricsQuery {
  /** Pending, unexpired recommendations per account (every account, 0 included). */
  pendingRecommendations(at: Date): Promise<AccountGaugeRecord[]>;
}
