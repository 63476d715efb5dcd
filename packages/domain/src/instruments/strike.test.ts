import { describe, expect, it } from 'vitest';
import { InvalidStrikeError } from './errors';
import { formatStrike, parseStrike, strikeFromOccDigits, strikeToNumber, strikeToOccDigits } from './strike';

describe('strikes', () => {
  it('keeps strikes exact at 1/1000: 190.5 ↔ 00190500', () => {
    expect(strikeToOccDigits(parseStrike(190.5))).toBe('00190500');
    expect(strikeToOccDigits(parseStrike('190.5'))).toBe('00190500');
    expect(formatStrike(strikeFromOccDigits('00190500'))).toBe('190.5');
    expect(formatStrike(strikeFromOccDigits('00022500'))).toBe('22.5');
    expect(formatStrike(strikeFromOccDigits('00000125'))).toBe('0.125');
    expect(formatStrike(strikeFromOccDigits('99999999'))).toBe('99999.999');
    expect(strikeToNumber(parseStrike('2.125'))).toBe(2.125);
  });

  it('canonicalizes text and snaps float noise, never a real fourth decimal', () => {
    expect(formatStrike(parseStrike('190.500'))).toBe('190.5');
    expect(formatStrike(parseStrike('0190'))).toBe('190');
    expect(formatStrike(parseStrike(0.1 + 0.2))).toBe('0.3');
    expect(formatStrike(parseStrike(189.99999999999997))).toBe('190');
    expect(formatStrike(parseStrike(1.1 * 3))).toBe('3.3');
    for (const bad of [190.0005, 0, -5, Number.NaN, Number.POSITIVE_INFINITY, 100_000]) {
      expect(() => parseStrike(bad), String(bad)).toThrow(InvalidStrikeError);
    }
    for (const bad of ['1.2345', '0', '-190', 'abc', '', '1e3', '100000']) {
      expect(() => parseStrike(bad), bad).toThrow(InvalidStrikeError);
    }
    for (const bad of ['0019050', '0019050a', '00000000']) {
      expect(() => strikeFromOccDigits(bad), bad).toThrow(InvalidStrikeError);
    }
  });
});
