// The order flow end to end over the demo book: recommendations from a real strategy run on the sim, decided over
// HTTP. Approve → exactly one order (also under two approvals at once), paper fills against the sim's quotes into
// executions, paper positions and the recommendation; reject; 409s and 422s that write nothing; cancel; the kill
// switch and autotrade; live mode through the sim broker with reconciliation that never places a second order; then
// two clients, each seeing and deciding only its own.
import { createSyncService, type OrderManager, type PaperEngine } from '@optionstrader/application';
import { createMarketSimulator, createSimBroker, demoAccounts, type SimBroker } from '@optionstrader/broker-sim';
import {
  accountsTradingResponseSchema,
  approveResponseSchema,
  executionsResponseSchema,
  journalResponseSchema,
  optionEventsResponseSchema,
  orderDetailSchema,
  orderPreviewSchema,
  ordersResponseSchema,
  positionsResponseSchema,
  recommendationsResponseSchema,
  tradingSettingsSchema,
  type RecommendationView,
} from '@optionstrader/contracts';
import { queryRows } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedHistory, simReference } from '../../adapters/risk-market-data';
import { simStrategyReference } from '../../adapters/strategy-reference';
import { SIM_SEED } from '../../broker';
import { seedDemoStrategies } from '../../demo-strategies';
import { createTestApp, manualClock, type TestApp } from '../../testing/test-app';
import { ordersRoutes } from './orders.routes';
import { strategiesRoutes } from './strategies.routes';

// A Friday afternoon, market open.
const NOW = new Date('2026-11-20T16:00:00Z');

describe.skipIf(postgresUnavailable())('order flow (demo book)', () => {
  let t: TestApp;
  let cookie: string;
  let clock: ReturnType<typeof manualClock>;
  let broker: SimBroker;
  let manager: OrderManager;
  let paper: PaperEngine;
  const published: string[] = [];

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const recommendations = async (status = 'pending'): Promise<RecommendationView[]> =>
    recommendationsResponseSchema.parse((await get(`/api/recommendations?status=${status}&limit=1000`)).json())
      .recommendations;
  const count = async (sql: string): Promise<number> =>
    Number((await queryRows<{ n: string }>(t.testDb.database.db, sql))[0]?.n ?? 0);
  /** A pending single-leg sell of the given instance (puts and calls on cash or shares). */
  const pendingSell = async (except: string[] = []): Promise<RecommendationView> => {
    const recs = await recommendations();
    const found = recs.find(
      (r) => r.legs.length === 1 && r.legs[0]?.side === 'SELL' && r.risk?.verdict !== 'block' && !except.includes(r.id),
    );
    if (!found) throw new Error('no pending single-leg sell');
    return found;
  };
  const runStrategies = async () => {
    clock.advance(60_000);
    const response = await send('POST', '/api/strategy-runs', {});
    expect(response.statusCode, response.body).toBe(201);
  };

  beforeAll(async () => {
    clock = manualClock(NOW);
    const market = createMarketSimulator({ seed: SIM_SEED, history: await shippedHistory() });
    broker = createSimBroker({ market, clock, accounts: demoAccounts(market, NOW.getTime()) });
    t = await createTestApp({ clock, sessionTtlHours: 48 });
    const risk = t.services.risk(simReference(market), broker);
    const runner = t.services.strategyRunner(
      risk,
      { reference: simReference(market), strategyReference: simStrategyReference(market) },
      broker,
    );
    const flow = t.services.orderFlow(risk, broker);
    ({ manager, paper } = flow);
    flow.events.subscribe((e) => published.push(e.type));
    await t.app.register(strategiesRoutes({ strategies: t.services.strategies, runner }), { prefix: '/api' });
    await t.app.register(
      ordersRoutes({ orders: manager, repository: t.services.repositories.orders, strategies: t.services.strategies }),
      { prefix: '/api' },
    );
    await broker.connect();
    const sync = createSyncService({
      broker,
      ingest: t.services.repositories.ingest,
      syncRuns: t.services.repositories.syncRuns,
      clock,
    });
    expect((await sync.run({ trigger: 'api' })).run.status).toBe('succeeded');
    await t.services.strategies.seedDefinitions();
    await seedDemoStrategies({
      strategies: t.services.strategies,
      accounts: t.services.reads.queries.accounts,
      settings: t.services.repositories.appSettings,
      clock,
    });
    cookie = (await t.login()).cookie ?? '';
    await runStrategies();
  }, 90_000);
  afterAll(() => t?.close());

  it('previews an approval: paper mode, the mid, the natural, the band and the risk verdict, writing nothing', async () => {
    const rec = await pendingSell();
    const response = await send('POST', `/api/recommendations/${rec.id}/preview`, {});
    expect(response.statusCode, response.body).toBe(200);
    const preview = orderPreviewSchema.parse(response.json());
    expect(preview.mode).toBe('paper');
    expect(preview.marketOpen).toBe(true);
    expect(preview.mid).not.toBeNull();
    expect(preview.natural).not.toBeNull();
    expect(preview.band?.min).toBeLessThanOrEqual(preview.band?.max ?? -1);
    expect(preview.risk?.verdict).toMatch(/allow|warn/);
    expect(await count(`select count(*) as n from orders`)).toBe(0);
  });

  it('refuses a limit far from the mid with 422 PRICE_OUT_OF_BAND and writes nothing', async () => {
    const rec = await pendingSell();
    const preview = orderPreviewSchema.parse((await send('POST', `/api/recommendations/${rec.id}/preview`, {})).json());
    const far = (preview.mid ?? 1) * 3 + 1;
    // The preview of the same limit refuses it and still shows the band the limit must sit in.
    const farPreview = orderPreviewSchema.parse(
      (await send('POST', `/api/recommendations/${rec.id}/preview`, { limitPrice: far })).json(),
    );
    expect(farPreview).toMatchObject({ ok: false, refusal: { code: 'PRICE_OUT_OF_BAND' } });
    expect(farPreview.band).toEqual(preview.band);
    const response = await send('POST', `/api/recommendations/${rec.id}/approve`, { limitPrice: far });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json()).toMatchObject({ code: 'PRICE_OUT_OF_BAND' });
    expect(response.json().issues?.[0]?.path).toBe('body.limitPrice');
    expect((await recommendations()).some((r) => r.id === rec.id)).toBe(true);
    expect(await count(`select count(*) as n from orders`)).toBe(0);
    const bad = await send('POST', `/api/recommendations/${rec.id}/approve`, { quantity: 0 });
    expect(bad.statusCode).toBe(400);
  });

  it('two approvals at once make exactly one order; the loser gets 409 NOT_PENDING', async () => {
    const rec = await pendingSell();
    const [a, b] = await Promise.all([
      send('POST', `/api/recommendations/${rec.id}/approve`, {}),
      send('POST', `/api/recommendations/${rec.id}/approve`, {}),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes, `${a.body} / ${b.body}`).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json()).toMatchObject({ code: 'NOT_PENDING' });
    expect(await count(`select count(*) as n from orders where recommendation_id = '${rec.id}'`)).toBe(1);
    const again = await send('POST', `/api/recommendations/${rec.id}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(await count(`select count(*) as n from orders where recommendation_id = '${rec.id}'`)).toBe(1);
    expect(
      await count(
        `select count(*) as n from audit_log where action = 'recommendation.approve' and entity_id = '${rec.id}'`,
      ),
    ).toBe(1);
  });

  it('a paper order at the natural fills at once: executions, the paper position and the recommendation follow', async () => {
    const rec = await pendingSell();
    const preview = orderPreviewSchema.parse((await send('POST', `/api/recommendations/${rec.id}/preview`, {})).json());
    expect(preview.natural).not.toBeNull();
    const response = await send('POST', `/api/recommendations/${rec.id}/approve`, { limitPrice: preview.natural });
    expect(response.statusCode, response.body).toBe(201);
    const { order } = approveResponseSchema.parse(response.json());
    expect(order.mode).toBe('paper');
    expect(order.idempotencyKey).toBe(`rec:${rec.id}`);
    // The sim shows 5–50 contracts a check: a bigger order fills over several passes.
    for (let i = 0; i < 20; i++) {
      const detail = orderDetailSchema.parse((await get(`/api/orders/${order.id}`)).json());
      if (detail.status === 'filled') break;
      clock.advance(60_000);
      await paper.pass();
    }
    const detail = orderDetailSchema.parse((await get(`/api/orders/${order.id}`)).json());
    expect(detail.status).toBe('filled');
    expect(detail.filledQuantity).toBe(order.quantity);
    expect(detail.executions.reduce((sum, e) => sum + e.quantity, 0)).toBe(order.quantity);
    expect(Number(detail.avgFillPrice)).toBeGreaterThanOrEqual(Number(preview.natural) - 1e-9);
    expect(detail.executions.every((e) => e.execId.startsWith(`paper:${order.id}:`))).toBe(true);
    expect((await recommendations('filled')).map((r) => r.id)).toContain(rec.id);
    const positions = positionsResponseSchema.parse((await get('/api/positions')).json()).positions;
    const leg = rec.legs[0];
    const held = positions.find(
      (p) =>
        p.underlying === leg?.symbol &&
        p.assetClass === 'OPT' &&
        Number(p.strike) === leg?.strike &&
        p.expiry === leg?.expiry &&
        p.right === (leg?.right === 'call' ? 'C' : 'P') &&
        p.accountId === rec.accountId,
    );
    expect(held?.paperQuantity).toBe(-order.quantity);
    // Sold at the bid: the credit less the commission is the (negative) cost basis.
    expect(Number(held?.costBasis)).toBeLessThan(0);
    // Another pass stores nothing twice.
    await paper.pass();
    expect(await count(`select count(*) as n from executions where order_id = '${order.id}'`)).toBe(
      detail.executions.length,
    );
    expect(published).toContain('order_filled');
  });

  it('a roll is one combo order at a net price: both legs fill together, each with its execution', async () => {
    const roll = (await recommendations()).find((r) => r.legs.length === 2 && r.risk?.verdict !== 'block');
    expect(roll, 'the demo book recommends a roll of the KO put').toBeDefined();
    if (!roll) return;
    const preview = orderPreviewSchema.parse(
      (await send('POST', `/api/recommendations/${roll.id}/preview`, {})).json(),
    );
    expect(preview.ok, JSON.stringify(preview.refusal)).toBe(true);
    const response = await send('POST', `/api/recommendations/${roll.id}/approve`, { limitPrice: preview.natural });
    expect(response.statusCode, response.body).toBe(201);
    const { order } = approveResponseSchema.parse(response.json());
    expect(order.legs.map((l) => l.side).sort()).toEqual(['BUY', 'SELL']);
    for (let i = 0; i < 20 && orderDetailSchema.parse((await get(`/api/orders/${order.id}`)).json()).working; i++) {
      clock.advance(60_000);
      await paper.pass();
    }
    const detail = orderDetailSchema.parse((await get(`/api/orders/${order.id}`)).json());
    expect(detail.status).toBe('filled');
    const bySide = (side: string) =>
      detail.executions.filter((e) => e.side === side).reduce((sum, e) => sum + e.quantity, 0);
    expect(bySide('buy')).toBe(order.quantity);
    expect(bySide('sell')).toBe(order.quantity);
    // The net of the fills sits at or better than the limit (a credit roll: at least the credit asked).
    expect(Number(detail.avgFillPrice)).toBeLessThanOrEqual(Number(order.limitPrice) + 1e-9);
  });

  it('rejects with a reason (audited); a rejected or expired recommendation cannot be approved', async () => {
    const rec = await pendingSell();
    const empty = await send('POST', `/api/recommendations/${rec.id}/reject`, { reason: '' });
    expect(empty.statusCode).toBe(400);
    const response = await send('POST', `/api/recommendations/${rec.id}/reject`, { reason: 'Earnings next week' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().recommendation).toMatchObject({ status: 'rejected', decisionReason: 'Earnings next week' });
    const approve = await send('POST', `/api/recommendations/${rec.id}/approve`, {});
    expect(approve.statusCode).toBe(409);
    expect(approve.json()).toMatchObject({ code: 'NOT_PENDING' });
    expect((await send('POST', `/api/recommendations/${rec.id}/reject`, { reason: 'again' })).statusCode).toBe(409);
    expect(await count(`select count(*) as n from orders where recommendation_id = '${rec.id}'`)).toBe(0);

    const other = await pendingSell();
    const saved = clock.now();
    clock.advance((other.expiresAt ? Date.parse(other.expiresAt) - saved.getTime() : 0) + 1000);
    const expired = await send('POST', `/api/recommendations/${other.id}/approve`, {});
    clock.advance(-(clock.now().getTime() - saved.getTime()));
    expect(expired.statusCode).toBe(409);
    expect(expired.json()).toMatchObject({ code: 'EXPIRED' });
    expect(await count(`select count(*) as n from orders where recommendation_id = '${other.id}'`)).toBe(0);
  });

  it('cancels a working paper order; the recommendation follows; a second cancel is 409', async () => {
    const rec = await pendingSell();
    const preview = orderPreviewSchema.parse((await send('POST', `/api/recommendations/${rec.id}/preview`, {})).json());
    // A sell above the ask stays working (inside the band only when the band is wide enough; else use the band's top).
    const limit = preview.band?.max ?? preview.mid ?? 1;
    const response = await send('POST', `/api/recommendations/${rec.id}/approve`, { limitPrice: limit });
    expect(response.statusCode, response.body).toBe(201);
    const { order } = approveResponseSchema.parse(response.json());
    expect(order.working).toBe(true);
    const working = ordersResponseSchema.parse((await get('/api/orders?status=working')).json()).orders;
    expect(working.map((o) => o.id)).toContain(order.id);
    const cancel = await send('POST', `/api/orders/${order.id}/cancel`, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json().order.status).toBe('cancelled');
    expect((await recommendations('cancelled')).map((r) => r.id)).toContain(rec.id);
    const twice = await send('POST', `/api/orders/${order.id}/cancel`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'ORDER_NOT_WORKING' });
  });

  it('autotrade submits only while the kill switch and the instance allow it', async () => {
    const settings = tradingSettingsSchema.parse((await get('/api/settings/trading')).json());
    expect(settings.autotradeEnabled).toBe(false);
    // The instance with the most pending recommendations the risk check allows.
    const open = (await recommendations()).filter((r) => r.risk?.verdict !== 'block' && r.instanceId !== null);
    const counts = new Map<string, number>();
    for (const r of open) counts.set(r.instanceId ?? '', (counts.get(r.instanceId ?? '') ?? 0) + 1);
    const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const theta = best && { id: best[0] };
    expect(theta).toBeDefined();
    const patched = await send('PATCH', `/api/strategy-instances/${theta?.id}`, { autotradeEnabled: true });
    expect(patched.statusCode, patched.body).toBe(200);
    // Kill switch off: nothing is submitted.
    expect((await manager.autotrade()).submitted).toBe(0);
    const noConfirm = await send('PUT', '/api/settings/trading', { autotradeEnabled: true });
    expect(noConfirm.statusCode).toBe(422);
    expect(noConfirm.json()).toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    const on = await send('PUT', '/api/settings/trading', {
      autotradeEnabled: true,
      confirm: 'ENABLE AUTOTRADE',
      limits: {
        maxContractsPerOrder: 1000,
        maxNotionalPerOrder: null,
        maxContractsPerDay: 1000,
        maxNotionalPerDay: null,
      },
    });
    expect(on.statusCode, on.body).toBe(200);
    const pendingTheta = (await recommendations()).filter(
      (r) => r.instanceId === theta?.id && r.risk?.verdict !== 'block',
    );
    const result = await manager.autotrade();
    expect(result.submitted + result.refused.length).toBe(
      pendingTheta.length +
        (await recommendations()).filter((r) => r.instanceId === theta?.id && r.risk?.verdict === 'block').length,
    );
    expect(result.submitted, JSON.stringify(result.refused)).toBeGreaterThan(0);
    const automated = ordersResponseSchema
      .parse((await get('/api/orders?limit=1000')).json())
      .orders.filter((o) => o.automated);
    expect(automated.length).toBe(result.submitted);
    // Off, with cancel of working automated orders: new runs submit nothing.
    const off = await send('PUT', '/api/settings/trading', { autotradeEnabled: false, cancelWorking: true });
    expect(off.statusCode, off.body).toBe(200);
    const workingAutomated = automated.filter((o) => o.working).length;
    expect(off.json().cancelledOrders).toBeLessThanOrEqual(workingAutomated);
    await runStrategies();
    expect((await manager.autotrade()).submitted).toBe(0);
    expect(published).toContain('kill_switch_changed');
  });

  it('live mode needs the account code typed; live orders reach the broker once, however often reconciled', async () => {
    const rec = await pendingSell();
    const account = rec.accountId;
    const refused = await send('PUT', `/api/accounts/${account}/order-mode`, { mode: 'live' });
    expect(refused.statusCode).toBe(422);
    const live = await send('PUT', `/api/accounts/${account}/order-mode`, { mode: 'live', confirm: rec.accountCode });
    expect(live.statusCode, live.body).toBe(200);
    expect(live.json().orderMode).toBe('live');
    const response = await send('POST', `/api/recommendations/${rec.id}/approve`, {});
    expect(response.statusCode, response.body).toBe(201);
    const { order } = approveResponseSchema.parse(response.json());
    expect(order.mode).toBe('live');
    expect(order.brokerOrderId).not.toBeNull();
    await manager.reconcile();
    await manager.reconcile();
    // Submitting the stored order again (a restart that never saw the broker's answer) returns the same broker order.
    const again = await manager.submit((await t.services.repositories.orders.get(order.id))!);
    expect(again.brokerOrderId).toBe(order.brokerOrderId);
    const atBroker = [...(await broker.openOrders()), ...(await broker.completedOrders())].filter(
      (o) => o.idempotencyKey === `rec:${rec.id}`,
    );
    expect(atBroker).toHaveLength(1);
    await send('PUT', `/api/accounts/${account}/order-mode`, { mode: 'paper' });
  });

  it('a DAY paper order that did not fill ends at the close; the recommendation is cancelled', async () => {
    await runStrategies();
    const rec = await pendingSell();
    const preview = orderPreviewSchema.parse((await send('POST', `/api/recommendations/${rec.id}/preview`, {})).json());
    const response = await send('POST', `/api/recommendations/${rec.id}/approve`, { limitPrice: preview.band?.max });
    expect(response.statusCode, response.body).toBe(201);
    const { order } = approveResponseSchema.parse(response.json());
    expect(order.tif).toBe('DAY');
    // 16:00 UTC on a Friday → past the 16:00 New York close.
    clock.advance(6 * 3_600_000);
    const result = await paper.pass();
    expect(result.errors).toEqual([]);
    const detail = orderDetailSchema.parse((await get(`/api/orders/${order.id}`)).json());
    expect(detail.status).toBe('cancelled');
    expect(detail.statusMessage).toMatch(/DAY order expired/);
    expect((await recommendations('cancelled')).map((r) => r.id)).toContain(rec.id);
  });

  it('paper options are settled after their expiry: an event per option, the option gone, shares on assignment', async () => {
    const paperOptions = await queryRows<{ instrument_id: string; expiry: string; quantity: string }>(
      t.testDb.database.db,
      `select p.instrument_id, i.expiry::text as expiry, p.quantity::text as quantity from positions p
         join instruments i on i.id = p.instrument_id where p.source = 'paper' and i.asset_class = 'OPT'`,
    );
    expect(paperOptions.length).toBeGreaterThan(0);
    const last =
      paperOptions
        .map((p) => p.expiry)
        .sort()
        .at(-1) ?? '';
    // The evening after the last expiry (21:30 UTC is after the New York close all year).
    clock.advance(Date.parse(`${last}T21:30:00Z`) - clock.now().getTime());
    const first = await paper.pass();
    expect(first.errors).toEqual([]);
    expect(first.settled).toBe(paperOptions.length);
    const events = await queryRows<{ kind: string; source: string }>(
      t.testDb.database.db,
      `select kind::text as kind, source from option_events where source = 'paper'`,
    );
    expect(events).toHaveLength(paperOptions.length);
    expect(
      await count(`select count(*) as n from positions p join instruments i on i.id = p.instrument_id
      where p.source = 'paper' and i.asset_class = 'OPT'`),
    ).toBe(0);
    const assigned = events.filter((e) => e.kind === 'assignment' || e.kind === 'exercise').length;
    const paperStock = await count(`select count(*) as n from positions p join instruments i on i.id = p.instrument_id
      where p.source = 'paper' and i.asset_class <> 'OPT'`);
    expect(paperStock > 0).toBe(assigned > 0);
    // A second pass settles nothing again.
    expect((await paper.pass()).settled).toBe(0);
    expect(published).toContain('option_event');
  });

  it("two clients: each member sees only its client's orders, executions, events and journal, and 404 on the other's", async () => {
    const read = async (who: string, url: string) => {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie: who } });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response.json<unknown>();
    };
    const rowsOf = async (who: string) => ({
      orders: ordersResponseSchema.parse(await read(who, '/api/orders?limit=1000')).orders,
      executions: executionsResponseSchema.parse(await read(who, '/api/executions?limit=1000')).executions,
      events: optionEventsResponseSchema.parse(await read(who, '/api/option-events?limit=1000')).events,
      trades: journalResponseSchema.parse(await read(who, '/api/journal?limit=1000')).trades,
      accounts: accountsTradingResponseSchema.parse(await read(who, '/api/accounts/trading')).accounts,
    });
    const only = <T extends { accountId: string }>(rows: T[], keep: (accountId: string) => boolean) =>
      rows.filter((r) => keep(r.accountId));
    // Before: the admin, in the one client, sees it all. The portfolio-margin account (the KO roll's, so with orders,
    // fills, settled options and closed trades) moves to a second client; the TFSA account stays.
    // (The settlement test moved the clock past the admin's session: sign in again.)
    const everything = await rowsOf((await t.login()).cookie ?? '');
    const moved = everything.accounts.find((x) => x.accountCode === 'DU-SIM-PM')?.accountId ?? '';
    expect(moved).not.toBe('');
    const [home] = await queryRows<{ id: string }>(
      t.testDb.database.db,
      `select client_id as id from broker_accounts where id = '${moved}'`,
    );
    const zeta = await t.createClient('Zeta');
    await t.services.repositories.access.assignAccount(moved, zeta);
    const viewerA = (await t.memberOf(home!.id, 'viewer')).cookie;
    const traderA = (await t.memberOf(home!.id, 'trader')).cookie;
    const traderB = (await t.memberOf(zeta, 'trader')).cookie;

    const mine = (accountId: string) => accountId === moved;
    const theirs = (accountId: string) => accountId !== moved;
    const a = await rowsOf(viewerA);
    const b = await rowsOf(traderB);
    for (const key of ['orders', 'executions', 'events', 'trades', 'accounts'] as const) {
      expect(b[key], `B's ${key}`).toEqual(only(everything[key] as { accountId: string }[], mine));
      expect(a[key], `A's ${key}`).toEqual(only(everything[key] as { accountId: string }[], theirs));
    }
    expect(b.orders.length).toBeGreaterThan(0);
    expect(b.executions.length).toBeGreaterThan(0);
    expect(b.events.length).toBeGreaterThan(0);
    expect(b.trades.length).toBeGreaterThan(0);
    expect(a.accounts.map((x) => x.accountCode)).toEqual(['DU-SIM-TFSA']);

    // B's ids do not exist for A: reads, filters and changes are 404 and change nothing.
    const orderB = b.orders[0]!;
    const [recB] = await queryRows<{ id: string }>(
      t.testDb.database.db,
      `select id from recommendations where account_id = '${moved}' and status = 'pending' limit 1`,
    );
    const recId = recB?.id ?? orderB.recommendationId ?? '';
    const requests: [method: 'GET' | 'POST' | 'PUT', url: string, payload?: object][] = [
      ['GET', `/api/orders/${orderB.id}`],
      ['GET', `/api/orders?accountId=${moved}`],
      ['GET', `/api/executions?orderId=${orderB.id}`],
      ['GET', `/api/executions?accountId=${moved}`],
      ['GET', `/api/option-events?accountId=${moved}`],
      ['GET', `/api/journal?accountId=${moved}`],
      ['POST', `/api/orders/${orderB.id}/cancel`, {}],
      ['POST', `/api/recommendations/${recId}/preview`, {}],
      ['POST', `/api/recommendations/${recId}/approve`, {}],
      ['POST', `/api/recommendations/${recId}/reject`, { reason: 'not yours' }],
    ];
    const ordersBefore = await count(`select count(*) as n from orders`);
    const decidedBefore = await count(`select count(*) as n from recommendations where decided_at is not null`);
    for (const [method, url, payload] of requests) {
      const response = await t.app.inject({
        method,
        url,
        headers: { cookie: traderA },
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    }
    expect(await count(`select count(*) as n from orders`)).toBe(ordersBefore);
    expect(await count(`select count(*) as n from recommendations where decided_at is not null`)).toBe(decidedBefore);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/orders/${orderB.id}`, headers: { cookie: traderB } })).statusCode,
    ).toBe(200);

    // Roles: the order mode is the owner's; the kill switch the installation admin's; viewers decide nothing.
    const orderMode = (who: string, account: string) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/accounts/${account}/order-mode`,
        headers: { cookie: who },
        payload: { mode: 'paper' },
      });
    const accountA = a.accounts[0]!.accountId;
    expect((await orderMode(traderA, accountA)).statusCode).toBe(403);
    const ownerA = (await t.memberOf(home!.id, 'owner')).cookie;
    expect((await orderMode(ownerA, accountA)).statusCode).toBe(200);
    expect((await orderMode(ownerA, moved)).statusCode).toBe(404);
    const killSwitch = (who: string) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/settings/trading',
        headers: { cookie: who },
        payload: { reduceOnly: true },
      });
    expect((await killSwitch(ownerA)).statusCode).toBe(403);
    expect(tradingSettingsSchema.parse(await read(viewerA, '/api/settings/trading')).reduceOnly).toBe(false);
    const [recA] = await queryRows<{ id: string }>(
      t.testDb.database.db,
      `select id from recommendations where account_id <> '${moved}' limit 1`,
    );
    expect(recA).toBeDefined();
    for (const action of ['approve', 'reject']) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/recommendations/${recA?.id}/${action}`,
        headers: { cookie: viewerA },
        payload: action === 'reject' ? { reason: 'viewer' } : {},
      });
      expect(response.statusCode, action).toBe(403);
    }
  });
});
