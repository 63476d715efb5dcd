import { describe, expect, it } from 'vitest';
import { InvalidDateError, parseIsoDate as d } from '../calendar/iso-date';
import { InvalidInstrumentError } from './errors';
import {
  canonicalCurrency,
  canonicalSymbol,
  ibkrDateToIso,
  isoToIbkrDate,
  parseExpiry,
  parseMultiplier,
  parseRight,
  rightCode,
} from './option-fields';

describe('option fields for adapters', () => {
  it('maps rights both ways', () => {
    expect(['C', 'c', 'CALL', 'call', ' Call '].map(parseRight)).toEqual(Array(5).fill('call'));
    expect(['P', 'PUT', 'put'].map(parseRight)).toEqual(Array(3).fill('put'));
    expect(() => parseRight('X')).toThrow(InvalidInstrumentError);
    expect(() => parseRight('')).toThrow(InvalidInstrumentError);
    expect(rightCode('call')).toBe('C');
    expect(rightCode('put')).toBe('P');
  });

  it("maps IBKR's lastTradeDateOrContractMonth to ISO and back", () => {
    expect(ibkrDateToIso('20240119')).toBe('2024-01-19');
    expect(ibkrDateToIso('20240119 16:00 US/Eastern')).toBe('2024-01-19');
    expect(isoToIbkrDate(d('2024-01-19'))).toBe('20240119');
    expect(() => ibkrDateToIso('202401')).toThrow(InvalidDateError); // a contract month is not an option expiry
    expect(() => ibkrDateToIso('20240230')).toThrow(InvalidDateError);
    expect(parseExpiry('2024-01-19')).toBe('2024-01-19');
    expect(parseExpiry('20240119')).toBe('2024-01-19');
    expect(() => parseExpiry('01/19/2024')).toThrow(InvalidDateError);
  });

  it('defaults the multiplier to 100 and refuses nonsense', () => {
    expect(parseMultiplier(undefined)).toBe(100);
    expect(parseMultiplier('')).toBe(100);
    expect(parseMultiplier('10')).toBe(10);
    expect(parseMultiplier(100)).toBe(100);
    for (const bad of ['abc', '0', '-100', '1.5', 2.5])
      expect(() => parseMultiplier(bad)).toThrow(InvalidInstrumentError);
  });

  it('canonicalizes symbols and currencies', () => {
    expect(canonicalSymbol('brk b')).toBe('BRK.B');
    expect(canonicalSymbol('BRK/B')).toBe('BRK.B');
    expect(canonicalSymbol(' aapl ')).toBe('AAPL');
    for (const bad of ['', 'A:B', '.A', 'A.', 'ÄPFEL'])
      expect(() => canonicalSymbol(bad)).toThrow(InvalidInstrumentError);
    expect(canonicalCurrency('usd')).toBe('USD');
    expect(() => canonicalCurrency('US')).toThrow(InvalidInstrumentError);
  });
});
