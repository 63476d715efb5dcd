import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar';
import { instanceConfigSchema } from './engine';
import {
  account,
  chain,
  input,
  listed,
  market,
  optionPosition,
  slice,
  stockPosition,
  underlier,
} from './testing/fixtures';
import type { OptionEvent, OptionQuote, OptionSide, StrategyAccount, StrategyMarket } from './types';
import { type WheelConfig, strikeBandForDelta, wheelConfigSchema, wheelPlugin } from './wheel';

// TODAY is Monday 2026-03-02; the expiries' days to expiry:
const MAR20 = parseIsoDate('2026-03-20'); // 18
const MAR27 = parseIsoDate('2026-03-27'); // 25
const APR10 = parseIsoDate('2026-04-10'); // 39: inside the default 30–45 entry windows
const APR17 = parseIsoDate('2026-04-17'); // 46: inside the 30–60 roll window only

const opt =
  (symbol: string, right: OptionSide) =>
  (expiry: typeof MAR20, strike: number, bid: number | null, ask: number | null, delta: number | null) =>
    listed({ symbol, expiry, strike, right, bid, ask, delta });
const koPut = opt('KO', 'put');
const koCall = opt('KO', 'call');
const pepPut = opt('PEP', 'put');

// KO at 62: of these puts only the 60 is in the default |Δ| band 0.25–0.35.
const KO_PUTS = [
  koPut(APR10, 57, 0.45, 0.49, -0.2),
  koPut(APR10, 58, 0.58, 0.62, -0.24),
  koPut(APR10, 60, 0.95, 1.0, -0.3),
  koPut(APR10, 62, 1.75, 1.85, -0.45),
];
// PEP at 150: the 145 put is in the band.
const PEP_PUTS = [pepPut(APR10, 145, 2.1, 2.2, -0.3)];

const config = (partial: Record<string, unknown>): WheelConfig => wheelConfigSchema.parse(partial);

function run(partial: Record<string, unknown>, acct: StrategyAccount, m: StrategyMarket) {
  return wheelPlugin.generateSignals(input(config(partial), acct, m));
}

const koMarket = (options: readonly OptionQuote[], spot: number | null = 62) =>
  market([underlier('KO', spot)], [slice('KO', options)]);

describe('wheelConfigSchema', () => {
  it('defaults every knob', () => {
    const c = config({});
    expect(c).toMatchObject({
      symbols: [],
      weights: {},
      strikeLimits: {},
      targetDelta: 0.3,
      minDte: 30,
      maxDte: 45,
      minOpenInterest: 100,
      minCredit: 0.3,
      scoreMethod: 'balanced',
      maxNewPctOfBuyingPower: 0.05,
      callTargetDelta: 0.3,
      callStrikeFloor: 'cost_basis_or_spot',
      coverPct: 1,
    });
    expect(c.rollRules).toMatchObject({ profitTargetPct: 0.5, rollAtDte: 21 });
  });

  it('upper-cases per-symbol keys and fills partial roll rules', () => {
    const c = config({ weights: { ko: 2 }, rollRules: { rollAtDte: 14 } });
    expect(c.weights).toEqual({ KO: 2 });
    expect(c.rollRules).toMatchObject({ rollAtDte: 14, profitTargetPct: 0.5, rollMaxDte: 60 });
  });

  it('rejects a DTE window that ends before it starts, also inside the instance schema', () => {
    expect(wheelConfigSchema.safeParse({ minDte: 50, maxDte: 40 }).success).toBe(false);
    expect(instanceConfigSchema(wheelPlugin).safeParse({ callMinDte: 50, callMaxDte: 40 }).success).toBe(false);
  });
});

describe('strikeBandForDelta', () => {
  it('spans the strikes of a delta band over the window for vols 10%–100%', () => {
    // Puts |Δ| 0.25–0.35: lowest at |Δ| 0.25, σ 100%, 45 DTE: exp(−0.6745 × 0.3511 + 0.0616) = 0.8393, × 0.98 = 0.8225;
    // highest at |Δ| 0.35, σ 10%, 30 DTE: exp(−0.3853 × 0.02867 + 0.00041) = 0.9894, × 1.02 = 1.0092.
    expect(strikeBandForDelta('put', 0.25, 0.35, 30, 45)).toEqual({ min: 0.8225, max: 1.0092 });
  });
});

describe('Wheel: cash-secured puts', () => {
  const bothMarket = market(
    [underlier('KO', 62), underlier('PEP', 150)],
    [slice('KO', KO_PUTS), slice('PEP', PEP_PUTS)],
  );

  it('sells the put in the delta band, sized by the weighted share of the per-run budget', () => {
    // Budget 200,000 × 5% = 10,000; KO weight 3 of 4 → 7,500, PEP 1 of 4 → 2,500.
    // KO 60 put secures 6,000: floor(7,500 / 6,000) = 1. PEP 145 put secures 14,500 > 2,500: skipped.
    const out = run({ symbols: ['KO', 'PEP'], weights: { KO: 3 } }, account([]), bothMarket);
    expect(out.recommendations).toHaveLength(1);
    const r = out.recommendations[0]!;
    expect(r.action).toBe('sell_put');
    expect(r.quantity).toBe(1);
    expect(r.legs).toEqual([
      {
        symbol: 'KO',
        kind: 'option',
        right: 'put',
        strike: 60,
        expiry: APR10,
        multiplier: 100,
        side: 'SELL',
        ratio: 1,
        bid: 0.95,
        ask: 1.0,
        mid: 0.975,
      },
    ]);
    expect(r.limitPrice).toBeCloseTo(0.975, 10);
    expect(r.spread).toEqual({ bid: 0.95, ask: 1.0 });
    expect(r.opportunityKey).toBe('KO|2026-04-10|60|put');
    expect(r.rationale).toContain('Sell 1 KO 2026-04-10 60 put at 0.975 (mid; bid 0.95 / ask 1.00): Δ −0.30, 39 DTE');
    expect(r.rationale).toContain(
      "Cash secured 6,000: KO's budget 7,500 = 5% of buying power 200,000 × weight 3/4; 6,000 per contract → 1",
    );
    expect(r.params).toMatchObject({ targetDelta: 0.3, budget: 7500, capitalPerContract: 6000, weight: 3 });
    // Confidence = POP × (1 − spread / mid) = POP × (1 − 0.05 / 0.975).
    const chosen = out.opportunities.find((o) => o.key === r.opportunityKey)!;
    expect(r.confidence).toBe(Math.round(chosen.pop! * (1 - 0.05 / 0.975) * 100) / 100);

    const skipped = out.signals.find((s) => s.symbol === 'PEP');
    expect(skipped?.kind).toBe('skipped');
    expect(skipped?.message).toContain(
      "secures 14,500 per contract, more than PEP's budget 2,500 = 5% of buying power 200,000 × weight 1/4",
    );
  });

  it('caps the contracts at maxNewContractsPerRun over the whole run', () => {
    // Buying power 1,000,000: budget 50,000; KO 3/4 = 37,500 → floor(37,500 / 6,000) = 6, capped at 4;
    // PEP 12,500 < 14,500 → none. With a cap of 6, KO takes all 6 and PEP is told the cap is used.
    const rich = account([], { buyingPower: 1_000_000 });
    const capped = run({ symbols: ['KO', 'PEP'], weights: { KO: 3 }, maxNewContractsPerRun: 4 }, rich, bothMarket);
    expect(capped.recommendations.map((r) => r.quantity)).toEqual([4]);
    expect(capped.recommendations[0]?.rationale).toContain('→ 6, capped at 4 by the 4 new contracts per run');

    const even = account([], { buyingPower: 2_000_000 });
    // Budget 100,000, each 50,000: KO floor(50,000 / 6,000) = 8 → capped at 6; PEP floor(50,000 / 14,500) = 3 → 0 left.
    const used = run({ symbols: ['KO', 'PEP'], maxNewContractsPerRun: 6 }, even, bothMarket);
    expect(used.recommendations.map((r) => [r.symbol, r.quantity])).toEqual([['KO', 6]]);
    expect(used.signals.find((s) => s.symbol === 'PEP')?.message).toContain('the 6 new contracts allowed per run');
  });

  it('takes the best-ranked put whose contract fits the budget', () => {
    // Band 0.30 ± 0.07 = 0.23–0.37: the 58 (secures 5,800) and 60 (6,000) puts pass. A 5,900 budget (buying power
    // 118,000 × 5%) fits only the 58, whatever their ranks.
    const out = run(
      { symbols: ['KO'], deltaTolerance: 0.07 },
      account([], { buyingPower: 118_000 }),
      koMarket(KO_PUTS),
    );
    expect(out.opportunities.map((o) => o.strike).sort()).toEqual([58, 60]);
    const r = out.recommendations[0];
    expect(r?.legs[0]?.strike).toBe(58);
    expect(r?.quantity).toBe(1);
  });

  it('applies a per-symbol delta target', () => {
    // KO target 0.20 ± 0.05 → 0.15–0.25: the 57 (−0.20) and 58 (−0.24) puts; never the 60.
    const out = run({ symbols: ['KO'], targetDeltaBySymbol: { KO: 0.2 } }, account([]), koMarket(KO_PUTS));
    expect(out.opportunities.map((o) => o.strike).sort()).toEqual([57, 58]);
    expect(out.recommendations[0]?.opportunityKey).toBe(out.opportunities[0]?.key);
    expect(out.recommendations[0]?.params.targetDelta).toBe(0.2);
  });

  it('keeps new puts within the per-symbol strike limits', () => {
    // Band 0.20–0.30 with maxStrike 59: the 60 put is out, the 57 and 58 stay.
    const out = run(
      { symbols: ['KO'], targetDelta: 0.25, strikeLimits: { KO: { maxStrike: 59 } } },
      account([]),
      koMarket(KO_PUTS),
    );
    expect(out.opportunities.map((o) => o.strike).sort()).toEqual([57, 58]);
    expect(out.recommendations[0]?.legs[0]?.strike).toBeLessThanOrEqual(59);
  });

  it('skips, and fetches nothing, when the strike limits leave no put in the delta band', () => {
    const c = { symbols: ['KO'], strikeLimits: { KO: { minStrike: 70 } } };
    const out = run(c, account([]), koMarket(KO_PUTS));
    expect(out.recommendations).toEqual([]);
    expect(out.signals.map((s) => s.kind)).toEqual(['skipped']);
    const needs = wheelPlugin.dataNeeds({
      ...input(config(c), account([]), koMarket([])),
      spots: new Map([['KO', 62]]),
    });
    expect(needs).toEqual([]);
  });

  it('says why when no put passes the filters', () => {
    // Credit floor 2.00: every put's mid is under it.
    const out = run({ symbols: ['KO'], minCredit: 2 }, account([]), koMarket(KO_PUTS));
    expect(out.recommendations).toEqual([]);
    expect(out.signals[0]?.kind).toBe('skipped');
    expect(out.signals[0]?.message).toContain(
      'No KO put passed the filters (4 considered; rejected: delta 3, credit 1)',
    );
  });

  it('ranks the opportunities of every symbol together, best first', () => {
    const out = run({ symbols: ['KO', 'PEP'] }, account([]), bothMarket);
    expect(out.opportunities.map((o) => o.key).sort()).toEqual(['KO|2026-04-10|60|put', 'PEP|2026-04-10|145|put']);
    expect(out.opportunities.map((o) => o.rank)).toEqual([1, 2]);
    expect(out.opportunities[0]!.score).toBeGreaterThanOrEqual(out.opportunities[1]!.score);
  });

  it('picks the best-ranked put of a Black-Scholes-priced chain', () => {
    const bs = chain('KO', 62, [APR10], { from: 50, to: 66, step: 1 });
    const out = run({ symbols: ['KO'] }, account([]), market([underlier('KO', 62)], [bs]));
    const puts = out.opportunities.filter((o) => o.right === 'put');
    expect(puts.length).toBeGreaterThan(0);
    for (const o of puts) expect(Math.abs(o.delta!)).toBeGreaterThanOrEqual(0.25);
    expect(out.recommendations[0]?.opportunityKey).toBe(puts[0]?.key);
  });
});

describe('Wheel: covered calls after assignment', () => {
  // KO at 62. Calls: the 63 is in the |Δ| band but may sit under the floor; 64 and 65 in or near it; 66 below it.
  const KO_CALLS = [
    koCall(APR10, 63, 1.0, 1.04, 0.33),
    koCall(APR10, 64, 0.7, 0.74, 0.27),
    koCall(APR10, 65, 0.48, 0.52, 0.22),
    koCall(APR10, 66, 0.31, 0.33, 0.17),
  ];
  const shares = (quantity: number, avgPrice: number | null, premiums: Record<string, number> = {}, extra = []) =>
    account([stockPosition('KO', quantity, avgPrice, 62), ...extra], { cyclePremiums: premiums });

  it('sells calls on every lot at or over max(cost basis, spot), the premiums lowering the basis', () => {
    // Basis 65.50 − 1.50 = 64.00; floor max(64.00, 62.00) = 64: the 63 call is out, the 64 call (|Δ| 0.27) is in.
    const out = run({ symbols: ['KO'] }, shares(200, 65.5, { KO: 1.5 }), koMarket(KO_CALLS));
    expect(out.recommendations).toHaveLength(1);
    const r = out.recommendations[0]!;
    expect(r.action).toBe('sell_call');
    expect(r.quantity).toBe(2);
    expect(r.legs[0]).toMatchObject({ side: 'SELL', right: 'call', strike: 64, expiry: APR10 });
    expect(r.limitPrice).toBeCloseTo(0.72, 10);
    expect(r.rationale).toContain('Cost basis 64.00 = average price 65.50 − cycle premiums 1.50 per share');
    expect(r.rationale).toContain('strike ≥ 64.00 = max(cost basis 64.00, spot 62.00)');
    expect(r.params).toMatchObject({ costBasis: 64, strikeFloor: 64, cyclePremiums: 1.5, lots: 2 });
    expect(out.opportunities.every((o) => o.strike >= 64)).toBe(true);
  });

  it('without the premiums the basis is higher and only a call below the delta band clears it', () => {
    // Basis 65.50: the 64 and 65 calls are under it; the 66 (|Δ| 0.17) is the nearest the target from below the band.
    const out = run({ symbols: ['KO'] }, shares(200, 65.5), koMarket(KO_CALLS));
    const r = out.recommendations[0];
    expect(r?.legs[0]?.strike).toBe(66);
    expect(r?.params.belowBandFallback).toBe(true);
    expect(r?.rationale).toContain('no call at |Δ| 0.25–0.35 clears the floor');
  });

  it("uses the spot as the floor when it is above the basis, and the basis alone with 'cost_basis'", () => {
    // Basis 60.00 − 1.50 = 58.50 < spot 62: floor 62, so the 63 call (|Δ| 0.33) may be taken.
    const atSpot = run({ symbols: ['KO'] }, shares(100, 60, { KO: 1.5 }), koMarket(KO_CALLS));
    expect(atSpot.recommendations[0]?.params.strikeFloor).toBe(62);
    const atBasis = run(
      { symbols: ['KO'], callStrikeFloor: 'cost_basis' },
      shares(100, 60, { KO: 1.5 }),
      koMarket([koCall(APR10, 61, 1.6, 1.66, 0.3), ...KO_CALLS]),
    );
    expect(atBasis.recommendations[0]?.params.strikeFloor).toBe(58.5);
    expect(atBasis.opportunities.some((o) => o.strike === 61)).toBe(true);
  });

  it('covers only coverPct of the lots, counting the calls already open', () => {
    // 300 shares, cover 50%: floor(3 × 0.5) = 1 call.
    const half = run({ symbols: ['KO'], coverPct: 0.5 }, shares(300, 60), koMarket(KO_CALLS));
    expect(half.recommendations.map((r) => [r.action, r.quantity])).toEqual([['sell_call', 1]]);
    // 500 shares, cover 50%: floor(2.5) = 2, one call open (25 DTE, 20% captured: left alone) → 1 more.
    const open = [optionPosition('KO', 'call', 66, MAR27, -1, 0.5, 0.4)];
    const more = run(
      { symbols: ['KO'], coverPct: 0.5 },
      account([stockPosition('KO', 500, 60, 62), ...open]),
      koMarket(KO_CALLS),
    );
    expect(more.recommendations.map((r) => [r.action, r.quantity])).toEqual([['sell_call', 1]]);
    expect(more.recommendations[0]?.rationale).toContain(
      'Covers 1 of 5 lots (500 shares; cover 50% → 2, 1 already covered)',
    );
    // 300 shares at 50% with one call open: covered already; nothing sold.
    const covered = run(
      { symbols: ['KO'], coverPct: 0.5 },
      account([stockPosition('KO', 300, 60, 62), ...open]),
      koMarket(KO_CALLS),
    );
    expect(covered.recommendations).toEqual([]);
  });

  it('sells no put while shares are held, and says so for an odd lot', () => {
    const odd = run({ symbols: ['KO'] }, shares(50, 60), koMarket([...KO_PUTS, ...KO_CALLS]));
    expect(odd.recommendations).toEqual([]);
    expect(odd.signals.map((s) => s.kind)).toEqual(['skipped']);
    expect(odd.signals[0]?.message).toContain('50 shares, under one 100-share lot');
  });

  it('reports the unknown cost basis instead of selling under it', () => {
    const out = run({ symbols: ['KO'] }, shares(100, null), koMarket(KO_CALLS));
    expect(out.recommendations).toEqual([]);
    expect(out.signals.map((s) => s.kind)).toEqual(['missing_data']);
    expect(out.signals[0]?.message).toContain('average price of the KO shares is unknown');
  });
});

describe('Wheel: managing open shorts', () => {
  it('rolls a put at the profit target and sells no new put on the symbol', () => {
    // Sold at 1.20, now 0.34: 72% ≥ 50%. The earliest expiry in the 30–60 DTE roll window is APR10 (39 DTE), where
    // the 60 put is |Δ| 0.30: net 0.34 − 0.975 = −0.635, a credit. The APR17 58 put is a later expiry.
    const position = optionPosition('KO', 'put', 60, MAR27, -1, 1.2, 0.34);
    const options = [koPut(MAR27, 60, 0.33, 0.35, -0.1), koPut(APR17, 58, 0.73, 0.77, -0.29), ...KO_PUTS];
    const out = run({ symbols: ['KO'] }, account([position]), koMarket(options));
    expect(out.recommendations).toHaveLength(1);
    const r = out.recommendations[0]!;
    expect(r.action).toBe('roll_put');
    expect(r.legs.map((l) => [l.side, l.expiry, l.strike])).toEqual([
      ['BUY', MAR27, 60],
      ['SELL', APR10, 60],
    ]);
    expect(r.limitPrice).toBeCloseTo(-0.635, 10);
    expect(r.params).toMatchObject({ strategy: 'wheel', rule: 'profit_target' });
  });

  it('rolls at the DTE floor only when the P&L meets the threshold', () => {
    // 18 DTE ≤ 21. Captured (1.20 − 0.90) / 1.20 = 25% ≥ 20% → roll to the 59 put for 0.96 − 0.90 = 0.06 credit;
    // at 1.00 it is 16.7% < 20% → hold with 'roll_due'.
    const options = [
      koPut(MAR20, 60, 0.88, 0.92, -0.3),
      koPut(APR17, 58, 0.73, 0.77, -0.29),
      koPut(APR17, 59, 0.93, 0.99, -0.33),
    ];
    const c = { symbols: ['KO'], rollRules: { minProfitPctAtDte: 0.2 } };
    const rolled = run(c, account([optionPosition('KO', 'put', 60, MAR20, -1, 1.2, 0.9)]), koMarket(options));
    expect(rolled.recommendations[0]?.legs[1]?.strike).toBe(59);
    expect(rolled.recommendations[0]?.limitPrice).toBeCloseTo(-0.06, 10);
    const held = run(c, account([optionPosition('KO', 'put', 60, MAR20, -1, 1.2, 1.0)]), koMarket(options));
    expect(held.recommendations).toEqual([]);
    expect(held.signals.map((s) => s.kind)).toEqual(['roll_due']);
  });

  describe('an in-the-money put near expiry', () => {
    // KO at 57.50; short 60 put (18 DTE) sold at 1.20, mark 2.80.
    const position = optionPosition('KO', 'put', 60, MAR20, -1, 1.2, 2.8);
    const held = koPut(MAR20, 60, 2.75, 2.85, -0.8);
    const lower = koPut(APR17, 59, 2.8, 2.9, -0.56); // +0.05 credit
    const higher = koPut(APR17, 62, 4.85, 4.95, -0.75); // +2.10 credit, but up in strike
    const acct = account([position]);

    it("lets it be assigned under 'let_assign'", () => {
      const out = run({ symbols: ['KO'], rollRules: { itmPolicy: 'let_assign' } }, acct, koMarket([held, lower], 57.5));
      expect(out.recommendations).toEqual([]);
      expect(out.signals.map((s) => s.kind)).toEqual(['assignment_expected']);
    });

    it("closes it under 'close'", () => {
      const out = run({ symbols: ['KO'], rollRules: { itmPolicy: 'close' } }, acct, koMarket([held, lower], 57.5));
      expect(out.recommendations.map((r) => [r.action, r.limitPrice])).toEqual([['close', 2.8]]);
    });

    it("rolls it out, never up, under 'roll'", () => {
      const out = run({ symbols: ['KO'] }, acct, koMarket([held, lower, higher], 57.5));
      expect(out.recommendations[0]?.action).toBe('roll_put');
      expect(out.recommendations[0]?.legs[1]?.strike).toBe(59);
    });

    it('closes when only a higher strike pays a credit, or holds when closing is off', () => {
      const closed = run({ symbols: ['KO'] }, acct, koMarket([held, higher], 57.5));
      expect(closed.recommendations.map((r) => r.action)).toEqual(['close']);
      expect(closed.signals.map((s) => s.kind)).toEqual(['roll_unavailable']);
      const kept = run(
        { symbols: ['KO'], rollRules: { closeIfUnableToRoll: false } },
        acct,
        koMarket([held, higher], 57.5),
      );
      expect(kept.recommendations).toEqual([]);
      expect(kept.signals.map((s) => s.kind)).toEqual(['roll_unavailable']);
    });

    it('keeps a rolled put within the strike limits', () => {
      // maxStrike 58.5 removes the 59 target; the held 60 put still prices the buy-back, so: no roll, close.
      const out = run(
        { symbols: ['KO'], strikeLimits: { KO: { maxStrike: 58.5 } } },
        acct,
        koMarket([held, lower], 57.5),
      );
      expect(out.recommendations.map((r) => [r.action, r.limitPrice])).toEqual([['close', 2.8]]);
    });
  });

  it('rolls a covered call no lower than the cost basis', () => {
    // 100 shares at 68.50 with 1.50 of premiums: basis 67. Short 65 call sold at 1.00, now 0.40 (60%): the 66 call is
    // nearest |Δ| 0.30 but under the basis; the 67 call (0.55 − 0.40 = 0.15 credit) is taken. The lot is covered.
    const acct = account([stockPosition('KO', 100, 68.5, 63), optionPosition('KO', 'call', 65, MAR27, -1, 1, 0.4)], {
      cyclePremiums: { KO: 1.5 },
    });
    const options = [
      koCall(MAR27, 65, 0.38, 0.42, 0.15),
      koCall(APR17, 66, 0.78, 0.82, 0.31),
      koCall(APR17, 67, 0.53, 0.57, 0.24),
    ];
    const out = run({ symbols: ['KO'] }, acct, koMarket(options, 63));
    expect(out.recommendations).toHaveLength(1);
    expect(out.recommendations[0]?.action).toBe('roll_call');
    expect(out.recommendations[0]?.legs[1]?.strike).toBe(67);
    expect(out.recommendations[0]?.params).toMatchObject({ costBasis: 67, minCallStrike: 67 });
  });
});

describe('Wheel: events', () => {
  const event = (kind: OptionEvent['kind'], right: OptionSide, strike: number, symbol = 'KO'): OptionEvent => ({
    kind,
    symbol,
    right,
    strike,
    expiry: parseIsoDate('2026-02-27'),
    quantity: 2,
    atMs: 0,
  });

  it('names the next step of the cycle after an assignment, a call-away or an expiration', () => {
    const acct = account([], {
      events: [
        event('assignment', 'put', 60),
        event('assignment', 'call', 65),
        event('expiration', 'put', 55),
        event('assignment', 'put', 100, 'MSFT'), // not in the universe
      ],
    });
    const out = run({ symbols: ['KO'] }, acct, koMarket(KO_PUTS));
    const events = out.signals.filter((s) => s.kind === 'assignment' || s.kind === 'expiration');
    expect(events.map((s) => s.message)).toEqual([
      'Assigned 2 KO 60 puts (2026-02-27): 200 shares bought at 60; next: covered calls',
      'Called away 2 KO 65 calls (2026-02-27): 200 shares sold at 65; next: cash-secured puts',
      '2 KO 55 puts (2026-02-27) expired worthless, the premium kept; next: another put',
    ]);
    expect(events[0]?.payload).toMatchObject({ shares: 200, next: 'covered_calls' });
  });
});

describe('Wheel: missing data', () => {
  it('says so when the spot is unknown', () => {
    const out = run({ symbols: ['KO'] }, account([]), koMarket(KO_PUTS, null));
    expect(out.signals.map((s) => s.kind)).toEqual(['missing_data']);
    expect(out.recommendations).toEqual([]);
  });

  it('says so when the chain is missing, with the reason the fetch gave', () => {
    const m = market([underlier('KO', 62)], [slice('KO', [], 'no KO expiration within 30–45 DTE')]);
    const out = run({ symbols: ['KO'] }, account([]), m);
    expect(out.signals.map((s) => [s.kind, s.message])).toEqual([
      ['missing_data', 'No KO options to choose a put from: no KO expiration within 30–45 DTE'],
    ]);
    const unfetched = run({ symbols: ['KO'] }, account([]), market([underlier('KO', 62)]));
    expect(unfetched.signals[0]?.message).toContain('no chain was fetched');
  });

  it('uses a partly fetched chain and says what is absent', () => {
    const m = market([underlier('KO', 62)], [slice('KO', KO_PUTS, 'no quotes for 3 of 7 KO options')]);
    const out = run({ symbols: ['KO'] }, account([]), m);
    expect(out.recommendations.map((r) => r.action)).toEqual(['sell_put']);
    expect(out.signals.map((s) => [s.kind, s.message])).toEqual([
      ['missing_data', 'KO chain incomplete: no quotes for 3 of 7 KO options'],
    ]);
  });

  it('says so when the buying power is unknown', () => {
    const out = run({ symbols: ['KO'] }, account([], { buyingPower: null }), koMarket(KO_PUTS));
    expect(out.recommendations).toEqual([]);
    expect(out.signals.map((s) => s.kind)).toEqual(['missing_data']);
    expect(out.opportunities).toHaveLength(1);
  });

  it('reports quotes missing from the scan', () => {
    const out = run({ symbols: ['KO'] }, account([]), koMarket([koPut(APR10, 60, null, null, -0.3)]));
    expect(out.signals[0]?.kind).toBe('missing_data');
    expect(out.signals[0]?.message).toContain('no two-sided quote for 1 of 1 KO option in range');
  });
});

describe('Wheel: dataNeeds', () => {
  const needs = (acct: StrategyAccount, spots: Record<string, number | null>, partial = {}) =>
    wheelPlugin.dataNeeds({
      ...input(config({ symbols: ['KO'], ...partial }), acct, market([])),
      spots: new Map(Object.entries(spots)),
    });

  it('asks for puts over the entry window when a put would be sold', () => {
    expect(needs(account([]), { KO: 62 })).toEqual([
      { symbol: 'KO', rights: ['put'], minDte: 30, maxDte: 45, minMoneyness: 0.8225, maxMoneyness: 1.0092 },
    ]);
  });

  it('asks for calls at or over the strike floor when shares are held', () => {
    // Floor max(64, 62) = 64 → 64 / 62 = 1.0323 over the band's 0.9913; room above: 1.0323 × 1.1 = 1.1355 < 1.3748.
    const [request, ...rest] = needs(account([stockPosition('KO', 200, 65.5, 62)], { cyclePremiums: { KO: 1.5 } }), {
      KO: 62,
    });
    expect(rest).toEqual([]);
    expect(request).toMatchObject({ symbol: 'KO', rights: ['call'], minDte: 30, maxDte: 45, maxMoneyness: 1.3748 });
    expect(request?.minMoneyness).toBeCloseTo(64 / 62, 4);
  });

  it('asks for a roll chain only for shorts a rule could act on', () => {
    // 25 DTE at 33% captured: nothing to do. 18 DTE: the roll chain from 18 to 60 DTE.
    const quiet = optionPosition('KO', 'put', 60, MAR27, -1, 1.2, 0.8);
    expect(needs(account([quiet]), { KO: 62 })).toEqual([]);
    const due = optionPosition('KO', 'put', 60, MAR20, -1, 1.2, 0.8);
    expect(needs(account([due]), { KO: 62 })).toEqual([
      { symbol: 'KO', rights: ['put'], minDte: 18, maxDte: 60, minMoneyness: 0.75, maxMoneyness: 1.02 },
    ]);
  });

  it('asks for nothing without a spot', () => {
    expect(needs(account([]), { KO: null })).toEqual([]);
  });
});
