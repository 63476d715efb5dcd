import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../calendar';
import { type RecommendationInput, type RecommendationLegInput, orderFromRecommendation } from './order-payload';
import type { OrderSpec } from './order-types';

const may = '2026-05-15' as IsoDate;
const june = '2026-06-18' as IsoDate;
const put = (side: 'BUY' | 'SELL', strike: number, expiry: IsoDate, symbol = 'KO'): RecommendationLegInput => ({
  symbol,
  kind: 'option',
  right: 'put',
  strike,
  expiry,
  multiplier: 100,
  side,
  ratio: 1,
});

// Sell 2 KO 60 puts; the mid of 1.20 / 1.27 is 1.235 (penny program: 0.01 under 3.00).
const sellPut: RecommendationInput = {
  action: 'sell_put',
  legs: [put('SELL', 60, may)],
  quantity: 2,
  limitPrice: 1.235,
  spread: { bid: 1.2, ask: 1.27 },
};

// Roll: buy back the May 60 put (bid 0.40 / ask 0.45), sell the June 57.5 put (bid 1.60 / ask 1.70).
// Net = 0.425 − 1.65 = −1.225 (a credit); net market: bid 0.40 − 1.70 = −1.30, ask 0.45 − 1.60 = −1.15.
const roll: RecommendationInput = {
  action: 'roll_put',
  legs: [put('BUY', 60, may), put('SELL', 57.5, june)],
  quantity: 3,
  limitPrice: -1.225,
  spread: { bid: -1.3, ask: -1.15 },
};

const order = (rec: RecommendationInput, overrides?: Parameters<typeof orderFromRecommendation>[1]): OrderSpec => {
  const result = orderFromRecommendation(rec, overrides);
  if (!result.ok) throw new Error(`refused: ${result.code}: ${result.message}`);
  return result.order;
};

describe('orderFromRecommendation: single leg', () => {
  it('sell_put: the leg as it is, the limit rounded up to the tick (1.235 → 1.24), DAY by default', () => {
    expect(order(sellPut)).toEqual({
      legs: [
        {
          symbol: 'KO',
          kind: 'option',
          right: 'put',
          strike: 60,
          expiry: may,
          multiplier: 100,
          side: 'SELL',
          ratio: 1,
        },
      ],
      quantity: 2,
      limitPrice: 1.24,
      tif: 'DAY',
      orderType: 'LMT',
    });
  });

  it('a BUY rounds down: buy to close at 3.12 on a 0.05 tick (at or above 3.00) → 3.10', () => {
    const close: RecommendationInput = { ...sellPut, action: 'close', legs: [put('BUY', 60, may)], limitPrice: 3.12 };
    expect(order(close).limitPrice).toBe(3.1);
  });

  it('a SELL above 3.00 rounds up on 0.05: 3.12 → 3.15; a penny name stays in pennies: 3.12', () => {
    expect(order({ ...sellPut, limitPrice: 3.12 }).limitPrice).toBe(3.15);
    expect(order({ ...sellPut, legs: [put('SELL', 500, may, 'SPY')], limitPrice: 3.12 }).limitPrice).toBe(3.12);
  });

  it('overrides: quantity (lower or higher), limit and time in force', () => {
    const o = order(sellPut, { quantity: 5, limitPrice: 1.3, tif: 'GTC' });
    expect([o.quantity, o.limitPrice, o.tif]).toEqual([5, 1.3, 'GTC']);
    expect(order(sellPut, { quantity: 1 }).quantity).toBe(1);
  });

  it('an override prices a recommendation that had no limit', () => {
    expect(order({ ...sellPut, limitPrice: null }, { limitPrice: 1.2 }).limitPrice).toBe(1.2);
  });

  it('a stock leg is priced in cents and carries no option fields', () => {
    const stock: RecommendationInput = {
      action: 'buy_stock',
      legs: [
        { symbol: 'KO', kind: 'stock', right: null, strike: null, expiry: null, multiplier: 1, side: 'BUY', ratio: 1 },
      ],
      quantity: 100,
      limitPrice: 61.237,
      spread: { bid: 61.2, ask: 61.27 },
    };
    // BUY rounds down: 61.237 → 61.23.
    expect(order(stock)).toMatchObject({
      legs: [{ kind: 'stock', right: null, strike: null, expiry: null, multiplier: 1 }],
      limitPrice: 61.23,
    });
  });
});

describe('orderFromRecommendation: roll combo', () => {
  it('BUY old + SELL new, net credit −1.225 rounds to the better credit −1.23 (combo tick 0.01)', () => {
    const o = order(roll);
    expect(o.legs.map((l) => [l.side, l.strike, l.expiry, l.ratio])).toEqual([
      ['BUY', 60, may, 1],
      ['SELL', 57.5, june, 1],
    ]);
    expect([o.quantity, o.limitPrice]).toEqual([3, -1.23]);
  });

  it('a net price above 3.00 still moves in pennies: −3.123 → −3.13', () => {
    expect(order(roll, { limitPrice: -3.123 }).limitPrice).toBe(-3.13);
  });

  it('a debit roll rounds down (pays less): 0.456 → 0.45', () => {
    expect(order({ ...roll, limitPrice: 0.3, spread: { bid: 0.2, ask: 0.4 } }, { limitPrice: 0.456 }).limitPrice).toBe(
      0.45,
    );
  });

  it('without a recommended limit the net mid gives the sign: (−1.30 − 1.15) / 2 < 0 → a credit', () => {
    const noLimit = { ...roll, limitPrice: null };
    expect(order(noLimit, { limitPrice: -1.2 }).limitPrice).toBe(-1.2);
    expect(orderFromRecommendation(noLimit, { limitPrice: 0.1 })).toMatchObject({ ok: false, code: 'sign_flip' });
  });

  it('even money (0) is accepted: not a flip, just the least credit', () => {
    expect(order(roll, { limitPrice: 0 }).limitPrice).toBe(0);
  });
});

describe('orderFromRecommendation: refusals', () => {
  it('no_price: no recommended limit and no override', () => {
    expect(orderFromRecommendation({ ...sellPut, limitPrice: null })).toEqual({
      ok: false,
      code: 'no_price',
      message: 'No limit price: the sell_put recommendation has none (no two-sided market); enter one',
    });
  });

  it('sign_flip: a credit roll given a debit limit', () => {
    expect(orderFromRecommendation(roll, { limitPrice: 0.5 })).toEqual({
      ok: false,
      code: 'sign_flip',
      message: 'The roll_put was recommended as a net credit; a limit of 0.50 makes it a net debit of 0.50',
    });
  });

  it('sign_flip: a debit combo given a credit limit', () => {
    const debit = { ...roll, limitPrice: 0.3, spread: { bid: 0.2, ask: 0.4 } };
    expect(orderFromRecommendation(debit, { limitPrice: -0.25 })).toMatchObject({ ok: false, code: 'sign_flip' });
  });

  it.each([0, -1.2, NaN, Infinity])('invalid_price: a single-leg limit of %s', (limitPrice) => {
    expect(orderFromRecommendation(sellPut, { limitPrice })).toMatchObject({ ok: false, code: 'invalid_price' });
  });

  it('invalid_price: a BUY limit under one tick rounds down to 0', () => {
    const close: RecommendationInput = { ...sellPut, action: 'close', legs: [put('BUY', 60, may)], limitPrice: 0.004 };
    expect(orderFromRecommendation(close)).toMatchObject({ ok: false, code: 'invalid_price' });
  });

  it.each([0, -1, 1.5, NaN])('invalid_quantity: %s', (quantity) => {
    expect(orderFromRecommendation(sellPut, { quantity })).toMatchObject({ ok: false, code: 'invalid_quantity' });
  });

  it('invalid_legs: none, an option without a strike, a ratio of 0', () => {
    expect(orderFromRecommendation({ ...sellPut, legs: [] })).toMatchObject({ ok: false, code: 'invalid_legs' });
    expect(orderFromRecommendation({ ...sellPut, legs: [{ ...put('SELL', 60, may), strike: null }] })).toMatchObject({
      ok: false,
      code: 'invalid_legs',
    });
    expect(
      orderFromRecommendation({ ...roll, legs: [put('BUY', 60, may), { ...put('SELL', 57.5, june), ratio: 0 }] }),
    ).toMatchObject({ ok: false, code: 'invalid_legs' });
  });
});
