import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar';
import { uncoveredShortCalls } from '../risk/margin';
import {
  callExtrinsicAtBid,
  coveredCallConfigSchema,
  coveredCallOverlayPlugin,
  coveredCallPlugin,
  exDividendBefore,
  newCoveredContracts,
} from './covered-call';
import { parseStrategyConfig } from './engine';
import { manageShortOption, rollChainRequest, rollRulesSchema } from './rolls';
import {
  NOW_MS,
  RATE,
  TODAY,
  account,
  chain,
  daysOut,
  input,
  listed,
  market,
  optionPosition,
  slice,
  stockPosition,
  underlier,
} from './testing/fixtures';
import type {
  ChainSlice,
  RecommendationDraft,
  StrategyAccount,
  StrategyOutput,
  StrategyPlugin,
  StrategyPosition,
  UnderlierMarket,
} from './types';

// TODAY is Monday 2026-03-02.
const MAR27 = parseIsoDate('2026-03-27'); // 25 DTE
const APR10 = parseIsoDate('2026-04-10'); // 39 DTE
const APR17 = parseIsoDate('2026-04-17'); // 46 DTE

type Config = ReturnType<typeof coveredCallConfigSchema.parse>;
const config = (raw: Record<string, unknown> = {}): Config => coveredCallConfigSchema.parse(raw);

/**
 * KO at 60 with Black-Scholes calls (25% IV) every 0.50 from 58 to 70 on MAR27 and APR10. By the fixture's model the
 * calls inside |Δ| 0.25–0.30 are MAR27 62.5 and 63 and APR10 63.5; e.g. MAR27 63 is 0.56/0.59 (Δ 0.252) and MAR27 65
 * is 0.23/0.25.
 */
const koChain = (): ChainSlice => chain('KO', 60, [MAR27, APR10], { from: 58, to: 70, step: 0.5 });
const ko = (extra: Partial<UnderlierMarket> = {}) => underlier('KO', 60, extra);

function run(
  plugin: StrategyPlugin<Config>,
  raw: Record<string, unknown>,
  acct: StrategyAccount,
  underliers: UnderlierMarket[] = [ko()],
  chains: ChainSlice[] = [koChain()],
  watchlist: readonly string[] = [],
): StrategyOutput {
  return plugin.generateSignals(input(config(raw), acct, market(underliers, chains), watchlist));
}

const sells = (out: StrategyOutput) => out.recommendations.filter((r) => r.action === 'sell_call');
const kinds = (out: StrategyOutput) => out.signals.map((s) => s.kind);

/**
 * Applies the output to the book (sells add short calls, buys reduce them, a roll moves them) and checks that no
 * short call is left without 100 shares behind it — the rule both plugins must never break.
 */
function expectNeverNaked(acct: StrategyAccount, out: StrategyOutput): void {
  const positions: StrategyPosition[] = acct.positions.map((p) => ({ ...p }));
  for (const rec of out.recommendations)
    for (const leg of rec.legs) {
      if (leg.kind !== 'option' || leg.strike === null || leg.expiry === null) continue;
      const delta = (leg.side === 'SELL' ? -1 : 1) * rec.quantity * leg.ratio;
      const held = positions.find(
        (p) =>
          p.symbol === leg.symbol &&
          p.instrument.kind === 'option' &&
          p.instrument.right === leg.right &&
          p.instrument.strike === leg.strike &&
          p.instrument.expiry === leg.expiry,
      );
      if (held !== undefined) held.quantity += delta;
      else positions.push(optionPosition(leg.symbol, 'call', leg.strike, leg.expiry, delta, null, null));
    }
  for (const symbol of new Set(positions.map((p) => p.symbol)))
    expect(uncoveredShortCalls(positions.filter((p) => p.symbol === symbol && p.quantity !== 0))).toEqual([]);
}

describe('config', () => {
  it('defaults every field', () => {
    const c = config();
    expect(c).toMatchObject({
      symbols: [],
      watchlistIds: [],
      minDelta: 0.25,
      maxDelta: 0.3,
      minDte: 21,
      maxDte: 45,
      minOpenInterest: 100,
      minCredit: 0.1,
      maxSpreadPct: 0.15,
      scoreMethod: 'balanced',
      coverPct: 1,
      minStrikeAboveCost: true,
      earningsGuard: true,
      earningsUnknownPolicy: 'allow',
      exDividendGuard: true,
    });
    expect(c.roll).toEqual(rollRulesSchema.parse({}));
  });

  it('rejects an inverted delta window and a cover fraction over 1', () => {
    const parsed = parseStrategyConfig(coveredCallPlugin, { minDelta: 0.4, maxDelta: 0.3, coverPct: 1.5 });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.path.join('.'))).toContain('coverPct');
    const inverted = parseStrategyConfig(coveredCallPlugin, { minDelta: 0.4, maxDelta: 0.3 });
    expect(inverted).toEqual({
      ok: false,
      issues: [{ path: ['minDelta'], message: 'minDelta must not exceed maxDelta' }],
    });
  });

  it('names the two plugins', () => {
    expect([coveredCallPlugin.slug, coveredCallPlugin.version, coveredCallPlugin.name]).toEqual([
      'covered_call',
      '1',
      'Covered calls',
    ]);
    expect([coveredCallOverlayPlugin.slug, coveredCallOverlayPlugin.version, coveredCallOverlayPlugin.name]).toEqual([
      'covered_call_overlay',
      '1',
      'TFSA covered-call overlay',
    ]);
  });
});

describe('newCoveredContracts', () => {
  it.each([
    // shares, shares already under short calls, coverPct → new contracts
    [250, 0, 1, 2], // floor(250 / 100)
    [99, 0, 1, 0],
    [500, 100, 1, 4], // (500 − 100) / 100
    [500, 100, 0.5, 1], // target floor(500 × 0.5) = 250 shares; (250 − 100) / 100 = 1.5 → 1
    [500, 200, 0.5, 0], // already 2 of the 2 lots coverPct allows: repeated runs do not creep upwards
    [300, 0, 0.5, 1], // 150 / 100 → 1
    [150, 200, 1, 0], // more calls than shares: never negative, never more
    [-100, 0, 1, 0], // short stock covers nothing
  ])('%d shares, %d covered, cover %d → %d', (shares, covered, coverPct, expected) => {
    expect(newCoveredContracts(shares, covered, coverPct, 100)).toBe(expected);
  });
});

describe('covering the shares held', () => {
  it('sells floor(shares / 100) calls of the target delta and DTE, priced at the mid', () => {
    const acct = account([stockPosition('KO', 250, 55, 60)]);
    const out = run(coveredCallPlugin, {}, acct);
    const [rec] = sells(out);
    expect(sells(out)).toHaveLength(1);
    expect(rec?.quantity).toBe(2); // floor(250 / 100)
    const best = out.opportunities.find((o) => o.key === rec?.opportunityKey);
    expect(best).toBeDefined();
    expect(Math.abs(best?.delta ?? 0)).toBeGreaterThanOrEqual(0.25);
    expect(Math.abs(best?.delta ?? 1)).toBeLessThanOrEqual(0.3);
    expect(best?.dte).toBeGreaterThanOrEqual(21);
    expect(best?.dte).toBeLessThanOrEqual(45);
    expect(rec?.legs).toEqual([
      {
        symbol: 'KO',
        kind: 'option',
        right: 'call',
        strike: best?.strike,
        expiry: best?.expiry,
        multiplier: 100,
        side: 'SELL',
        ratio: 1,
        bid: best?.bid,
        ask: best?.ask,
        mid: best?.mid,
      },
    ]);
    expect(rec?.limitPrice).toBe(best?.mid);
    expect(rec?.spread).toEqual({ bid: best?.bid, ask: best?.ask });
    expect(rec?.rationale).toContain('Covered by the 250 shares held: 2 of 2 lots covered');
    expect(rec?.params).toMatchObject({ plugin: 'covered_call', coverPct: 1, shares: 250, minStrike: 55 });
    // The three calls inside the window, all ranked.
    expect(out.opportunities.map((o) => `${o.expiry} ${o.strike}`).sort()).toEqual([
      '2026-03-27 62.5',
      '2026-03-27 63',
      '2026-04-10 63.5',
    ]);
    expect(out.opportunities.map((o) => o.rank)).toEqual([1, 2, 3]);
    expectNeverNaked(acct, out);
  });

  it('counts the calls already sold (partial coverage) and keeps to coverPct', () => {
    // One MAR27 63 call sold at 0.60 and marked 0.575: 4% captured at 25 DTE, the roll rules hold it.
    const positions = [stockPosition('KO', 500, 55, 60), optionPosition('KO', 'call', 63, MAR27, -1, 0.6, 0.575)];
    const full = run(coveredCallPlugin, {}, account(positions));
    expect(sells(full).map((r) => r.quantity)).toEqual([4]); // (500 − 100) / 100
    expectNeverNaked(account(positions), full);
    const half = run(coveredCallPlugin, { coverPct: 0.5 }, account(positions));
    expect(sells(half).map((r) => r.quantity)).toEqual([1]); // floor(500 × 0.5) = 250 shares; (250 − 100) / 100 → 1
    expect(half.recommendations).toHaveLength(1);
  });

  it('sells nothing when every lot is covered or fewer than 100 shares are held', () => {
    const covered = [stockPosition('KO', 200, 55, 60), optionPosition('KO', 'call', 63, MAR27, -2, 0.6, 0.575)];
    const out = run(coveredCallPlugin, {}, account(covered));
    expect(out.recommendations).toEqual([]);
    const odd = run(coveredCallPlugin, {}, account([stockPosition('KO', 99, 55, 60)]));
    expect(odd.recommendations).toEqual([]);
    expect(odd.signals).toEqual([
      { kind: 'skipped', symbol: 'KO', message: '99 shares of KO: fewer than 100, no call can be covered.' },
    ]);
  });
});

describe('never a naked call', () => {
  it('closes the short calls the shares no longer cover, highest strike first, and sells none', () => {
    // 150 shares cover one contract: the MAR27 63 (lowest strike) stays covered, the MAR27 65 is naked.
    const positions = [
      stockPosition('KO', 150, 55, 60),
      optionPosition('KO', 'call', 63, MAR27, -1, 0.6, 0.575),
      optionPosition('KO', 'call', 65, MAR27, -1, 0.3, 0.24),
    ];
    const acct = account(positions);
    const out = run(coveredCallPlugin, {}, acct);
    expect(sells(out)).toEqual([]);
    expect(out.recommendations).toHaveLength(1);
    const [close] = out.recommendations;
    expect(close?.action).toBe('close');
    expect(close?.quantity).toBe(1);
    // MAR27 65 is quoted 0.23 / 0.25 in the chain: mid 0.24.
    expect(close?.legs).toMatchObject([{ strike: 65, expiry: MAR27, side: 'BUY', bid: 0.23, ask: 0.25 }]);
    expect(close?.limitPrice).toBeCloseTo(0.24, 10);
    expect(kinds(out)).toContain('uncovered_calls');
    expectNeverNaked(acct, out);
  });

  it('closes every call of an allowed ticker whose shares are gone, in a TFSA too', () => {
    const acct = account([optionPosition('KO', 'call', 63, MAR27, -2, 0.6, 0.575)], { type: 'tfsa' });
    const out = run(coveredCallOverlayPlugin, { symbols: ['KO'] }, acct);
    expect(out.recommendations.map((r) => [r.action, r.quantity])).toEqual([['close', 2]]);
    expectNeverNaked(acct, out);
  });

  it('only reports excess short calls when long calls may cover them as a spread', () => {
    const positions = [
      stockPosition('KO', 100, 55, 60),
      optionPosition('KO', 'call', 55, APR10, 1, 5, 5.5),
      optionPosition('KO', 'call', 63, MAR27, -1, 0.6, 0.575),
      optionPosition('KO', 'call', 65, MAR27, -1, 0.3, 0.24),
    ];
    const out = run(coveredCallPlugin, {}, account(positions));
    expect(out.recommendations).toEqual([]);
    expect(out.signals.find((s) => s.kind === 'uncovered_calls')?.message).toMatch(/nothing is closed/);
  });

  it('the plain plugin in a TFSA or cash account still sells only covered calls', () => {
    for (const type of ['tfsa', 'cash', 'rrsp'] as const) {
      const acct = account([stockPosition('KO', 250, 55, 60)], { type });
      const out = run(coveredCallPlugin, {}, acct);
      expect(sells(out).map((r) => r.quantity)).toEqual([2]);
      expectNeverNaked(acct, out);
      const none = account([], { type });
      expect(run(coveredCallPlugin, { symbols: ['KO'] }, none).recommendations).toEqual([]);
    }
  });

  it('the overlay sells the same covered calls in a TFSA as the plain plugin does', () => {
    const acct = account([stockPosition('KO', 250, 55, 60)], { type: 'tfsa' });
    const overlay = run(coveredCallOverlayPlugin, {}, acct);
    const plain = run(coveredCallPlugin, {}, acct);
    expect(sells(overlay).map(({ params: _p, ...rest }) => rest)).toEqual(
      sells(plain).map(({ params: _p, ...rest }) => rest),
    );
    expect(sells(overlay)[0]?.params.plugin).toBe('covered_call_overlay');
  });
});

describe('allowed tickers', () => {
  const both = () =>
    account([
      stockPosition('KO', 100, 55, 60),
      stockPosition('PEP', 100, 140, 150),
      stockPosition('MSFT', 300, 300, 400),
    ]);
  const pep = () => chain('PEP', 150, [MAR27, APR10], { from: 148, to: 170, step: 1 });

  it('with none configured, covers every long stock held that has a chain', () => {
    const out = run(coveredCallPlugin, {}, both(), [ko(), underlier('PEP', 150)], [koChain(), pep()]);
    expect(sells(out).map((r) => r.symbol)).toEqual(['KO', 'PEP']);
    // MSFT has no market data this run.
    expect(out.signals).toContainEqual({
      kind: 'missing_data',
      symbol: 'MSFT',
      message: 'No spot price for MSFT: no call sold.',
    });
  });

  it('with a list, touches only those tickers and says which are not held', () => {
    const out = run(
      coveredCallPlugin,
      { symbols: ['KO', 'AAPL'] },
      both(),
      [ko(), underlier('PEP', 150)],
      [koChain(), pep()],
    );
    expect(out.recommendations.map((r) => r.symbol)).toEqual(['KO']);
    expect(out.signals).toContainEqual({
      kind: 'skipped',
      symbol: null,
      message: 'No shares held of AAPL: no call to sell.',
      payload: { symbols: ['AAPL'] },
    });
  });

  it('watchlist symbols join the allowed tickers', () => {
    const out = run(
      coveredCallPlugin,
      { symbols: ['KO'] },
      both(),
      [ko(), underlier('PEP', 150)],
      [koChain(), pep()],
      ['pep'],
    );
    expect(sells(out).map((r) => r.symbol)).toEqual(['KO', 'PEP']);
  });
});

describe('strike floor at the average cost', () => {
  it('sells no strike under the cost', () => {
    // Cost 63.20: of the three calls in the delta window only APR10 63.5 is at or above it.
    const out = run(coveredCallPlugin, {}, account([stockPosition('KO', 100, 63.2, 60)]));
    expect(sells(out).map((r) => [r.legs[0]?.expiry, r.legs[0]?.strike])).toEqual([[APR10, 63.5]]);
    expect(out.opportunities.every((o) => o.strike >= 63.2)).toBe(true);
    expect(sells(out)[0]?.rationale).toContain('Strike 63.50 ≥ average cost 63.20.');
  });

  it('sells nothing when every call in the window is under the cost, unless strikes below cost are allowed', () => {
    const acct = account([stockPosition('KO', 100, 64, 60)]);
    const out = run(coveredCallPlugin, {}, acct);
    expect(out.recommendations).toEqual([]);
    const none = out.signals.find((s) => s.kind === 'no_candidate');
    expect(none?.payload?.rejected).toMatchObject({ strike: expect.any(Number) });
    const below = run(coveredCallPlugin, { minStrikeAboveCost: false }, acct);
    expect(sells(below)).toHaveLength(1);
    expect(sells(below)[0]?.legs[0]?.strike).toBeLessThan(64);
    expect(sells(below)[0]?.rationale).toContain('Average cost 64.00; strikes below cost are allowed.');
  });

  it('reports an unknown cost as missing data instead of guessing', () => {
    const out = run(coveredCallPlugin, {}, account([stockPosition('KO', 100, null, 60)]));
    expect(out.recommendations).toEqual([]);
    expect(kinds(out)).toEqual(['missing_data']);
  });
});

describe('earnings guard', () => {
  const acct = () => account([stockPosition('KO', 100, 55, 60)]);

  it('sells only expiries before the next earnings date', () => {
    // Earnings in 30 days: the window shrinks to 21–29 DTE, so only MAR27 (25 DTE) is left.
    const out = run(coveredCallPlugin, {}, acct(), [ko({ earnings: [daysOut(30)] })]);
    expect(sells(out)[0]?.legs[0]?.expiry).toBe(MAR27);
    expect(out.opportunities.every((o) => o.expiry === MAR27)).toBe(true);
    expect(sells(out)[0]?.params.maxDte).toBe(29);
  });

  it('ignores earnings already past', () => {
    const out = run(coveredCallPlugin, {}, acct(), [ko({ earnings: [daysOut(-5)] })]);
    expect(out.opportunities.some((o) => o.expiry === APR10)).toBe(true);
  });

  it('sells nothing when earnings come before the shortest expiry allowed', () => {
    const out = run(coveredCallPlugin, {}, acct(), [ko({ earnings: [daysOut(20)] })]);
    expect(out.recommendations).toEqual([]);
    expect(out.signals).toEqual([
      {
        kind: 'earnings_guard',
        symbol: 'KO',
        message:
          'KO reports earnings on 2026-03-22 (20 days): every call of 21–45 DTE expires on or after it, so none is sold.',
        payload: { reason: 'before_expiry', earningsDate: '2026-03-22' },
      },
    ]);
    const off = run(coveredCallPlugin, { earningsGuard: false }, acct(), [ko({ earnings: [daysOut(20)] })]);
    expect(sells(off)).toHaveLength(1);
  });

  it('says when earnings are unknown and follows the policy', () => {
    const unknown = [ko({ earnings: null })];
    const allowed = run(coveredCallPlugin, {}, acct(), unknown);
    expect(sells(allowed)).toHaveLength(1);
    expect(allowed.signals[0]).toMatchObject({ kind: 'earnings_guard', payload: { reason: 'earnings_unknown' } });
    expect(sells(allowed)[0]?.rationale).toContain('The next earnings date is unknown');
    // 0.8 − 0.2 for the unknown earnings (the fixture's spreads are under half the 15% maximum).
    expect(sells(allowed)[0]?.confidence).toBeCloseTo(0.6, 10);

    const skipped = run(coveredCallPlugin, { earningsUnknownPolicy: 'skip' }, acct(), unknown);
    expect(skipped.recommendations).toEqual([]);
    expect(skipped.signals).toEqual([
      {
        kind: 'earnings_guard',
        symbol: 'KO',
        message: 'The next earnings date of KO is unknown: no call sold (policy: skip).',
        payload: { reason: 'earnings_unknown', policy: 'skip' },
      },
    ]);
  });
});

describe('ex-dividend guard', () => {
  // One hand-quoted call: MAR27 62, bid 0.40 / ask 0.42 (mid 0.41, spread 4.9%), Δ 0.28, with KO at 60.
  const single = () =>
    slice('KO', [listed({ symbol: 'KO', expiry: MAR27, strike: 62, right: 'call', bid: 0.4, ask: 0.42, delta: 0.28 })]);
  const acct = () => account([stockPosition('KO', 100, 55, 60)]);
  const withDividend = (exDate: string, amount: number) => [
    ko({ exDividends: [{ exDate: parseIsoDate(exDate), amount }] }),
  ];

  it('flags a new call whose extrinsic value at the bid is under a dividend paid before expiry', () => {
    // Out of the money, so the extrinsic value is the whole bid: 0.40 − max(0, 60 − 62) = 0.40 < 0.51.
    const out = run(coveredCallPlugin, {}, acct(), withDividend('2026-03-12', 0.51), [single()]);
    const [rec] = sells(out);
    expect(rec?.quantity).toBe(1);
    expect(rec?.limitPrice).toBeCloseTo(0.41, 10);
    expect(out.signals).toEqual([
      expect.objectContaining({
        kind: 'ex_dividend_risk',
        symbol: 'KO',
        payload: expect.objectContaining({ exDate: '2026-03-12', dividend: 0.51, bid: 0.4, strike: 62 }),
      }),
    ]);
    expect(out.signals[0]?.payload?.extrinsic).toBeCloseTo(0.4, 10);
    expect(rec?.rationale).toContain('KO goes ex-dividend 0.51 on 2026-03-12, before expiry');
    expect(rec?.rationale).toContain('extrinsic value at the bid (0.40) is less than the dividend');
    expect(rec?.params.exDividendRisk).toBe(true);
    expect(rec?.confidence).toBeCloseTo(0.6, 10); // 0.8 − 0.2
  });

  it('does not flag a dividend under the extrinsic value, after expiry, on or before today, or with the guard off', () => {
    const cases = [
      run(coveredCallPlugin, {}, acct(), withDividend('2026-03-12', 0.35), [single()]), // 0.40 ≥ 0.35
      run(coveredCallPlugin, {}, acct(), withDividend('2026-03-30', 0.51), [single()]), // after the MAR27 expiry
      run(coveredCallPlugin, {}, acct(), withDividend('2026-03-02', 0.51), [single()]), // today: too late to exercise for it
      run(coveredCallPlugin, { exDividendGuard: false }, acct(), withDividend('2026-03-12', 0.51), [single()]),
    ];
    for (const out of cases) {
      expect(kinds(out)).not.toContain('ex_dividend_risk');
      expect(sells(out)[0]?.confidence).toBeCloseTo(0.8, 10);
    }
  });

  it('finds the first ex-date after today and on or before expiry', () => {
    const u = ko({
      exDividends: [
        { exDate: parseIsoDate('2026-04-01'), amount: 0.6 },
        { exDate: parseIsoDate('2026-03-27'), amount: 0.5 },
        { exDate: parseIsoDate('2026-03-02'), amount: 0.4 },
      ],
    });
    expect(exDividendBefore(u, TODAY, MAR27)).toEqual({ exDate: '2026-03-27', amount: 0.5 });
    expect(exDividendBefore(u, TODAY, parseIsoDate('2026-03-20'))).toBeNull();
    expect(exDividendBefore(ko({ exDividends: null }), TODAY, MAR27)).toBeNull();
    expect(callExtrinsicAtBid(5.2, 60, 55)).toBeCloseTo(0.2, 10); // 5.20 − (60 − 55)
  });

  describe('an open in-the-money short call before the ex-date', () => {
    // Short 1 MAR27 55 call (sold 1.00), KO at 60, 100 shares. The held call is quoted 5.20 / 5.40: extrinsic at
    // the bid 5.20 − 5.00 = 0.20, under the 0.51 dividend going ex on 2026-03-12. Roll targets on APR17 (46 DTE,
    // inside the default 30–60 roll window): 55 at 5.90 / 6.10 (Δ 0.75) and 60 at 2.10 / 2.20 (Δ 0.50).
    const held = (bid: number, ask: number) =>
      slice('KO', [
        listed({ symbol: 'KO', expiry: MAR27, strike: 55, right: 'call', bid, ask, delta: 0.8 }),
        listed({ symbol: 'KO', expiry: APR17, strike: 55, right: 'call', bid: 5.9, ask: 6.1, delta: 0.75 }),
        listed({ symbol: 'KO', expiry: APR17, strike: 60, right: 'call', bid: 2.1, ask: 2.2, delta: 0.5 }),
      ]);
    const book = (mark: number) =>
      account([stockPosition('KO', 100, 50, 60), optionPosition('KO', 'call', 55, MAR27, -1, 1, mark)]);

    it('rolls it now, through the shared roll rules, and says why', () => {
      const out = run(coveredCallPlugin, {}, book(5.3), withDividend('2026-03-12', 0.51), [held(5.2, 5.4)]);
      expect(out.recommendations).toHaveLength(1);
      const [roll] = out.recommendations;
      expect(roll?.action).toBe('roll_call');
      expect(roll?.legs.map((l) => [l.side, l.expiry, l.strike])).toEqual([
        ['BUY', MAR27, 55],
        ['SELL', APR17, 55], // the 60 would be a debit (2.15 < 5.30): credit-only keeps the 55
      ]);
      // Buy back at the 5.30 mid, sell at the 6.00 mid: a 0.70 net credit.
      expect(roll?.limitPrice).toBeCloseTo(-0.7, 10);
      expect(roll?.rationale).toContain('goes ex-dividend 0.51 on 2026-03-12');
      const risk = out.signals.find((s) => s.kind === 'ex_dividend_risk');
      expect(risk?.payload?.extrinsic).toBeCloseTo(0.2, 10);
      expectNeverNaked(book(5.3), out);
    });

    it('holds (and says so) when the policy lets it be assigned', () => {
      const out = run(
        coveredCallPlugin,
        { roll: { itmPolicy: 'let_assign' } },
        book(5.3),
        withDividend('2026-03-12', 0.51),
        [held(5.2, 5.4)],
      );
      expect(out.recommendations).toEqual([]);
      expect(kinds(out)).toEqual(['ex_dividend_risk', 'assignment_expected']);
    });

    it('leaves it alone when the extrinsic value exceeds the dividend', () => {
      // Bid 5.70: extrinsic 0.70 ≥ 0.51; at 25 DTE and a loss the roll rules hold it.
      const out = run(coveredCallPlugin, {}, book(5.8), withDividend('2026-03-12', 0.51), [held(5.7, 5.9)]);
      expect(out.recommendations).toEqual([]);
      expect(kinds(out)).not.toContain('ex_dividend_risk');
    });
  });
});

describe('open short calls are managed by the shared roll rules', () => {
  it('passes the covered contracts, the chain and the cost floor to manageShortOption', () => {
    // Sold at 1.00, marked 0.40: 60% captured ≥ the 50% target → roll to the APR10 target.
    const position = optionPosition('KO', 'call', 63, MAR27, -1, 1, 0.4);
    const acct = account([stockPosition('KO', 100, 55, 60), position]);
    const koSlice = koChain();
    const out = run(coveredCallPlugin, {}, acct, [ko()], [koSlice]);
    const direct = manageShortOption({
      position,
      underlier: ko(),
      chain: koSlice,
      rules: rollRulesSchema.parse({}),
      today: TODAY,
      nowMs: NOW_MS,
      rate: RATE,
      minCallStrike: 55,
      params: {},
    });
    expect(direct.recommendation?.action).toBe('roll_call');
    const strip = (r: RecommendationDraft | null | undefined) => (r ? { ...r, params: {} } : r);
    expect(out.recommendations.map(strip)).toEqual([strip(direct.recommendation)]);
    expect(out.recommendations[0]?.params).toMatchObject({ plugin: 'covered_call', minCallStrike: 55 });
    expectNeverNaked(acct, out);
  });
});

describe('missing data', () => {
  const acct = () => account([stockPosition('KO', 100, 55, 60)]);

  it('no spot', () => {
    const out = run(coveredCallPlugin, {}, acct(), [underlier('KO', null)]);
    expect(out.recommendations).toEqual([]);
    expect(out.signals).toEqual([
      { kind: 'missing_data', symbol: 'KO', message: 'No spot price for KO: no call sold.' },
    ]);
  });

  it('no chain fetched, or an empty one with a reason', () => {
    const none = run(coveredCallPlugin, {}, acct(), [ko()], []);
    expect(none.signals).toEqual([
      { kind: 'missing_data', symbol: 'KO', message: 'No calls of KO were fetched: no call sold.' },
    ]);
    const empty = run(coveredCallPlugin, {}, acct(), [ko()], [slice('KO', [], 'no quotes for KO')]);
    expect(empty.signals[0]?.message).toBe('No calls of KO were fetched (no quotes for KO): no call sold.');
  });

  it('calls without quotes pass no filter', () => {
    const unquoted = slice('KO', [
      listed({ symbol: 'KO', expiry: MAR27, strike: 62, right: 'call', bid: null, ask: null, delta: 0.28 }),
    ]);
    const out = run(coveredCallPlugin, {}, acct(), [ko()], [unquoted]);
    expect(out.recommendations).toEqual([]);
    expect(out.signals[0]).toMatchObject({ kind: 'no_candidate', payload: { rejected: { unknown_data: 1 } } });
  });

  it('an open short call without market data is not managed', () => {
    const acctWithShort = account([
      stockPosition('KO', 100, 55, 60),
      optionPosition('KO', 'call', 63, MAR27, -1, 1, 0.4),
    ]);
    const out = run(coveredCallPlugin, {}, acctWithShort, [], []);
    expect(out.recommendations).toEqual([]);
    expect(out.signals.map((s) => s.message)).toContain('No market data for KO: its short calls are not managed.');
  });
});

describe('dataNeeds', () => {
  it('asks for calls over the DTE window only where lots are uncovered, and the roll chains of the open calls', () => {
    const short = optionPosition('PEP', 'call', 160, MAR27, -1, 1, 0.4);
    const acct = account([
      stockPosition('KO', 250, 55, 60),
      stockPosition('PEP', 100, 140, 150),
      short,
      stockPosition('MSFT', 50, 300, 400),
    ]);
    const c = config();
    const needs = coveredCallPlugin.dataNeeds({
      account: acct,
      instance: input(c, acct, market([])).instance,
      asOf: NOW_MS,
      spots: new Map([
        ['KO', 60],
        ['PEP', 150],
        ['MSFT', 400],
      ]),
    });
    expect(needs).toEqual([
      { symbol: 'KO', rights: ['call'], minDte: 21, maxDte: 45, minMoneyness: 1, maxMoneyness: 1.25 },
      rollChainRequest(short, c.roll, 150, TODAY),
    ]);
  });
});
