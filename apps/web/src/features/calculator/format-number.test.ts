import { describe, expect, test } from 'vitest';
import { UNKNOWN, formatFixed, formatPercent, formatSignedMoney, formatSignificant } from './format-number';

describe('format-number', () => {
  test('unknown values show a dash, never 0', () => {
    for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatFixed(value, 4)).toBe(UNKNOWN);
      expect(formatSignificant(value)).toBe(UNKNOWN);
      expect(formatPercent(value)).toBe(UNKNOWN);
      expect(formatSignedMoney(value)).toBe(UNKNOWN);
    }
  });

  test('fixed decimals, with thousands separators and no negative zero', () => {
    expect(formatFixed(4.759422, 4)).toBe('4.7594');
    expect(formatFixed(12345.6, 2)).toBe('12,345.60');
    expect(formatFixed(-0.00001, 4)).toBe('0.0000');
  });

  test('significant digits without exponents', () => {
    expect(formatSignificant(0.0688027)).toBe('0.068803');
    expect(formatSignificant(-12.34567)).toBe('-12.346');
    expect(formatSignificant(0)).toBe('0.0000');
    expect(formatSignificant(0.00001234)).toBe('0.000012340');
  });

  test('percent and signed money', () => {
    expect(formatPercent(0.2)).toBe('20.00%');
    expect(formatSignedMoney(12.345)).toBe('+12.35');
    expect(formatSignedMoney(-5)).toBe('−5.00');
    expect(formatSignedMoney(0.001)).toBe('0.00');
  });
});
