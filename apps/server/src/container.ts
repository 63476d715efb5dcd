// The composition root: the one place where adapters are wired to use cases.
import {
  createAccessService,
  createAdminService,
  createBacktestService,
  createAuthService,
  createOrderManager,
  createPaperEngine,
  createTradingEvents,
  type FaultPoint,
  createRiskService,
  createStrategiesService,
  createStrategyRunner,
  createUsersService,
  type Clock,
  type Broker,
  type LogPort,
  type RiskService,
  type StrategyReference,
  type UnderlierReference,
} from '@optionstrader/application';
import { createRepositories, IN_MEMORY, migrateDatabase, openDatabase, type Database } from '@optionstrader/db';
import type { Logger } from 'pino';
import { argon2PasswordHasher } from './adapters/argon2-password-hasher';
import { createFileBacktestData } from './adapters/backtest-data';
import { shippedPriceHistory } from './adapters/risk-market-data';
import { cryptoTokenGenerator } from './adapters/crypto-token-generator';
import { systemClock } from './adapters/system-clock';
import type { Config } from './config';
import { DEFAULT_QUOTE_STALE_AFTER_MS } from './http/routes/accounts.routes';

export interface OrderFlowOptions {
  faultPoint?: (point: FaultPoint) => void;
  onListenerError?: (error: unknown) => void;
  onPaperError?: (error: unknown) => void;
}

export interface ServiceOptions {
  sessionTtlHours: number;
  clock?: Clock;
}

/** Use cases wired to an open, migrated database. */
export function createServices(database: Database, options: ServiceOptions) {
  const repositories = createRepositories(database.db);
  const shared = {
    users: repositories.users,
    audit: repositories.audit,
    hasher: argon2PasswordHasher,
    tokens: cryptoTokenGenerator,
    clock: options.clock ?? systemClock,
  };
  const usersService = createUsersService(shared);
  return {
    repositories,
    clock: shared.clock,
    auth: createAuthService({
      ...shared,
      sessions: repositories.sessions,
      sessionTtlMs: options.sessionTtlHours * 3_600_000,
    }),
    users: usersService,
    /** What the HTTP app needs for access control (spread into its deps). */
    accessControl: {
      access: createAccessService({ ...shared, usersService, access: repositories.access }),
      admin: createAdminService({ ...shared, usersService, access: repositories.access }),
      audit: repositories.audit,
      auditLog: repositories.auditQuery,
      clock: shared.clock,
    },
    reads: { queries: repositories.reads, clock: shared.clock, quoteStaleAfterMs: DEFAULT_QUOTE_STALE_AFTER_MS },
    /** The errors list and the scrape-time reads of /metrics (HTTP app's `observability`). */
    observability: { errors: repositories.errors, metrics: repositories.metrics },
    /**
     * The risk engine over the ingested book; `reference` comes with the broker (the sim knows its dividends), and
     * the broker, when there is one, answers the what-if of a checked order.
     */
    risk: (reference: UnderlierReference, broker?: Broker) =>
      createRiskService({
        broker,
        queries: repositories.reads,
        limits: repositories.riskLimits,
        history: shippedPriceHistory,
        reference,
        audit: repositories.audit,
        clock: shared.clock,
      }),
    /** Backtests over the historical data shipped in data/ (one at a time, in the background). */
    backtests: createBacktestService({
      data: createFileBacktestData(),
      repo: repositories.backtests,
      strategies: repositories.strategies,
      clock: shared.clock,
      yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
    }),
    strategies: createStrategiesService({
      strategies: repositories.strategies,
      watchlists: repositories.watchlists,
      accounts: repositories.reads.accounts,
      portfolios: repositories.reads.portfolios,
      audit: repositories.audit,
      clock: shared.clock,
    }),
    /**
     * The order flow: the Order Manager (approve → exactly one order), the paper engine that fills paper orders, and
     * the trading events both publish. `faultPoint` is the crash tests' seam.
     */
    orderFlow: (risk: RiskService, broker: Broker | undefined, options: OrderFlowOptions = {}) => {
      const events = createTradingEvents(options.onListenerError);
      const paper = createPaperEngine({
        orders: repositories.orders,
        broker: broker ?? null,
        ingest: repositories.ingest,
        clock: shared.clock,
        events,
      });
      const manager = createOrderManager({
        orders: repositories.orders,
        strategies: repositories.strategies,
        settings: repositories.appSettings,
        audit: repositories.audit,
        ingest: repositories.ingest,
        risk,
        broker: broker ?? null,
        clock: shared.clock,
        events,
        onPaperSubmitted: async (order) => {
          await paper.tryFill(order).catch((error: unknown) => options.onPaperError?.(error));
        },
        ...(options.faultPoint ? { faultPoint: options.faultPoint } : {}),
      });
      return { manager, paper, events };
    },
    /** The strategy engine's runs: quotes through the broker (none → every chain reported missing). */
    strategyRunner: (
      risk: RiskService,
      references: { reference: UnderlierReference; strategyReference: StrategyReference },
      broker?: Broker,
      /** Each run logs through a child of it (runId, instanceId, accountId). */
      log?: LogPort,
    ) =>
      createStrategyRunner({
        strategies: repositories.strategies,
        watchlists: repositories.watchlists,
        history: repositories.strategyHistory,
        risk,
        broker,
        ingest: repositories.ingest,
        reference: references.reference,
        strategyReference: references.strategyReference,
        clock: shared.clock,
        log,
      }),
  };
}

export type Services = ReturnType<typeof createServices>;

export interface ContainerOptions {
  /** A throwaway in-memory PGlite (tests); ignores DATA_DIR and DATABASE_URL. */
  inMemoryDatabase?: boolean;
  /** Test seam: the time every use case reads (the system clock otherwise). */
  clock?: Clock;
}

export async function createContainer(config: Config, logger: Logger, options: ContainerOptions = {}) {
  const database: Database = await openDatabase(
    options.inMemoryDatabase ? { dataDir: IN_MEMORY } : { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR },
  );
  try {
    const { applied } = await migrateDatabase(database);
    logger.info({ database: database.kind, migrationsApplied: applied }, 'database ready');
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    config,
    database,
    ...createServices(database, {
      sessionTtlHours: config.SESSION_TTL_HOURS,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
    close: () => database.close(),
  };
}

export type Container = Awaited<ReturnType<typeof createContainer>>;
