import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDate as d, fromEpochDay, toEpochDay } from '../calendar/iso-date';
import { micros } from '../money';
import { InvalidInstrumentKeyError } from './errors';
import { parseOccSymbol } from './occ-symbol';
import {
  type InstrumentId,
  formatInstrumentKey,
  isInstrumentKey,
  occSymbolOf,
  optionIdFromOcc,
  parseInstrumentKey,
} from './instrument-key';
import { parseStrike } from './strike';

describe('instrument keys', () => {
  it('formats stocks, indexes and options', () => {
    expect(formatInstrumentKey({ secType: 'STK', symbol: 'AAPL', currency: 'USD' })).toBe('STK:AAPL:USD');
    expect(formatInstrumentKey({ secType: 'STK', symbol: 'BRK.B', currency: 'USD' })).toBe('STK:BRK.B:USD');
    expect(formatInstrumentKey({ secType: 'IND', symbol: 'SPX', currency: 'USD' })).toBe('IND:SPX:USD');
    expect(
      formatInstrumentKey({
        secType: 'OPT',
        root: 'AAPL',
        expiry: d('2024-01-19'),
        right: 'call',
        strike: parseStrike(190),
        multiplier: 100,
        currency: 'USD',
      }),
    ).toBe('OPT:AAPL:2024-01-19:C:190:100:USD');
  });

  it('bridges OCC symbols and keys', () => {
    const id = optionIdFromOcc(parseOccSymbol('SPXW  260417P06000000'));
    expect(formatInstrumentKey(id)).toBe('OPT:SPXW:2026-04-17:P:6000:100:USD');
    expect(occSymbolOf(id)).toBe('SPXW  260417P06000000');
    expect(occSymbolOf(id, { compact: true })).toBe('SPXW260417P06000000');
    const mini = optionIdFromOcc(parseOccSymbol('AAPL  240119C00190500'), { multiplier: 10 });
    expect(formatInstrumentKey(mini)).toBe('OPT:AAPL:2024-01-19:C:190.5:10:USD');
  });

  it('refuses non-canonical and malformed keys', () => {
    for (const bad of [
      'STK:aapl:USD',
      'STK:AAPL:usd',
      'STK:AAPL',
      'STK:AAPL:USD:X',
      'ETF:SPY:USD',
      'STK:BRK B:USD',
      'OPT:AAPL:2024-01-19:C:190.50:100:USD',
      'OPT:AAPL:2024-01-19:C:190:0100:USD',
      'OPT:AAPL:2024-01-19:C:190:0:USD',
      'OPT:AAPL:2024-02-30:C:190:100:USD',
      'OPT:AAPL:20240119:C:190:100:USD',
      'OPT:AAPL:2024-01-19:CALL:190:100:USD',
      'OPT:AAPL:2024-01-19:C:190.0001:100:USD',
      'OPT:AAPLXYZ:2024-01-19:C:190:100:USD',
      '',
    ]) {
      expect(() => parseInstrumentKey(bad), bad).toThrow(InvalidInstrumentKeyError);
      expect(isInstrumentKey(bad)).toBe(false);
    }
    expect(() => formatInstrumentKey({ secType: 'STK', symbol: 'brk b', currency: 'USD' })).toThrow(
      InvalidInstrumentKeyError,
    );
  });

  const instrument: fc.Arbitrary<InstrumentId> = fc.oneof(
    fc.record({
      secType: fc.constantFrom('STK' as const, 'IND' as const),
      symbol: fc.stringMatching(/^[A-Z0-9]([A-Z0-9.-]{0,6}[A-Z0-9])?$/),
      currency: fc.stringMatching(/^[A-Z]{3}$/),
    }),
    fc.record({
      secType: fc.constant('OPT' as const),
      root: fc.stringMatching(/^[A-Z0-9]{1,6}$/),
      expiry: fc.integer({ min: toEpochDay(d('1990-01-01')), max: toEpochDay(d('2199-12-31')) }).map(fromEpochDay),
      right: fc.constantFrom('call' as const, 'put' as const),
      strike: fc.integer({ min: 1, max: 99_999_999 }).map((thousandths) => micros(BigInt(thousandths) * 1000n)),
      multiplier: fc.integer({ min: 1, max: 10_000 }),
      currency: fc.stringMatching(/^[A-Z]{3}$/),
    }),
  );

  it('round-trips id → key → id and key → id → key (property)', () => {
    fc.assert(
      fc.property(instrument, (id) => {
        const key = formatInstrumentKey(id);
        expect(parseInstrumentKey(key)).toEqual(id);
        expect(formatInstrumentKey(parseInstrumentKey(key))).toBe(key);
      }),
    );
  });
});
