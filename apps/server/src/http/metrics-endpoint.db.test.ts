// GET /metrics on the real app: HTTP latency by route pattern, scrape-time gauges from the database, the token.
import { schema } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../metrics';
import { parseExposition, samplesOf } from '../testing/prometheus';
import { createTestApp, manualClock, type TestApp } from '../testing/test-app';

const NOW = new Date('2026-03-02T15:00:00Z');
const TOKEN = 'metrics-token-for-the-test-0123';

describe.skipIf(postgresUnavailable())('GET /metrics', () => {
  let t: TestApp;
  const metrics = createMetrics({ defaultMetrics: false });

  beforeAll(async () => {
    t = await createTestApp({ clock: manualClock(NOW), app: { metrics } });
    const { db } = t.testDb.database;
    const [client] = await db.insert(schema.clients).values({ name: 'Smith Family Trust' }).returning();
    if (!client) throw new Error('no client');
    const [margin] = await db
      .insert(schema.brokerAccounts)
      .values([
        { clientId: client.id, broker: 'sim', accountCode: 'DU111', type: 'margin_pm' },
        { clientId: client.id, broker: 'sim', accountCode: 'DU222', type: 'tfsa' },
      ])
      .returning();
    if (!margin) throw new Error('no account');
    // DU111 has a snapshot; DU222 has none, so its margin usage is unknown.
    await db.insert(schema.accountSnapshots).values({
      accountId: margin.id,
      asOf: new Date(NOW.getTime() - 60_000),
      netLiquidation: '100000',
      maintMargin: '31250',
      currency: 'USD',
    });
    await db.insert(schema.recommendations).values([
      { accountId: margin.id, action: 'sell_put', legs: [], quantity: '1' },
      { accountId: margin.id, action: 'sell_put', legs: [], quantity: '1', expiresAt: new Date(NOW.getTime() - 1) },
      { accountId: margin.id, action: 'sell_call', legs: [], quantity: '1', status: 'rejected' },
    ]);
    await db.insert(schema.syncRuns).values({
      broker: 'sim',
      trigger: 'schedule',
      status: 'succeeded',
      startedAt: new Date(NOW.getTime() - 95_000),
      finishedAt: new Date(NOW.getTime() - 90_000),
    });
  });
  afterAll(async () => t.close());

  async function scrape(headers: Record<string, string> = {}) {
    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(response.body);
  }

  it('times requests by method, route pattern (never the raw URL) and status code', async () => {
    const { cookie } = await t.login();
    const id = '7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
    await t.app.inject({ method: 'GET', url: `/api/accounts/${id}/snapshots`, headers: { cookie: cookie ?? '' } });
    await t.app.inject({ method: 'GET', url: '/api/accounts', headers: { cookie: cookie ?? '' } });
    await t.app.inject({ method: 'GET', url: '/api/accounts' });
    await t.app.inject({ method: 'GET', url: '/no/such/page-123' });
    const samples = await scrape();
    const count = (labels: Record<string, string>) =>
      samplesOf(samples, 'http_request_duration_seconds_count', labels)[0]?.value;
    expect(count({ method: 'GET', route: '/api/accounts', status_code: '200' })).toBe(1);
    expect(count({ method: 'GET', route: '/api/accounts', status_code: '401' })).toBe(1);
    expect(count({ method: 'POST', route: '/api/auth/login', status_code: '200' })).toBe(1);
    expect(count({ method: 'GET', route: '/api/accounts/:id/snapshots' })).toBe(1);
    expect(count({ route: 'unmatched', status_code: '404' })).toBe(1);
    const routes = new Set(samplesOf(samples, 'http_request_duration_seconds_count').map((s) => s.labels.route));
    expect([...routes].some((route) => route?.includes(id) || route?.includes('page-123'))).toBe(false);
    const buckets = samplesOf(samples, 'http_request_duration_seconds_bucket', {
      route: '/api/accounts',
      status_code: '200',
    });
    expect(buckets.find((b) => b.labels.le === '+Inf')?.value).toBe(1);
  });

  it('reads margin usage, open recommendations and sync freshness per account code at scrape time', async () => {
    const samples = await scrape();
    expect(samplesOf(samples, 'optionstrader_margin_usage_ratio', { account: 'DU111' })[0]?.value).toBe(0.3125);
    // No snapshot: no sample (unknown), never 0.
    expect(samplesOf(samples, 'optionstrader_margin_usage_ratio', { account: 'DU222' })).toEqual([]);
    // The expired and the rejected ones are not open.
    expect(samplesOf(samples, 'optionstrader_open_recommendations', { account: 'DU111' })[0]?.value).toBe(1);
    expect(samplesOf(samples, 'optionstrader_open_recommendations', { account: 'DU222' })[0]?.value).toBe(0);
    expect(samplesOf(samples, 'optionstrader_data_freshness_seconds', { source: 'sync' })[0]?.value).toBe(90);
    // No quote stored yet.
    expect(samplesOf(samples, 'optionstrader_data_freshness_seconds', { source: 'quote' })).toEqual([]);
    // Account codes label the series, never a client's name.
    const labels = samples.flatMap((s) => Object.values(s.labels));
    expect(labels.some((value) => value.includes('Smith'))).toBe(false);
  });

  it('exposes the job runs the job runner records into the same metrics', async () => {
    metrics.recordJobRun('daily-snapshot', 'failed', 2_000);
    const samples = await scrape();
    expect(
      samplesOf(samples, 'optionstrader_job_runs_total', { name: 'daily-snapshot', outcome: 'failed' })[0]?.value,
    ).toBe(1);
  });

  it('echoes a safe incoming x-request-id and replaces an unsafe one', async () => {
    const kept = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'edge-42.a_b' } });
    expect(kept.headers['x-request-id']).toBe('edge-42.a_b');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/api/accounts',
      headers: { 'x-request-id': 'evil"id\\with spaces' },
    });
    expect(replaced.statusCode).toBe(401);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe.skipIf(postgresUnavailable())('GET /metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ app: { metricsToken: TOKEN } });
  });
  afterAll(async () => t.close());

  it('answers 401 without the bearer token or with another, 200 with it', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.statusCode).toBe(401);
    // A signed-in session is not the scraper's token.
    const { cookie } = await t.login();
    const session = await t.app.inject({ method: 'GET', url: '/metrics', headers: { cookie: cookie ?? '' } });
    expect(session.statusCode).toBe(401);
    const right = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('# TYPE http_request_duration_seconds histogram');
  });
});
