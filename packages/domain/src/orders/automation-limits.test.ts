import { describe, expect, it } from 'vitest';
import { type IsoDate, isMarketOpen } from '../calendar';
import type { MarginInstrument, MarginPosition } from '../risk/margin';
import {
  type AutomationLimits,
  type OrderLegPosition,
  checkAutomationLimits,
  isReduceOnly,
  marketGate,
} from './automation-limits';

const NO_LIMITS: AutomationLimits = {
  maxContractsPerOrder: null,
  maxNotionalPerOrder: null,
  maxContractsPerDay: null,
  maxNotionalPerDay: null,
};

describe('checkAutomationLimits', () => {
  const today = { contracts: 8, notional: 40_000 };

  it('passes with no limits, and at a limit exactly (limits are inclusive)', () => {
    expect(checkAutomationLimits({ order: { contracts: 99, notional: 1e6 }, today, limits: NO_LIMITS })).toEqual({
      ok: true,
    });
    const limits = {
      maxContractsPerOrder: 2,
      maxNotionalPerOrder: 9_500,
      maxContractsPerDay: 10,
      maxNotionalPerDay: 49_500,
    };
    expect(checkAutomationLimits({ order: { contracts: 2, notional: 9_500 }, today, limits })).toEqual({ ok: true });
  });

  it('maxContractsPerOrder', () => {
    const result = checkAutomationLimits({
      order: { contracts: 3, notional: 0 },
      today,
      limits: { ...NO_LIMITS, maxContractsPerOrder: 2 },
    });
    expect(result).toEqual({
      ok: false,
      reasons: [
        { limit: 'maxContractsPerOrder', message: 'Order of 3 contracts is above the limit of 2 contracts per order' },
      ],
    });
  });

  it('maxNotionalPerOrder, compared in cents', () => {
    // A short put K 95 × 100 = 9,500.00 against a 9,000.00 limit.
    const result = checkAutomationLimits({
      order: { contracts: 1, notional: 9_500 },
      today,
      limits: { ...NO_LIMITS, maxNotionalPerOrder: 9_000 },
    });
    expect(result).toEqual({
      ok: false,
      reasons: [
        {
          limit: 'maxNotionalPerOrder',
          message: 'Order notional 9,500.00 is above the limit of 9,000.00 per order',
        },
      ],
    });
    // 0.1 + 0.2 is not above 0.30.
    const tiny = { ...NO_LIMITS, maxNotionalPerOrder: 0.3 };
    expect(checkAutomationLimits({ order: { contracts: 1, notional: 0.1 + 0.2 }, today, limits: tiny }).ok).toBe(true);
  });

  it('maxContractsPerDay counts what was placed today plus this order', () => {
    // 8 today + 3 = 11 > 10.
    const result = checkAutomationLimits({
      order: { contracts: 3, notional: 0 },
      today,
      limits: { ...NO_LIMITS, maxContractsPerDay: 10 },
    });
    expect(result).toEqual({
      ok: false,
      reasons: [
        {
          limit: 'maxContractsPerDay',
          message: '8 contracts today + 3 in this order = 11, above the limit of 10 contracts per day',
        },
      ],
    });
  });

  it('maxNotionalPerDay counts what was placed today plus this order', () => {
    // 40,000.00 + 9,500.00 = 49,500.00 > 45,000.00.
    const result = checkAutomationLimits({
      order: { contracts: 1, notional: 9_500 },
      today,
      limits: { ...NO_LIMITS, maxNotionalPerDay: 45_000 },
    });
    expect(result).toEqual({
      ok: false,
      reasons: [
        {
          limit: 'maxNotionalPerDay',
          message:
            'Notional 40,000.00 today + 9,500.00 in this order = 49,500.00, above the limit of 45,000.00 per day',
        },
      ],
    });
  });

  it('lists every limit broken, in order', () => {
    const result = checkAutomationLimits({
      order: { contracts: 5, notional: 20_000 },
      today,
      limits: {
        maxContractsPerOrder: 4,
        maxNotionalPerOrder: 10_000,
        maxContractsPerDay: 12,
        maxNotionalPerDay: 50_000,
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons.map((reason) => reason.limit)).toEqual([
      'maxContractsPerOrder',
      'maxNotionalPerOrder',
      'maxContractsPerDay', // 8 + 5 = 13 > 12
      'maxNotionalPerDay', // 40,000 + 20,000 = 60,000 > 50,000
    ]);
  });

  it('fails a notional limit it cannot check (unknown notional), but not a limit that is unset', () => {
    const order = { contracts: 1, notional: null };
    expect(checkAutomationLimits({ order, today, limits: NO_LIMITS })).toEqual({ ok: true });
    expect(
      checkAutomationLimits({
        order,
        today,
        limits: { ...NO_LIMITS, maxNotionalPerOrder: 10_000, maxNotionalPerDay: 50_000 },
      }),
    ).toEqual({
      ok: false,
      reasons: [
        {
          limit: 'maxNotionalPerOrder',
          message: 'Order notional unknown; cannot check the limit of 10,000.00 per order',
        },
        { limit: 'maxNotionalPerDay', message: 'Order notional unknown; cannot check the limit of 50,000.00 per day' },
      ],
    });
  });

  it('throws on negative or non-finite amounts', () => {
    expect(() => checkAutomationLimits({ order: { contracts: -1, notional: 0 }, today, limits: NO_LIMITS })).toThrow(
      RangeError,
    );
    expect(() =>
      checkAutomationLimits({ order: { contracts: 1, notional: Number.NaN }, today, limits: NO_LIMITS }),
    ).toThrow(RangeError);
  });
});

describe('isReduceOnly', () => {
  const expiry = '2026-12-18' as IsoDate;
  const put95: MarginInstrument = { kind: 'option', right: 'put', strike: 95, expiry, multiplier: 100 };
  const call110: MarginInstrument = { kind: 'option', right: 'call', strike: 110, expiry, multiplier: 100 };
  const stock: MarginInstrument = { kind: 'stock' };
  const held = (instrument: MarginInstrument, quantity: number): MarginPosition => ({
    symbol: 'KO',
    instrument,
    quantity,
    mark: null,
  });
  const leg = (instrument: MarginInstrument, quantity: number): OrderLegPosition => ({
    symbol: 'KO',
    instrument,
    quantity,
  });
  // Short 2 puts, short 1 call covered by 100 long shares.
  const positions = [held(put95, -2), held(call110, -1), held(stock, 100)];

  it('buying back part or all of a short is reduce-only', () => {
    expect(isReduceOnly([leg(put95, 1)], positions)).toBe(true);
    expect(isReduceOnly([leg(put95, 2)], positions)).toBe(true);
  });

  it('selling part of a long is reduce-only', () => {
    expect(isReduceOnly([leg(stock, -100)], positions)).toBe(true);
  });

  it('closing two positions in one combo is reduce-only when every leg reduces', () => {
    expect(isReduceOnly([leg(call110, 1), leg(stock, -100)], positions)).toBe(true);
  });

  it('over-closing is not: buying 3 puts against a short of 2 leaves a long put', () => {
    expect(isReduceOnly([leg(put95, 3)], positions)).toBe(false);
  });

  it('legs on the same instrument are summed before comparing (1 + 2 = 3 > 2)', () => {
    expect(isReduceOnly([leg(put95, 1), leg(put95, 2)], positions)).toBe(false);
  });

  it('adding to a position, or trading an instrument not held, is not', () => {
    expect(isReduceOnly([leg(put95, -1)], positions)).toBe(false);
    expect(isReduceOnly([leg({ ...put95, strike: 90 }, 1)], positions)).toBe(false);
    expect(
      isReduceOnly(
        [leg(put95, 1)],
        [held(put95, -2)].map((p) => ({ ...p, symbol: 'PEP' })),
      ),
    ).toBe(false);
  });

  it('a roll is not: the closing leg reduces, the opening leg does not', () => {
    const put90Later: MarginInstrument = { ...put95, strike: 90, expiry: '2027-01-15' as IsoDate };
    expect(isReduceOnly([leg(put95, 2), leg(put90Later, -2)], positions)).toBe(false);
  });

  it('an order with no legs is not, and a zero-quantity leg is an error', () => {
    expect(isReduceOnly([], positions)).toBe(false);
    expect(() => isReduceOnly([leg(put95, 0)], positions)).toThrow(RangeError);
  });
});

describe('marketGate', () => {
  // November 2026 is on EST (DST ended Sunday 2026-11-01): New York = UTC − 5, so 09:30 ET = 14:30Z.
  const utc = (day: number, hour: number, minute = 0) => Date.UTC(2026, 10, day, hour, minute);
  const expectSameAsCalendar = (nowMs: number) => expect(marketGate(nowMs).open).toBe(isMarketOpen(nowMs));

  it('a weekday session: before the open, open (open inclusive), after the close (close exclusive)', () => {
    // Tuesday 2026-11-24.
    expect(marketGate(utc(24, 14, 29))).toEqual({ open: false, reason: 'before_open', nextOpenMs: utc(24, 14, 30) });
    expect(marketGate(utc(24, 14, 30))).toEqual({ open: true, reason: null, closesAtMs: utc(24, 21) });
    expect(marketGate(utc(24, 20, 59))).toEqual({ open: true, reason: null, closesAtMs: utc(24, 21) });
    // 16:00 ET → the next session is Wednesday 2026-11-25 09:30 ET.
    expect(marketGate(utc(24, 21))).toEqual({ open: false, reason: 'after_close', nextOpenMs: utc(25, 14, 30) });
    for (const t of [utc(24, 14, 29), utc(24, 14, 30), utc(24, 21)]) expectSameAsCalendar(t);
  });

  it('a weekend: closed until Monday 09:30 ET', () => {
    // Saturday 2026-11-21 noon ET → Monday 2026-11-23 14:30Z.
    expect(marketGate(utc(21, 17))).toEqual({ open: false, reason: 'closed_weekend', nextOpenMs: utc(23, 14, 30) });
    // Sunday 22:00 ET is already Monday 03:00Z: the New York date (Sunday) decides, not the UTC one.
    expect(marketGate(utc(23, 3))).toEqual({ open: false, reason: 'closed_weekend', nextOpenMs: utc(23, 14, 30) });
  });

  it('a NYSE holiday: Thanksgiving 2026-11-26, next open Friday 2026-11-27 09:30 ET', () => {
    expect(marketGate(utc(26, 16))).toEqual({ open: false, reason: 'closed_holiday', nextOpenMs: utc(27, 14, 30) });
    expectSameAsCalendar(utc(26, 16));
  });

  it('the early close on 2026-11-27 at 13:00 ET (18:00Z)', () => {
    expect(marketGate(utc(27, 17, 59))).toEqual({ open: true, reason: null, closesAtMs: utc(27, 18) });
    // 13:00 ET: closed; the next session is Monday 2026-11-30.
    expect(marketGate(utc(27, 18))).toEqual({ open: false, reason: 'after_close', nextOpenMs: utc(30, 14, 30) });
    // 15:00 ET would be open on a normal day.
    expect(marketGate(utc(27, 20)).open).toBe(false);
    for (const t of [utc(27, 17, 59), utc(27, 18)]) expectSameAsCalendar(t);
  });
});
