// Option strikes as exact decimals (money.ts micro-units) at the OCC's 1/1000 precision: 190.5 ↔ '00190500'.
import { type Micros, InvalidMoneyError, formatMoney, micros, parseMoney } from '../money';
import { InvalidStrikeError } from './errors';

/** A strike price: exact micro-units, a positive multiple of 0.001, at most 99999.999 (what an OSI symbol holds). */
export type Strike = Micros;

const MILLI = 1000n;
const MAX_STRIKE_THOUSANDTHS = 99_999_999n;
/** Accepted float noise around a thousandth, e.g. 189.99999999999997 from a feed; far below the 0.001 step. */
const FLOAT_TOLERANCE = 1e-6;

function checked(value: bigint, source: string): Strike {
  if (value <= 0n) throw new InvalidStrikeError(`Strike must be positive: ${source}`);
  if (value % MILLI !== 0n) throw new InvalidStrikeError(`Strike has more than 3 decimals: ${source}`);
  if (value / MILLI > MAX_STRIKE_THOUSANDTHS) throw new InvalidStrikeError(`Strike above 99999.999: ${source}`);
  return micros(value);
}

/**
 * A strike from a decimal string ('190.5') or a number (190.5, as brokers send them). Numbers are snapped to the
 * nearest thousandth only when they are within float noise of it; 190.0005 is an error, not a rounding.
 */
export function parseStrike(value: string | number): Strike {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidStrikeError(`Strike is not a finite number: ${value}`);
    const thousandths = Math.round(value * 1000);
    if (Math.abs(value * 1000 - thousandths) > FLOAT_TOLERANCE) {
      throw new InvalidStrikeError(`Strike has more than 3 decimals: ${value}`);
    }
    return checked(BigInt(thousandths) * MILLI, String(value));
  }
  let amount: Micros;
  try {
    amount = parseMoney(value);
  } catch (error) {
    if (error instanceof InvalidMoneyError) throw new InvalidStrikeError(`Not a strike: "${value}"`);
    throw error;
  }
  return checked(amount, `"${value}"`);
}

/** The canonical decimal text: no trailing zeros, no exponent ('190', '190.5', '0.125'). */
export function formatStrike(strike: Strike): string {
  return formatMoney(strike, 0);
}

/** The 8-digit OSI strike field: strike × 1000, zero-padded ('00190500'). */
export function strikeToOccDigits(strike: Strike): string {
  return (checked(strike, formatStrike(strike)) / MILLI).toString().padStart(8, '0');
}

export function strikeFromOccDigits(digits: string): Strike {
  if (!/^\d{8}$/.test(digits)) throw new InvalidStrikeError(`OSI strike must be 8 digits: "${digits}"`);
  return checked(BigInt(digits) * MILLI, `"${digits}"`);
}

/** The strike as a float, for model math only (pricing, probabilities). */
export function strikeToNumber(strike: Strike): number {
  return Number(strike) / 1e6;
}
