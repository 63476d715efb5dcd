import { describe, expect, it } from 'vitest';
import { parseIsoDate, yearFractionToExpiry } from '../calendar';
import { greeks } from '../pricing/api';
import { parseStrategyConfig } from './engine';
import { leapsBudget, pmccConfigSchema, pmccPlugin, shortStrikeFloor } from './pmcc';
import { manageShortOption, rollChainRequest, rollRulesSchema } from './rolls';
import {
  NOW_MS,
  RATE,
  TODAY,
  account,
  input,
  listed,
  market,
  optionPosition,
  slice,
  underlier,
} from './testing/fixtures';
import type {
  ChainSlice,
  OptionQuote,
  RecommendationDraft,
  StrategyAccount,
  StrategyOutput,
  UnderlierMarket,
} from './types';

// TODAY is Monday 2026-03-02; days to expiry:
const MAR27 = parseIsoDate('2026-03-27'); // 25: the short calls
const APR17 = parseIsoDate('2026-04-17'); // 46: inside the default 30–60 window of a short's roll
const JUN18 = parseIsoDate('2026-06-18'); // 108 (a Thursday: Juneteenth closes the 19th): under the 120-DTE roll floor
const JUL17 = parseIsoDate('2026-07-17'); // 137: above it
const SEP18 = parseIsoDate('2026-09-18'); // 200: too short for a new LEAPS (270)
const JAN15 = parseIsoDate('2027-01-15'); // 319: a LEAPS

type Config = ReturnType<typeof pmccConfigSchema.parse>;
const config = (raw: Record<string, unknown> = {}): Config => pmccConfigSchema.parse(raw);

const call = (
  symbol: string,
  expiry: typeof MAR27,
  strike: number,
  bid: number | null,
  ask: number | null,
  delta: number | null,
  openInterest?: number,
): OptionQuote => listed({ symbol, expiry, strike, right: 'call', bid, ask, delta, openInterest });

/**
 * LEAPS candidates, XYZ at 100. Only JAN15 80 passes the default filters (Δ ≥ 0.80, 270–800 DTE, OI ≥ 50, spread
 * ≤ 10%): JAN15 90 has Δ 0.74, SEP18 80 has 200 DTE, JAN15 75 has OI 10, JAN15 70 is 30.00 / 36.00 (spread
 * 6 / 33 = 18%). JAN15 80 is 23.00 / 23.40: mid 23.20, 2,320.00 a contract.
 */
const leapsQuotes = (symbol = 'XYZ') => [
  call(symbol, JAN15, 80, 23, 23.4, 0.85, 1_000),
  call(symbol, JAN15, 90, 16, 16.4, 0.74),
  call(symbol, SEP18, 80, 21.5, 21.9, 0.88),
  call(symbol, JAN15, 75, 27, 27.4, 0.89, 10),
  call(symbol, JAN15, 70, 30, 36, 0.92),
];

/**
 * Short calls on MAR27: 100 (Δ 0.50, outside |Δ| 0.25–0.35), 102.5 (Δ 0.30), 105 at 0.85 / 0.89 (Δ 0.27) and 107.5
 * (Δ 0.18, outside); roll targets on APR17: 100 (Δ 0.31), 105 at 1.50 / 1.60 (Δ 0.33) and 110 (Δ 0.20).
 */
const shortQuotes = [
  call('XYZ', MAR27, 100, 2.4, 2.5, 0.5),
  call('XYZ', MAR27, 102.5, 1.2, 1.26, 0.3),
  call('XYZ', MAR27, 105, 0.85, 0.89, 0.27),
  call('XYZ', MAR27, 107.5, 0.5, 0.53, 0.18),
  call('XYZ', APR17, 100, 3, 3.1, 0.31),
  call('XYZ', APR17, 105, 1.5, 1.6, 0.33),
  call('XYZ', APR17, 110, 0.7, 0.76, 0.2),
];

const xyz = (spot: number | null = 100) => underlier('XYZ', spot);
const fullChain = (): ChainSlice => slice('XYZ', [...leapsQuotes(), ...shortQuotes]);
const long80 = (quantity = 1, avgPrice: number | null = 22.5) =>
  optionPosition('XYZ', 'call', 80, JAN15, quantity, avgPrice, 23.2);
const short105 = (quantity = -1, avgPrice = 0.87, mark = 0.8) =>
  optionPosition('XYZ', 'call', 105, MAR27, quantity, avgPrice, mark);

function run(
  raw: Record<string, unknown>,
  acct: StrategyAccount,
  underliers: UnderlierMarket[] = [xyz()],
  chains: ChainSlice[] = [fullChain()],
): StrategyOutput {
  return pmccPlugin.generateSignals(input(config({ symbols: ['XYZ'], ...raw }), acct, market(underliers, chains)));
}

const actions = (out: StrategyOutput) => out.recommendations.map((r) => r.action);
const kinds = (out: StrategyOutput) => out.signals.map((s) => s.kind);
const ofKind = (out: StrategyOutput, kind: string) => out.signals.filter((s) => s.kind === kind);

/** After the output is filled, the short calls of XYZ never outnumber its long calls. */
function expectShortsWithinLongs(acct: StrategyAccount, out: StrategyOutput): void {
  let longs = 0;
  let shorts = 0;
  for (const p of acct.positions)
    if (p.instrument.kind === 'option' && p.instrument.right === 'call') {
      if (p.quantity > 0) longs += p.quantity;
      else shorts -= p.quantity;
    }
  for (const rec of out.recommendations)
    for (const leg of rec.legs) {
      if (leg.right !== 'call') continue;
      const n = rec.quantity * leg.ratio;
      // A SELL leg either opens a short (sell_call, a short's roll) or closes a long (a LEAPS roll); a BUY the reverse.
      const longLeg = rec.action === 'buy_leaps' || (rec.action === 'roll_call' && rec.params.leg === 'long');
      if (longLeg) longs += leg.side === 'BUY' ? n : -n;
      else shorts += leg.side === 'SELL' ? n : -n;
    }
  expect(shorts).toBeLessThanOrEqual(longs);
}

describe('config', () => {
  it('defaults every field', () => {
    const c = config();
    expect(c).toMatchObject({
      symbols: [],
      longMinDelta: 0.8,
      longMinDte: 270,
      longMaxDte: 800,
      longMinOpenInterest: 50,
      longMaxSpreadPct: 0.1,
      leapsContracts: 1,
      maxNewLeapsPerRun: 1,
      budgetPct: 0.1,
      rollLongAtDte: 120,
      shortMinDelta: 0.25,
      shortMaxDelta: 0.35,
      shortMinDte: 21,
      shortMaxDte: 45,
      scoreMethod: 'balanced',
    });
    expect(c.roll).toEqual(rollRulesSchema.parse({}));
    expect([pmccPlugin.slug, pmccPlugin.version, pmccPlugin.name]).toEqual([
      'synthetic_stock_leaps',
      '1',
      'LEAPS synthetic stock / PMCC',
    ]);
  });

  it('rejects a long-leg roll floor at or over the LEAPS minimum DTE', () => {
    const parsed = parseStrategyConfig(pmccPlugin, { rollLongAtDte: 300 });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.path.join('.'))).toEqual(['rollLongAtDte']);
  });
});

describe('buying the LEAPS', () => {
  it('picks the deep in-the-money call that passes the delta, DTE, open-interest and spread checks', () => {
    const out = run({}, account([]));
    expect(out.opportunities.map((o) => o.key)).toEqual(['XYZ|2027-01-15|80|call']);
    expect(out.recommendations).toHaveLength(1);
    const [buy] = out.recommendations;
    expect(buy).toMatchObject({
      action: 'buy_leaps',
      symbol: 'XYZ',
      quantity: 1,
      spread: { bid: 23, ask: 23.4 },
      opportunityKey: 'XYZ|2027-01-15|80|call',
      confidence: 0.7, // spread 0.40 / 23.20 = 1.7%, under half the 10% maximum
    });
    expect(buy?.limitPrice).toBeCloseTo(23.2, 10);
    expect(buy?.legs).toMatchObject([{ side: 'BUY', strike: 80, expiry: JAN15, right: 'call', ratio: 1 }]);
    // Intrinsic 100 − 80 = 20.00, extrinsic 23.20 − 20.00 = 3.20; Δ 0.85 × 100 = ~85 shares for 2,320.00.
    expect(buy?.rationale).toContain('stands in for ~85 shares for 2,320.00 (10,000.00 for 100 shares)');
    expect(buy?.rationale).toContain('intrinsic 20.00 and extrinsic 3.20 per share');
  });

  it('tells which filter each rejected candidate failed when none passes', () => {
    const out = run({ longMinDelta: 0.95 }, account([]));
    expect(out.recommendations).toEqual([]);
    // 80/90/75/70 on JAN15 fail the delta (90 at 0.74 included), SEP18 80 the DTE, the 7 short-dated calls the DTE.
    expect(ofKind(out, 'no_candidate')[0]?.payload?.rejected).toEqual({ dte: 8, delta: 4 });
  });

  it('sizes by the run budget: budgetPct × min(buying power, net liquidation)', () => {
    // 10% × min(200,000, 150,000) = 15,000; floor(15,000 / 2,320) = 6 contracts (7 would cost 16,240).
    const six = run({ leapsContracts: 10 }, account([]));
    expect(six.recommendations.map((r) => r.quantity)).toEqual([6]);
    expect(six.recommendations[0]?.params).toMatchObject({ budget: 15_000 });
    expect(six.recommendations[0]?.params.debit).toBeCloseTo(13_920, 6);
    // 1% → 1,500 < 2,320: none.
    const none = run({ budgetPct: 0.01 }, account([]));
    expect(none.recommendations).toEqual([]);
    expect(ofKind(none, 'skipped')[0]).toMatchObject({
      payload: { reason: 'budget', budget: 1_500 },
      message:
        "XYZ 2027-01-15 80.00 call costs 2,320.00 a contract; 1,500.00 of the run's 1,500.00 LEAPS budget is left: none bought.",
    });
    expect(leapsBudget(account([], { buyingPower: null }), 0.1)).toEqual({ amount: 15_000, basis: 150_000 });
  });

  it('shares one budget and the new-position cap across the run', () => {
    const both = (raw: Record<string, unknown>) =>
      pmccPlugin.generateSignals(
        input(
          config({ symbols: ['XYZ', 'ABC'], ...raw }),
          account([]),
          market([xyz(), underlier('ABC', 100)], [fullChain(), slice('ABC', leapsQuotes('ABC'))]),
        ),
      );
    // 5% × 150,000 = 7,500: XYZ takes 2 × 2,320 = 4,640, leaving 2,860 → ABC gets floor(2,860 / 2,320) = 1.
    const shared = both({ maxNewLeapsPerRun: 2, leapsContracts: 2, budgetPct: 0.05 });
    expect(shared.recommendations.map((r) => [r.symbol, r.quantity])).toEqual([
      ['XYZ', 2],
      ['ABC', 1],
    ]);
    const capped = both({ maxNewLeapsPerRun: 1 });
    expect(capped.recommendations.map((r) => r.symbol)).toEqual(['XYZ']);
    expect(ofKind(capped, 'skipped')).toMatchObject([{ symbol: 'ABC', payload: { reason: 'max_new_leaps' } }]);
  });

  it('buys LEAPS in a TFSA too (a long call needs no margin)', () => {
    const out = run({}, account([], { type: 'tfsa' }));
    expect(actions(out)).toEqual(['buy_leaps']);
  });
});

describe('selling calls against the LEAPS', () => {
  it('sells only strikes above long strike + debit: 80 + 22.50 = 102.50', () => {
    const acct = account([long80()]);
    const out = run({}, acct);
    expect(shortStrikeFloor(acct.positions)).toBe(102.5);
    // MAR27 102.5 (Δ 0.30, right on target) is AT the floor, not above it: only 105 remains.
    expect(out.opportunities.map((o) => o.key)).toEqual(['XYZ|2026-03-27|105|call']);
    const [sell] = out.recommendations;
    expect(sell).toMatchObject({
      action: 'sell_call',
      quantity: 1,
      spread: { bid: 0.85, ask: 0.89 },
      opportunityKey: 'XYZ|2026-03-27|105|call',
      legs: [{ side: 'SELL', strike: 105, expiry: MAR27 }],
      params: { minStrike: 102.5, longContracts: 1, shortContracts: 0 },
    });
    expect(sell?.limitPrice).toBeCloseTo(0.87, 10);
    expect(sell?.rationale).toContain('Strike 105.00 is above the long 80.00 strike + 22.50 debit = 102.50');
    // 0.87 / 22.50 debit = 3.9% of the LEAPS cost over 25 days.
    expect(sell?.rationale).toContain('Return 3.9% of the LEAPS debit over 25 days');
    expectShortsWithinLongs(acct, out);
  });

  it('moves the floor with the debit paid', () => {
    // 80 + 20.00 = 100: 102.5 is now above the floor too.
    const cheaper = run({}, account([long80(1, 20)]));
    expect(cheaper.opportunities.map((o) => o.strike).sort((a, b) => a - b)).toEqual([102.5, 105]);
    // 80 + 25.00 = 105: 105 is at the floor, not above it → nothing to sell. Of the 12 quotes, the 5 LEAPS and the
    // 3 APR17 calls (46 DTE) fail the 21–45 DTE window, MAR27 100 / 102.5 / 105 the strike, MAR27 107.5 the delta.
    const dearer = run({}, account([long80(1, 25)]));
    expect(dearer.recommendations).toEqual([]);
    expect(ofKind(dearer, 'no_candidate')[0]).toMatchObject({
      payload: { leg: 'short', minStrike: 105, rejected: { dte: 8, strike: 3, delta: 1 } },
    });
  });

  it('never sells more calls than the LEAPS left uncovered', () => {
    const two = account([long80(2), short105(-1)]);
    const out = run({}, two);
    expect(out.recommendations.map((r) => [r.action, r.quantity])).toEqual([['sell_call', 1]]);
    expectShortsWithinLongs(two, out);

    const full = account([long80(1), short105(-1)]);
    expect(run({}, full).recommendations).toEqual([]);

    const over = account([long80(1), short105(-2)]);
    const overOut = run({}, over);
    expect(actions(overOut)).not.toContain('sell_call');
    expect(ofKind(overOut, 'uncovered_calls')[0]?.message).toBe(
      '2 short XYZ calls against 1 LEAPS: 1 not covered by a LEAPS.',
    );
  });

  it('sells none in a TFSA or cash account, where the short would count as naked', () => {
    for (const type of ['tfsa', 'rrsp', 'cash'] as const) {
      const out = run({}, account([long80()], { type }));
      expect(out.recommendations).toEqual([]);
      expect(ofKind(out, 'skipped')[0]?.payload).toEqual({ reason: 'account_type', accountType: type });
    }
  });
});

describe('managing the legs', () => {
  it('rolls the long leg at the DTE floor: sell the old LEAPS, buy the new one', () => {
    // JUN18 80 held (108 DTE ≤ 120), quoted 21.00 / 21.40 (mid 21.20); the new JAN15 80 is 23.00 / 23.40 (mid 23.20).
    const old = optionPosition('XYZ', 'call', 80, JUN18, 1, 18, 21.2);
    const acct = account([old]);
    const out = run({}, acct, [xyz()], [slice('XYZ', [...leapsQuotes(), call('XYZ', JUN18, 80, 21, 21.4, 0.9)])]);
    expect(out.recommendations).toHaveLength(1);
    const [roll] = out.recommendations;
    expect(roll).toMatchObject({
      action: 'roll_call',
      quantity: 1,
      opportunityKey: 'XYZ|2027-01-15|80|call',
      params: { leg: 'long', rollLongAtDte: 120, dte: 108 },
      confidence: 0.7,
    });
    expect(roll?.legs.map((l) => [l.side, l.expiry, l.strike, l.bid, l.ask])).toEqual([
      ['SELL', JUN18, 80, 21, 21.4],
      ['BUY', JAN15, 80, 23, 23.4],
    ]);
    // Net debit at the mids 23.20 − 21.20 = 2.00; natural 23.40 − 21.00 = 2.40, best 23.00 − 21.40 = 1.60.
    expect(roll?.limitPrice).toBeCloseTo(2, 10);
    expect(roll?.spread).toEqual({ bid: 1.6, ask: 2.4 });
    expect(roll?.rationale).toContain('a net debit of 2.00 per share (200.00 in total)');
    // No new short against a LEAPS about to be replaced.
    expect(ofKind(out, 'skipped')[0]?.payload).toEqual({ reason: 'long_roll_due' });
    expectShortsWithinLongs(acct, out);
  });

  it('does not roll the long leg above the floor', () => {
    const held = optionPosition('XYZ', 'call', 80, JUL17, 1, 18, 21.8);
    const out = run({}, account([held]));
    expect(actions(out)).not.toContain('roll_call');
    // At exactly the floor it is due: 109 DTE with rollLongAtDte 109.
    const due = run({ rollLongAtDte: 109 }, account([optionPosition('XYZ', 'call', 80, JUN18, 1, 18, 21.2)]));
    expect(actions(due)).toEqual(['roll_call']);
  });

  it('reports a due roll with no replacement', () => {
    const old = optionPosition('XYZ', 'call', 80, JUN18, 1, 18, 21.2);
    const out = run({ longMinDelta: 0.95 }, account([old]));
    expect(out.recommendations).toEqual([]);
    expect(kinds(out)).toContain('roll_due');
  });

  it('hands the open short to manageShortOption with the new strike floored at long strike + debit', () => {
    // Short MAR27 105 sold 1.00, marked 0.40: 60% captured → roll. APR17 100 (Δ 0.31) is nearest the 0.30 target
    // but under the 102.50 floor, so the roll goes to APR17 105 (Δ 0.33).
    const short = short105(-1, 1, 0.4);
    const acct = account([long80(), short]);
    const chain = fullChain();
    const out = run({}, acct, [xyz()], [chain]);
    const direct = manageShortOption({
      position: short,
      underlier: xyz(),
      chain,
      rules: rollRulesSchema.parse({}),
      today: TODAY,
      nowMs: NOW_MS,
      rate: RATE,
      minCallStrike: 102.5,
      params: {},
    });
    const strip = (r: RecommendationDraft | null | undefined) => (r ? { ...r, params: {} } : r);
    expect(out.recommendations.map(strip)).toEqual([strip(direct.recommendation)]);
    expect(out.recommendations[0]?.legs.map((l) => [l.side, l.expiry, l.strike])).toEqual([
      ['BUY', MAR27, 105],
      ['SELL', APR17, 105],
    ]);
    expect(out.recommendations[0]?.params).toMatchObject({ leg: 'short', minCallStrike: 102.5 });
    expectShortsWithinLongs(acct, out);
  });
});

describe('delta-equivalent exposure', () => {
  it('sums quantity × 100 × Δ over the legs', () => {
    // 2 × 100 × 0.85 − 1 × 100 × 0.27 = 170 − 27 = +143 shares.
    const out = run({}, account([long80(2), short105(-1)]));
    const [signal] = ofKind(out, 'delta_equivalent');
    expect(signal?.payload?.deltaShares).toBeCloseTo(143, 10);
    expect(signal?.message).toMatch(/^XYZ calls behave like \+143\.0 shares/);
    expect(signal?.payload?.legs).toMatchObject([
      { strike: 80, quantity: 2, delta: 0.85, deltaSource: 'quote' },
      { strike: 105, quantity: -1, delta: 0.27, deltaSource: 'quote' },
    ]);
  });

  it("falls back to the risk module's model when the leg has no quote", () => {
    const out = run({}, account([long80()]), [xyz()], [slice('XYZ', shortQuotes)]);
    const [signal] = ofKind(out, 'delta_equivalent');
    // Black-Scholes at the margin market's vol (25% when the chain does not quote the strike).
    const T = yearFractionToExpiry(NOW_MS, JAN15);
    const model = greeks({ right: 'call', S: 100, K: 80, T, r: RATE, q: 0, sigma: 0.25 }).delta;
    expect(signal?.payload?.deltaShares).toBeCloseTo(100 * model, 8);
    expect(signal?.payload?.legs).toMatchObject([{ deltaSource: 'model' }]);
  });

  it('is unknown (null), not 0, when neither a quote nor a spot gives a delta', () => {
    const out = run({}, account([long80()]), [xyz(null)], []);
    expect(ofKind(out, 'delta_equivalent')[0]?.payload?.deltaShares).toBeNull();
  });
});

describe('missing data', () => {
  it('no spot or no chain: no LEAPS bought', () => {
    expect(run({}, account([]), [xyz(null)]).signals).toEqual([
      { kind: 'missing_data', symbol: 'XYZ', message: 'No spot price for XYZ: no LEAPS bought.' },
    ]);
    expect(run({}, account([]), [xyz()], []).signals).toEqual([
      { kind: 'missing_data', symbol: 'XYZ', message: 'No calls of XYZ were fetched: no LEAPS bought.' },
    ]);
  });

  it('unknown debit of the LEAPS: no short, the floor cannot be set', () => {
    const out = run({}, account([long80(1, null)]));
    expect(out.recommendations).toEqual([]);
    expect(ofKind(out, 'missing_data')[0]?.message).toMatch(
      /short strike floor \(long strike \+ debit\) cannot be set/,
    );
  });

  it('unknown buying power and net liquidation: no budget', () => {
    const out = run({}, account([], { buyingPower: null, netLiquidation: null }));
    expect(out.recommendations).toEqual([]);
    expect(ofKind(out, 'missing_data')[0]?.message).toBe(
      'Buying power and net liquidation are unknown: no LEAPS budget, none bought.',
    );
  });
});

describe('dataNeeds', () => {
  const needs = (acct: StrategyAccount, raw: Record<string, unknown> = {}) => {
    const c = config({ symbols: ['XYZ'], ...raw });
    return pmccPlugin.dataNeeds({
      account: acct,
      instance: input(c, acct, market([])).instance,
      asOf: NOW_MS,
      spots: new Map([['XYZ', 100]]),
    });
  };
  const leaps = { symbol: 'XYZ', rights: ['call'], minDte: 270, maxDte: 800, minMoneyness: 0.5, maxMoneyness: 1 };

  it('no LEAPS: the LEAPS window', () => {
    expect(needs(account([]))).toEqual([leaps]);
    expect(needs(account([]), { maxNewLeapsPerRun: 0 })).toEqual([]);
  });

  it('a LEAPS held: the short window, and the roll chain of an open short', () => {
    const short = short105(-1);
    expect(needs(account([long80(2), short]))).toEqual([
      { symbol: 'XYZ', rights: ['call'], minDte: 21, maxDte: 45, minMoneyness: 1, maxMoneyness: 1.25 },
      rollChainRequest(short, rollRulesSchema.parse({}), 100, TODAY),
    ]);
    // Fully sold against, or in a TFSA: no new short, so no short window.
    expect(needs(account([long80(1), short]))).toEqual([
      rollChainRequest(short, rollRulesSchema.parse({}), 100, TODAY),
    ]);
    expect(needs(account([long80(1)], { type: 'tfsa' }))).toEqual([]);
  });

  it('a LEAPS due for a roll: the LEAPS window and the old contract', () => {
    const out = needs(account([optionPosition('XYZ', 'call', 80, JUN18, 1, 18, 21.2)]));
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual(leaps);
    expect(out[1]).toMatchObject({ symbol: 'XYZ', rights: ['call'], minDte: 108, maxDte: 108 });
    // 80 / 100 = 0.80, ± 1%.
    expect(out[1]?.minMoneyness).toBeCloseTo(0.792, 10);
    expect(out[1]?.maxMoneyness).toBeCloseTo(0.808, 10);
  });
});
