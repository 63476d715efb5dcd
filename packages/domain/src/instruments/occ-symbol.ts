// OCC option symbols (Options Symbology Initiative, OCC OSI plan v1.8, 2008): the 21-character key
// root (6, space-padded on the right) · expiry yymmdd (6) · C/P (1) · strike × 1000 (8 = 5 dollar + 3 decimal digits),
// e.g. 'AAPL  240119C00190000'; and the compact form without the padding, 'AAPL240119C00190000'.
// Years are 2000–2099 (the two-digit year of the OSI key).
import { type IsoDate, InvalidDateError, dateParts, isoDate } from '../calendar/iso-date';
import type { OptionRight } from '../pricing/types';
import { InvalidOccSymbolError, InvalidStrikeError } from './errors';
import { rightCode } from './option-fields';
import { type Strike, strikeFromOccDigits, strikeToOccDigits } from './strike';

export interface OccOption {
  /** The option root (OCC symbol / IBKR trading class): 1–6 upper-case letters or digits, e.g. AAPL, SPXW, AAPL1. */
  root: string;
  expiry: IsoDate;
  right: OptionRight;
  strike: Strike;
}

const ROOT = /^[A-Z0-9]{1,6}$/;
/** Root, padding, then the 15 fixed characters; with any padding the whole symbol must be 21 characters. */
const SYMBOL = /^([A-Z0-9]{1,6}) *(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/** The OSI symbol: padded to 21 characters by default, compact (no spaces) with `{ compact: true }`. */
export function formatOccSymbol(option: OccOption, { compact = false }: { compact?: boolean } = {}): string {
  if (!ROOT.test(option.root)) throw new InvalidOccSymbolError(`Not an OCC root: "${option.root}"`);
  const { year, month, day } = dateParts(option.expiry);
  if (year < 2000 || year > 2099) throw new InvalidOccSymbolError(`OSI symbols hold years 2000–2099, not ${year}`);
  const root = compact ? option.root : option.root.padEnd(6, ' ');
  const yymmdd = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  return `${root}${yymmdd}${rightCode(option.right)}${strikeToOccDigits(option.strike)}`;
}

/** Parses the padded or the compact form; a malformed symbol, an impossible date or a zero strike throw. */
export function parseOccSymbol(text: string): OccOption {
  const match = SYMBOL.exec(text);
  if (!match) throw new InvalidOccSymbolError(`Not an OCC option symbol: "${text}"`);
  const [, root = '', yy = '', mm = '', dd = '', cp = '', strikeDigits = ''] = match;
  if (text.includes(' ') && text.length !== 21) {
    throw new InvalidOccSymbolError(`A padded OCC symbol has 21 characters: "${text}"`);
  }
  try {
    return {
      root,
      expiry: isoDate(2000 + Number(yy), Number(mm), Number(dd)),
      right: cp === 'C' ? 'call' : 'put',
      strike: strikeFromOccDigits(strikeDigits),
    };
  } catch (error) {
    if (error instanceof InvalidDateError || error instanceof InvalidStrikeError) {
      throw new InvalidOccSymbolError(`Not an OCC option symbol: "${text}" (${error.message})`);
    }
    throw error;
  }
}

export function isOccSymbol(text: string): boolean {
  try {
    parseOccSymbol(text);
    return true;
  } catch {
    return false;
  }
}
