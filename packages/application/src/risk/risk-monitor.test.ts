import { accountRiskResponseSchema } from '@optionstrader/contracts';
import type { AccountRiskResponse } from '@optionstrader/contracts';
import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../ports';
import { inMemoryAlerts } from '../testing/in-memory-alerts';
import {
  createRiskMonitor,
  nextMarginUsageLevel,
  RISK_EX_DIVIDEND_ASSIGNMENT,
  RISK_ITM_NEAR_EXPIRY,
  RISK_MARGIN_USAGE,
  RISK_RULE,
} from './risk-monitor';
import type { MarginUsageLevel } from './risk-monitor';

const T0 = new Date('2026-03-09T15:00:00Z');
const ACC = '6f1c2a9e-3b7d-4c1e-9a52-0d8e7f6a5b41';
const OTHER = '0b9d8c7e-6f5a-4b3c-8d2e-1f0a9b8c7d62';

type Verdict = AccountRiskResponse['verdicts'][number];
type Position = AccountRiskResponse['positions'][number];

const LIMITS = {
  marginUsageWarn: 0.5,
  marginUsageMax: 0.7,
  minExcessLiquidity: 0.1,
  tickerExposureWarn: 0.25,
  tickerExposureMax: 0.4,
  indexEtfExposureMax: null,
  maxNewContractsPerRun: 50,
  maxSyntheticDeltaShares: 100_000,
  drawdownThrottleAt: 0.1,
  drawdownThrottleScale: 0.5,
  drawdownBlockAt: 0.2,
} satisfies AccountRiskResponse['limits']['effective'];

/** One account's risk: NLV 250,000.00 and maintenance = usage × NLV, on the estimate unless `estimate` is false. */
function accountRisk(
  o: {
    accountId?: string;
    accountCode?: string;
    usage?: number | null;
    estimate?: boolean;
    verdicts?: Verdict[];
    positions?: Position[];
  } = {},
): AccountRiskResponse {
  const accountId = o.accountId ?? ACC;
  const usage = o.usage ?? null;
  const maintenance = usage === null ? null : (usage * 250_000).toFixed(2);
  const estimate = o.estimate ?? true;
  const risk: AccountRiskResponse['risk'] = {
    accountType: 'margin_pm',
    margin: {
      rule: 'portfolio_margin',
      cash: '50000.00',
      netLiquidation: '250000.00',
      grossPositionValue: '400000.00',
      initialMargin: maintenance,
      maintenanceMargin: maintenance,
      excessLiquidity: null,
      buyingPower: null,
      cashReserved: '0.00',
      requirements: [],
    },
    marginUsage: usage,
    netLiquidation: 250_000,
    concentration: [],
    greeks: {
      byUnderlier: [],
      total: {
        delta$: null,
        betaWeightedDelta$: null,
        betaWeightedDeltaSpyShares: null,
        gamma$: null,
        thetaPerDay: null,
        vegaPerVolPoint: null,
      },
    },
    var: { historical: null, historicalSkipped: [], deltaGamma: null, deltaGammaMissing: [] },
    stress: [],
    worstStress: null,
    maxLoss: [],
    unknownSpotSymbols: [],
    unknownMarkSymbols: [],
  };
  const value: AccountRiskResponse = {
    accountId,
    accountCode: o.accountCode ?? 'DU123',
    label: null,
    accountType: 'margin_pm',
    currency: 'USD',
    asOf: '2026-03-09T15:00:00Z',
    snapshotAsOf: '2026-03-09T14:59:00Z',
    historyThrough: null,
    broker: estimate
      ? null
      : {
          netLiquidation: '250000.00',
          maintMargin: maintenance,
          initMargin: maintenance,
          excessLiquidity: null,
          buyingPower: null,
          marginUsage: usage,
        },
    positions: o.positions ?? [],
    risk: estimate ? risk : null,
    unavailable: estimate ? null : 'no cash balance yet',
    verdicts: o.verdicts ?? [],
    drawdown: null,
    limits: { accountId, accountType: 'margin_pm', defaults: LIMITS, overrides: {}, effective: LIMITS },
    inputs: [],
  };
  // The fixture must be what the route could really send.
  return accountRiskResponseSchema.parse(value);
}

function shortPut(
  positionId: string,
  cause: Position['assignmentRisk']['cause'],
  description = 'KO 2026-03-13 60 put',
): Position {
  return {
    positionId,
    symbol: 'KO',
    description,
    kind: 'option',
    right: 'put',
    strike: 60,
    expiry: '2026-03-13',
    multiplier: 100,
    quantity: -2,
    mark: 3.1,
    avgPrice: '1.20',
    costBasis: '-240.00',
    marketValue: '-620.00',
    unrealizedPnl: '-380.00',
    dte: 4,
    moneyness: cause === null ? 'otm' : 'itm',
    moneynessPct: cause === null ? -0.05 : 0.05,
    deltaShares: 160,
    gammaShares: 10,
    thetaPerDay: 4,
    vegaPerVolPoint: -2,
    assignmentRisk: {
      level: cause === null ? 'none' : 'high',
      cause,
      reason: cause === 'ex_dividend' ? 'ex-dividend 2026-03-12 worth more than the extrinsic value' : 'ITM, 4 days',
    },
  };
}

function setup(initial: Record<string, AccountRiskResponse | Error> = { [ACC]: accountRisk({ usage: 0.4 }) }) {
  const store = inMemoryAlerts();
  const risks = new Map(Object.entries(initial));
  const monitor = createRiskMonitor({
    accounts: async () => [...risks.keys()].map((id) => ({ id, accountCode: `code-${id}` })),
    accountRisk: async (id) => {
      const risk = risks.get(id);
      if (!risk) throw new Error(`unknown account ${id}`);
      if (risk instanceof Error) throw risk;
      return risk;
    },
    alerts: store.repo,
    clock: { now: () => T0 },
  });
  const set = (id: string, risk: AccountRiskResponse | Error) => risks.set(id, risk);
  /** Sets the margin usage of ACC and runs once. */
  const at = (usage: number) => {
    set(ACC, accountRisk({ usage }));
    return monitor.run();
  };
  return { ...store, monitor, set, at };
}

const openOf = (rows: AlertRecord[]) => rows.map((r) => [r.kind, r.dedupeKey, r.severity]);

describe('risk monitor: margin usage', () => {
  it('raises once per level crossing, with hysteresis on the way down', async () => {
    const { at, repo, rows, open } = setup();
    expect(await at(0.4)).toEqual({ accounts: 1, raised: [], resolved: 0, failures: [] });

    const warning = await at(0.55);
    expect(warning.raised).toHaveLength(1);
    expect(warning.raised[0]).toMatchObject({
      kind: RISK_MARGIN_USAGE,
      severity: 'warning',
      dedupeKey: `${ACC}:warning`,
      message: 'DU123: margin usage 55.0% is above the 50.0% warning level (maintenance 137,500.00 of NLV 250,000.00)',
    });
    expect(warning.raised[0]?.payload).toMatchObject({
      accountId: ACC,
      accountCode: 'DU123',
      level: 'warning',
      usage: 0.55,
      threshold: 0.5,
      source: 'estimate',
    });

    // Staying above: nothing more, even after the user acknowledged the alert.
    expect((await at(0.56)).raised).toEqual([]);
    expect((await at(0.56)).raised).toEqual([]);
    await repo.acknowledge(warning.raised[0]!.id, 'user-1', T0);
    expect(await at(0.56)).toEqual({ accounts: 1, raised: [], resolved: 0, failures: [] });
    expect(rows).toHaveLength(1);

    const critical = await at(0.724);
    expect(critical.raised.map((a) => [a.severity, a.message])).toEqual([
      ['critical', 'DU123: margin usage 72.4% is above the 70.0% limit (maintenance 181,000.00 of NLV 250,000.00)'],
    ]);
    expect(critical.resolved).toBe(0); // the warning alert was already acknowledged by the user
    expect(openOf(open())).toEqual([[RISK_MARGIN_USAGE, `${ACC}:critical`, 'critical']]);

    // 69% is under the 70% limit but not by the 2-point hysteresis: still critical, nothing happens.
    expect(await at(0.69)).toEqual({ accounts: 1, raised: [], resolved: 0, failures: [] });

    // 67%: a fall to warning is a crossing too.
    const fall = await at(0.67);
    expect(fall.raised.map((a) => [a.kind, a.severity, a.dedupeKey])).toEqual([
      [RISK_MARGIN_USAGE, 'warning', `${ACC}:warning`],
    ]);
    expect(fall.resolved).toBe(1);
    expect(openOf(open())).toEqual([[RISK_MARGIN_USAGE, `${ACC}:warning`, 'warning']]);

    const clear = await at(0.3);
    expect(clear).toMatchObject({ raised: [], resolved: 1 });
    expect(open()).toEqual([]);

    const again = await at(0.55);
    expect(again.raised.map((a) => a.dedupeKey)).toEqual([`${ACC}:warning`]);
    expect(rows).toHaveLength(4);
  });

  it('a warning just under its threshold (within the hysteresis) holds, then clears', async () => {
    const { at, open } = setup();
    await at(0.55);
    expect(await at(0.49)).toMatchObject({ raised: [], resolved: 0 });
    expect(await at(0.479)).toMatchObject({ raised: [], resolved: 1 });
    expect(open()).toEqual([]);
  });

  it('falling from critical into the warning band says so', async () => {
    const { at } = setup();
    await at(0.75);
    const fall = await at(0.49);
    expect(fall.raised[0]?.message).toBe(
      'DU123: margin usage 49.0% is just under the 50.0% warning level (clears below 48.0%) (maintenance 122,500.00 of NLV 250,000.00)',
    );
  });

  it("uses the broker's usage when the estimate is unavailable, and keeps the level when both are unknown", async () => {
    const { monitor, set, open } = setup();
    set(ACC, accountRisk({ usage: 0.55, estimate: false }));
    const viaBroker = await monitor.run();
    expect(viaBroker.raised[0]?.payload).toMatchObject({ source: 'broker', usage: 0.55 });
    expect(viaBroker.raised[0]?.message).toBe(
      'DU123: margin usage 55.0% is above the 50.0% warning level (maintenance 137,500.00 of NLV 250,000.00)',
    );

    set(ACC, accountRisk({ usage: null, estimate: false }));
    expect(await monitor.run()).toMatchObject({ raised: [], resolved: 0 });
    expect(openOf(open())).toEqual([[RISK_MARGIN_USAGE, `${ACC}:warning`, 'warning']]);
  });
});

describe('nextMarginUsageLevel', () => {
  const thresholds = { warning: 0.5, critical: 0.7 };
  it.each<[number, MarginUsageLevel, MarginUsageLevel]>([
    [0.4, 'none', 'none'],
    [0.5, 'none', 'none'],
    [0.51, 'none', 'warning'],
    [0.71, 'none', 'critical'],
    [0.71, 'warning', 'critical'],
    [0.69, 'critical', 'critical'],
    [0.68, 'critical', 'critical'],
    [0.67, 'critical', 'warning'],
    [0.49, 'critical', 'warning'],
    [0.47, 'critical', 'none'],
    [0.49, 'warning', 'warning'],
    [0.47, 'warning', 'none'],
  ])('usage %s at %s → %s', (usage, current, next) => {
    expect(nextMarginUsageLevel(usage, current, thresholds, 0.02)).toBe(next);
  });

  it('a threshold set to null is off', () => {
    expect(nextMarginUsageLevel(0.99, 'none', { warning: 0.5, critical: null }, 0.02)).toBe('warning');
    expect(nextMarginUsageLevel(0.99, 'none', { warning: null, critical: null }, 0.02)).toBe('none');
    expect(nextMarginUsageLevel(0.69, 'critical', { warning: null, critical: null }, 0.02)).toBe('none');
  });
});

describe('risk monitor: rule verdicts and assignment risk', () => {
  const concentration: Verdict = {
    rule: 'ticker_concentration',
    verdict: 'warn',
    message: 'KO is 31.0% of NLV, above the 25.0% warning level',
    symbol: 'KO',
  };

  it('a warn verdict raises a risk_rule alert once; gone, it is resolved', async () => {
    const { monitor, set, open } = setup();
    set(ACC, accountRisk({ usage: 0.4, verdicts: [concentration] }));
    const first = await monitor.run();
    expect(first.raised).toHaveLength(1);
    expect(first.raised[0]).toMatchObject({
      kind: RISK_RULE,
      severity: 'warning',
      dedupeKey: `${ACC}:ticker_concentration:KO`,
      message: 'DU123: KO is 31.0% of NLV, above the 25.0% warning level',
      payload: { accountId: ACC, accountCode: 'DU123', rule: 'ticker_concentration', verdict: 'warn', symbol: 'KO' },
    });
    expect((await monitor.run()).raised).toEqual([]);

    set(ACC, accountRisk({ usage: 0.4, verdicts: [{ ...concentration, verdict: 'allow' }] }));
    expect(await monitor.run()).toMatchObject({ raised: [], resolved: 1 });
    expect(open()).toEqual([]);
  });

  it('block is critical, a warn → block change is a new crossing, and margin_usage verdicts are left to the levels', async () => {
    const { monitor, set, open } = setup();
    const noMargin: Verdict = {
      rule: 'min_excess_liquidity',
      verdict: 'warn',
      message: 'Excess liquidity 9.0% of NLV',
    };
    const marginVerdict: Verdict = { rule: 'margin_usage', verdict: 'block', message: 'Margin usage 80%' };
    set(ACC, accountRisk({ usage: 0.4, verdicts: [noMargin, marginVerdict] }));
    expect((await monitor.run()).raised.map((a) => [a.dedupeKey, a.severity])).toEqual([
      [`${ACC}:min_excess_liquidity:`, 'warning'],
    ]);
    set(ACC, accountRisk({ usage: 0.4, verdicts: [{ ...noMargin, verdict: 'block' }, marginVerdict] }));
    const escalated = await monitor.run();
    expect(escalated).toMatchObject({ resolved: 1 });
    expect(escalated.raised.map((a) => [a.dedupeKey, a.severity])).toEqual([
      [`${ACC}:min_excess_liquidity:`, 'critical'],
    ]);
    expect(openOf(open())).toEqual([[RISK_RULE, `${ACC}:min_excess_liquidity:`, 'critical']]);
  });

  it('ITM near expiry and ex-dividend positions raise once each, and resolve when the risk is gone', async () => {
    const { monitor, set, open } = setup();
    const positions = [
      shortPut('p1', 'itm_near_expiry'),
      shortPut('p2', 'ex_dividend', 'KO 2026-04-17 55 call'),
      shortPut('p3', 'itm'),
      shortPut('p4', null),
    ];
    set(ACC, accountRisk({ usage: 0.4, positions }));
    const first = await monitor.run();
    expect(first.raised.map((a) => [a.kind, a.severity, a.dedupeKey, a.message])).toEqual([
      [RISK_ITM_NEAR_EXPIRY, 'warning', `${ACC}:p1`, 'DU123: KO 2026-03-13 60 put: ITM, 4 days'],
      [
        RISK_EX_DIVIDEND_ASSIGNMENT,
        'warning',
        `${ACC}:p2`,
        'DU123: KO 2026-04-17 55 call: ex-dividend 2026-03-12 worth more than the extrinsic value',
      ],
    ]);
    expect(first.raised[0]?.payload).toMatchObject({ accountId: ACC, positionId: 'p1', symbol: 'KO', dte: 4 });
    expect((await monitor.run()).raised).toEqual([]);

    set(ACC, accountRisk({ usage: 0.4, positions: [shortPut('p1', 'itm_near_expiry')] }));
    expect(await monitor.run()).toMatchObject({ raised: [], resolved: 1 });
    expect(openOf(open())).toEqual([[RISK_ITM_NEAR_EXPIRY, `${ACC}:p1`, 'warning']]);
  });
});

describe('risk monitor: failures, restarts and serialization', () => {
  it('a failing account does not stop the others and keeps its alerts open', async () => {
    const { monitor, set, open } = setup({
      [ACC]: accountRisk({ usage: 0.55 }),
      [OTHER]: accountRisk({ accountId: OTHER, accountCode: 'DU456', usage: 0.4 }),
    });
    expect((await monitor.run()).raised.map((a) => a.dedupeKey)).toEqual([`${ACC}:warning`]);

    set(ACC, new Error('no snapshot'));
    set(OTHER, accountRisk({ accountId: OTHER, accountCode: 'DU456', usage: 0.75 }));
    const result = await monitor.run();
    expect(result.accounts).toBe(2);
    expect(result.failures).toEqual([{ accountId: ACC, error: 'no snapshot' }]);
    expect(result.raised.map((a) => a.dedupeKey)).toEqual([`${OTHER}:critical`]);
    expect(result.resolved).toBe(0);
    expect(open().map((a) => a.dedupeKey)).toEqual([`${ACC}:warning`, `${OTHER}:critical`]);

    // Back, still above the warning level: no new alert; then clear: resolved.
    set(ACC, accountRisk({ usage: 0.56 }));
    expect((await monitor.run()).raised).toEqual([]);
    set(ACC, accountRisk({ usage: 0.3 }));
    expect(await monitor.run()).toMatchObject({ raised: [], resolved: 1, failures: [] });
  });

  it('a first run with an already-open alert does not duplicate it', async () => {
    const { monitor, set, repo, rows } = setup();
    await repo.raise({
      kind: RISK_MARGIN_USAGE,
      severity: 'warning',
      message: 'from an earlier process',
      at: T0,
      dedupeKey: `${ACC}:warning`,
    });
    set(ACC, accountRisk({ usage: 0.55 }));
    expect(await monitor.run()).toEqual({ accounts: 1, raised: [], resolved: 0, failures: [] });
    expect(rows).toHaveLength(1);
  });

  it('after a restart, alerts whose condition cleared meanwhile are resolved and the margin level keeps its hysteresis', async () => {
    const { monitor, set, repo, open } = setup();
    const leftover = (kind: string, severity: 'warning' | 'critical', dedupeKey: string) =>
      repo.raise({ kind, severity, message: 'earlier', at: T0, dedupeKey });
    await leftover(RISK_MARGIN_USAGE, 'critical', `${ACC}:critical`);
    await leftover(RISK_RULE, 'warning', `${ACC}:ticker_concentration:KO`);
    await leftover(RISK_ITM_NEAR_EXPIRY, 'warning', `${OTHER}:p9`); // an account not watched: left alone
    await repo.raise({ kind: 'data_stale', severity: 'warning', message: 'other kind', at: T0, dedupeKey: 'x:y' });

    set(ACC, accountRisk({ usage: 0.69 }));
    expect(await monitor.run()).toMatchObject({ raised: [], resolved: 1 });
    expect(openOf(open())).toEqual([
      [RISK_MARGIN_USAGE, `${ACC}:critical`, 'critical'],
      [RISK_ITM_NEAR_EXPIRY, `${OTHER}:p9`, 'warning'],
      ['data_stale', 'x:y', 'warning'],
    ]);
  });

  it('serializes runs: a second run waits for the one in flight', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const monitor = createRiskMonitor({
      accounts: async () => [{ id: ACC, accountCode: 'DU123' }],
      accountRisk: async () => {
        calls += 1;
        await gate;
        return accountRisk({ usage: 0.55 });
      },
      alerts: inMemoryAlerts().repo,
      clock: { now: () => T0 },
    });
    const first = monitor.run();
    const second = monitor.run();
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
    expect(calls).toBe(1);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(calls).toBe(2);
    expect(a.raised).toHaveLength(1);
    expect(b.raised).toEqual([]);
  });

  it('rejects a nonsense hysteresis', () => {
    const base = {
      accounts: async () => [],
      accountRisk: async () => accountRisk(),
      alerts: inMemoryAlerts().repo,
      clock: { now: () => T0 },
    };
    expect(() => createRiskMonitor({ ...base, hysteresis: -0.01 })).toThrow(/hysteresis/);
    expect(() => createRiskMonitor({ ...base, hysteresis: Number.NaN })).toThrow(/hysteresis/);
  });
});
