import { describe, expect, it } from 'vitest';
import { popShortCall, popShortPut, probabilityAbove, probabilityBelow } from '../../analytics';
import { parseIsoDate, yearFractionToExpiry } from '../../calendar';
import { greeks, impliedVol } from '../../pricing/api';
import { NOW_MS, RATE, TODAY, daysOut, quote, underlier } from '../testing/fixtures';
import type { OptionQuote, UnderlierMarket } from '../types';
import { liquidityScore, scanOptions } from './scan';
import type { ScanFilters, ScanRequest } from './scan-types';

/** No filter beyond a wide DTE window and both rights: each test switches on what it checks. */
const OPEN: ScanFilters = {
  rights: ['put', 'call'],
  minAbsDelta: null,
  maxAbsDelta: null,
  minDte: 0,
  maxDte: 365,
  minIv: null,
  maxIv: null,
  minIvRank: null,
  maxIvRank: null,
  minVolume: null,
  minOpenInterest: null,
  maxSpreadPct: null,
  minCredit: null,
  minPrice: null,
  maxPrice: null,
  minStrike: null,
  maxStrike: null,
};

/** Wednesday 2026-04-01: 30 calendar days after TODAY (Monday 2026-03-02). */
const EXPIRY = daysOut(30);

/** A KO 57 put, 30 DTE, 0.95 / 1.05 (mid 1.00, spread 10%), IV 22%, Δ −0.25, volume 200, OI 3,000. */
function opt(over: Partial<OptionQuote> = {}): OptionQuote {
  return {
    symbol: 'KO',
    expiry: EXPIRY,
    strike: 57,
    right: 'put',
    multiplier: 100,
    bid: 0.95,
    ask: 1.05,
    last: 1,
    iv: 0.22,
    delta: -0.25,
    volume: 200,
    openInterest: 3000,
    ...over,
  };
}

const KO = underlier('KO', 60, { ivRank: 0.4 });

function scan(options: OptionQuote[], over: Partial<ScanRequest> = {}, filters: Partial<ScanFilters> = {}) {
  return scanOptions({
    underlier: KO,
    options,
    side: 'sell',
    filters: { ...OPEN, ...filters },
    score: 'balanced',
    capital: 'cash_secured',
    today: TODAY,
    nowMs: NOW_MS,
    rate: RATE,
    ...over,
  });
}

const only = (result: ReturnType<typeof scan>) => {
  expect(result.opportunities).toHaveLength(1);
  return result.opportunities[0]!;
};
const keysOf = (result: ReturnType<typeof scan>) => result.opportunities.map((o) => o.key);

/** The lognormal inputs of the KO 57 put: T from noon today to the 16:00 close in 30 days. */
const model = { S: 60, T: yearFractionToExpiry(NOW_MS, EXPIRY), sigma: 0.22, r: RATE, q: 0 };

describe('scanOptions: figures of a candidate', () => {
  it('works out mid, spread, DTE, cash-secured return, POP and liquidity', () => {
    const o = only(scan([opt()]));
    expect(o.key).toBe(`KO|${EXPIRY}|57|put`);
    expect(o.mid).toBeCloseTo(1, 12); // (0.95 + 1.05) / 2
    expect(o.spreadPct).toBeCloseTo(0.1, 12); // 0.10 / 1.00
    expect(o.dte).toBe(30);
    expect(o.ror).toBeCloseTo(1 / 56, 12); // premium 1.00 / (strike 57 − premium 1.00)
    expect(o.annualizedRor).toBeCloseTo((1 / 56) * (365 / 30), 12); // 0.2173
    expect(o.pop).toBe(popShortPut({ ...model, strike: 57, premium: 1 }));
    // By hand: ln(60/56) = 0.06899, drift (0.04 − 0.0242)·T = 0.0013, σ√T = 0.0632 → N(1.111) ≈ 0.867.
    expect(o.pop).toBeCloseTo(0.867, 2);
    expect(o.ivRank).toBe(0.4);
    expect(o.delta).toBe(-0.25);
    expect(o.iv).toBe(0.22);
    // OI: log10(3001)/4 = 0.86932; volume: log10(201)/3 = 0.76773; depth 0.81853; spread 10% → × 0.8 = 0.65482.
    expect(o.details.liquidity).toBeCloseTo(0.65482, 5);
    expect(o.details).toMatchObject({ capital: 'cash_secured', capitalPerShare: 56, premium: 'mid' });
    expect(o.rank).toBe(1);
  });

  it('uses the covered basis, else the spot, and the margin function for the return', () => {
    const call = opt({ right: 'call', strike: 63, delta: 0.25 });
    expect(only(scan([call], { capital: 'covered' })).ror).toBeCloseTo(1 / 60, 12); // premium / spot 60
    expect(only(scan([call], { capital: 'covered', coveredBasis: 50 })).ror).toBeCloseTo(0.02, 12); // 1 / 50
    const margined = only(scan([opt()], { capital: 'margin', marginPerShare: () => 12 }));
    expect(margined.ror).toBeCloseTo(1 / 12, 12);
    expect(margined.annualizedRor).toBeCloseTo((1 / 12) * (365 / 30), 12); // 1.0139
    // A margin basis without a requirement leaves the return unknown, not 0.
    expect(only(scan([opt()], { capital: 'margin', marginPerShare: () => null })).ror).toBeNull();
    expect(only(scan([opt()], { capital: 'margin' })).annualizedRor).toBeNull();
  });

  it('gives a short call its POP below strike + premium', () => {
    const o = only(scan([opt({ right: 'call', strike: 63, delta: 0.25 })]));
    expect(o.pop).toBe(popShortCall({ ...model, strike: 63, premium: 1 }));
  });

  it('gives longs the mirror POP and no return', () => {
    const put = only(scan([opt()], { side: 'buy', capital: 'premium' }));
    expect(put.ror).toBeNull();
    expect(put.annualizedRor).toBeNull();
    expect(put.pop).toBe(probabilityBelow(56, model)); // a long put profits below strike − premium
    expect(put.pop! + popShortPut({ ...model, strike: 57, premium: 1 })).toBeCloseTo(1, 12);
    const call = only(scan([opt({ right: 'call', strike: 63 })], { side: 'buy', capital: 'premium' }));
    expect(call.pop).toBe(probabilityAbove(64, model));
  });

  it('models the delta from the IV when the quote has none', () => {
    const o = only(scan([opt({ delta: null })]));
    const T = model.T;
    expect(o.delta).toBe(greeks({ right: 'put', S: 60, K: 57, T, r: RATE, q: 0, sigma: 0.22 }).delta);
    expect(o.details.deltaSource).toBe('model');
  });

  it('implies the IV from the mid when the quote has none', () => {
    const priced = quote({ symbol: 'KO', spot: 60, expiry: EXPIRY, strike: 57, right: 'put', iv: 0.3 });
    const o = only(scan([{ ...priced, iv: null }]));
    const mid = (priced.bid! + priced.ask!) / 2;
    expect(o.iv).toBe(impliedVol({ right: 'put', S: 60, K: 57, T: model.T, r: RATE, q: 0, price: mid }));
    expect(o.iv).toBeCloseTo(0.3, 2); // the bid and ask sit around the 30%-vol price, rounded to cents
    expect(o.details.ivSource).toBe('implied');
  });

  it('leaves every quote-based figure null without a two-sided market', () => {
    for (const over of [
      { bid: 0, ask: 1.05 },
      { bid: null, ask: 1.05 },
      { bid: 1.1, ask: 1.0 }, // crossed
    ]) {
      const o = only(scan([opt({ ...over, iv: null, delta: null })]));
      expect(o).toMatchObject({ mid: null, spreadPct: null, ror: null, annualizedRor: null, pop: null, iv: null });
      expect(o.delta).toBeNull();
    }
  });

  it('counts 0 DTE but cannot annualize it', () => {
    const today = parseIsoDate('2026-03-02');
    const o = only(scan([opt({ expiry: today })]));
    expect(o.dte).toBe(0);
    expect(o.ror).toBeCloseTo(1 / 56, 12);
    expect(o.annualizedRor).toBeNull();
  });
});

describe('scanOptions: filters', () => {
  it('rejects by right, DTE and strike', () => {
    const result = scan(
      [
        opt({ right: 'call', strike: 63 }),
        opt({ expiry: daysOut(9) }), // Wednesday 2026-03-11
        opt({ expiry: daysOut(51) }), // Wednesday 2026-04-22
        opt({ strike: 50 }),
        opt({ strike: 59 }),
        opt(),
      ],
      {},
      { rights: ['put'], minDte: 10, maxDte: 50, minStrike: 55, maxStrike: 58 },
    );
    expect(result.considered).toBe(6);
    expect(result.rejected).toEqual({ right: 1, dte: 2, strike: 2 });
    expect(keysOf(result)).toEqual([`KO|${EXPIRY}|57|put`]);
  });

  it('bounds |delta| (inclusive) and fails an unknown delta', () => {
    const result = scan(
      [
        opt({ strike: 50, delta: -0.1 }),
        opt({ strike: 51, delta: -0.2 }),
        opt({ strike: 52, delta: -0.3 }),
        opt({ strike: 53, delta: -0.35 }),
        opt({ strike: 54, delta: null, iv: null, bid: null, ask: null }), // nothing to model a delta from
      ],
      {},
      { minAbsDelta: 0.2, maxAbsDelta: 0.3 },
    );
    expect(result.rejected).toEqual({ delta: 2, unknown_data: 1 });
    expect(result.opportunities.map((o) => o.strike).sort()).toEqual([51, 52]);
    expect(result.missing).toContain('delta unknown for 1 of 5 KO options in range');
    expect(result.missing).toContain('no two-sided quote for 1 of 5 KO options in range');
    expect(result.missing).toContain('IV unknown for 1 of 5 KO options in range');
  });

  it('bounds the IV and fails an unknown IV', () => {
    const result = scan(
      [
        opt({ strike: 50, iv: 0.15 }),
        opt({ strike: 51, iv: 0.25 }),
        opt({ strike: 52, iv: 0.35 }),
        opt({ strike: 53, iv: null, bid: null, ask: null }),
      ],
      {},
      { minIv: 0.2, maxIv: 0.3 },
    );
    expect(result.rejected).toEqual({ iv: 2, unknown_data: 1 });
    expect(keysOf(result)).toEqual([`KO|${EXPIRY}|51|put`]);
  });

  it('bounds the IV rank of the underlier and fails an unknown one', () => {
    const options = [opt({ strike: 50 }), opt({ strike: 51 })];
    expect(scan(options, {}, { minIvRank: 0.5 }).rejected).toEqual({ iv_rank: 2 }); // KO's IV rank is 0.4
    expect(scan(options, {}, { minIvRank: 0.3, maxIvRank: 0.4 }).opportunities).toHaveLength(2);
    const unknown = scan(options, { underlier: underlier('KO', 60, { ivRank: null }) }, { minIvRank: 0.3 });
    expect(unknown.rejected).toEqual({ unknown_data: 2 });
    expect(unknown.missing).toEqual(['IV rank of KO unknown']);
  });

  it('asks sells for a minimum credit (the mid), not buys', () => {
    const options = [
      opt({ strike: 50, bid: 0.25, ask: 0.35 }), // mid 0.30
      opt({ strike: 51, bid: 0.45, ask: 0.55 }), // mid 0.50: at the minimum, kept
      opt({ strike: 52, bid: null }),
    ];
    const sells = scan(options, {}, { minCredit: 0.5 });
    expect(sells.rejected).toEqual({ credit: 1, unknown_data: 1 });
    expect(keysOf(sells)).toEqual([`KO|${EXPIRY}|51|put`]);
    expect(sells.missing).toContain('no two-sided quote for 1 of 3 KO options in range');
    expect(scan(options, { side: 'buy', capital: 'premium' }, { minCredit: 0.5 }).opportunities).toHaveLength(3);
  });

  it('bounds the price', () => {
    const result = scan(
      [
        opt({ strike: 50, bid: 0.25, ask: 0.35 }), // 0.30
        opt({ strike: 51 }), // 1.00
        opt({ strike: 52, bid: 2.9, ask: 3.1 }), // 3.00
        opt({ strike: 53, ask: null }),
      ],
      {},
      { minPrice: 0.5, maxPrice: 2 },
    );
    expect(result.rejected).toEqual({ price: 2, unknown_data: 1 });
    expect(keysOf(result)).toEqual([`KO|${EXPIRY}|51|put`]);
  });

  it('caps the spread and fails a one-sided market', () => {
    const result = scan(
      [
        opt({ strike: 50, bid: 0.96, ask: 1.04 }), // 8%
        opt({ strike: 51, bid: 0.8, ask: 1.2 }), // 40%
        opt({ strike: 52, bid: 0, ask: 1 }), // no bid
      ],
      {},
      { maxSpreadPct: 0.1 },
    );
    expect(result.rejected).toEqual({ spread: 1, unknown_data: 1 });
    expect(keysOf(result)).toEqual([`KO|${EXPIRY}|50|put`]);
  });

  it('asks for volume and open interest and fails unknown ones', () => {
    const options = [
      opt({ strike: 50, volume: 50, openInterest: 500 }),
      opt({ strike: 51, volume: 200, openInterest: 3000 }),
      opt({ strike: 52, volume: null, openInterest: null }),
    ];
    const byVolume = scan(options, {}, { minVolume: 100 });
    expect(byVolume.rejected).toEqual({ volume: 1, unknown_data: 1 });
    expect(keysOf(byVolume)).toEqual([`KO|${EXPIRY}|51|put`]);
    expect(byVolume.missing).toEqual(['volume unknown for 1 of 3 KO options in range']);
    const byOi = scan(options, {}, { minOpenInterest: 1000 });
    expect(byOi.rejected).toEqual({ open_interest: 1, unknown_data: 1 });
    expect(byOi.missing).toEqual(['open interest unknown for 1 of 3 KO options in range']);
    // Without the filters nothing is missing: volume and OI only matter to them (and count 0 in the liquidity).
    expect(scan(options).missing).toEqual([]);
  });

  it('counts a candidate once, under the first filter it fails', () => {
    const result = scan([opt({ delta: -0.5, bid: 0.5, ask: 1.5 })], {}, { maxAbsDelta: 0.3, maxSpreadPct: 0.1 });
    expect(result.rejected).toEqual({ delta: 1 });
  });
});

describe('scanOptions: scores and ranks', () => {
  // Far: more likely to expire worthless, less premium, thin; near: more premium, deep and tight.
  const far = opt({ strike: 50, bid: 0.28, ask: 0.32, delta: -0.08, volume: 10, openInterest: 100 });
  const near = opt({ strike: 58, bid: 1.4, ask: 1.44, delta: -0.3, volume: 1000, openInterest: 10_000 });
  const mid = opt({ strike: 55, bid: 0.72, ask: 0.78, delta: -0.18, volume: 100, openInterest: 1000 });

  it('ranks by POP, annualized return or liquidity', () => {
    expect(keysOf(scan([near, mid, far], { score: 'pop' })).map((k) => k.split('|')[2])).toEqual(['50', '55', '58']);
    const byRor = scan([far, mid, near], { score: 'annualized_ror' });
    expect(byRor.opportunities.map((o) => o.strike)).toEqual([58, 55, 50]);
    // 1.42/(58 − 1.42) · 365/30 = 0.3053 for the near put.
    expect(byRor.opportunities[0]!.score).toBeCloseTo((1.42 / 56.58) * (365 / 30), 12);
    const byLiquidity = scan([far, mid, near], { score: 'liquidity' });
    expect(byLiquidity.opportunities.map((o) => o.strike)).toEqual([58, 55, 50]);
    // Near: OI 10,000 and volume 1,000 count in full; spread 0.04/1.42 = 2.817% → 1 − 0.02817/0.5 = 0.94366.
    expect(byLiquidity.opportunities[0]!.score).toBeCloseTo(1 - 0.04 / 1.42 / 0.5, 12);
    expect(byLiquidity.opportunities.map((o) => o.rank)).toEqual([1, 2, 3]);
  });

  it('scores balanced as 0.4 annualized return (capped at 100%) + 0.3 POP + 0.2 liquidity + 0.1 IV rank', () => {
    const o = only(scan([opt()], { capital: 'margin', marginPerShare: () => 12 }));
    // Annualized 1.0139 is capped at 1; liquidity 0.65482 (worked out above); IV rank 0.4.
    const expected = 0.4 * 1 + 0.3 * popShortPut({ ...model, strike: 57, premium: 1 }) + 0.2 * 0.65482 + 0.1 * 0.4;
    expect(o.score).toBeCloseTo(expected, 5);
    const uncapped = only(scan([opt()]));
    const expectedUncapped = 0.4 * ((1 / 56) * (365 / 30)) + 0.3 * uncapped.pop! + 0.2 * 0.65482 + 0.1 * 0.4;
    expect(uncapped.score).toBeCloseTo(expectedUncapped, 5);
  });

  it('ranks by IV rank, ties broken by expiry, then strike, then right', () => {
    const later = daysOut(37); // Wednesday 2026-04-08
    const options = [
      opt({ strike: 57, expiry: later }),
      opt({ strike: 100, right: 'call' }),
      opt({ strike: 57, right: 'call' }),
      opt({ strike: 57 }),
      opt({ strike: 9 }),
    ];
    const expected = [
      `KO|${EXPIRY}|9|put`,
      `KO|${EXPIRY}|57|put`,
      `KO|${EXPIRY}|57|call`,
      `KO|${EXPIRY}|100|call`,
      `KO|${later}|57|put`,
    ];
    const result = scan(options, { score: 'iv_rank' });
    expect(result.opportunities.every((o) => o.score === 0.4)).toBe(true);
    expect(keysOf(result)).toEqual(expected);
    expect(keysOf(scan([...options].reverse(), { score: 'iv_rank' }))).toEqual(expected);
    expect(result.opportunities.map((o) => o.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('scores an unknown figure as 0', () => {
    const noQuote = opt({ bid: null, ask: null, iv: null, delta: null, volume: null, openInterest: null });
    expect(only(scan([noQuote], { underlier: underlier('KO', 60, { ivRank: null }) })).score).toBe(0);
  });
});

describe('liquidityScore', () => {
  it('multiplies depth by tightness', () => {
    // OI 5,000: log10(5001)/4 = 0.92477; volume 500: log10(501)/3 = 0.89995; depth 0.91236; 5% spread → × 0.9.
    expect(liquidityScore(5000, 500, 0.05)).toBeCloseTo(0.82112, 5);
    expect(liquidityScore(1e6, 1e6, 0)).toBe(1);
    expect(liquidityScore(1e6, 1e6, 0.5)).toBe(0);
    expect(liquidityScore(1e6, 1e6, null)).toBe(0);
    expect(liquidityScore(null, 1e6, 0)).toBe(0.5);
  });
});

describe('scanOptions: missing data', () => {
  it('scans nothing when the spot is unknown, and says so', () => {
    const result = scan([opt(), opt({ strike: 55 })], { underlier: underlier('KO', null) });
    expect(result).toEqual({
      opportunities: [],
      considered: 2,
      rejected: { unknown_data: 2 },
      missing: ['spot of KO unknown: none of its 2 options could be scanned'],
    });
  });

  it('summarises the unknowns of the candidates in range only', () => {
    const options = [
      opt({ strike: 50, bid: null, iv: null, delta: null }),
      opt({ strike: 51, bid: null }),
      opt({ strike: 52 }),
      opt({ strike: 53, right: 'call', bid: null }), // out of range: not counted
    ];
    const result = scan(options, {}, { rights: ['put'], maxSpreadPct: 0.2 });
    expect(result.missing).toEqual([
      'no two-sided quote for 2 of 3 KO options in range',
      'IV unknown for 1 of 3 KO options in range',
      'delta unknown for 1 of 3 KO options in range',
    ]);
    expect(result.rejected).toEqual({ right: 1, unknown_data: 2 });
  });

  it('notes an expiry that is not a trading day instead of failing', () => {
    const saturday = parseIsoDate('2026-03-07');
    const o = only(scan([opt({ expiry: saturday })]));
    expect(o.pop).toBeNull();
    expect(o.dte).toBe(5);
    const u: UnderlierMarket = KO;
    expect(scan([opt({ expiry: saturday })], { underlier: u }).missing).toEqual([
      'expiries of KO that are not trading days (cannot be priced): 2026-03-07',
    ]);
  });

  it('prices an AM-settled root to the open on its monthly expiry only', () => {
    const spx = underlier('SPX', 6000, { kind: 'index_etf' });
    const monthly = parseIsoDate('2026-03-20'); // third Friday: SPX settles on the opening prints
    const weekly = parseIsoDate('2026-03-13'); // SPXW: the close
    const put = (expiry: typeof monthly) =>
      only(scan([opt({ symbol: 'SPX', strike: 5800, expiry, bid: 20, ask: 21, iv: 0.18 })], { underlier: spx }));
    const lognormal = (T: number) => ({ S: 6000, T, sigma: 0.18, r: RATE, q: 0, strike: 5800, premium: 20.5 });
    expect(put(monthly).pop).toBe(popShortPut(lognormal(yearFractionToExpiry(NOW_MS, monthly, 'am'))));
    expect(put(weekly).pop).toBe(popShortPut(lognormal(yearFractionToExpiry(NOW_MS, weekly, 'pm'))));
  });

  it('says when there is nothing to scan', () => {
    expect(scan([]).missing).toEqual(['no options of KO to scan']);
  });
});
