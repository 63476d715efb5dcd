// Display formatting for the book screens (dashboard, positions, portfolios, chain): money arrives as decimal
// strings, unknown values as null and show as "—" (never 0).
import { formatFixed, formatPercent, UNKNOWN } from '../calculator/format-number';

export { formatFixed, formatPercent, UNKNOWN };

const toNumber = (value: string | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

/** 125000.5 → "125,000.50"; with a currency, "125,000.50 USD". */
export function formatMoney(value: string | null | undefined, currency?: string | null, decimals = 2): string {
  const text = formatFixed(toNumber(value), decimals);
  return text !== UNKNOWN && currency ? `${text} ${currency}` : text;
}

/** P&L with an explicit sign: "+1,250.50" / "−240.00". */
export function formatSignedMoney(value: string | null | undefined): string {
  const number = toNumber(value);
  if (number === null || !Number.isFinite(number)) return UNKNOWN;
  const text = formatFixed(Math.abs(number), 2);
  if (text === formatFixed(0, 2)) return text;
  return number > 0 ? `+${text}` : `−${text}`;
}

/** Mantine color for a signed amount: teal gains, red losses, nothing for zero or unknown. */
export function pnlColor(value: string | number | null | undefined): string | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  if (number === null || number === undefined || !Number.isFinite(number) || number === 0) return undefined;
  return number > 0 ? 'teal' : 'red';
}

/** Quantity without trailing zeros: "100", "-2", "0.5". */
export function formatQuantity(value: string): string {
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** Wall-clock time of an ISO instant in the viewer's time zone, e.g. "10:00:05". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return UNKNOWN;
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Date and time, for things that may be days old (last sync, snapshots). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return UNKNOWN;
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Age of an instant relative to `now`: "12 s", "4 min", "3 h", "2 d". */
export function formatAge(iso: string | null | undefined, now: number): string {
  if (!iso) return UNKNOWN;
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/** "2026-03-20" → "Mar 20, 2026" (UTC: an expiry is a calendar day, not an instant). */
export function formatExpiry(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Polling cadence of live numbers. */
export const LIVE_REFETCH_MS = 5_000;
