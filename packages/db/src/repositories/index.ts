import type {
  AccessRepository,
  AlertsRepository,
  AuditQuery,
  AppSettingsRepository,
  AuditRepository,
  ReadQueries,
  RiskLimitsRepository,
  SessionsRepository,
  IngestRepository,
  OrdersRepository,
  BacktestRepository,
  ErrorsQuery,
  JobRunsRepository,
  JobSchedulesRepository,
  MetricsQuery,
  StrategyHistoryQuery,
  StrategyRepository,
  SyncRunsRepository,
  UsersRepository,
  WatchlistsRepository,
  NotificationsRepository,
} from '@optionstrader/application';
import type { Db } from '../client';
import { createAlertsRepository } from './alerts.repository';
import { createAppSettingsRepository } from './app-settings.repository';
import { createAccessRepository } from './access.repository';
import { createAuditQuery, createAuditRepository } from './audit.repository';
import { createOrdersRepository } from './orders.repository';
import { createReadQueries } from './read-model.query';
import { createRiskLimitsRepository } from './risk-limits.repository';
import { createSessionsRepository } from './sessions.repository';
import { createStrategyRepository } from './strategies.repository';
import { createStrategyHistoryQuery } from './strategy-history.query';
import { createUsersRepository } from './users.repository';
import { createIngestRepository } from './sync-ingest.repository';
import { createSyncRunsRepository } from './sync-runs.repository';
import { createWatchlistsRepository } from './watchlists.repository';
import { createBacktestsRepository } from './backtests.repository';
import { createNotificationsRepository } from './notifications.repository';
import { createErrorsQuery } from './errors.query';
import { createJobRunsRepository, createJobSchedulesRepository } from './jobs.repository';
import { createMetricsQuery } from './metrics.query';

export interface Repositories {
  users: UsersRepository;
  sessions: SessionsRepository;
  audit: AuditRepository;
  auditQuery: AuditQuery;
  access: AccessRepository;
  appSettings: AppSettingsRepository;
  reads: ReadQueries;
  ingest: IngestRepository;
  syncRuns: SyncRunsRepository;
  alerts: AlertsRepository;
  riskLimits: RiskLimitsRepository;
  strategies: StrategyRepository;
  watchlists: WatchlistsRepository;
  strategyHistory: StrategyHistoryQuery;
  orders: OrdersRepository;
  backtests: BacktestRepository;
  notifications: NotificationsRepository;
  /** Recent errors across the installation (strategy, sync and job runs). */
  errors: ErrorsQuery;
  /** Scrape-time reads of /metrics. */
  metrics: MetricsQuery;
  jobSchedules: JobSchedulesRepository;
  jobRuns: JobRunsRepository;
}

export function createRepositories(db: Db): Repositories {
  return {
    users: createUsersRepository(db),
    sessions: createSessionsRepository(db),
    audit: createAuditRepository(db),
    auditQuery: createAuditQuery(db),
    access: createAccessRepository(db),
    appSettings: createAppSettingsRepository(db),
    reads: createReadQueries(db),
    ingest: createIngestRepository(db),
    syncRuns: createSyncRunsRepository(db),
    alerts: createAlertsRepository(db),
    riskLimits: createRiskLimitsRepository(db),
    strategies: createStrategyRepository(db),
    watchlists: createWatchlistsRepository(db),
    strategyHistory: createStrategyHistoryQuery(db),
    orders: createOrdersRepository(db),
    backtests: createBacktestsRepository(db),
    notifications: createNotificationsRepository(db),
    jobSchedules: createJobSchedulesRepository(db),
    jobRuns: createJobRunsRepository(db),
    errors: createErrorsQuery(db),
    metrics: createMetricsQuery(db),
  };
}

export { createAppSettingsRepository, createAuditRepository, createSessionsRepository, createUsersRepository };
export { createIngestRepository, createSyncRunsRepository };
export { createAlertsRepository, createRiskLimitsRepository };
export { createStrategyHistoryQuery, createStrategyRepository, createWatchlistsRepository };
export { createOrdersRepository, createBacktestsRepository };
export { createNotificationsRepository };
