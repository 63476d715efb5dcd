// Canonical instrument keys: one stable, human-readable, round-trippable string per tradable instrument.
//
//   STK:{symbol}:{currency}                                         STK:AAPL:USD, STK:BRK.B:USD, STK:SPY:USD
//   IND:{symbol}:{currency}                                         IND:SPX:USD
//   OPT:{root}:{expiry}:{C|P}:{strike}:{multiplier}:{currency}      OPT:AAPL:2024-01-19:C:190:100:USD
//
// - STK covers stocks and ETFs alike (IBKR reports both as STK); "ETF" is a classification stored beside the key,
//   so reclassifying a ticker never changes its identity.
// - Options are keyed by their OCC root (IBKR trading class), which with expiry, right and strike identifies the
//   series: SPX (AM monthly) and SPXW (PM weekly) on the same day and strike are different contracts. The underlying
//   symbol is an attribute of the instrument, not part of the key.
// - expiry is ISO 'YYYY-MM-DD'; strike is the canonical decimal (no trailing zeros: 190, 190.5, 0.125); multiplier is
//   a positive integer (100 standard, 10 for minis, other values for adjusted options); currency is ISO 4217.
// - Parsing accepts only the canonical form, so formatInstrumentKey(parseInstrumentKey(k)) === k for every valid key.
import { type IsoDate, isIsoDate } from '../calendar/iso-date';
import type { OptionRight } from '../pricing/types';
import { InvalidInstrumentError, InvalidInstrumentKeyError } from './errors';
import { canonicalCurrency, canonicalSymbol, parseMultiplier, parseRight, rightCode } from './option-fields';
import { type OccOption, formatOccSymbol } from './occ-symbol';
import { type Strike, formatStrike, parseStrike } from './strike';

export type InstrumentKey = string & { readonly __brand: 'InstrumentKey' };

export interface StockId {
  secType: 'STK';
  symbol: string;
  currency: string;
}

export interface IndexId {
  secType: 'IND';
  symbol: string;
  currency: string;
}

export interface OptionId {
  secType: 'OPT';
  /** OCC option root / IBKR trading class (AAPL, SPXW, AAPL1). */
  root: string;
  expiry: IsoDate;
  right: OptionRight;
  strike: Strike;
  multiplier: number;
  currency: string;
}

export type InstrumentId = StockId | IndexId | OptionId;

const ROOT = /^[A-Z0-9]{1,6}$/;

function requireCanonical(value: string, canonical: (text: string) => string, what: string): string {
  let normalized: string;
  try {
    normalized = canonical(value);
  } catch (error) {
    if (error instanceof InvalidInstrumentError) throw new InvalidInstrumentKeyError(error.message);
    throw error;
  }
  if (normalized !== value)
    throw new InvalidInstrumentKeyError(`Non-canonical ${what} "${value}" (use "${normalized}")`);
  return value;
}

function checkedOption(id: OptionId): void {
  if (!ROOT.test(id.root)) throw new InvalidInstrumentKeyError(`Not an option root: "${id.root}"`);
  if (!isIsoDate(id.expiry)) throw new InvalidInstrumentKeyError(`Not an ISO expiry: "${String(id.expiry)}"`);
  if (!Number.isSafeInteger(id.multiplier) || id.multiplier <= 0) {
    throw new InvalidInstrumentKeyError(`Multiplier must be a positive integer: ${id.multiplier}`);
  }
}

/** The canonical key of an instrument; fields that are not already canonical are refused, not silently fixed. */
export function formatInstrumentKey(id: InstrumentId): InstrumentKey {
  const currency = requireCanonical(id.currency, canonicalCurrency, 'currency');
  if (id.secType === 'OPT') {
    checkedOption(id);
    const strike = formatStrike(parseStrike(formatStrike(id.strike)));
    return `OPT:${id.root}:${id.expiry}:${rightCode(id.right)}:${strike}:${id.multiplier}:${currency}` as InstrumentKey;
  }
  const symbol = requireCanonical(id.symbol, canonicalSymbol, 'symbol');
  return `${id.secType}:${symbol}:${currency}` as InstrumentKey;
}

/** Parses a canonical key; anything else (unknown type, extra fields, '190.50', lower case) is an error. */
export function parseInstrumentKey(text: string): InstrumentId {
  const parts = text.split(':');
  const [secType] = parts;
  try {
    if ((secType === 'STK' || secType === 'IND') && parts.length === 3) {
      const [, symbol = '', currency = ''] = parts;
      return {
        secType,
        symbol: requireCanonical(symbol, canonicalSymbol, 'symbol'),
        currency: requireCanonical(currency, canonicalCurrency, 'currency'),
      };
    }
    if (secType === 'OPT' && parts.length === 7) {
      const [, root = '', expiry = '', right = '', strikeText = '', multiplierText = '', currency = ''] = parts;
      if (right !== 'C' && right !== 'P') throw new InvalidInstrumentKeyError(`Right must be C or P: "${right}"`);
      const strike = parseStrike(strikeText);
      if (formatStrike(strike) !== strikeText)
        throw new InvalidInstrumentKeyError(`Non-canonical strike "${strikeText}"`);
      const multiplier = parseMultiplier(multiplierText);
      if (String(multiplier) !== multiplierText) {
        throw new InvalidInstrumentKeyError(`Non-canonical multiplier "${multiplierText}"`);
      }
      if (!isIsoDate(expiry)) throw new InvalidInstrumentKeyError(`Not an ISO expiry: "${expiry}"`);
      const id: OptionId = {
        secType,
        root,
        expiry,
        right: parseRight(right),
        strike,
        multiplier,
        currency: requireCanonical(currency, canonicalCurrency, 'currency'),
      };
      checkedOption(id);
      return id;
    }
  } catch (error) {
    if (error instanceof InvalidInstrumentKeyError) throw error;
    if (error instanceof InvalidInstrumentError) throw new InvalidInstrumentKeyError(`${error.message} in "${text}"`);
    throw error;
  }
  throw new InvalidInstrumentKeyError(`Not an instrument key: "${text}"`);
}

export function isInstrumentKey(text: string): text is InstrumentKey {
  try {
    parseInstrumentKey(text);
    return true;
  } catch {
    return false;
  }
}

/** The option id of an OSI symbol's fields, with the contract terms the symbol does not carry. */
export function optionIdFromOcc(
  occ: OccOption,
  { multiplier = 100, currency = 'USD' }: { multiplier?: number; currency?: string } = {},
): OptionId {
  return { secType: 'OPT', ...occ, multiplier, currency };
}

/** The OSI symbol of an option id (padded by default). */
export function occSymbolOf(id: OptionId, options?: { compact?: boolean }): string {
  return formatOccSymbol({ root: id.root, expiry: id.expiry, right: id.right, strike: id.strike }, options);
}
