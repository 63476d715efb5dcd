// Number formatting for the calculator's outputs: fixed decimals, and "—" (never 0) when a value is unknown.
export const UNKNOWN = '—';

const isKnown = (value: number | null | undefined): value is number =>
  value !== null && value !== undefined && Number.isFinite(value);

/** `-0.0000` reads as a signal where there is none. */
const withoutNegativeZero = (text: string): string => (/^-[0.,]+$/.test(text) ? text.slice(1) : text);

export function formatFixed(value: number | null | undefined, decimals: number): string {
  if (!isKnown(value)) return UNKNOWN;
  return withoutNegativeZero(
    value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }),
  );
}

/** Significant digits without exponent notation, e.g. 0.068803 or -12.345 (for greeks, whose scale varies). */
export function formatSignificant(value: number | null | undefined, digits = 5): string {
  if (!isKnown(value)) return UNKNOWN;
  if (value === 0) return (0).toFixed(digits - 1);
  return withoutNegativeZero(
    value.toLocaleString('en-US', { minimumSignificantDigits: digits, maximumSignificantDigits: digits }),
  );
}

/** A fraction as a percentage: 0.2 → "20.00%". */
export function formatPercent(fraction: number | null | undefined, decimals = 2): string {
  if (!isKnown(fraction)) return UNKNOWN;
  return `${formatFixed(fraction * 100, decimals)}%`;
}

/** Money with an explicit sign, for P&L: +12.34 / −5.00. */
export function formatSignedMoney(value: number | null | undefined): string {
  if (!isKnown(value)) return UNKNOWN;
  const text = formatFixed(Math.abs(value), 2);
  if (text === formatFixed(0, 2)) return text;
  return value > 0 ? `+${text}` : `−${text}`;
}
