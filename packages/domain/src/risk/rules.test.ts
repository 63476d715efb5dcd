import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IsoDate, formatMoney, newYorkToUtc, parseIsoDate, parseMoney } from '../index';
import type { AccountType } from './account-type';
import type { MarginMarket, MarginPosition } from './margin';
import { type OrderLeg, type RiskCheckInput, checkOrder, defaultLimits, marginUsage, resolveLimits } from './rules';

const nowMs = newYorkToUtc(parseIsoDate('2026-03-02'), 12 * 60);
const expiry = '2026-04-17' as IsoDate;
const leapsExpiry = '2028-01-21' as IsoDate;
const marketWith = (spots: Record<string, number>): MarginMarket => ({
  nowMs,
  spot: (symbol) => spots[symbol] ?? null,
  kind: (symbol) => (symbol === 'SPY' ? 'index_etf' : 'stock'),
  vol: () => 0.25,
  rate: 0.04,
  dividendYield: () => 0,
});
const stock = (symbol: string, quantity: number, mark: number | null): MarginPosition => ({
  symbol,
  quantity,
  mark,
  instrument: { kind: 'stock' },
});
const option = (
  symbol: string,
  right: 'call' | 'put',
  strike: number,
  quantity: number,
  mark: number | null,
  on: IsoDate = expiry,
): MarginPosition => ({
  symbol,
  quantity,
  mark,
  instrument: { kind: 'option', right, strike, expiry: on, multiplier: 100 },
});
/** An order leg: the option (or stock) bought (+) or sold (−) at `price`. */
const leg = (position: MarginPosition): OrderLeg => ({
  symbol: position.symbol,
  instrument: position.instrument,
  quantity: position.quantity,
  ...(position.mark === null ? {} : { price: position.mark }),
});
const check = (
  input: Partial<Omit<RiskCheckInput, 'cash' | 'order'>> & { type: AccountType; cash: string; legs: MarginPosition[] },
) =>
  checkOrder({
    positions: [],
    market: marketWith({ KO: 100, SPY: 500 }),
    ...input,
    cash: parseMoney(input.cash),
    order: { legs: input.legs.map(leg) },
  });
const reason = (result: ReturnType<typeof checkOrder>, rule: string) => {
  const found = result.reasons.filter((r) => r.rule === rule);
  expect(found, `one ${rule} reason`).toHaveLength(1);
  return found[0]!;
};

describe('limits', () => {
  it('has documented defaults per account type and merges overrides', () => {
    expect(defaultLimits('margin_pm')).toMatchObject({
      marginUsageWarn: 0.5,
      marginUsageMax: 0.7,
      minExcessLiquidity: 0.1,
      tickerExposureMax: 0.2,
      maxNewContractsPerRun: 10,
    });
    expect(defaultLimits('tfsa')).toMatchObject({
      marginUsageMax: null,
      tickerExposureMax: 0.25,
      maxSyntheticDeltaShares: 1000,
      drawdownThrottleAt: 0.1,
      drawdownThrottleScale: 0.5,
    });
    expect(resolveLimits('cash', { tickerExposureMax: 0.4, maxNewContractsPerRun: undefined })).toMatchObject({
      tickerExposureMax: 0.4,
      maxNewContractsPerRun: 10,
    });
    expect(() => resolveLimits('tfsa', { drawdownThrottleScale: 0 })).toThrow(RangeError);
  });
});

describe('cash and TFSA accounts', () => {
  // Book: 100 SPY at 500 (NLV ballast, not traded) + cash. Sell 1 KO 95 put at 2.00 (KO at 100):
  // the premium 200 is credited, so cash after = cash + 200; the put needs 95 × 100 × 1 = 9,500 in cash.
  const spy = stock('SPY', 100, 500);
  for (const type of ['cash', 'tfsa'] as const) {
    it(`${type}: a short put needs the full strike in cash`, () => {
      const blocked = check({ type, cash: '9000', positions: [spy], legs: [option('KO', 'put', 95, -1, 2)] });
      expect(blocked.verdict).toBe('block');
      expect(reason(blocked, 'short_put_cash')).toMatchObject({ verdict: 'block' });
      expect(reason(blocked, 'short_put_cash').message).toContain('9,500.00 of short put strikes');
      expect(reason(blocked, 'short_put_cash').message).toContain('9,200.00 cash after the order, 300.00 short');

      const allowed = check({ type, cash: '9500', positions: [spy], legs: [option('KO', 'put', 95, -1, 2)] });
      // KO exposure 9,500 / NLV (9,500 + 200 + 50,000 − 200) = 16.0%: under the 20% warning level.
      expect(allowed.reasons.filter((r) => r.verdict !== 'allow')).toEqual([]);
      expect(allowed.verdict).toBe('allow');
      expect(formatMoney(allowed.after.cashReserved!)).toBe('9500.00');
    });
  }

  it('blocks a naked call with the numbers', () => {
    // 200 KO shares and 2 short calls already; selling 1 more leaves 1 of 3 uncovered.
    const result = check({
      type: 'tfsa',
      cash: '100000',
      positions: [stock('KO', 200, 100), option('KO', 'call', 110, -2, 1)],
      legs: [option('KO', 'call', 110, -1, 1)],
    });
    expect(result.verdict).toBe('block');
    expect(reason(result, 'naked_call')).toEqual({
      rule: 'naked_call',
      verdict: 'block',
      symbol: 'KO',
      message:
        'TFSA accounts cannot sell naked calls: 1 KO call would be uncovered (200 shares cover 2 calls, 3 short)',
    });
  });

  it('allows a covered call against 100 shares held in the account', () => {
    const result = check({
      type: 'tfsa',
      cash: '50000',
      positions: [stock('KO', 100, 100)],
      legs: [option('KO', 'call', 110, -1, 1)],
    });
    expect(result.verdict).toBe('allow');
    expect(reason(result, 'naked_call').message).toBe('1 KO call short, covered by 100 shares held in the account');
  });

  it('does not count shares of another ticker as cover', () => {
    const result = check({
      type: 'rrsp',
      cash: '50000',
      positions: [stock('SPY', 100, 500)],
      legs: [option('KO', 'call', 110, -1, 1)],
    });
    expect(reason(result, 'naked_call').message).toBe(
      'RRSP accounts cannot sell naked calls: 1 KO call would be uncovered (0 shares cover 0 calls, 1 short)',
    );
  });

  it('blocks a credit spread (sell 95 put / buy 90 put)', () => {
    const result = check({
      type: 'tfsa',
      cash: '200000',
      legs: [option('KO', 'put', 95, -1, 2), option('KO', 'put', 90, 1, 0.5)],
    });
    expect(result.verdict).toBe('block');
    expect(reason(result, 'credit_spread')).toEqual({
      rule: 'credit_spread',
      verdict: 'block',
      symbol: 'KO',
      message:
        'TFSA accounts cannot open credit spreads: sell 1 KO 95 put 2026-04-17 / buy 1 KO 90 put 2026-04-17 takes in a net credit of 150.00',
    });
    // Without prices the model values decide: the 95 put is worth more than the 90 put, still a credit.
    const unpriced = check({
      type: 'tfsa',
      cash: '200000',
      legs: [option('KO', 'put', 95, -1, null), option('KO', 'put', 90, 1, null)],
    });
    expect(reason(unpriced, 'credit_spread').verdict).toBe('block');
  });

  it('does not take a roll (buy back one put, sell another) for a spread', () => {
    const result = check({
      type: 'tfsa',
      cash: '200000',
      positions: [option('KO', 'put', 95, -1, 2)],
      legs: [option('KO', 'put', 95, 1, 2), option('KO', 'put', 90, -1, 1)],
    });
    expect(result.reasons.some((r) => r.rule === 'credit_spread')).toBe(false);
    expect(result.verdict).toBe('allow');
  });

  it('allows long calls and LEAPS, paid in full', () => {
    const result = check({
      type: 'tfsa',
      cash: '50000',
      legs: [option('KO', 'call', 100, 1, 4), option('KO', 'call', 120, 2, 6, leapsExpiry)],
    });
    expect(result.verdict).toBe('allow');
    expect(reason(result, 'long_options').message).toContain('buy 2 KO 120 call 2028-01-21');
    expect(formatMoney(result.after.cashReserved!)).toBe('0.00');
    expect(formatMoney(result.after.cash)).toBe('48400.00'); // 50,000 − 400 − 1,200
  });

  it('blocks a purchase beyond the cash (no margin)', () => {
    const result = check({ type: 'cash', cash: '1000', legs: [option('KO', 'call', 120, 2, 6, leapsExpiry)] });
    expect(reason(result, 'no_margin')).toEqual({
      rule: 'no_margin',
      verdict: 'block',
      message: 'Cash accounts cannot borrow: cash after the order would be -200.00 (1,000.00 before)',
    });
  });

  it('limits the synthetic delta per ticker', () => {
    // 400 shares + 8 deep in-the-money calls (K 50, S 100, delta ≈ 1) ≈ 1,200 shares > 1,000.
    const legs = [stock('KO', 400, 100), option('KO', 'call', 50, 8, 50.5)];
    const result = check({ type: 'tfsa', cash: '1000000', legs });
    expect(reason(result, 'synthetic_delta').verdict).toBe('block');
    expect(reason(result, 'synthetic_delta').message).toMatch(/^Synthetic delta of KO would be 1200 shares after/);
    expect(result.verdict).toBe('block');
    expect(check({ type: 'tfsa', cash: '1000000', legs, limits: { maxSyntheticDeltaShares: 1500 } }).verdict).toBe(
      'allow',
    );
  });
});

describe('Reg-T accounts', () => {
  const noConcentration = { tickerExposureWarn: null, tickerExposureMax: null };

  it('margins a short put by the published rule and blocks when usage crosses the limit', () => {
    // Short KO 95 put at 2.00, KO at 100: max(20% × 100 − 5, 10% × 95) + 2 = 17 → 1,700 per contract.
    // NLV stays 10,000 (premium credited, the put marked at −200 each).
    const one = check({ type: 'margin_regt', cash: '10000', legs: [option('KO', 'put', 95, -1, 2)] });
    expect(formatMoney(one.after.maintenanceMargin!)).toBe('1700.00');
    expect(formatMoney(one.after.netLiquidation!)).toBe('10000.00');
    expect(formatMoney(one.before.maintenanceMargin!)).toBe('0.00');

    const usage = (contracts: number) =>
      check({
        type: 'margin_regt',
        cash: '10000',
        limits: noConcentration,
        legs: [option('KO', 'put', 95, -contracts, 2)],
      });
    expect(usage(1).verdict).toBe('allow'); // 17%
    expect(reason(usage(4), 'margin_usage')).toMatchObject({ verdict: 'warn' }); // 68% > 50%
    const blocked = usage(5); // 8,500 / 10,000 = 85% > 70%
    expect(blocked.verdict).toBe('block');
    expect(reason(blocked, 'margin_usage').message).toBe(
      'Margin usage would be 85.0% of NLV after the order (maintenance 8,500.00 / NLV 10,000.00; 0.0% before), above the 70.0% limit',
    );
    // Excess liquidity 1,500 = 15% of NLV: above the 10% minimum.
    expect(reason(blocked, 'min_excess_liquidity').verdict).toBe('allow');
  });

  it('warns, not blocks, when an order lowers a usage already above the limit', () => {
    const result = check({
      type: 'margin_regt',
      cash: '10000',
      limits: noConcentration,
      positions: [option('KO', 'put', 95, -6, 2)],
      legs: [option('KO', 'put', 95, 1, 2)],
    });
    expect(reason(result, 'margin_usage').verdict).toBe('warn'); // 85%, down from 102%
  });

  it('warns and blocks on concentration in one ticker', () => {
    // Cash 100,000; KO at 100. 180 shares = 18% of NLV (> 15% warn); 250 shares = 25% (> 20% block).
    const at = (shares: number) => check({ type: 'margin_regt', cash: '100000', legs: [stock('KO', shares, 100)] });
    expect(at(150).verdict).toBe('allow');
    expect(reason(at(180), 'ticker_concentration').verdict).toBe('warn');
    expect(reason(at(250), 'ticker_concentration')).toEqual({
      rule: 'ticker_concentration',
      verdict: 'block',
      symbol: 'KO',
      message: 'KO exposure would be 25,000.00, 25.0% of NLV 100,000.00, above the 20.0% per-ticker limit',
    });
  });

  it('does not count a short call capped by a long call (a PMCC) as an unlimited exposure', () => {
    // Cash 100,000; KO at 100. Long 2 KO 70 LEAPS calls at 31 = 6,200 of exposure (6.2%). Selling 2 KO 110 calls
    // against them adds nothing: the LEAPS (lower strike, later expiry) cap their upside. Without the LEAPS the same
    // 2 calls count at spot: 2 × 100 × 100 = 20,000 (20.0%, above the 15% warning).
    const leaps = option('KO', 'call', 70, 2, 31, leapsExpiry);
    const shortCalls = option('KO', 'call', 110, -2, 1);
    const pmcc = check({ type: 'margin_pm', cash: '100000', positions: [leaps], legs: [shortCalls] });
    expect(reason(pmcc, 'ticker_concentration')).toMatchObject({ verdict: 'allow' });
    expect(reason(pmcc, 'ticker_concentration').message).toContain('KO exposure would be 6,200.00');
    const naked = check({ type: 'margin_pm', cash: '100000', legs: [shortCalls] });
    expect(reason(naked, 'ticker_concentration').message).toContain('KO exposure would be 20,000.00');
    // A long call expiring before the short does not cap it.
    const early = option('KO', 'call', 70, 2, 31, '2026-03-20' as IsoDate);
    const calendar = check({ type: 'margin_pm', cash: '100000', positions: [early], legs: [shortCalls] });
    expect(reason(calendar, 'ticker_concentration').message).toContain('KO exposure would be 26,200.00');
  });

  it('counts short puts at their assignment value (TFSA)', () => {
    // 3 × 95 × 100 = 28,500 of NLV 100,000 = 28.5% > 25%.
    const result = check({ type: 'tfsa', cash: '100000', legs: [option('KO', 'put', 95, -3, 2)] });
    expect(reason(result, 'ticker_concentration').verdict).toBe('block');
    expect(reason(result, 'ticker_concentration').message).toContain(
      '28,500.00, 28.5% of NLV 100,000.00 (short puts at strike × multiplier × contracts)',
    );
  });

  it('limits new contracts per run', () => {
    const result = check({
      type: 'margin_pm',
      cash: '1000000',
      newContractsThisRun: 8,
      legs: [option('KO', 'put', 80, -3, 0.5)],
    });
    expect(reason(result, 'max_new_contracts')).toEqual({
      rule: 'max_new_contracts',
      verdict: 'block',
      message: '3 new contracts in this order, 11 in this run, above the limit of 10 per run',
    });
  });
});

describe('drawdown throttle', () => {
  const sellPut = [option('KO', 'put', 90, -1, 1)];
  it('shrinks new positions after the drawdown threshold and blocks past the second', () => {
    const calm = check({ type: 'tfsa', cash: '100000', drawdown: 0.05, legs: sellPut });
    expect(calm.quantityScale).toBeUndefined();
    expect(calm.verdict).toBe('allow');

    const throttled = check({ type: 'tfsa', cash: '100000', drawdown: 0.12, legs: sellPut });
    expect(throttled.quantityScale).toBe(0.5);
    expect(throttled.verdict).toBe('warn');
    expect(reason(throttled, 'drawdown_throttle').message).toBe(
      'Drawdown 12.0% from peak reaches 10.0%: new positions are scaled by 0.5',
    );
    const custom = check({
      type: 'margin_regt',
      cash: '100000',
      drawdown: 0.06,
      limits: { drawdownThrottleAt: 0.05, drawdownThrottleScale: 0.25 },
      legs: sellPut,
    });
    expect(custom.quantityScale).toBe(0.25);

    expect(check({ type: 'tfsa', cash: '100000', drawdown: 0.3, legs: sellPut }).verdict).toBe('block');
  });

  it('never throttles a closing order', () => {
    const result = check({
      type: 'tfsa',
      cash: '100000',
      drawdown: 0.3,
      positions: [option('KO', 'put', 90, -1, 1)],
      legs: [option('KO', 'put', 90, 1, 1)],
    });
    expect(result.quantityScale).toBeUndefined();
    expect(result.verdict).toBe('allow');
  });
});

describe('properties', () => {
  it('margin usage of a short-put book never decreases as the order grows', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<AccountType>('margin_regt', 'margin_pm'),
        fc.integer({ min: 50, max: 300 }), // spot
        fc.double({ min: 0.7, max: 1.1, noNaN: true }), // strike ÷ spot
        fc.integer({ min: 5, max: 1000 }), // premium in cents
        fc.integer({ min: 0, max: 5 }), // puts already short
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        (type, spot, moneyness, cents, held, a, b) => {
          const strike = Math.round(spot * moneyness);
          const premium = cents / 100;
          const usageOf = (contracts: number) =>
            marginUsage(
              checkOrder({
                type,
                cash: parseMoney('1000000'),
                positions: held > 0 ? [option('KO', 'put', strike, -held, premium)] : [],
                market: marketWith({ KO: spot }),
                order: { legs: [leg(option('KO', 'put', strike, -contracts, premium))] },
              }).after,
            )!;
          const [small, large] = a <= b ? [a, b] : [b, a];
          expect(usageOf(small)).toBeLessThanOrEqual(usageOf(large));
        },
      ),
      { numRuns: 200 },
    );
  });
});
