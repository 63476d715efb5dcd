import { describe, expect, it } from 'vitest';
import { addMoney, formatMoney, InvalidMoneyError, multiplyMoney, parseMoney } from './money';

describe('money', () => {
  it('round-trips decimal strings exactly', () => {
    for (const text of ['0.00', '0.01', '1234567.891234', '-0.000001', '99999999999999.999999']) {
      expect(formatMoney(parseMoney(text))).toBe(text);
    }
  });

  it('sums without the float drift of 0.1 + 0.2', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(formatMoney(addMoney(parseMoney('0.1'), parseMoney('0.2')))).toBe('0.30');
  });

  it('adds a premium a thousand times exactly', () => {
    const premium = parseMoney('1.37');
    const total = addMoney(...Array.from({ length: 1000 }, () => premium));
    expect(formatMoney(total)).toBe('1370.00');
  });

  it('multiplies by a contract count and multiplier', () => {
    expect(formatMoney(multiplyMoney(parseMoney('2.455'), 100 * 3))).toBe('736.50');
    expect(() => multiplyMoney(parseMoney('1'), 1.5)).toThrow(InvalidMoneyError);
  });

  it('accepts zero-padded extra decimals but refuses a value it would have to round', () => {
    expect(formatMoney(parseMoney('1.2300000000'))).toBe('1.23');
    expect(() => parseMoney('1.0000001')).toThrow(/More than 6 decimals/);
  });

  it.each(['', 'abc', '1e5', '1,000.00', '.5', '5.', 'NaN', '--1'])('refuses "%s"', (text) => {
    expect(() => parseMoney(text)).toThrow(InvalidMoneyError);
  });

  it('formats with the requested minimum decimals', () => {
    expect(formatMoney(parseMoney('5'), 0)).toBe('5');
    expect(formatMoney(parseMoney('5'), 4)).toBe('5.0000');
    expect(formatMoney(parseMoney('-12.5'))).toBe('-12.50');
  });
});
