// Canonical option fields and the small translations adapters need (IBKR 'YYYYMMDD' dates, C/P/CALL/PUT rights).
import { type IsoDate, InvalidDateError, isoDate, parseIsoDate } from '../calendar/iso-date';
import type { OptionRight } from '../pricing/types';
import { InvalidInstrumentError } from './errors';

export const DEFAULT_MULTIPLIER = 100;

/** 'C' | 'P' | 'CALL' | 'PUT' (any case) → 'call' | 'put'; anything else is an error. */
export function parseRight(text: string): OptionRight {
  switch (text.trim().toUpperCase()) {
    case 'C':
    case 'CALL':
      return 'call';
    case 'P':
    case 'PUT':
      return 'put';
    default:
      throw new InvalidInstrumentError(`Not an option right: "${text}"`);
  }
}

/** 'call' → 'C', 'put' → 'P' (OSI and IBKR `right`). */
export function rightCode(right: OptionRight): 'C' | 'P' {
  return right === 'call' ? 'C' : 'P';
}

/** IBKR `lastTradeDateOrContractMonth` of an option ('20240119', optionally followed by a time) → '2024-01-19'. */
export function ibkrDateToIso(text: string): IsoDate {
  const match = /^(\d{4})(\d{2})(\d{2})(?:\s.*)?$/.exec(text.trim());
  if (!match) throw new InvalidDateError(`Not an IBKR date (YYYYMMDD): "${text}"`);
  return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** '2024-01-19' → '20240119'. */
export function isoToIbkrDate(date: IsoDate): string {
  return date.replaceAll('-', '');
}

/** An expiry given as 'YYYY-MM-DD' or 'YYYYMMDD' → the canonical ISO date; impossible dates are errors. */
export function parseExpiry(text: string): IsoDate {
  const trimmed = text.trim();
  return /^\d{8}$/.test(trimmed) ? ibkrDateToIso(trimmed) : parseIsoDate(trimmed);
}

/**
 * Contract multiplier: a positive integer, 100 when absent (IBKR sends it as a string, '' for none).
 * Mini options (10) and adjusted options (other deliverables) must be supplied by the caller from contract data.
 */
export function parseMultiplier(value: string | number | undefined | null): number {
  if (value === undefined || value === null || value === '') return DEFAULT_MULTIPLIER;
  const number = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isSafeInteger(number) || number <= 0) {
    throw new InvalidInstrumentError(`Multiplier must be a positive integer: "${value}"`);
  }
  return number;
}

/** Ticker symbols: upper case; whitespace and '/' class separators become '.' ('BRK B', 'BRK/B' → 'BRK.B'). */
export function canonicalSymbol(text: string): string {
  const symbol = text
    .trim()
    .toUpperCase()
    .replace(/[\s/]+/g, '.');
  if (!/^[A-Z0-9](?:[A-Z0-9.-]{0,14}[A-Z0-9])?$/.test(symbol)) {
    throw new InvalidInstrumentError(`Not a ticker symbol: "${text}"`);
  }
  return symbol;
}

export function canonicalCurrency(text: string): string {
  const currency = text.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new InvalidInstrumentError(`Not an ISO 4217 currency code: "${text}"`);
  return currency;
}
