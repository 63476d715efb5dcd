import { describe, expect, it } from 'vitest';
import { checkPriceBand, netToSideTerms } from './price-band';

const band = { fraction: 0.2, ticks: 3 };

describe('checkPriceBand', () => {
  it('outside: selling at 1.80 against 1.20 / 1.30 (mid 1.25, 20% = 0.25 > 3 × 0.01)', () => {
    expect(
      checkPriceBand({ limitPrice: 1.8, bid: 1.2, ask: 1.3, side: 'credit', maxDeviation: band, tick: 0.01 }),
    ).toEqual({
      ok: false,
      code: 'outside_band',
      message: 'limit 1.80 is 0.55 from the mid 1.25, more than the 0.25 allowed (20% of the mid)',
    });
  });

  it('inside: selling at 1.40 is 0.15 from the mid, not marketable (above the 1.20 bid)', () => {
    expect(
      checkPriceBand({ limitPrice: 1.4, bid: 1.2, ask: 1.3, side: 'credit', maxDeviation: band, tick: 0.01 }),
    ).toEqual({ ok: true, mid: 1.25, distance: 0.15, allowed: 0.25, marketable: false });
  });

  it('on the edge passes: 1.25 + 0.25 = 1.50 exactly', () => {
    const r = checkPriceBand({ limitPrice: 1.5, bid: 1.2, ask: 1.3, side: 'credit', maxDeviation: band, tick: 0.01 });
    expect(r).toMatchObject({ ok: true, distance: 0.25, allowed: 0.25 });
  });

  it('marketable: selling at 1.15, under the 1.20 bid, is 0.10 from the mid: allowed and flagged', () => {
    const r = checkPriceBand({ limitPrice: 1.15, bid: 1.2, ask: 1.3, side: 'credit', maxDeviation: band, tick: 0.01 });
    expect(r).toEqual({ ok: true, mid: 1.25, distance: 0.1, allowed: 0.25, marketable: true });
  });

  it('marketable: buying at the 1.30 ask; not marketable at 1.29', () => {
    const at = (limitPrice: number) =>
      checkPriceBand({ limitPrice, bid: 1.2, ask: 1.3, side: 'debit', maxDeviation: band, tick: 0.01 });
    expect(at(1.3)).toMatchObject({ ok: true, marketable: true });
    expect(at(1.29)).toMatchObject({ ok: true, marketable: false });
  });

  it('the tick floor: mid 0.10, 20% is 0.02 but 3 × 0.01 = 0.03 allowed; 0.14 is 0.04 away', () => {
    const at = (limitPrice: number) =>
      checkPriceBand({ limitPrice, bid: 0.05, ask: 0.15, side: 'debit', maxDeviation: band, tick: 0.01 });
    expect(at(0.13)).toMatchObject({ ok: true, distance: 0.03, allowed: 0.03 });
    expect(at(0.14)).toEqual({
      ok: false,
      code: 'outside_band',
      message: 'limit 0.14 is 0.04 from the mid 0.10, more than the 0.03 allowed (3 ticks of 0.01)',
    });
  });

  it('no_quote: a side unknown, or a crossed market', () => {
    const input = { limitPrice: 1.25, side: 'credit', maxDeviation: band, tick: 0.01 } as const;
    expect(checkPriceBand({ ...input, bid: null, ask: 1.3 })).toEqual({
      ok: false,
      code: 'no_quote',
      message: 'Cannot check limit 1.25: no two-sided quote (bid unknown, ask 1.30)',
    });
    expect(checkPriceBand({ ...input, bid: 1.4, ask: 1.3 })).toMatchObject({ ok: false, code: 'no_quote' });
  });

  it('allowUnknown: accepted, and every figure unknown (null), never NaN', () => {
    expect(
      checkPriceBand({
        limitPrice: 1.25,
        bid: null,
        ask: null,
        side: 'debit',
        maxDeviation: band,
        tick: 0.01,
        allowUnknown: true,
      }),
    ).toEqual({ ok: true, mid: null, distance: null, allowed: null, marketable: null });
  });

  it('a NaN price or a zero tick is a bug, not a verdict', () => {
    expect(() =>
      checkPriceBand({ limitPrice: NaN, bid: 1.2, ask: 1.3, side: 'debit', maxDeviation: band, tick: 0.01 }),
    ).toThrow(RangeError);
    expect(() =>
      checkPriceBand({ limitPrice: 1.25, bid: 1.2, ask: 1.3, side: 'debit', maxDeviation: band, tick: 0 }),
    ).toThrow(RangeError);
  });
});

describe('netToSideTerms + checkPriceBand: a credit roll', () => {
  // Net market −1.30 / −1.15 (see order-payload.test.ts): as a credit, bid 1.15 (receivable at once), ask 1.30.
  it('a 1.23 credit: mid 1.225, 0.005 away, inside; a 1.10 credit is under the 1.15 credit bid: marketable', () => {
    const spread = { bid: -1.3, ask: -1.15 };
    expect(netToSideTerms(-1.23, spread)).toEqual({ limitPrice: 1.23, bid: 1.15, ask: 1.3, side: 'credit' });
    expect(checkPriceBand({ ...netToSideTerms(-1.23, spread), maxDeviation: band, tick: 0.01 })).toEqual({
      ok: true,
      mid: 1.225,
      distance: 0.005,
      allowed: 0.245,
      marketable: false,
    });
    expect(checkPriceBand({ ...netToSideTerms(-1.1, spread), maxDeviation: band, tick: 0.01 })).toMatchObject({
      ok: true,
      marketable: true,
    });
  });

  it('a debit keeps its terms', () => {
    expect(netToSideTerms(0.3, { bid: 0.2, ask: null })).toEqual({
      limitPrice: 0.3,
      bid: 0.2,
      ask: null,
      side: 'debit',
    });
  });
});
