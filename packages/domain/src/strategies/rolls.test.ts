import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar';
import type { RollRules, ShortOptionContext } from './roll-types';
import { manageShortOption, rollChainRequest, rollRulesSchema } from './rolls';
import { NOW_MS, RATE, TODAY, listed, optionPosition, slice, stockPosition, underlier } from './testing/fixtures';
import type { OptionQuote, OptionSide, StrategyPosition } from './types';

// TODAY is Monday 2026-03-02; the expiries' days to expiry:
const MAR20 = parseIsoDate('2026-03-20'); // 18 DTE
const MAR27 = parseIsoDate('2026-03-27'); // 25 DTE
const APR17 = parseIsoDate('2026-04-17'); // 46 DTE
const APR24 = parseIsoDate('2026-04-24'); // 53 DTE
const MAY15 = parseIsoDate('2026-05-15'); // 74 DTE: outside the default 30–60 roll window

const DEFAULT_RULES: RollRules = rollRulesSchema.parse({});

const opt =
  (right: OptionSide) =>
  (expiry: typeof MAR20, strike: number, bid: number | null, ask: number | null, delta: number | null) =>
    listed({ symbol: 'KO', expiry, strike, right, bid, ask, delta });
const put = opt('put');
const call = opt('call');

interface Setup {
  position: StrategyPosition;
  spot: number | null;
  options?: readonly OptionQuote[];
  rules?: Partial<RollRules>;
  minCallStrike?: number | null;
}

function ctx({ position, spot, options, rules = {}, minCallStrike }: Setup): ShortOptionContext {
  return {
    position,
    underlier: underlier('KO', spot),
    chain: options === undefined ? undefined : slice('KO', options),
    rules: { ...DEFAULT_RULES, ...rules },
    today: TODAY,
    nowMs: NOW_MS,
    rate: RATE,
    minCallStrike,
    params: { strategy: 'test' },
  };
}

describe('rollRulesSchema', () => {
  it('defaults every rule', () => {
    expect(DEFAULT_RULES).toEqual({
      profitTargetPct: 0.5,
      rollAtDte: 21,
      minProfitPctAtDte: 0,
      itmPolicy: 'roll',
      creditOnly: true,
      closeIfUnableToRoll: true,
      targetDelta: 0.3,
      rollMinDte: 30,
      rollMaxDte: 60,
    });
  });

  it('rejects a roll window that ends before it starts', () => {
    expect(rollRulesSchema.safeParse({ rollMinDte: 45, rollMaxDte: 30 }).success).toBe(false);
  });
});

describe('rollChainRequest', () => {
  const heldPut = optionPosition('KO', 'put', 60, MAR20, -1, 1.2, 0.34);

  it('asks for the same right from the held expiry through the roll window, strikes around spot and the held strike', () => {
    // 18 DTE held → 18..60; 60/62 = 0.968 sits inside the 0.75–1.02 put band.
    expect(rollChainRequest(heldPut, DEFAULT_RULES, 62, TODAY)).toEqual({
      symbol: 'KO',
      rights: ['put'],
      minDte: 18,
      maxDte: 60,
      minMoneyness: 0.75,
      maxMoneyness: 1.02,
    });
  });

  it('widens the band to take in a deep in-the-money strike', () => {
    // 60 / 50 = 1.2, × 1.02 = 1.224 > 1.02.
    expect(rollChainRequest(heldPut, DEFAULT_RULES, 50, TODAY).maxMoneyness).toBeCloseTo(1.224, 10);
  });

  it('covers calls above the spot, and only the roll window without a date', () => {
    const heldCall = optionPosition('KO', 'call', 65, MAR20, -1, 1, 0.5);
    // 65/60 = 1.0833: × 0.98 = 1.0617 (above the 0.98 band floor), × 1.1 = 1.1917 (under the 1.30 band top).
    expect(rollChainRequest(heldCall, DEFAULT_RULES, 60)).toEqual({
      symbol: 'KO',
      rights: ['call'],
      minDte: 30,
      maxDte: 60,
      minMoneyness: 0.98,
      maxMoneyness: 1.3,
    });
  });
});

describe('manageShortOption: data and holding', () => {
  it('holds with a missing_data signal when the mark, premium or spot is unknown', () => {
    for (const [position, spot] of [
      [optionPosition('KO', 'put', 60, MAR27, -1, 1.2, null), 62],
      [optionPosition('KO', 'put', 60, MAR27, -1, null, 0.34), 62],
      [optionPosition('KO', 'put', 60, MAR27, -1, 1.2, 0.34), null],
    ] as const) {
      const decision = manageShortOption(ctx({ position, spot, options: [] }));
      expect(decision.recommendation).toBeNull();
      expect(decision.signals.map((s) => s.kind)).toEqual(['missing_data']);
    }
  });

  it('holds silently when neither the profit target nor the DTE floor is reached', () => {
    // 25 DTE > 21; captured (1.20 − 0.80) / 1.20 = 33% < 50%.
    const position = optionPosition('KO', 'put', 60, MAR27, -1, 1.2, 0.8);
    expect(manageShortOption(ctx({ position, spot: 62, options: [] }))).toEqual({ recommendation: null, signals: [] });
  });

  it('tells that a short past its expiry is still in the book', () => {
    const position = optionPosition('KO', 'put', 60, parseIsoDate('2026-02-27'), -1, 1.2, 0);
    const decision = manageShortOption(ctx({ position, spot: 62 }));
    expect(decision.recommendation).toBeNull();
    expect(decision.signals[0]?.kind).toBe('expired');
  });

  it('refuses anything but a short option', () => {
    expect(() => manageShortOption(ctx({ position: stockPosition('KO', 100, 60, 62), spot: 62 }))).toThrow(RangeError);
    expect(() =>
      manageShortOption(ctx({ position: optionPosition('KO', 'put', 60, MAR27, 1, 1.2, 0.34), spot: 62 })),
    ).toThrow(RangeError);
  });
});

describe('manageShortOption: profit target', () => {
  // Short 2 KO 2026-03-27 60 puts sold at 1.20, now 0.34 (mid of 0.33/0.35): captured (1.20 − 0.34) / 1.20 = 71.7%.
  const position = optionPosition('KO', 'put', 60, MAR27, -2, 1.2, 0.34);
  const held = put(MAR27, 60, 0.33, 0.35, -0.1);
  const targets = [
    put(APR17, 57, 0.5, 0.54, -0.22),
    put(APR17, 58, 0.73, 0.77, -0.29),
    put(APR17, 60, 1.15, 1.21, -0.38),
    put(APR24, 58, 0.85, 0.89, -0.3), // nearer |Δ| but a later expiry: the earliest expiry wins
    put(MAY15, 58, 1.1, 1.16, -0.3), // outside the 30–60 DTE window
    put(MAR20, 59, 0.6, 0.64, -0.3), // before the held expiry
    call(APR17, 62, 1.0, 1.04, 0.3), // the other right
  ];

  it('rolls to the earliest expiry in the window, strike nearest the target |Δ|, for a net credit', () => {
    const { recommendation: r, signals } = manageShortOption(ctx({ position, spot: 62, options: [held, ...targets] }));
    expect(signals).toEqual([]);
    expect(r).not.toBeNull();
    expect(r?.action).toBe('roll_put');
    expect(r?.quantity).toBe(2);
    expect(r?.legs.map((l) => [l.side, l.expiry, l.strike, l.right, l.ratio])).toEqual([
      ['BUY', MAR27, 60, 'put', 1],
      ['SELL', APR17, 58, 'put', 1],
    ]);
    // Net = buy-back mid 0.34 − new mid 0.75 = −0.41 (a credit); net bid 0.33 − 0.77 = −0.44, net ask 0.35 − 0.73 = −0.38.
    expect(r?.limitPrice).toBeCloseTo(-0.41, 10);
    expect(r?.spread.bid).toBeCloseTo(-0.44, 10);
    expect(r?.spread.ask).toBeCloseTo(-0.38, 10);
    // 0.8 (profit target) × (1 − 0.04 / 0.75) = 0.7573 → 0.76.
    expect(r?.confidence).toBe(0.76);
    expect(r?.rationale).toContain('Roll 2 KO 2026-03-27 60 put (72% of max profit captured: sold 1.20, now 0.34)');
    expect(r?.rationale).toContain('to 2026-04-17 58 put (Δ −0.29, 46 DTE) for a net credit 0.41');
    expect(r?.params).toMatchObject({ strategy: 'test', rule: 'profit_target', dte: 25 });
    expect(r?.params.captured).toBeCloseTo(0.7167, 4);
    expect(r?.opportunityKey).toBeNull();
  });

  it('rolls an out-of-the-money put up in strike when the target sits higher', () => {
    // KO rallied to 66: the 60 put is far out of the money; the 62 put is the |Δ| 0.30 one.
    const options = [held, put(APR17, 60, 0.45, 0.49, -0.18), put(APR17, 62, 0.8, 0.84, -0.29)];
    const r = manageShortOption(ctx({ position, spot: 66, options })).recommendation;
    expect(r?.legs[1]?.strike).toBe(62);
  });

  it('closes when no roll pays a credit', () => {
    // Only the held quote is there: no target, so take the profit. Limit = mid 0.34, spread = its bid/ask.
    const { recommendation: r, signals } = manageShortOption(ctx({ position, spot: 62, options: [held] }));
    expect(signals).toEqual([]);
    expect(r?.action).toBe('close');
    expect(r?.quantity).toBe(2);
    expect(r?.legs).toHaveLength(1);
    expect(r?.legs[0]).toMatchObject({ side: 'BUY', strike: 60, expiry: MAR27, bid: 0.33, ask: 0.35, mid: 0.34 });
    expect(r?.limitPrice).toBeCloseTo(0.34, 10);
    expect(r?.spread).toEqual({ bid: 0.33, ask: 0.35 });
    // 0.8 × (1 − 0.02 / 0.34) = 0.7529 → 0.75.
    expect(r?.confidence).toBe(0.75);
    expect(r?.rationale).toContain('Close (buy to close) 2 KO 2026-03-27 60 put at 0.34 (mid)');
    expect(r?.params.rule).toBe('profit_target');
  });

  it('prices the buy-back at the mark when the held contract has no quote', () => {
    // Buy-back 0.34 (mark) − 0.75 = −0.41; without the held quote the net bid/ask is unknown.
    const r = manageShortOption(ctx({ position, spot: 62, options: targets })).recommendation;
    expect(r?.limitPrice).toBeCloseTo(-0.41, 10);
    expect(r?.spread).toEqual({ bid: null, ask: null });
    expect(r?.legs[0]?.mid).toBeNull();
    expect(r?.rationale).toContain('mark: no two-sided quote');
  });

  it('ignores targets without a two-sided quote or a delta', () => {
    const options = [held, put(APR17, 58, null, 0.77, -0.29), put(APR17, 59, 0.9, 0.94, null), targets[2]!];
    expect(manageShortOption(ctx({ position, spot: 62, options })).recommendation?.legs[1]?.strike).toBe(60);
  });
});

describe('manageShortOption: the DTE floor', () => {
  // Short 1 KO 2026-03-20 60 put (18 DTE ≤ 21) sold at 1.20, spot 62 (out of the money).
  const atMark = (mark: number) => optionPosition('KO', 'put', 60, MAR20, -1, 1.2, mark);
  const held = put(MAR20, 60, 0.88, 0.92, -0.3);
  const targets = [
    put(APR17, 58, 0.73, 0.77, -0.29), // 0.75 − 0.90 = −0.15: a debit
    put(APR17, 59, 0.93, 0.99, -0.33), // 0.96 − 0.90 = +0.06 credit
    put(APR17, 60, 1.15, 1.21, -0.38), // 1.18 − 0.90 = +0.28 credit
  ];

  it('rolls when the captured fraction meets the threshold, to the credit strike nearest the target', () => {
    // Captured (1.20 − 0.90) / 1.20 = 25% ≥ 0%. Credit strikes 59 (|0.33 − 0.30| = 0.03) and 60 (0.08): 59.
    const r = manageShortOption(ctx({ position: atMark(0.9), spot: 62, options: [held, ...targets] })).recommendation;
    expect(r?.action).toBe('roll_put');
    expect(r?.legs[1]?.strike).toBe(59);
    expect(r?.limitPrice).toBeCloseTo(-0.06, 10);
    expect(r?.params.rule).toBe('roll_at_dte');
    // 0.7 × (1 − 0.06 / 0.96) = 0.65625 → 0.66.
    expect(r?.confidence).toBe(0.66);
  });

  it('takes a debit roll when credit-only is off', () => {
    // The 58 put is nearest |Δ| 0.30 (0.01 away): net 0.90 − 0.75 = +0.15, a debit.
    const r = manageShortOption(
      ctx({ position: atMark(0.9), spot: 62, options: [held, ...targets], rules: { creditOnly: false } }),
    ).recommendation;
    expect(r?.legs[1]?.strike).toBe(58);
    expect(r?.limitPrice).toBeCloseTo(0.15, 10);
    expect(r?.rationale).toContain('a net debit 0.15');
  });

  it('holds with a roll_due signal when the P&L is under the threshold', () => {
    // Captured (1.20 − 1.00) / 1.20 = 16.7% < 20%.
    const decision = manageShortOption(
      ctx({ position: atMark(1.0), spot: 62, options: [held, ...targets], rules: { minProfitPctAtDte: 0.2 } }),
    );
    expect(decision.recommendation).toBeNull();
    expect(decision.signals).toHaveLength(1);
    expect(decision.signals[0]?.kind).toBe('roll_due');
    expect(decision.signals[0]?.message).toContain('only 17% of max profit is captured');
  });

  it('rolls at any P&L with a threshold of −1', () => {
    // Captured (1.20 − 2.00) / 1.20 = −67%; credit-only off so the 58 put is taken.
    const options = [put(MAR20, 60, 1.95, 2.05, -0.45), ...targets];
    const r = manageShortOption(
      ctx({ position: atMark(2), spot: 62, options, rules: { minProfitPctAtDte: -1, creditOnly: false } }),
    ).recommendation;
    expect(r?.action).toBe('roll_put');
    expect(r?.legs[1]?.strike).toBe(58);
  });

  it('closes, with a roll_unavailable signal, when no roll pays a credit and closing is allowed', () => {
    // Held mid 1.30: the best target mid 1.18 < 1.30, so no credit anywhere.
    const options = [put(MAR20, 60, 1.25, 1.35, -0.35), ...targets];
    const { recommendation: r, signals } = manageShortOption(ctx({ position: atMark(1.1), spot: 62, options }));
    expect(r?.action).toBe('close');
    expect(r?.limitPrice).toBeCloseTo(1.3, 10);
    expect(r?.params.rule).toBe('roll_at_dte_close');
    expect(signals.map((s) => s.kind)).toEqual(['roll_unavailable']);
    expect(signals[0]?.message).toContain('no put in 30–60 DTE pays a net credit over the 1.30 buy-back');
  });

  it('holds with a roll_unavailable signal when closing is not allowed', () => {
    const options = [put(MAR20, 60, 1.25, 1.35, -0.35), ...targets];
    const { recommendation, signals } = manageShortOption(
      ctx({ position: atMark(1.1), spot: 62, options, rules: { closeIfUnableToRoll: false } }),
    );
    expect(recommendation).toBeNull();
    expect(signals.map((s) => s.kind)).toEqual(['roll_unavailable']);
    expect(signals[0]?.message).toContain('holding');
  });

  it('says when no chain was fetched', () => {
    const { signals } = manageShortOption(
      ctx({ position: atMark(0.9), spot: 62, rules: { closeIfUnableToRoll: false } }),
    );
    expect(signals[0]?.message).toContain('no KO chain was fetched');
  });
});

describe('manageShortOption: in the money near expiry', () => {
  // Short 1 KO 2026-03-20 60 put (18 DTE) sold at 1.20; KO fell to 57.50: 2.50 in the money, mark 2.80.
  const position = optionPosition('KO', 'put', 60, MAR20, -1, 1.2, 2.8);
  const held = put(MAR20, 60, 2.75, 2.85, -0.8);
  const targets = [
    put(APR17, 58, 2.25, 2.35, -0.5), // 2.30 − 2.80: a debit
    put(APR17, 59, 2.8, 2.9, -0.56), // 2.85 − 2.80 = +0.05
    put(APR17, 60, 3.35, 3.45, -0.62), // 3.40 − 2.80 = +0.60
    put(APR17, 62, 4.85, 4.95, -0.75), // +2.10, but up in strike
  ];

  it("'let_assign' holds and expects the assignment", () => {
    const decision = manageShortOption(
      ctx({ position, spot: 57.5, options: [held, ...targets], rules: { itmPolicy: 'let_assign' } }),
    );
    expect(decision.recommendation).toBeNull();
    expect(decision.signals.map((s) => s.kind)).toEqual(['assignment_expected']);
    expect(decision.signals[0]?.message).toContain('100 shares');
  });

  it("'close' buys it back even below the P&L threshold", () => {
    const r = manageShortOption(
      ctx({ position, spot: 57.5, options: [held, ...targets], rules: { itmPolicy: 'close' } }),
    ).recommendation;
    expect(r?.action).toBe('close');
    expect(r?.limitPrice).toBeCloseTo(2.8, 10);
    expect(r?.params.rule).toBe('itm_close');
  });

  it("'roll' rolls out for a credit at the same or a lower strike, nearest the target |Δ|", () => {
    // Credit strikes ≤ 60: 59 (|0.56 − 0.30| = 0.26) and 60 (0.32) → 59 for a 0.05 credit; 62 is never taken.
    const r = manageShortOption(ctx({ position, spot: 57.5, options: [held, ...targets] })).recommendation;
    expect(r?.action).toBe('roll_put');
    expect(r?.legs[1]?.strike).toBe(59);
    expect(r?.limitPrice).toBeCloseTo(-0.05, 10);
    expect(r?.params.rule).toBe('itm_roll');
    expect(r?.rationale).toContain('In the money (spot 57.50 below the 60 strike) at 18 DTE');
  });

  it('never rolls an in-the-money put up, even when only a higher strike pays a credit', () => {
    const options = [held, targets[0]!, targets[3]!];
    const { recommendation: r, signals } = manageShortOption(ctx({ position, spot: 57.5, options }));
    expect(r?.action).toBe('close');
    expect(signals[0]?.kind).toBe('roll_unavailable');
  });

  it('rolls an in-the-money call out at the same or a higher strike, never under the minimum call strike', () => {
    // Short KO 2026-03-20 65 call at 1.00, KO at 67: mark 2.30. Candidates: 64 (under the old strike), 65, 66.
    const shortCall = optionPosition('KO', 'call', 65, MAR20, -1, 1, 2.3);
    const options = [
      call(MAR20, 65, 2.25, 2.35, 0.8),
      call(APR17, 64, 3.9, 4.0, 0.7),
      call(APR17, 65, 3.3, 3.4, 0.62), // 3.35 − 2.30 = +1.05
      call(APR17, 66, 2.75, 2.85, 0.55), // 2.80 − 2.30 = +0.50, nearest |Δ| 0.30
    ];
    const r = manageShortOption(ctx({ position: shortCall, spot: 67, options, minCallStrike: 63 })).recommendation;
    expect(r?.action).toBe('roll_call');
    expect(r?.legs[1]?.strike).toBe(66);
    expect(r?.limitPrice).toBeCloseTo(-0.5, 10);
    // With only the 64 call (a 1.65 credit, but under the 65 strike) there is no roll: close.
    const under = manageShortOption(
      ctx({ position: shortCall, spot: 67, options: [options[0]!, options[1]!], minCallStrike: 63 }),
    );
    expect(under.recommendation?.action).toBe('close');
    expect(under.signals[0]?.message).toContain('no call in 30–60 DTE is at or over the in-the-money 65 strike');
  });
});

describe('manageShortOption: calls and the minimum strike', () => {
  it('keeps the new call at or over minCallStrike', () => {
    // Short KO 2026-03-27 65 call sold at 1.00, now 0.40: 60% captured ≥ 50%. The 66 call is nearest |Δ| 0.30 but
    // under the 67 floor; the 67 call (0.55 − 0.40 = +0.15) is taken.
    const position = optionPosition('KO', 'call', 65, MAR27, -1, 1, 0.4);
    const options = [
      call(MAR27, 65, 0.38, 0.42, 0.15),
      call(APR17, 66, 0.78, 0.82, 0.31),
      call(APR17, 67, 0.53, 0.57, 0.24),
    ];
    const r = manageShortOption(ctx({ position, spot: 63, options, minCallStrike: 67 })).recommendation;
    expect(r?.action).toBe('roll_call');
    expect(r?.legs[1]?.strike).toBe(67);
    expect(r?.limitPrice).toBeCloseTo(-0.15, 10);
  });
});
