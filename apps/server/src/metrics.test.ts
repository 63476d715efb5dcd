import type { Broker, BrokerStatus } from '@optionstrader/application';
import { describe, expect, it } from 'vitest';
import { createMetrics, marginUsageOf } from './metrics';
import { parseExposition, samplesOf } from './testing/prometheus';

const clock = { now: () => new Date('2026-03-02T15:00:00Z') };

async function scraped(metrics: ReturnType<typeof createMetrics>) {
  const { body, contentType } = await metrics.scrape();
  expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(body);
}

function brokerStatus(counters: Record<string, number>, state: BrokerStatus['state'] = 'ready'): BrokerStatus {
  return {
    kind: 'ibkr',
    state,
    since: clock.now(),
    setup: {
      endpoint: null,
      clientId: null,
      marketDataType: null,
      readOnly: true,
      liveTradingEnabled: false,
      accounts: [],
    },
    events: [],
    counters,
  };
}

describe('createMetrics', () => {
  it('records HTTP latency per method, route pattern and status as a cumulative histogram', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.observeHttpRequest('GET', '/api/orders/:id', 200, 3);
    metrics.observeHttpRequest('GET', '/api/orders/:id', 200, 700);
    metrics.observeHttpRequest('POST', '/api/auth/login', 401, 40);
    const samples = await scraped(metrics);
    const labels = { method: 'GET', route: '/api/orders/:id', status_code: '200' };
    expect(samplesOf(samples, 'http_request_duration_seconds_count', labels)[0]?.value).toBe(2);
    expect(samplesOf(samples, 'http_request_duration_seconds_sum', labels)[0]?.value).toBeCloseTo(0.703);
    const buckets = samplesOf(samples, 'http_request_duration_seconds_bucket', labels);
    expect(buckets.find((b) => b.labels.le === '0.005')?.value).toBe(1);
    expect(buckets.find((b) => b.labels.le === '0.5')?.value).toBe(1);
    expect(buckets.find((b) => b.labels.le === '1')?.value).toBe(2);
    expect(buckets.find((b) => b.labels.le === '+Inf')?.value).toBe(2);
    expect(samplesOf(samples, 'http_request_duration_seconds_count', { status_code: '401' })[0]?.value).toBe(1);
  });

  it('counts job runs by name and outcome and times them in seconds', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordJobRun('broker-sync', 'succeeded', 1_500);
    metrics.recordJobRun('broker-sync', 'retried', 200);
    metrics.recordJobRun('broker-sync', 'failed', 300);
    metrics.recordJobRun('broker-sync', 'succeeded', 2_500);
    const samples = await scraped(metrics);
    const runs = (outcome: string) =>
      samplesOf(samples, 'optionstrader_job_runs_total', { name: 'broker-sync', outcome })[0]?.value;
    expect([runs('succeeded'), runs('retried'), runs('failed')]).toEqual([2, 1, 1]);
    const sum = samplesOf(samples, 'optionstrader_job_duration_seconds_sum', { outcome: 'succeeded' })[0];
    expect(sum?.value).toBe(4);
  });

  it('times broker round-trips by operation and outcome, keeping the adapter extras reachable', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const broker = {
      kind: 'sim',
      accounts: async () => [],
      quotes: async () => {
        throw new Error('no market data');
      },
      connectionState: () => 'ready',
      advanceTo: async (at: number) => at,
    } as unknown as Broker & { advanceTo(at: number): Promise<number> };
    const instrumented = metrics.instrumentBroker(broker);
    await instrumented.accounts();
    await expect(instrumented.quotes([])).rejects.toThrow('no market data');
    expect(await instrumented.advanceTo(7)).toBe(7);
    expect(instrumented.connectionState()).toBe('ready');
    const samples = await scraped(metrics);
    const count = (operation: string, outcome: string) =>
      samplesOf(samples, 'optionstrader_broker_request_duration_seconds_count', {
        broker: 'sim',
        operation,
        outcome,
      })[0]?.value;
    expect(count('accounts', 'ok')).toBe(1);
    expect(count('quotes', 'error')).toBe(1);
    // Not a round-trip: not timed.
    expect(
      samplesOf(samples, 'optionstrader_broker_request_duration_seconds_count', { operation: 'advanceTo' }),
    ).toEqual([]);
  });

  it("reads the broker's state and pacing counters at scrape time", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let status = brokerStatus({ sent: 120, peakPerSecond: 38, marketDataLinesPeak: 61 });
    metrics.watch({ clock, broker: { status: () => status } });
    let samples = await scraped(metrics);
    expect(samplesOf(samples, 'optionstrader_broker_connected', { broker: 'ibkr' })[0]?.value).toBe(1);
    expect(samplesOf(samples, 'optionstrader_broker_messages_sent_total')[0]?.value).toBe(120);
    expect(samplesOf(samples, 'optionstrader_broker_pacing', { stat: 'peak_messages_per_second' })[0]?.value).toBe(38);
    expect(samplesOf(samples, 'optionstrader_broker_pacing', { stat: 'market_data_lines_peak' })[0]?.value).toBe(61);
    status = brokerStatus({ sent: 150, peakPerSecond: 40, marketDataLinesPeak: 61 }, 'disconnected');
    samples = await scraped(metrics);
    expect(samplesOf(samples, 'optionstrader_broker_connected')[0]?.value).toBe(0);
    expect(samplesOf(samples, 'optionstrader_broker_messages_sent_total')[0]?.value).toBe(150);
  });

  it('reports data freshness in seconds and leaves unknown freshness without a sample', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.watch({
      clock,
      syncRuns: { lastSync: async () => ({ at: new Date('2026-03-02T14:58:00Z'), byAccount: new Map() }) },
      marketData: { newestQuoteAt: async () => null },
    });
    const samples = await scraped(metrics);
    expect(samplesOf(samples, 'optionstrader_data_freshness_seconds', { source: 'sync' })[0]?.value).toBe(120);
    expect(samplesOf(samples, 'optionstrader_data_freshness_seconds', { source: 'quote' })).toEqual([]);
  });

  it('leaves a failing read out of the scrape and counts it, instead of failing the whole exposition', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.watch({
      clock,
      accounts: {
        list: async () => {
          throw new Error('database unreachable');
        },
      },
    });
    const samples = await scraped(metrics);
    expect(samplesOf(samples, 'optionstrader_margin_usage_ratio')).toEqual([]);
    expect(samplesOf(samples, 'optionstrader_metrics_collect_errors_total', { source: 'accounts' })[0]?.value).toBe(1);
  });

  it('includes the process metrics unless told not to, each registry on its own', async () => {
    const withDefaults = await scraped(createMetrics());
    expect(samplesOf(withDefaults, 'process_cpu_user_seconds_total')).toHaveLength(1);
    const without = await scraped(createMetrics({ defaultMetrics: false }));
    expect(samplesOf(without, 'process_cpu_user_seconds_total')).toEqual([]);
  });
});

describe('marginUsageOf', () => {
  it('divides maintenance margin by net liquidation', () => {
    expect(marginUsageOf({ netLiquidation: '100000.00', maintMargin: '25000.00' })).toBe(0.25);
  });

  it.each([
    [null],
    [{ netLiquidation: null, maintMargin: '25000.00' }],
    [{ netLiquidation: '100000.00', maintMargin: null }],
    [{ netLiquidation: '0.00', maintMargin: '25000.00' }],
    [{ netLiquidation: '-5.00', maintMargin: '25000.00' }],
  ])('is unknown (null, never 0) for %o', (snapshot) => {
    expect(marginUsageOf(snapshot)).toBeNull();
  });
});
