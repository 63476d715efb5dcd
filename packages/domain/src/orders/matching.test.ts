import { describe, expect, it } from 'vitest';
import { type Micros, formatMoney, parseMoney } from '../money';
import { type MatchLeg, displayedSize, hash32, isMarketable, matchOrder, naturalPrices } from './matching';

const leg = (overrides: Partial<MatchLeg> = {}): MatchLeg => ({
  side: 'SELL',
  ratio: 1,
  bid: 1.3,
  ask: 1.54,
  kind: 'option',
  seedText: 'seed',
  ...overrides,
});
const money = (amounts: readonly Micros[]) => amounts.map((a) => formatMoney(a));

describe('hash32', () => {
  it('is FNV-1a 32-bit', () => {
    // Published FNV-1a test vectors.
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
    expect(hash32('foobar')).toBe(0xbf9cf968);
  });
});

describe('naturalPrices', () => {
  it('buys at the ask and sells at the bid, rounded to the cent; the net is per order unit, + debit', () => {
    // Roll: buy 1 at the ask 2.104 → 2.10, sell 2 at the bid 3.006 → 3.01 → net 2.10 − 6.02.
    const natural = naturalPrices([
      { side: 'BUY', ratio: 1, bid: 2, ask: 2.104 },
      { side: 'SELL', ratio: 2, bid: 3.006, ask: 3.2 },
    ]);
    expect(natural && money(natural.legs)).toEqual(['2.10', '3.01']);
    expect(natural && formatMoney(natural.net)).toBe('-3.92');
  });

  it('is null when a needed side is unknown or not finite, whatever the other side', () => {
    expect(naturalPrices([{ side: 'BUY', ratio: 1, bid: 1, ask: null }])).toBeNull();
    expect(naturalPrices([{ side: 'SELL', ratio: 1, bid: Number.NaN, ask: 1 }])).toBeNull();
    expect(naturalPrices([{ side: 'SELL', ratio: 1, bid: 1, ask: null }])).not.toBeNull();
  });
});

describe('isMarketable', () => {
  const natural = (price: string) => ({ legs: [parseMoney(price)], net: parseMoney(price) });

  it.each([
    ['BUY', '1.54', '1.54', true],
    ['BUY', '1.55', '1.54', false],
    ['SELL', '1.30', '1.30', true],
    ['SELL', '1.29', '1.30', false],
  ] as const)('single %s at a natural %s with a limit of %s → %s', (side, price, limit, expected) => {
    expect(isMarketable({ orderType: 'LMT', limit: parseMoney(limit), legs: [{ side }] }, natural(price))).toBe(
      expected,
    );
  });

  it('compares a combo’s natural net with its signed net limit', () => {
    const combo = { legs: [parseMoney('2.1'), parseMoney('3.01')], net: parseMoney('-0.91') };
    const legs = [{ side: 'BUY' as const }, { side: 'SELL' as const }];
    expect(isMarketable({ orderType: 'LMT', limit: parseMoney('-0.91'), legs }, combo)).toBe(true);
    expect(isMarketable({ orderType: 'LMT', limit: parseMoney('-0.95'), legs }, combo)).toBe(false);
  });

  it('always takes a market order', () => {
    expect(isMarketable({ orderType: 'MKT', limit: null, legs: [{ side: 'BUY' }] }, natural('99'))).toBe(true);
  });
});

describe('displayedSize', () => {
  it('is 5–50 option contracts and 200–5,000 shares in round lots, the same for the same seed text', () => {
    const options = new Set<number>();
    const stocks = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      options.add(displayedSize(`1|OPT:KO:2026-03-20:P:60:100:USD|${i}`, 'option'));
      stocks.add(displayedSize(`1|STK:KO:USD|${i}`, 'stock'));
    }
    // 2,000 draws cover every size: 46 option sizes, 49 share sizes.
    expect([...options].sort((a, b) => a - b)).toEqual(Array.from({ length: 46 }, (_, i) => 5 + i));
    expect([...stocks].sort((a, b) => a - b)).toEqual(Array.from({ length: 49 }, (_, i) => 200 + 100 * i));
    expect(displayedSize('a', 'option')).toBe(5 + (0xe40c292c % 46));
    expect(displayedSize('a', 'stock')).toBe(100 * (2 + (0xe40c292c % 49)));
  });
});

describe('matchOrder', () => {
  it('sells a put at the bid once the bid reaches the limit, at most the displayed size', () => {
    const shown = displayedSize('seed', 'option');
    const match = matchOrder({ orderType: 'LMT', limit: parseMoney('1.30'), remaining: 500, legs: [leg()] });
    expect(match && { quantity: match.quantity, prices: money(match.legPrices) }).toEqual({
      quantity: shown,
      prices: ['1.30'],
    });
    expect(matchOrder({ orderType: 'LMT', limit: parseMoney('1.31'), remaining: 500, legs: [leg()] })).toBeNull();
  });

  it('fills no more than what remains', () => {
    expect(matchOrder({ orderType: 'LMT', limit: parseMoney('1.3'), remaining: 2, legs: [leg()] })?.quantity).toBe(2);
  });

  it('bounds a combo by its thinnest leg in order units, and fills at least one', () => {
    const buy = leg({ side: 'BUY', ratio: 1, ask: 2.1, seedText: 'x' });
    const sell = leg({ side: 'SELL', ratio: 2, bid: 3.01, seedText: 'y' });
    const match = matchOrder({ orderType: 'LMT', limit: parseMoney('-3.92'), remaining: 1000, legs: [buy, sell] });
    const expected = Math.min(displayedSize('x', 'option'), Math.floor(displayedSize('y', 'option') / 2));
    expect(match?.quantity).toBe(expected);
    // A ratio above the displayed size still fills one unit.
    const wide = leg({ ratio: 60 });
    expect(matchOrder({ orderType: 'LMT', limit: parseMoney('1'), remaining: 3, legs: [wide] })?.quantity).toBe(1);
  });

  it('fills nothing without a quote on a needed side, nor when nothing remains', () => {
    expect(matchOrder({ orderType: 'MKT', limit: null, remaining: 1, legs: [leg({ bid: null })] })).toBeNull();
    expect(matchOrder({ orderType: 'MKT', limit: null, remaining: 0, legs: [leg()] })).toBeNull();
  });
});
