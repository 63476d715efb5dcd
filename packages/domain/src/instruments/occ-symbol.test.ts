import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDate as d, fromEpochDay, toEpochDay } from '../calendar/iso-date';
import { micros } from '../money';
import { InvalidOccSymbolError } from './errors';
import { type OccOption, formatOccSymbol, isOccSymbol, parseOccSymbol } from './occ-symbol';
import { formatStrike, parseStrike } from './strike';

const view = (option: OccOption) => ({ ...option, strike: formatStrike(option.strike) });

describe('OCC option symbols (OSI)', () => {
  // Layout per the OCC Options Symbology Initiative plan v1.8 (2008): symbol 6, yy 2, mm 2, dd 2, C/P 1,
  // strike dollars 5 + decimals 3. Examples as commonly published (macroption OSI parser; CuteMarkets OCC guide).
  it('parses the published examples', () => {
    expect(view(parseOccSymbol('AAPL  240119C00190000'))).toEqual({
      root: 'AAPL',
      expiry: '2024-01-19',
      right: 'call',
      strike: '190',
    });
    expect(view(parseOccSymbol('AAPL  260918C00260000'))).toMatchObject({ expiry: '2026-09-18', strike: '260' });
    expect(view(parseOccSymbol('SPXW  260417P06000000'))).toEqual({
      root: 'SPXW',
      expiry: '2026-04-17',
      right: 'put',
      strike: '6000',
    });
    expect(view(parseOccSymbol('GLDM  260618C00065000'))).toMatchObject({ root: 'GLDM', strike: '65' });
    expect(view(parseOccSymbol('XYZ   260116P00022500'))).toMatchObject({ strike: '22.5' });
  });

  it('formats the padded 21-character form and the compact form', () => {
    const option: OccOption = { root: 'AAPL', expiry: d('2024-01-19'), right: 'call', strike: parseStrike('190.5') };
    expect(formatOccSymbol(option)).toBe('AAPL  240119C00190500');
    expect(formatOccSymbol(option)).toHaveLength(21);
    expect(formatOccSymbol(option, { compact: true })).toBe('AAPL240119C00190500');
    expect(view(parseOccSymbol('AAPL240119C00190500'))).toEqual(view(option));
    // An adjusted root ending in a digit still splits correctly in the compact form.
    expect(view(parseOccSymbol('AAPL1240119P00100000'))).toMatchObject({ root: 'AAPL1', expiry: '2024-01-19' });
    expect(view(parseOccSymbol('GOOGL1240119P00100000'))).toMatchObject({ root: 'GOOGL1' });
  });

  it('refuses malformed symbols and impossible dates', () => {
    for (const bad of [
      'AAPL 240119C00190000', // one space: neither padded nor compact
      'AAPL   240119C00190000', // 22 characters
      'aapl  240119C00190000',
      'AAPL  240230C00190000', // February 30
      'AAPL  241301C00190000',
      'AAPL  240119X00190000',
      'AAPL  240119C0019000',
      'AAPL  240119C00000000', // zero strike
      'ABCDEFG240119C00190000', // root longer than 6
      '240119C00190000',
      '',
    ]) {
      expect(() => parseOccSymbol(bad), bad).toThrow(InvalidOccSymbolError);
      expect(isOccSymbol(bad)).toBe(false);
    }
    const option: OccOption = { root: 'AAPL', expiry: d('2100-01-15'), right: 'call', strike: parseStrike(1) };
    expect(() => formatOccSymbol(option)).toThrow(InvalidOccSymbolError);
    expect(() => formatOccSymbol({ ...option, expiry: d('2024-01-19'), root: 'aapl' })).toThrow(InvalidOccSymbolError);
  });

  it('round-trips format ↔ parse in both forms (property)', () => {
    const option = fc.record({
      root: fc.stringMatching(/^[A-Z0-9]{1,6}$/),
      expiry: fc.integer({ min: toEpochDay(d('2000-01-01')), max: toEpochDay(d('2099-12-31')) }).map(fromEpochDay),
      right: fc.constantFrom('call' as const, 'put' as const),
      strike: fc.integer({ min: 1, max: 99_999_999 }).map((thousandths) => micros(BigInt(thousandths) * 1000n)),
    });
    fc.assert(
      fc.property(option, fc.boolean(), (value, compact) => {
        const symbol = formatOccSymbol(value, { compact });
        expect(parseOccSymbol(symbol)).toEqual(value);
        expect(formatOccSymbol(parseOccSymbol(symbol), { compact })).toBe(symbol);
      }),
    );
  });
});
