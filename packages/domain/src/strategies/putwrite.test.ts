import { describe, expect, it } from 'vitest';
import { type IsoDate, newYorkToUtc, parseIsoDate } from '../calendar';
import { parseMoney } from '../money';
import { computeRiskState } from '../risk/risk-state';
import { configSchemaOf, parseStrategyConfig } from './engine';
import { type PutwriteConfig, putwriteConfigSchema, putwritePlugin } from './putwrite';
import { pluginFor } from './registry';
import {
  account,
  input,
  listed,
  market,
  marginMarketOf,
  optionPosition,
  slice,
  stockPosition,
  underlier,
} from './testing/fixtures';
import type { ChainSlice, StrategyAccount, StrategyMarket, UnderlierMarket } from './types';

// Friday 2026-03-20 is March's third Friday, a roll day; the next monthly expiration is 2026-04-17, 28 days out.
const ROLL = parseIsoDate('2026-03-20');
const NEXT = parseIsoDate('2026-04-17');

function marketOn(today: IsoDate, underliers: readonly UnderlierMarket[], chains: readonly ChainSlice[] = []) {
  return { ...market(underliers, chains), today, nowMs: newYorkToUtc(today, 15 * 60) } satisfies StrategyMarket;
}

const strikes = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

/** SPX puts every 5 points, 4950–5060; the 5010 put is 80.00 / 81.00 (mid 80.50), 0.50 a share per 5 points. */
const spxPuts = (expiries: readonly IsoDate[] = [ROLL, NEXT]): ChainSlice =>
  slice(
    'SPX',
    expiries.flatMap((expiry) =>
      strikes(4950, 5060, 5).map((strike) =>
        listed({
          symbol: 'SPX',
          expiry,
          strike,
          right: 'put',
          bid: 80 + (strike - 5010) * 0.5,
          ask: 81 + (strike - 5010) * 0.5,
          delta: null,
        }),
      ),
    ),
  );
/** XSP puts every point, 495–505; the 501 put is 8.00 / 8.10. */
const xspPuts = (): ChainSlice =>
  slice(
    'XSP',
    strikes(495, 505, 1).map((strike) =>
      listed({
        symbol: 'XSP',
        expiry: NEXT,
        strike,
        right: 'put',
        bid: 8 + (strike - 501) * 0.1,
        ask: 8.1 + (strike - 501) * 0.1,
        delta: null,
      }),
    ),
  );

// SPX at 5013.70: the at-or-below strike is 5010, the nearest 5015.
const spx = (spot: number | null = 5013.7) => underlier('SPX', spot, { kind: 'index_etf' });
const rich = (extra: Partial<StrategyAccount> = {}) =>
  account([], { cash: 1_500_000, netLiquidation: 1_500_000, ...extra });

const config = (over: Record<string, unknown> = {}): PutwriteConfig => putwriteConfigSchema.parse(over);

function run(cfg: PutwriteConfig, acct: StrategyAccount, m: StrategyMarket = marketOn(ROLL, [spx()], [spxPuts()])) {
  return putwritePlugin.generateSignals(input(cfg, acct, m));
}
const kinds = (out: ReturnType<typeof run>) => out.signals.map((s) => s.kind);

describe('putwrite config', () => {
  it('defaults to Cboe PUT on SPX', () => {
    expect(putwriteConfigSchema.parse({})).toEqual({
      symbols: ['SPX'],
      strikeRule: 'at_or_below',
      collateral: 'full',
      openOn: 'roll_day',
    });
    const parsed = parseStrategyConfig(putwritePlugin, {});
    expect(parsed.ok && parsed.config.onRiskBlock).toBe('show');
    expect(putwriteConfigSchema.safeParse({ strikeRule: 'at_or_above' }).success).toBe(false);
  });

  it('renders a JSON schema with every field described, and is registered', () => {
    const { jsonSchema } = configSchemaOf(putwritePlugin);
    const properties = jsonSchema.properties as Record<string, { description?: string }>;
    for (const [field, property] of Object.entries(properties)) expect(property.description, field).toBeTruthy();
    expect(pluginFor('putwrite@1')).toBe(putwritePlugin);
  });
});

describe('putwrite dataNeeds', () => {
  const needs = (cfg: PutwriteConfig, today: IsoDate, acct = rich()) =>
    putwritePlugin.dataNeeds({
      account: acct,
      instance: input(cfg, acct, marketOn(today, [])).instance,
      asOf: newYorkToUtc(today, 15 * 60),
      spots: new Map([['SPX', 5013.7]]),
    });

  it('asks for one-month puts around the spot on roll days only', () => {
    expect(needs(config(), ROLL)).toEqual([
      { symbol: 'SPX', rights: ['put'], minDte: 1, maxDte: 40, minMoneyness: 0.9, maxMoneyness: 1.03 },
    ]);
    expect(needs(config(), parseIsoDate('2026-03-19'))).toEqual([]);
    expect(needs(config({ openOn: 'any_day' }), parseIsoDate('2026-03-19'))).toHaveLength(1);
  });

  it('skips a symbol whose put is still open', () => {
    const open = rich({ positions: [optionPosition('SPX', 'put', 5010, NEXT, -3, 80.5, 60)] });
    expect(needs(config(), ROLL, open)).toEqual([]);
    const expiring = rich({ positions: [optionPosition('SPX', 'put', 5010, ROLL, -3, 80.5, 0)] });
    expect(needs(config(), ROLL, expiring)).toHaveLength(1);
  });
});

describe('putwrite on a roll day', () => {
  it('sells the put at or below the spot on the next monthly expiration, fully collateralized', () => {
    const out = run(config(), rich());
    expect(out.signals).toEqual([]);
    expect(out.opportunities).toEqual([]);
    expect(out.recommendations).toHaveLength(1);
    const rec = out.recommendations[0]!;
    // g = e^(0.04 × 28/365) = 1.0030732; N = 1,500,000 × g / ((5010 − 80.50 × g) × 100) = 3.052 → 3.
    expect(rec).toMatchObject({
      action: 'sell_put',
      symbol: 'SPX',
      quantity: 3,
      limitPrice: 80.5,
      spread: { bid: 80, ask: 81 },
      confidence: 0.5,
      opportunityKey: null,
    });
    expect(rec.legs).toEqual([
      {
        symbol: 'SPX',
        kind: 'option',
        right: 'put',
        strike: 5010,
        expiry: NEXT,
        multiplier: 100,
        side: 'SELL',
        ratio: 1,
        bid: 80,
        ask: 81,
        mid: 80.5,
      },
    ]);
    expect(rec.params).toMatchObject({
      strikeRule: 'at_or_below',
      collateral: 'full',
      openOn: 'roll_day',
      spot: 5013.7,
      strike: 5010,
      premium: 80.5,
      premiumFrom: 'mid',
      netLiquidation: 1_500_000,
      collateralBase: 1_500_000,
      collateralAtExpiry: 1_503_000,
    });
    expect(rec.params.exactContracts).toBeCloseTo(3.0524, 4);
    expect(rec.params.growth).toBeCloseTo(1.0030732, 7);
    expect(rec.rationale).toContain('Sell 3 SPX 2026-04-17 5010 puts at 80.50 (bid 80.00 / ask 81.00)');
    expect(rec.rationale).toContain(
      'puts at 80.50 (bid 80.00 / ask 81.00): the highest listed strike at or below the spot 5013.70 (Cboe PUT rule)',
    );
    expect(rec.rationale).toContain('(28 days, written on the roll day)');
    expect(rec.rationale).toContain('M = the account value 1,500,000.00');
    expect(rec.rationale).toContain('g = e^(4.0% × 28/365) = 1.00307: 3.052 → 3');
    expect(rec.rationale).toContain('3 × 5010 × 100 = 1,503,000.00');
  });

  it('takes the nearest strike when configured', () => {
    const rec = run(config({ strikeRule: 'nearest' }), rich()).recommendations[0]!;
    expect(rec.legs[0]).toMatchObject({ strike: 5015, bid: 82.5, ask: 83.5 });
  });

  it('reads the account value from the risk state first', () => {
    const m = marketOn(ROLL, [spx()], [spxPuts()]);
    const riskState = computeRiskState({
      type: 'margin_regt',
      cash: parseMoney('2000000'),
      positions: [],
      market: marginMarketOf(m),
    });
    // 2,000,000 × g / ((5010 − 80.50 × g) × 100) = 4.070 → 4.
    const out = putwritePlugin.generateSignals({ ...input(config(), rich(), m), riskState });
    expect(out.recommendations[0]).toMatchObject({ quantity: 4, params: { netLiquidation: 2_000_000 } });
  });

  it('splits the account value among the symbols selling today', () => {
    const m = marketOn(ROLL, [spx(), underlier('XSP', 501.37, { kind: 'index_etf' })], [spxPuts(), xspPuts()]);
    const out = run(config({ symbols: ['SPX', 'XSP'] }), rich(), m);
    // M = 750,000 each: SPX 750,000 × g / ((5010 − 80.50 g) × 100) = 1.526 → 1; XSP (501 − 8.05 g) → 15.26 → 15.
    expect(out.recommendations.map((r) => [r.symbol, r.legs[0]!.strike, r.quantity])).toEqual([
      ['SPX', 5010, 1],
      ['XSP', 501, 15],
    ]);
    expect(out.recommendations[1]!.params).toMatchObject({ collateralBase: 750_000, symbolsSelling: 2 });
    expect(out.recommendations[1]!.rationale).toContain(
      'M = 750,000.00, the account value 1,500,000.00 split among the 2 symbols selling today',
    );
    // A symbol holding its put does not take a share.
    const holding = rich({ positions: [optionPosition('XSP', 'put', 500, NEXT, -15, 8, 7)] });
    expect(run(config({ symbols: ['SPX', 'XSP'] }), holding, m).recommendations.map((r) => r.quantity)).toEqual([3]);
  });

  it('sells for the bid when there is no two-sided quote, with no limit price', () => {
    const oneSided = spxPuts();
    const options = oneSided.options.map((o) => (o.strike === 5010 && o.expiry === NEXT ? { ...o, ask: null } : o));
    const rec = run(config(), rich(), marketOn(ROLL, [spx()], [{ ...oneSided, options }])).recommendations[0]!;
    // 1,500,000 × g / ((5010 − 80 × g) × 100) = 3.052 → 3.
    expect(rec).toMatchObject({ quantity: 3, limitPrice: null, params: { premium: 80, premiumFrom: 'bid' } });
    expect(rec.legs[0]).toMatchObject({ bid: 80, ask: null, mid: null });
  });

  it('replaces a put expiring today', () => {
    const expiring = rich({ positions: [optionPosition('SPX', 'put', 4900, ROLL, -3, 70, 0)] });
    const out = run(config(), expiring);
    expect(out.recommendations.map((r) => r.quantity)).toEqual([3]);
    expect(out.recommendations[0]!.rationale).toContain('The put expiring today settles first.');
  });

  it('skips when the account value does not collateralize one put', () => {
    // 400,000 × g / ((5010 − 80.50 g) × 100) = 0.814.
    const out = run(config(), rich({ netLiquidation: 400_000 }));
    expect(out.recommendations).toEqual([]);
    expect(out.signals).toHaveLength(1);
    expect(out.signals[0]).toMatchObject({ kind: 'skipped', symbol: 'SPX', payload: { rule: 'sizing' } });
    expect(out.signals[0]!.message).toContain(': 0.814, under one 2026-04-17 5010 put; none sold');
  });
});

describe('putwrite between rolls', () => {
  it('waits for the roll day', () => {
    const thursday = parseIsoDate('2026-03-19');
    const out = run(config(), rich(), marketOn(thursday, [spx()], [spxPuts()]));
    expect(out.recommendations).toEqual([]);
    expect(out.signals).toEqual([
      {
        kind: 'waiting_for_roll',
        symbol: 'SPX',
        message: 'SPX: puts are written on roll days; the next is 2026-03-20',
        payload: { nextRollDate: '2026-03-20' },
      },
    ]);
  });

  it('sells on any day when configured, still on the next monthly expiration', () => {
    const monday = parseIsoDate('2026-03-23');
    const out = run(config({ openOn: 'any_day' }), rich(), marketOn(monday, [spx()], [spxPuts([NEXT])]));
    // 25 days: 1,500,000 × e^(0.04 × 25/365) / ((5010 − 80.50 g) × 100) = 3.051 → 3.
    expect(out.recommendations).toHaveLength(1);
    expect(out.recommendations[0]!.legs[0]).toMatchObject({ expiry: NEXT, strike: 5010 });
    expect(out.recommendations[0]!.params.exactContracts).toBeCloseTo(3.0514, 4);
    expect(out.recommendations[0]!.rationale).toContain('(25 days, written off the roll day)');
  });

  it('holds an open put to expiry', () => {
    const open = rich({ positions: [optionPosition('SPX', 'put', 5010, NEXT, -3, 80.5, 60)] });
    const out = run(config(), open);
    expect(out.recommendations).toEqual([]);
    expect(out.signals).toEqual([
      {
        kind: 'holding',
        symbol: 'SPX',
        message: 'SPX: holding 3 contracts of the 2026-04-17 5010 put to expiry; no new put until it has expired',
        payload: { open: [{ expiry: NEXT, strike: 5010, contracts: 3 }] },
      },
    ]);
    // Another portfolio's put is not this instance's.
    const other = rich({ positions: [{ ...open.positions[0]!, portfolioId: 'p-2' }] });
    const base = input(config(), other, marketOn(ROLL, [spx()], [spxPuts()]));
    const mine = putwritePlugin.generateSignals({ ...base, instance: { ...base.instance, portfolioId: 'p-1' } });
    expect(mine.recommendations).toHaveLength(1);
  });

  it('tells to sell or wheel assigned shares instead of writing a put', () => {
    const out = run(config({ symbols: ['SPY'] }), rich({ positions: [stockPosition('SPY', 300, 500, 495)] }));
    expect(out.recommendations).toEqual([]);
    expect(kinds(out)).toEqual(['skipped']);
    expect(out.signals[0]!.message).toMatch(/^SPY: 300 shares are held .*sell them, or wheel them/);
  });
});

describe('putwrite missing data', () => {
  it('says what is missing and sells nothing', () => {
    const missing = (m: StrategyMarket, acct = rich()) => {
      const out = run(config(), acct, m);
      expect(out.recommendations).toEqual([]);
      expect(kinds(out)).toEqual(['missing_data']);
      return out.signals[0]!.message;
    };
    expect(missing(marketOn(ROLL, [spx(null)], [spxPuts()]))).toBe('SPX: spot unknown, so no strike can be chosen');
    expect(missing(marketOn(ROLL, [spx()]))).toBe(
      'SPX: no puts of the 2026-04-17 expiration were fetched, so none can be sold',
    );
    expect(missing(marketOn(ROLL, [spx()], [{ ...spxPuts([ROLL]), missing: 'no quotes' }]))).toBe(
      'SPX: no puts of the 2026-04-17 expiration were fetched (no quotes), so none can be sold',
    );
    expect(missing(marketOn(ROLL, [spx(4900)], [spxPuts()]))).toBe(
      'SPX: no 2026-04-17 put strike fits the rule at the spot 4900.00',
    );
    const noBid = spxPuts().options.map((o) => (o.strike === 5010 ? { ...o, bid: null } : o));
    expect(missing(marketOn(ROLL, [spx()], [slice('SPX', noBid)]))).toBe(
      'SPX: the 2026-04-17 5010 put has no bid, so it cannot be sold',
    );
    expect(missing(marketOn(ROLL, [spx()], [spxPuts()]), rich({ netLiquidation: null }))).toBe(
      'net liquidation of the account unknown: the puts cannot be sized',
    );
  });
});
