// The risk routes over the demo book ingested from the sim broker by the real sync (the path `npm start` takes):
// the risk state, the limits (validated, audited) and the pre-trade check.
import { createSyncService } from '@optionstrader/application';
import { createMarketSimulator, createSimBroker, demoAccounts } from '@optionstrader/broker-sim';
import { accountRiskResponseSchema, riskCheckResponseSchema, riskLimitsResponseSchema } from '@optionstrader/contracts';
import { queryRows, schema } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedHistory, simReference, staticReference } from '../../adapters/risk-market-data';
import { SIM_SEED } from '../../broker';
import { createTestApp, manualClock, type TestApp } from '../../testing/test-app';
import { riskRoutes } from './risk.routes';

// A Friday afternoon, market open.
const NOW = new Date('2026-11-20T16:00:00Z');

describe.skipIf(postgresUnavailable())('risk routes (demo book)', () => {
  let t: TestApp;
  let cookie: string;
  let pm: string;
  let tfsa: string;

  const get = (url: string, withSession = true) =>
    t.app.inject({ method: 'GET', url, headers: withSession ? { cookie } : {} });
  const send = (method: 'PUT' | 'POST', url: string, payload: unknown) =>
    t.app.inject({ method, url, headers: { cookie }, payload: payload as object });

  beforeAll(async () => {
    const clock = manualClock(NOW);
    const market = createMarketSimulator({ seed: SIM_SEED, history: await shippedHistory() });
    const broker = createSimBroker({ market, clock, accounts: demoAccounts(market, NOW.getTime()) });
    t = await createTestApp({ clock });
    await t.app.register(riskRoutes(t.services.risk(simReference(market), broker)), { prefix: '/api' });
    // The same service with no dividend source, as with IBKR.
    await t.app.register(riskRoutes(t.services.risk(staticReference)), { prefix: '/ibkr-like' });
    await broker.connect();
    const sync = createSyncService({
      broker,
      ingest: t.services.repositories.ingest,
      syncRuns: t.services.repositories.syncRuns,
      clock,
    });
    const { run } = await sync.run({ trigger: 'api' });
    expect(run.status).toBe('succeeded');
    cookie = (await t.login()).cookie ?? '';
    const accounts = await t.services.reads.queries.accounts.list();
    pm = accounts.find((a) => a.accountCode === 'DU-SIM-PM')?.id ?? '';
    tfsa = accounts.find((a) => a.accountCode === 'DU-SIM-TFSA')?.id ?? '';
  }, 60_000);
  afterAll(() => t.close());

  it('needs a session and a known account', async () => {
    expect((await get(`/api/accounts/${pm}/risk`, false)).statusCode).toBe(401);
    // Ids are checked against the caller's client before validation: a malformed one does not exist either.
    const bad = await get('/api/accounts/not-a-uuid/risk');
    expect(bad.statusCode).toBe(404);
    expect(bad.json().code).toBe('NOT_FOUND');
    const unknown = await get('/api/accounts/00000000-0000-4000-8000-000000000000/risk');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOT_FOUND');
  });

  it('gives the portfolio-margin account a full risk state', async () => {
    const response = await get(`/api/accounts/${pm}/risk`);
    expect(response.statusCode).toBe(200);
    const body = accountRiskResponseSchema.parse(response.json());
    expect(body.accountCode).toBe('DU-SIM-PM');
    expect(body.unavailable).toBeNull();
    const risk = body.risk;
    if (!risk) throw new Error('no risk state');
    expect(risk.margin.rule).toBe('portfolio_margin');
    expect(risk.marginUsage).toBeGreaterThan(0);
    expect(risk.marginUsage).toBeLessThan(1);
    expect(risk.concentration.map((c) => c.symbol)).toEqual(['AAPL', 'KO', 'MSFT', 'SPY']);
    expect(risk.concentration.find((c) => c.symbol === 'KO')?.shortPutAssignment).toBeGreaterThan(0);
    // The shipped history gives 500 aligned daily scenarios; CVaR is at least VaR.
    expect(risk.var.historical?.observations).toBe(500);
    expect(risk.var.historical?.cvar99).toBeGreaterThanOrEqual(risk.var.historical?.var99 ?? Infinity);
    expect(body.historyThrough).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(risk.var.deltaGamma?.var99).toBeGreaterThan(0);
    expect(risk.greeks.total.delta$).not.toBeNull();
    expect(risk.greeks.total.betaWeightedDeltaSpyShares).not.toBeNull();
    expect(risk.stress.length).toBeGreaterThanOrEqual(10);
    expect(risk.worstStress?.pnl).toBeLessThan(0);
    expect(risk.maxLoss.map((m) => m.symbol)).toEqual(['AAPL', 'KO', 'MSFT', 'SPY']);
    // Every option of the demo book has a quote with IV; betas come from the history.
    expect(body.inputs.every((i) => i.volSource === 'quote' || i.volSource === 'none')).toBe(true);
    expect(body.inputs.find((i) => i.symbol === 'SPY')?.beta).toBe(1);
    expect(body.inputs.find((i) => i.symbol === 'AAPL')?.betaSource).toBe('history');
    expect(body.inputs.every((i) => i.dividendsKnown)).toBe(true);
    // Positions carry their states; the book's stock has no assignment risk.
    expect(body.positions.length).toBeGreaterThanOrEqual(5);
    const shortPut = body.positions.find((p) => p.symbol === 'KO' && p.right === 'put');
    expect(shortPut?.quantity).toBeLessThan(0);
    expect(shortPut?.dte).toBeGreaterThan(0);
    expect(shortPut?.assignmentRisk.level).not.toBe('none');
    expect(body.positions.find((p) => p.kind === 'stock')?.assignmentRisk.level).toBe('none');
    // The rules against the book, and the broker's own figures next to the estimate.
    expect(body.verdicts.some((v) => v.rule === 'margin_usage')).toBe(true);
    // SPY, a broad index ETF, has no per-ticker limit unless indexEtfExposureMax is set.
    expect(body.verdicts.filter((v) => v.rule === 'ticker_concentration').map((v) => v.symbol)).toEqual([
      'AAPL',
      'KO',
      'MSFT',
    ]);
    expect(body.broker?.maintMargin).not.toBeNull();
    expect(body.limits.effective.marginUsageMax).toBe(0.7);
  });

  it('says dividends are unknown when the reference has none (IBKR)', async () => {
    const body = accountRiskResponseSchema.parse((await get(`/ibkr-like/accounts/${pm}/risk`)).json());
    expect(body.inputs.every((i) => !i.dividendsKnown && i.nextExDividend === null)).toBe(true);
    expect(body.risk?.margin.rule).toBe('portfolio_margin');
  });

  it('applies the cash-account rules to the TFSA', async () => {
    const body = accountRiskResponseSchema.parse((await get(`/api/accounts/${tfsa}/risk`)).json());
    expect(body.risk?.margin.rule).toBe('cash');
    // No short puts: nothing is reserved, so the cash rule's requirement (and usage) is exactly 0.
    expect(body.risk?.marginUsage).toBe(0);
    expect(body.verdicts.find((v) => v.rule === 'naked_call')?.verdict ?? 'allow').toBe('allow');
    expect(body.limits.defaults.maxSyntheticDeltaShares).toBe(1000);
  });

  it('blocks a naked call and a credit spread in the TFSA, with the reason', async () => {
    const risk = accountRiskResponseSchema.parse((await get(`/api/accounts/${tfsa}/risk`)).json());
    const call = risk.positions.find((p) => p.symbol === 'SPY' && p.right === 'call');
    if (!call?.expiry || call.strike === null) throw new Error('the demo TFSA holds a covered SPY call');
    const naked = await send('POST', `/api/accounts/${tfsa}/risk/check`, {
      legs: [{ symbol: 'SPY', kind: 'option', right: 'call', strike: call.strike, expiry: call.expiry, quantity: -5 }],
    });
    expect(naked.statusCode).toBe(200);
    const result = riskCheckResponseSchema.parse(naked.json());
    expect(result.verdict).toBe('block');
    expect(result.reasons.find((r) => r.rule === 'naked_call')?.verdict).toBe('block');

    const spread = await send('POST', `/api/accounts/${tfsa}/risk/check`, {
      legs: [
        { symbol: 'SPY', kind: 'option', right: 'put', strike: call.strike - 50, expiry: call.expiry, quantity: -1 },
        { symbol: 'SPY', kind: 'option', right: 'put', strike: call.strike - 60, expiry: call.expiry, quantity: 1 },
      ],
    });
    const spreadResult = riskCheckResponseSchema.parse(spread.json());
    expect(spreadResult.reasons.find((r) => r.rule === 'credit_spread')?.verdict).toBe('block');
  });

  it('checks a short put in the PM account against margin, with the usage before and after', async () => {
    const risk = accountRiskResponseSchema.parse((await get(`/api/accounts/${pm}/risk`)).json());
    const put = risk.positions.find((p) => p.symbol === 'KO' && p.right === 'put');
    if (!put?.expiry || put.strike === null) throw new Error('the demo PM account holds a short KO put');
    const response = await send('POST', `/api/accounts/${pm}/risk/check`, {
      legs: [{ symbol: 'KO', kind: 'option', right: 'put', strike: put.strike, expiry: put.expiry, quantity: -1 }],
    });
    expect(response.statusCode).toBe(200);
    const result = riskCheckResponseSchema.parse(response.json());
    expect(result.marginUsageAfter).toBeGreaterThan(result.marginUsageBefore ?? Infinity);
    expect(result.reasons.some((r) => r.rule === 'margin_usage')).toBe(true);
    // The broker's own what-if sits next to the estimate; the sim margins by the same rules, so they agree.
    expect(result.brokerWhatIfError).toBeNull();
    const estimated = Number(result.after.maintenanceMargin) - Number(result.before.maintenanceMargin);
    expect(estimated).toBeGreaterThan(0);
    expect(Number(result.brokerWhatIf?.maintenanceMarginChange)).toBeCloseTo(estimated, 0);
  });

  it('says why there is no broker what-if when no broker answers it, and still checks', async () => {
    const response = await send('POST', `/ibkr-like/accounts/${pm}/risk/check`, {
      legs: [{ symbol: 'KO', kind: 'stock', quantity: 100 }],
    });
    expect(response.statusCode).toBe(200);
    const result = riskCheckResponseSchema.parse(response.json());
    expect(result.brokerWhatIf).toBeNull();
    expect(result.brokerWhatIfError).toBe('no broker is configured');
    expect(result.verdict).not.toBeNull();
  });

  it('refuses malformed checks with 400 and a stable code', async () => {
    for (const payload of [
      {},
      { legs: [] },
      { legs: [{ symbol: 'KO', kind: 'option', quantity: -1 }] },
      { legs: [{ symbol: 'KO', kind: 'stock', quantity: 0 }] },
      { legs: [{ symbol: 'KO', kind: 'stock', quantity: 1.5 }] },
      { legs: [{ symbol: '<script>', kind: 'stock', quantity: 1 }] },
      { legs: [{ symbol: 'KO', kind: 'stock', quantity: 1, extra: true }] },
    ]) {
      const response = await send('POST', `/api/accounts/${pm}/risk/check`, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('stores limit overrides, audits them, and refuses inconsistent ones without a change', async () => {
    const initial = riskLimitsResponseSchema.parse((await get(`/api/accounts/${pm}/risk-limits`)).json());
    expect(initial.overrides).toEqual({});
    expect(initial.effective).toEqual(initial.defaults);

    const saved = await send('PUT', `/api/accounts/${pm}/risk-limits`, {
      marginUsageWarn: 0.4,
      tickerExposureMax: null,
    });
    expect(saved.statusCode).toBe(200);
    const body = riskLimitsResponseSchema.parse(saved.json());
    expect(body.effective.marginUsageWarn).toBe(0.4);
    expect(body.effective.tickerExposureMax).toBeNull();
    expect(body.effective.marginUsageMax).toBe(0.7);
    const risk = accountRiskResponseSchema.parse((await get(`/api/accounts/${pm}/risk`)).json());
    expect(risk.limits.overrides).toEqual({ marginUsageWarn: 0.4, tickerExposureMax: null });

    for (const payload of [
      { marginUsageWarn: 0.8 },
      { marginUsageMax: 1.5 },
      { nonsense: 1 },
      { marginUsageWarn: '0.5' },
    ]) {
      const refused = await send('PUT', `/api/accounts/${pm}/risk-limits`, payload);
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      expect(refused.json().code).toBe('VALIDATION_FAILED');
    }
    const after = riskLimitsResponseSchema.parse((await get(`/api/accounts/${pm}/risk-limits`)).json());
    expect(after.overrides).toEqual({ marginUsageWarn: 0.4, tickerExposureMax: null });

    const audit = (await t.testDb.database.db.select().from(schema.auditLog)).filter(
      (row) => row.action === 'risk_limits.update',
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      entityId: pm,
      before: {},
      after: { marginUsageWarn: 0.4, tickerExposureMax: null },
    });

    const reset = await send('PUT', `/api/accounts/${pm}/risk-limits`, {});
    expect(riskLimitsResponseSchema.parse(reset.json()).overrides).toEqual({});
  });

  it('answers 409 for a check on an account that has no balance yet, and a risk page that says why', async () => {
    const { db } = t.testDb.database;
    const [client] = await db.select().from(schema.clients).limit(1);
    const [fresh] = await db
      .insert(schema.brokerAccounts)
      .values({ clientId: client?.id ?? '', broker: 'sim', accountCode: 'DU-NEW', type: 'margin_regt' })
      .returning();
    const risk = accountRiskResponseSchema.parse((await get(`/api/accounts/${fresh?.id}/risk`)).json());
    expect(risk.risk).toBeNull();
    expect(risk.unavailable).toMatch(/not been synced/);
    const check = await send('POST', `/api/accounts/${fresh?.id}/risk/check`, {
      legs: [{ symbol: 'KO', kind: 'stock', quantity: 100 }],
    });
    expect(check.statusCode).toBe(409);
    expect(check.json().code).toBe('CONFLICT');
  });

  it("answers 404 for another client's account on every risk route, and asks each route's role", async () => {
    const { db } = t.testDb.database;
    const [home] = await queryRows<{ id: string }>(db, `select id from clients where name = 'Default'`);
    const otherClient = await t.createClient('Other');
    const [foreign] = await db
      .insert(schema.brokerAccounts)
      .values({ clientId: otherClient, broker: 'sim', accountCode: 'DU-OTHER', type: 'margin_regt' })
      .returning();
    const member = async (role: 'viewer' | 'trader' | 'owner') => (await t.memberOf(home?.id ?? '', role)).cookie;
    const as = (who: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { cookie: who }, ...(payload ? { payload } : {}) });
    const check = { legs: [{ symbol: 'KO', kind: 'stock', quantity: 100 }] };
    const routes = (id: string) =>
      [
        ['GET', `/api/accounts/${id}/risk`, undefined],
        ['GET', `/api/accounts/${id}/risk-limits`, undefined],
        ['PUT', `/api/accounts/${id}/risk-limits`, {}],
        ['POST', `/api/accounts/${id}/risk/check`, check],
      ] as const;

    const owner = await member('owner');
    for (const [method, url, payload] of routes(foreign?.id ?? '')) {
      const response = await as(owner, method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    }
    // The other client's owner sees its own account and not the demo book.
    const otherOwner = (await t.memberOf(otherClient, 'owner')).cookie;
    expect((await as(otherOwner, 'GET', `/api/accounts/${foreign?.id}/risk-limits`)).statusCode).toBe(200);
    expect((await as(otherOwner, 'GET', `/api/accounts/${pm}/risk`)).statusCode).toBe(404);

    // read · read · manage · trade
    const expected = { viewer: [200, 200, 403, 403], trader: [200, 200, 403, 200], owner: [200, 200, 200, 200] };
    for (const role of ['viewer', 'trader', 'owner'] as const) {
      const who = role === 'owner' ? owner : await member(role);
      const statuses = [];
      for (const [method, url, payload] of routes(pm)) statuses.push((await as(who, method, url, payload)).statusCode);
      expect(statuses, role).toEqual(expected[role]);
    }
    // The owner's change is audited in the client's trail.
    const [audited] = await queryRows<{ client_id: string | null }>(
      db,
      `select client_id from audit_log where action = 'risk_limits.update' order by id desc limit 1`,
    );
    expect(audited?.client_id).toBe(home?.id);
  });
});
