// Starts the whole product in this process: database (migrated), first admin, HTTP API and web UI.
import { fileURLToPath } from 'node:url';
import type { Database } from '@optionstrader/db';
import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config';
import {
  DEFAULT_CLIENT_NAME,
  createBrokerStatusTracker,
  createDataHealthMonitor,
  createRiskMonitor,
  createSyncService,
  rowsWritten,
  startPeriodicSync,
  type Clock,
  type SyncService,
} from '@optionstrader/application';
import { isMarketOpen } from '@optionstrader/domain';
import { staticReference } from './adapters/risk-market-data';
import { unknownStrategyReference } from './adapters/strategy-reference';
import { seedDemoStrategies } from './demo-strategies';
import { systemClock } from './adapters/system-clock';
import { brokerSetupOf, openBroker } from './broker';
import { createContainer, type Container } from './container';
import { startOrderFlow, type OrderFlow } from './order-flow';
import { buildApp } from './http/app';
import { createNotifications } from './notifications';
import { createMetrics, type Metrics } from './metrics';
import { jobHandlers } from './jobs/handlers';
import { jobsRoutesDeps, ROLES, startJobs, type JobsRuntime, type Role } from './jobs/runtime';
import { loggerOptions } from './logger';
import { version } from './version';

export interface StartOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  inMemoryDatabase?: boolean;
  adminEmail?: string;
  adminPassword?: string;
  webDistDir?: string;
  logLevel?: Config['LOG_LEVEL'];
  loginRateLimitPerMinute?: number;
  /** Overrides API_RATE_LIMIT_PER_MINUTE (tests send many requests from one IP). */
  apiRateLimitPerMinute?: number;
  /** Overrides BROKER (browser tests that seed their own rows run with 'none'). */
  broker?: Config['BROKER'];
  syncIntervalSeconds?: number;
  /**
   * What this process does (default: everything): `http` serves the API and UI, `worker` takes jobs from the queue,
   * `scheduler` queues them on the market calendar. With DATABASE_URL the roles can run in separate processes.
   */
  roles?: readonly Role[];
  env?: Record<string, string | undefined>;
  /**
   * Test seam: the time the whole server reads (browser tests run the sim inside a trading session whatever the
   * machine's time). Not for production use.
   */
  clock?: Clock;
  /**
   * Test seam: runs once the database is migrated, before the server listens (browser tests seed rows into the
   * in-memory database through it). Not for production use.
   */
  onDatabaseReady?: (database: Database) => Promise<void>;
}

export interface RunningServer {
  /** Empty without the http role. */
  url: string;
  logger: Logger;
  /** The HTTP app as composed here, for `inject()` in tests of the whole product; absent without the http role. */
  app: FastifyInstance | undefined;
  /** The queue, the scheduler and the job catalog of this process. */
  jobs: JobsRuntime;
  close(): Promise<void>;
}

export const defaultWebDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

function configFrom(options: StartOptions): Config {
  const overrides: Record<string, string | undefined> = {
    PORT: options.port?.toString(),
    HOST: options.host,
    DATA_DIR: options.dataDir,
    DATABASE_URL: options.databaseUrl,
    ADMIN_EMAIL: options.adminEmail,
    ADMIN_PASSWORD: options.adminPassword,
    WEB_DIST_DIR: options.webDistDir,
    LOG_LEVEL: options.logLevel,
    LOGIN_RATE_LIMIT_PER_MINUTE: options.loginRateLimitPerMinute?.toString(),
    API_RATE_LIMIT_PER_MINUTE: options.apiRateLimitPerMinute?.toString(),
    BROKER: options.broker,
    SYNC_INTERVAL_SECONDS: options.syncIntervalSeconds?.toString(),
  };
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return loadConfig({ ...(options.env ?? process.env), ...defined });
}

/** Prints a generated admin password once, outside the structured log (which must never hold secrets). */
function announceGeneratedPassword(email: string, password: string) {
  const line = '='.repeat(72);
  process.stdout.write(
    `\n${line}\n  First start: created admin ${email}\n  Generated password (shown only now): ${password}\n  Set ADMIN_EMAIL / ADMIN_PASSWORD to choose your own on a new database.\n${line}\n\n`,
  );
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = configFrom(options);
  const log = pino(loggerOptions(config.LOG_LEVEL));
  const clock = options.clock ?? systemClock;
  // One per process, with the process metrics; the HTTP app, the broker and the job runner record into it.
  const metrics = createMetrics();
  const roles = options.roles ?? ROLES;
  if (roles.length < ROLES.length && !config.DATABASE_URL && !options.inMemoryDatabase) {
    throw new Error(
      `--roles ${roles.join(',')} needs DATABASE_URL: the embedded database belongs to one process, which then has to run every role`,
    );
  }
  const container = await createContainer(config, log, {
    inMemoryDatabase: options.inMemoryDatabase ?? false,
    clock,
  });

  // Deliveries go through the queue, which starts later: until then a notification waits as pending.
  let enqueueJob: JobsRuntime['enqueue'] | undefined;
  const enqueueDelivery = async (id: string) => {
    if (!enqueueJob) throw new Error('the job queue is not running yet');
    // One job per notification, however often it is queued (see the catch-up below).
    await enqueueJob(
      'notification.deliver',
      { trigger: 'event', scheduledFor: null, args: { notificationId: id } },
      { key: `notification.deliver@${id}` },
    );
  };
  const notifications = createNotifications(config, {
    repositories: container.repositories,
    clock,
    logger: log,
    enqueueDelivery,
  });
  // Risk alerts notify as risk_alert, the other alerts (broker, data) as connectivity.
  container.repositories.alerts = notifications.alerts(container.repositories.alerts);
  let feed: Awaited<ReturnType<typeof startBrokerFeed>> | undefined;
  let stopDemoSeeding = () => {};
  let stopNotifyingTrades = () => {};
  let orderFlow: OrderFlow | undefined;
  let jobs: JobsRuntime | undefined;
  try {
    await options.onDatabaseReady?.(container.database);
    // A fresh installation gets a client to work in, before the start-up sync puts the broker's accounts in it (the
    // sync finds it by name; created after the sync had begun, there would be two).
    const clients = await container.repositories.access.allClients();
    if (clients.length === 0) await container.repositories.access.createClient(DEFAULT_CLIENT_NAME);
    // The broker first: a start that fails on it should not have created (and shown) the first admin.
    feed = config.BROKER === 'none' ? undefined : await startBrokerFeed(config, container, log, clock, metrics);
    const admin = await container.users.ensureInitialAdmin({
      email: config.ADMIN_EMAIL,
      password: config.ADMIN_PASSWORD,
    });
    if (admin.status === 'failed') throw new Error(admin.error);
    if (admin.status === 'created') {
      log.info({ email: admin.user.email }, 'created the first admin');
      if (admin.generatedPassword) announceGeneratedPassword(admin.user.email, admin.generatedPassword);
    }

    const risk = container.risk(feed?.reference ?? staticReference, feed?.broker);
    await container.strategies.seedDefinitions();
    const runner = container.strategyRunner(
      risk,
      {
        reference: feed?.reference ?? staticReference,
        strategyReference: feed?.strategyReference ?? unknownStrategyReference,
      },
      feed?.broker,
      log,
    );
    orderFlow = startOrderFlow(config, container, risk, feed?.broker, log);
    const flow = orderFlow;
    feed?.afterSync.push(flow.afterSync);
    // Fills, option events, kill switch changes and new recommendations.
    stopNotifyingTrades = notifications.subscribe(flow.events);
    const riskMonitor = createRiskMonitor({
      accounts: () => container.reads.queries.accounts.list(),
      accountRisk: async (accountId) => {
        const result = await risk.accountRisk(accountId);
        if (!result) throw new Error(`account ${accountId} is gone`);
        return result;
      },
      alerts: container.repositories.alerts,
      clock,
    });
    jobs = await startJobs({
      config,
      database: container.database,
      repositories: container.repositories,
      clock,
      log,
      roles,
      onJobFinished: (name, outcome, durationMs) => metrics.recordJobRun(name, outcome, durationMs),
      handlers: jobHandlers({
        sync: feed?.sync,
        runner,
        afterRuns: flow.afterStrategyRuns,
        riskMonitor: () => riskMonitor.run(),
        paper: flow.paper,
        accounts: container.reads.queries.accounts,
        notifications: notifications.jobs,
        now: () => clock.now(),
        log,
      }),
    });
    const runtime = jobs;
    enqueueJob = (name, data, sendOptions) => runtime.enqueue(name, data, sendOptions);
    // Notifications stored before the queue ran (the start-up sync's alerts) are queued now, once each.
    for (const id of await container.repositories.notifications.neverAttempted(1_000)) {
      await enqueueDelivery(id);
    }
    stopDemoSeeding = seedDemoInstances(container, feed, log, clock, () =>
      runtime.enqueue('strategies.scan', { trigger: 'event' }),
    );
    if (!roles.includes('http')) {
      log.info({ roles, database: container.database.kind }, 'OptionsTrader is running (no HTTP in this process)');
      return { url: '', logger: log, app: undefined, jobs: runtime, close: closeAll(undefined) };
    }

    const app = await buildApp({
      logger: log,
      auth: container.auth,
      ...container.accessControl,
      reads: container.reads,
      sync: feed?.sync,
      broker: feed?.status,
      alerts: { alerts: container.repositories.alerts, clock },
      risk,
      strategies: { strategies: container.strategies, runner },
      orders: { orders: flow.manager, repository: container.repositories.orders, strategies: container.strategies },
      backtests: container.backtests,
      notifications: { notifications: notifications.service, repo: container.repositories.notifications, clock },
      jobs: jobsRoutesDeps(runtime, container.repositories.jobRuns, container.database.kind),
      probes: [
        { name: 'database', check: () => container.database.ping() },
        ...(feed ? [{ name: 'broker', check: feed.check }] : []),
      ],
      metrics,
      metricsToken: config.METRICS_TOKEN,
      observability: container.observability,
      cookie: { secure: config.COOKIE_SECURE },
      loginRateLimitPerMinute: config.LOGIN_RATE_LIMIT_PER_MINUTE,
      apiRateLimitPerMinute: config.API_RATE_LIMIT_PER_MINUTE,
      approveRateLimitPerMinute: config.APPROVE_RATE_LIMIT_PER_MINUTE,
      allowedOrigins: config.ALLOWED_ORIGINS,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      webDistDir: config.WEB_DIST_DIR ?? defaultWebDistDir,
      version,
    });
    app.server.requestTimeout = 30_000;
    const address = await app.listen({ port: config.PORT, host: config.HOST });
    const port = new URL(address).port;
    const url = `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST}:${port}`;
    log.info({ url, database: container.database.kind, roles }, 'OptionsTrader is listening');

    return { url, logger: log, app, jobs: runtime, close: closeAll(app) };
  } catch (error) {
    stopDemoSeeding();
    stopNotifyingTrades();
    orderFlow?.stop();
    await jobs?.stop().catch(() => undefined);
    await feed?.stop();
    await container.close();
    throw error;
  }

  function closeAll(app: FastifyInstance | undefined) {
    return async () => {
      await app?.close();
      stopDemoSeeding();
      stopNotifyingTrades();
      orderFlow?.stop();
      // Workers finish (or give back) their jobs before the database goes.
      await jobs?.stop();
      await container.backtests.stop();
      await feed?.stop();
      await container.close();
    };
  }
}

/**
 * With the sim, the demo's strategy instances are created after the first sync that brings the demo accounts, and a
 * scan is queued at once. Returns the stop function.
 */
function seedDemoInstances(
  container: Container,
  feed: { afterSync: (() => Promise<void>)[]; broker: { kind: string } } | undefined,
  log: Logger,
  clock: Clock,
  scanNow: () => Promise<unknown>,
): () => void {
  // The start-up sync may land before or after this point: try now, and after every sync until it is done; one
  // attempt at a time, so the instances are created once.
  let seeded = feed?.broker.kind !== 'sim';
  let attempt: Promise<void> = Promise.resolve();
  const seedDemo = (): Promise<void> =>
    (attempt = attempt
      .catch(() => undefined)
      .then(async () => {
        if (seeded) return;
        const outcome = await seedDemoStrategies({
          strategies: container.strategies,
          accounts: container.reads.queries.accounts,
          settings: container.repositories.appSettings,
          clock,
        });
        if (outcome === 'no_demo_accounts') return;
        seeded = true;
        if (outcome === 'seeded') {
          log.info('created the demo strategy instances');
          await scanNow();
        }
      }));
  if (!seeded) {
    feed?.afterSync.push(seedDemo);
    void seedDemo().catch((error: unknown) => log.error({ err: error }, 'demo strategy instances failed'));
  }
  return () => {
    seeded = true;
  };
}

/**
 * Connects the broker and keeps the database in step with it: a sync at start (the demo book, with the sim)
 * and every SYNC_INTERVAL_SECONDS; a simulated broker's book is moved to the present before each sync.
 */
async function startBrokerFeed(config: Config, container: Container, log: Logger, clock: Clock, metrics: Metrics) {
  const opened = await openBroker(config, clock, { settings: container.repositories.appSettings });
  const { advance, counters, reference, strategyReference } = opened;
  // Round-trip timing for /metrics; everything below uses the instrumented broker.
  const broker = metrics.instrumentBroker(opened.broker);
  // Before connecting, so the status page shows the connection coming up.
  const status = createBrokerStatusTracker({
    broker,
    clock,
    setup: brokerSetupOf(config),
    ...(counters ? { counters } : {}),
  });
  await broker.connect().catch((error: unknown) => {
    status.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      config.BROKER === 'ibkr'
        ? `BROKER=ibkr: ${reason}. Is TWS / IB Gateway running with the API enabled on ${config.IBKR_HOST}:${config.IBKR_PORT}? (see docs/ibkr.md)`
        : reason,
    );
  });
  const service = createSyncService({
    broker,
    ingest: container.repositories.ingest,
    syncRuns: container.repositories.syncRuns,
    clock,
    chains: CHAIN_SNAPSHOTS,
  });
  const monitor = createDataHealthMonitor({
    alerts: container.repositories.alerts,
    clock,
    // Stale after three missed intervals, never sooner than five minutes.
    staleAfterMs: Math.max(5 * 60_000, 3 * config.SYNC_INTERVAL_SECONDS * 1000),
  });
  const watch = (promise: Promise<unknown>) =>
    promise.catch((error: unknown) => log.error({ err: error }, 'data health alert could not be written'));
  // What the broker tells an operator becomes an alert; a connection that comes back is re-synced at once.
  let wasReady = true;
  const unsubscribe = broker.subscribe((event) => {
    if (event.type === 'alert') {
      log.warn({ kind: event.kind, severity: event.severity }, event.message);
      void watch(
        container.repositories.alerts.raise({
          kind: event.kind,
          severity: event.severity,
          message: event.message,
          at: event.at,
          dedupeKey: broker.kind,
        }),
      );
    } else if (event.type === 'connection') {
      log.info({ state: event.state, reason: event.message }, 'broker connection');
      if (event.state === 'ready' && !wasReady) {
        void sync.run({ trigger: 'schedule' }).catch((error: unknown) => log.warn({ err: error }, 're-sync failed'));
      }
      wasReady = event.state === 'ready';
    }
  });
  /** Work after each successful sync (the demo's strategy instances wait for the demo accounts). */
  const afterSync: (() => Promise<void>)[] = [];
  const sync: SyncService = {
    ...service,
    async run(options) {
      await advance?.();
      const result = await service.run(options);
      // Every run, whatever its trigger (start-up, schedule, POST /api/sync), feeds the monitor.
      void watch(monitor.onSyncRun(result.run));
      if (result.run.status === 'succeeded')
        for (const work of afterSync)
          await work().catch((error: unknown) => log.error({ err: error }, 'after-sync work failed'));
      return result;
    },
  };
  const freshness = setInterval(
    () => void watch(monitor.checkFreshness(monitor.lastSuccessfulSyncAt(), isMarketOpen(clock.now().getTime()))),
    60_000,
  );
  freshness.unref();
  const stopSync =
    config.SYNC_INTERVAL_SECONDS > 0
      ? startPeriodicSync(sync, {
          intervalMs: config.SYNC_INTERVAL_SECONDS * 1000,
          timers: { setTimeout, clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) },
          onRun: (run) =>
            run.status === 'failed'
              ? log.warn({ runId: run.id, error: run.error }, 'broker sync failed')
              : log.debug({ runId: run.id, rowsWritten: rowsWritten(run.counts) }, 'broker sync'),
          onError: (error) => log.error({ err: error }, 'broker sync could not run'),
        })
      : async () => {};
  log.info({ broker: broker.kind, syncIntervalSeconds: config.SYNC_INTERVAL_SECONDS }, 'broker connected');
  return {
    sync,
    status,
    reference,
    strategyReference,
    afterSync,
    broker,
    // An arrow property, so the readiness probe can hold it without its object.
    check: async () => {
      if (broker.connectionState() !== 'ready') throw new Error(`broker ${broker.connectionState()}`);
    },
    async stop() {
      unsubscribe();
      status.stop();
      clearInterval(freshness);
      await stopSync();
      await broker.disconnect();
    },
  };
}

/** The chain viewer's data: the three nearest expirations of each underlier in the book, ±15% of spot, every 5 minutes. */
const CHAIN_SNAPSHOTS = { expirations: 3, strikeRange: 0.15, minIntervalMs: 5 * 60_000 };
