import { describe, expect, it } from 'vitest';
import { type IsoDate, newYorkToUtc, parseIsoDate, yearFractionToExpiry } from '../calendar';
import { parseMoney } from '../money';
import { greeks, price } from '../pricing/api';
import type { MarginMarket, MarginPosition } from './margin';
import { type Dividend, positionRisk } from './position-state';
import { computeRiskState } from './risk-state';

// Monday 2026-03-02, noon in New York.
const nowMs = newYorkToUtc(parseIsoDate('2026-03-02'), 12 * 60);
const april = '2026-04-17' as IsoDate; // 46 calendar days: 29 left in March + 17
const wednesday = '2026-03-04' as IsoDate; // 2 days
const friday = '2026-03-06' as IsoDate; // 4 days
const marketAt = (spot: number | null): MarginMarket => ({
  nowMs,
  spot: () => spot,
  kind: () => 'stock',
  vol: () => 0.25,
  rate: 0.04,
  dividendYield: () => 0,
});
const option = (
  right: 'call' | 'put',
  strike: number,
  quantity: number,
  mark: number | null,
  expiry: IsoDate = april,
): MarginPosition => ({
  symbol: 'KO',
  quantity,
  mark,
  instrument: { kind: 'option', right, strike, expiry, multiplier: 100 },
});
const risk = (
  position: MarginPosition,
  spot: number | null,
  dividends: readonly Dividend[] | null = [],
  nearExpiryDays?: number,
) =>
  positionRisk({
    position,
    market: marketAt(spot),
    dividends,
    ...(nearExpiryDays === undefined ? {} : { nearExpiryDays }),
  });
const exDividend = (exDate: string, amount: number): Dividend => ({ exDate: exDate as IsoDate, amount });

describe('positionRisk: days, moneyness and greeks', () => {
  it('counts calendar days from the New York date and measures moneyness from the strike', () => {
    const put = risk(option('put', 95, -1, 4), 92);
    expect(put.dte).toBe(46);
    expect(put.moneynessPct).toBeCloseTo(3 / 95, 12); // (K − S) / K
    expect(put.moneyness).toBe('itm');
    const call = risk(option('call', 110, -1, 1), 100);
    expect(call.moneynessPct).toBeCloseTo(-10 / 110, 12);
    expect(call.moneyness).toBe('otm');
    // 0.4 / 100.4 = 0.4%, inside the ±0.5% band.
    expect(risk(option('put', 100.4, -1, 2), 100).moneyness).toBe('atm');
  });

  it('scales the domain greeks by quantity × multiplier, as the risk state does', () => {
    const position = option('put', 95, -2, 2);
    const result = risk(position, 100);
    const T = yearFractionToExpiry(nowMs, april);
    const g = greeks({ right: 'put', S: 100, K: 95, T, r: 0.04, q: 0, sigma: 0.25 });
    expect(result.deltaShares).toBeCloseTo(-200 * g.delta, 12);
    expect(result.gammaShares).toBeCloseTo(-200 * g.gamma, 12);
    expect(result.thetaPerDay).toBeCloseTo(-200 * g.thetaPerDay, 12);
    expect(result.vegaPerVolPoint).toBeCloseTo((-200 * g.vega) / 100, 12);
    const [u] = computeRiskState({
      type: 'margin_regt',
      cash: parseMoney('100000'),
      positions: [position],
      market: marketAt(100),
    }).greeks.byUnderlier;
    expect(result.thetaPerDay).toBe(u?.thetaPerDay);
    expect(result.vegaPerVolPoint).toBe(u?.vegaPerVolPoint);
    expect(result.deltaShares).toBeCloseTo(u?.deltaShares ?? NaN, 9);
  });

  it('gives stock its shares as delta and no expiry', () => {
    const stock: MarginPosition = { symbol: 'KO', quantity: 300, mark: 100, instrument: { kind: 'stock' } };
    expect(risk(stock, null)).toEqual({
      dte: null,
      moneyness: null,
      moneynessPct: null,
      deltaShares: 300,
      gammaShares: 0,
      thetaPerDay: 0,
      vegaPerVolPoint: 0,
      assignmentRisk: { level: 'none', cause: null, reason: 'Stock is not assigned' },
    });
  });

  it('keeps greeks and moneyness null when the spot is unknown', () => {
    const result = risk(option('put', 95, -1, 2), null);
    expect([result.moneyness, result.moneynessPct, result.deltaShares, result.thetaPerDay]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(result.dte).toBe(46);
    expect(result.assignmentRisk).toMatchObject({ level: 'elevated', cause: null });
    expect(result.assignmentRisk.reason).toBe(
      'Spot unknown: cannot tell whether the short put is in the money (with 46 days to expiry)',
    );
  });
});

describe('positionRisk: assignment risk', () => {
  it('is high in the money near expiry', () => {
    expect(risk(option('put', 95, -1, 3.1, wednesday), 92).assignmentRisk).toEqual({
      level: 'high',
      cause: 'itm_near_expiry',
      reason: 'ITM by 3.2% with 2 days to expiry',
    });
    // 4 days: high by default (≤ 5), elevated with a 3-day window.
    const itmFriday = option('put', 95, -1, 3.2, friday);
    expect(risk(itmFriday, 92).assignmentRisk.level).toBe('high');
    expect(risk(itmFriday, 92, [], 3).assignmentRisk).toMatchObject({ level: 'elevated', cause: 'itm' });
    // Expired and still held (3 days past the 2026-02-27 expiry).
    expect(risk(option('put', 95, -1, 3, '2026-02-27' as IsoDate), 92).assignmentRisk.reason).toBe(
      'ITM by 3.2% with expiry 3 days ago',
    );
  });

  it('is elevated in the money, low out of it, none for long options', () => {
    expect(risk(option('put', 95, -1, 4), 92).assignmentRisk).toEqual({
      level: 'elevated',
      cause: 'itm',
      reason: 'ITM by 3.2% with 46 days to expiry',
    });
    expect(risk(option('put', 95, -1, 2), 100).assignmentRisk).toEqual({
      level: 'low',
      cause: null,
      reason: 'OTM by 5.3% with 46 days to expiry', // (95 − 100) / 95
    });
    expect(risk(option('put', 95, 1, 4, wednesday), 92).assignmentRisk).toEqual({
      level: 'none',
      cause: null,
      reason: 'Long options are not assigned',
    });
  });

  it('is high for an ITM short call whose extrinsic value is below a dividend going ex before expiry', () => {
    // K 90, S 100, mark 10.20: intrinsic 10.00, extrinsic 0.20 < the 0.50 dividend.
    const call = option('call', 90, -1, 10.2);
    expect(risk(call, 100, [exDividend('2026-03-13', 0.5)]).assignmentRisk).toEqual({
      level: 'high',
      cause: 'ex_dividend',
      reason:
        'ITM by 11.1% with 46 days to expiry; the 0.50 dividend going ex on 2026-03-13 exceeds 0.20 of extrinsic value left, so early exercise the day before the ex-date is rational',
    });
    // Extrinsic 1.00 > 0.50: merely in the money.
    expect(risk(option('call', 90, -1, 11), 100, [exDividend('2026-03-13', 0.5)]).assignmentRisk).toEqual({
      level: 'elevated',
      cause: 'itm',
      reason:
        'ITM by 11.1% with 46 days to expiry; the 0.50 dividend going ex on 2026-03-13 is below the 1.00 of extrinsic value',
    });
    // Ex-dates today or after expiry do not count.
    for (const exDate of ['2026-03-02', '2026-04-20']) {
      expect(risk(call, 100, [exDividend(exDate, 0.5)]).assignmentRisk.cause).toBe('itm');
    }
    // On expiry day counts.
    expect(risk(call, 100, [exDividend('2026-04-17', 0.5)]).assignmentRisk.cause).toBe('ex_dividend');
  });

  it('uses the model value for the extrinsic value when the mark is unknown', () => {
    const T = yearFractionToExpiry(nowMs, april);
    const extrinsic = price({ right: 'call', S: 100, K: 90, T, r: 0.04, q: 0, sigma: 0.25 }) - 10;
    expect(extrinsic).toBeGreaterThan(0.5);
    const call = option('call', 90, -1, null);
    expect(risk(call, 100, [exDividend('2026-03-13', 0.5)]).assignmentRisk.cause).toBe('itm');
    const big = risk(call, 100, [exDividend('2026-03-13', extrinsic + 0.01)]).assignmentRisk;
    expect(big.cause).toBe('ex_dividend');
    expect(big.reason).toContain(`exceeds ${extrinsic.toFixed(2)} of extrinsic value left`);
  });

  it('says when dividend dates are unknown for a short call', () => {
    expect(risk(option('call', 110, -1, 1), 100, null).assignmentRisk).toEqual({
      level: 'low',
      cause: null,
      reason: 'OTM by 9.1% with 46 days to expiry; dividend dates unknown',
    });
    expect(risk(option('call', 90, -1, 11), 100, null).assignmentRisk.reason).toBe(
      'ITM by 11.1% with 46 days to expiry; dividend dates unknown',
    );
    expect(risk(option('put', 95, -1, 2), 100, null).assignmentRisk.reason).toBe('OTM by 5.3% with 46 days to expiry');
  });

  it('rejects a negative near-expiry window and corrupt dividends', () => {
    expect(() => risk(option('put', 95, -1, 2), 100, [], -1)).toThrow(RangeError);
    expect(() => risk(option('put', 95, -1, 2), 100, [exDividend('2026-03-13', Number.NaN)])).toThrow(RangeError);
  });
});
