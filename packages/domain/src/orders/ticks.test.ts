import { describe, expect, it } from 'vitest';
import { COMBO_TICK, formatPrice, optionTick, orderTick, roundToTick, tickRuleFor } from './ticks';

describe('optionTick', () => {
  it.each([
    // [price, rule, tick]: the switch is at 3.00 exactly ("at or above" takes the wider tick).
    [0.05, 'penny', 0.01],
    [12.5, 'penny', 0.01],
    [2.99, 'penny_pilot', 0.01],
    [3, 'penny_pilot', 0.05],
    [2.99, 'standard', 0.05],
    [3, 'standard', 0.1],
    // 2.999999 is 2,999,999 micro-units → still under 3.00.
    [2.999999, 'standard', 0.05],
    // 0.1 + 2.9 is 2.9999999999999996 in floats; in micro-units it is 3,000,000 → at 3.00.
    [0.1 + 2.9, 'penny_pilot', 0.05],
  ] as const)('%s under %s → %s', (price, rule, tick) => {
    expect(optionTick(price, rule)).toBe(tick);
  });

  it('refuses a negative or non-finite price', () => {
    expect(() => optionTick(-0.01, 'penny')).toThrow(RangeError);
    expect(() => optionTick(NaN, 'penny')).toThrow(RangeError);
  });
});

describe('tickRuleFor', () => {
  it('SPY, QQQ and IWM are penny names; any other stock defaults to the penny program', () => {
    expect(tickRuleFor('SPY')).toBe('penny');
    expect(tickRuleFor(' qqq ')).toBe('penny');
    expect(tickRuleFor('IWM')).toBe('penny');
    expect(tickRuleFor('KO')).toBe('penny_pilot');
  });
});

describe('orderTick', () => {
  it('a combo is priced in pennies whatever its legs', () => {
    expect(
      orderTick(
        [
          { symbol: 'KO', kind: 'option' },
          { symbol: 'KO', kind: 'option' },
        ],
        -4.2,
      ),
    ).toBe(COMBO_TICK);
  });
  it('a single option takes its own tick at the price; stock is in cents', () => {
    expect(orderTick([{ symbol: 'KO', kind: 'option' }], 3.4)).toBe(0.05);
    expect(orderTick([{ symbol: 'SPY', kind: 'option' }], 3.4)).toBe(0.01);
    expect(orderTick([{ symbol: 'KO', kind: 'stock' }], 61.234)).toBe(0.01);
  });
});

describe('roundToTick', () => {
  it.each([
    // 1.237 on 0.01: 123.7 cents → up 124, down 123, nearest 124.
    [1.237, 0.01, 'up', 1.24],
    [1.237, 0.01, 'down', 1.23],
    [1.237, 0.01, 'nearest', 1.24],
    // 3.12 on 0.05: 312 cents, 312 mod 5 = 2 → down 310, up 315, nearest 310.
    [3.12, 0.05, 'up', 3.15],
    [3.12, 0.05, 'down', 3.1],
    [3.12, 0.05, 'nearest', 3.1],
    // 3.125 on 0.05 is a tie (2.5 cents either side) → away from zero: 3.15.
    [3.125, 0.05, 'nearest', 3.15],
    // 4.37 on 0.10: 437 mod 10 = 7 → 4.40 / 4.30 / 4.40.
    [4.37, 0.1, 'up', 4.4],
    [4.37, 0.1, 'down', 4.3],
    [4.37, 0.1, 'nearest', 4.4],
    // Already on the grid: unchanged in every direction.
    [1.15, 0.05, 'up', 1.15],
    [1.15, 0.05, 'down', 1.15],
    // Negative (a net credit): up is towards +∞. −1.234 → −1.23 up, −1.24 down; the −1.235 tie → −1.24.
    [-1.234, 0.01, 'up', -1.23],
    [-1.234, 0.01, 'down', -1.24],
    [-1.235, 0.01, 'nearest', -1.24],
  ] as const)('%s on %s %s → %s', (price, tick, direction, expected) => {
    expect(roundToTick(price, tick, direction)).toBe(expected);
  });

  it('no float drift: 1.1 + 0.05 (1.1500000000000001 in floats) is exactly 1.15', () => {
    expect(roundToTick(1.1 + 0.05, 0.05, 'up')).toBe(1.15);
    expect(roundToTick(0.1 + 0.2, 0.01, 'down')).toBe(0.3);
  });

  it('never returns −0', () => {
    expect(Object.is(roundToTick(-0.004, 0.01, 'up'), 0)).toBe(true);
  });

  it('refuses a tick that is not whole cents, and a non-finite price', () => {
    expect(() => roundToTick(1, 0.005, 'up')).toThrow(RangeError);
    expect(() => roundToTick(1, 0, 'up')).toThrow(RangeError);
    expect(() => roundToTick(Infinity, 0.01, 'up')).toThrow(RangeError);
  });
});

describe('formatPrice', () => {
  it('two decimals, up to four when there are more', () => {
    expect(formatPrice(1.25)).toBe('1.25');
    expect(formatPrice(1.2)).toBe('1.20');
    expect(formatPrice(1.2375)).toBe('1.2375');
    expect(formatPrice(-0.4)).toBe('-0.40');
    expect(formatPrice(-0)).toBe('0.00');
  });
});
