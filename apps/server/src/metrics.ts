// Prometheus metrics of one app instance (its own Registry, never prom-client's global one: tests build many apps).
// Counted as they happen: HTTP latency, job runs, broker round-trips. Read at scrape time: broker pacing, data
// freshness, open recommendations and margin usage per account.
import type {
  AccountsQuery,
  Broker,
  BrokerStatusTracker,
  Clock,
  MarketDataQuery,
  MetricsQuery,
  SyncRunsQuery,
} from '@optionstrader/application';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type JobOutcome = 'succeeded' | 'failed' | 'retried';

/** What the scrape-time gauges read; each part is optional (a test app without a broker has no broker series). */
export interface MetricsSources {
  clock: Clock;
  accounts?: Pick<AccountsQuery, 'list'> | undefined;
  marketData?: MarketDataQuery | undefined;
  syncRuns?: Pick<SyncRunsQuery, 'lastSync'> | undefined;
  recommendations?: MetricsQuery | undefined;
  broker?: Pick<BrokerStatusTracker, 'status'> | undefined;
}

/** Broker calls that go to the broker and back (connection and subscription calls are not round-trips). */
const ROUND_TRIPS = [
  'accounts',
  'accountSummary',
  'positions',
  'contractDetails',
  'optionChainParams',
  'quotes',
  'openOrders',
  'completedOrders',
  'executions',
  'placeOrder',
  'cancelOrder',
  'whatIf',
] as const satisfies readonly (keyof Broker)[];
const roundTrips: ReadonlySet<string> = new Set(ROUND_TRIPS);

/** IBKR's pacing counters (broker status `counters`) as label values; unknown keys keep their own name. */
const pacingStat: Record<string, string> = {
  peakPerSecond: 'peak_messages_per_second',
  marketDataLinesPeak: 'market_data_lines_peak',
};

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800];

export interface Metrics {
  registry: Registry;
  /** One finished job attempt: `retried` is a failed attempt the queue will try again, `failed` the last one. */
  recordJobRun(name: string, outcome: JobOutcome, durationMs: number): void;
  /** One answered HTTP request; `route` is the route pattern (`/api/orders/:id`), never the raw URL. */
  observeHttpRequest(method: string, route: string, statusCode: number, durationMs: number): void;
  /** The same broker, each round-trip timed into `optionstrader_broker_request_duration_seconds`. */
  instrumentBroker<B extends Broker>(broker: B): B;
  /** Where the scrape-time gauges read from (set by buildApp with what the app has; later calls replace it). */
  watch(sources: MetricsSources): void;
  /** The exposition (Prometheus text format) and its content type. */
  scrape(): Promise<{ body: string; contentType: string }>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  let sources: MetricsSources | undefined;
  const registers = [registry];
  /**
   * Scrape-time reads, run before the exposition is written (not as prom-client `collect` callbacks, which run in
   * parallel with the serialisation of the other metrics: a failed read would only be counted a scrape later).
   */
  const refreshers: (() => Promise<void>)[] = [];

  const collectErrors = new Counter({
    name: 'optionstrader_metrics_collect_errors_total',
    help: 'Scrape-time reads that failed (their series are left out of that scrape)',
    labelNames: ['source'],
    registers,
  });
  /** A failed read leaves its series out of this scrape instead of failing the whole exposition. */
  const guarded = async (source: string, read: () => Promise<void>) => {
    try {
      await read();
    } catch {
      collectErrors.inc({ source });
    }
  };

  const http = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const jobDuration = new Histogram({
    name: 'optionstrader_job_duration_seconds',
    help: 'Duration of job attempts by job name and outcome (succeeded, failed, retried)',
    labelNames: ['name', 'outcome'],
    buckets: JOB_BUCKETS,
    registers,
  });
  const jobRuns = new Counter({
    name: 'optionstrader_job_runs_total',
    help: 'Job attempts by job name and outcome (succeeded, failed: no retry left, retried: will be tried again)',
    labelNames: ['name', 'outcome'],
    registers,
  });
  const brokerRequests = new Histogram({
    name: 'optionstrader_broker_request_duration_seconds',
    help: 'Broker round-trips (requests answered or failed) by broker, operation and outcome (ok, error)',
    labelNames: ['broker', 'operation', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers,
  });

  const brokerConnected = new Gauge({
    name: 'optionstrader_broker_connected',
    help: '1 when the broker connection is ready, 0 otherwise',
    labelNames: ['broker'],
    registers,
  });
  refreshers.push(async () => {
    brokerConnected.reset();
    const status = sources?.broker?.status();
    if (status) brokerConnected.set({ broker: status.kind }, status.state === 'ready' ? 1 : 0);
  });
  const brokerSent = new Counter({
    name: 'optionstrader_broker_messages_sent_total',
    help: 'Messages sent to the broker since the process started (IBKR pacing counts them)',
    labelNames: ['broker'],
    registers,
  });
  refreshers.push(async () => {
    brokerSent.reset();
    const status = sources?.broker?.status();
    const sent = status?.counters.sent;
    if (status && sent !== undefined) brokerSent.inc({ broker: status.kind }, sent);
  });
  const brokerPacing = new Gauge({
    name: 'optionstrader_broker_pacing',
    help: 'Broker pacing: peak messages per second and peak market-data lines',
    labelNames: ['broker', 'stat'],
    registers,
  });
  refreshers.push(async () => {
    brokerPacing.reset();
    const status = sources?.broker?.status();
    if (!status) return;
    for (const [key, value] of Object.entries(status.counters)) {
      if (key !== 'sent') brokerPacing.set({ broker: status.kind, stat: pacingStat[key] ?? key }, value);
    }
  });

  const freshness = new Gauge({
    name: 'optionstrader_data_freshness_seconds',
    help: 'Seconds since the last successful broker sync (source=sync) and since the newest stored quote (source=quote); no sample while unknown',
    labelNames: ['source'],
    registers,
  });
  refreshers.push(async () => {
    freshness.reset();
    const s = sources;
    if (!s) return;
    const now = s.clock.now().getTime();
    const age = (at: Date | null) => (at === null ? null : Math.max(0, (now - at.getTime()) / 1000));
    await Promise.all([
      guarded('sync', async () => {
        const at = s.syncRuns ? age((await s.syncRuns.lastSync()).at) : null;
        if (at !== null) freshness.set({ source: 'sync' }, at);
      }),
      guarded('quote', async () => {
        const at = s.marketData ? age(await s.marketData.newestQuoteAt()) : null;
        if (at !== null) freshness.set({ source: 'quote' }, at);
      }),
    ]);
  });
  const openRecommendations = new Gauge({
    name: 'optionstrader_open_recommendations',
    help: 'Pending, unexpired recommendations per broker account (account code)',
    labelNames: ['account'],
    registers,
  });
  refreshers.push(async () => {
    openRecommendations.reset();
    const s = sources;
    if (!s?.recommendations) return;
    const query = s.recommendations;
    await guarded('recommendations', async () => {
      for (const row of await query.pendingRecommendations(s.clock.now()))
        openRecommendations.set({ account: row.accountCode }, row.value);
    });
  });
  const marginUsage = new Gauge({
    name: 'optionstrader_margin_usage_ratio',
    help: "Maintenance margin ÷ net liquidation of each account's latest snapshot (account code); no sample while either is unknown",
    labelNames: ['account'],
    registers,
  });
  refreshers.push(async () => {
    marginUsage.reset();
    const accounts = sources?.accounts;
    if (!accounts) return;
    await guarded('accounts', async () => {
      for (const account of await accounts.list()) {
        const usage = marginUsageOf(account.latestSnapshot);
        if (usage !== null) marginUsage.set({ account: account.accountCode }, usage);
      }
    });
  });

  return {
    registry,
    recordJobRun(name, outcome, durationMs) {
      jobRuns.inc({ name, outcome });
      jobDuration.observe({ name, outcome }, Math.max(0, durationMs) / 1000);
    },
    observeHttpRequest(method, route, statusCode, durationMs) {
      http.observe({ method, route, status_code: String(statusCode) }, Math.max(0, durationMs) / 1000);
    },
    instrumentBroker<B extends Broker>(broker: B): B {
      // A proxy, so adapter extras (the sim's advanceTo, IBKR's pacingStats) stay reachable unchanged.
      return new Proxy(broker, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if (typeof property !== 'string' || !roundTrips.has(property) || typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            const started = performance.now();
            const observe = (outcome: 'ok' | 'error') =>
              brokerRequests.observe(
                { broker: target.kind, operation: property, outcome },
                (performance.now() - started) / 1000,
              );
            try {
              const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
              observe('ok');
              return result;
            } catch (error) {
              observe('error');
              throw error;
            }
          };
        },
      });
    },
    watch(next) {
      sources = next;
    },
    async scrape() {
      await Promise.all(refreshers.map((refresh) => refresh()));
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
  };
}

/** Maintenance margin ÷ NLV; null (no sample, never 0) when either is unknown or NLV is not positive. */
export function marginUsageOf(
  snapshot: { netLiquidation: string | null; maintMargin: string | null } | null,
): number | null {
  if (!snapshot || snapshot.netLiquidation === null || snapshot.maintMargin === null) return null;
  const nlv = Number(snapshot.netLiquidation);
  const maint = Number(snapshot.maintMargin);
  if (!Number.isFinite(nlv) || !Number.isFinite(maint) || nlv <= 0) return null;
  return maint / nlv;
}
