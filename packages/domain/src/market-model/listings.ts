// Which expirations and strikes are listed: expiries from the domain calendar, strikes on a grid anchored to the
// previous close (so they do not move intraday) with increments by price level and distance from the money.
import {
  type IsoDate,
  MONDAY,
  addDays,
  dateParts,
  daysBetween,
  listExpiries,
  monthlyExpiry,
  weekday,
} from '../calendar';
import type { UnderlyingKind } from '../risk/account-type';

const WEDNESDAY = 3;

interface ListingRules {
  weeklyDays: number;
  /** Monday and Wednesday expiries (index ETFs) this many days out; 0 for none. */
  midweekDays: number;
  monthlyDays: number;
  quarterlyDays: number;
  /** January LEAPS this many years ahead (1 → next January, 2 → the one after). */
  leapsYears: number;
}

const RULES: Record<UnderlyingKind, ListingRules> = {
  index_etf: { weeklyDays: 56, midweekDays: 21, monthlyDays: 365, quarterlyDays: 365, leapsYears: 2 },
  stock: { weeklyDays: 35, midweekDays: 0, monthlyDays: 270, quarterlyDays: 0, leapsYears: 2 },
};

/** Expiries listed on `firstDate` (the first day whose session has not closed yet), sorted. */
export function listedExpirations(kind: UnderlyingKind, firstDate: IsoDate): IsoDate[] {
  const rules = RULES[kind];
  const dates = new Set<IsoDate>();
  const add = (days: number, kinds: Parameters<typeof listExpiries>[2]): void => {
    if (days <= 0) return;
    for (const expiry of listExpiries(firstDate, addDays(firstDate, days), kinds)) dates.add(expiry.date);
  };
  add(rules.weeklyDays, ['weekly']);
  add(rules.monthlyDays, ['monthly']);
  add(rules.quarterlyDays, ['quarterly']);
  if (rules.midweekDays > 0) {
    for (const expiry of listExpiries(firstDate, addDays(firstDate, rules.midweekDays), ['daily'])) {
      const day = weekday(expiry.date);
      if (day === MONDAY || day === WEDNESDAY) dates.add(expiry.date);
    }
  }
  const { year } = dateParts(firstDate);
  for (let y = year; y <= year + rules.leapsYears; y++) {
    const january = monthlyExpiry(y, 1);
    if (daysBetween(firstDate, january) >= 0) dates.add(january);
  }
  return [...dates].sort();
}

/** Whether an expiry is a long-dated (LEAPS-like) listing, which gets the coarse strike grid. */
export function isLongDated(T: number): boolean {
  return T > 300 / 365;
}

function nearIncrement(kind: UnderlyingKind, price: number): number {
  if (price < 25) return 0.5;
  // Cash-settled indexes (SPX, NDX) list 5-point strikes; index ETFs list dollar strikes.
  if (kind === 'index_etf') return price < 1000 ? 1 : 5;
  if (price < 200) return 1;
  return price < 500 ? 2.5 : 5;
}

function farIncrement(price: number): number {
  if (price < 25) return 1;
  if (price < 100) return 2.5;
  if (price < 500) return 5;
  return price < 1000 ? 10 : 25;
}

/**
 * Strikes around `anchor`: the near band ±max(5%, 1 sd) on the fine increment, then out to
 * ±clamp(3 sd, 15%, 50%) on the coarse one; long-dated expiries use the coarse increment throughout.
 * `refVol` is an annual vol (a stable per-symbol reference, so the grid does not breathe with the VIX).
 */
export function strikeGrid(kind: UnderlyingKind, anchor: number, T: number, refVol: number): number[] {
  if (!(anchor > 0) || !(T > 0) || !(refVol > 0)) return [];
  const sd = refVol * Math.sqrt(T);
  const width = Math.min(0.5, Math.max(0.15, 3 * sd));
  const nearWidth = Math.min(width, Math.max(0.05, sd));
  const far = farIncrement(anchor);
  const near = isLongDated(T) ? far : nearIncrement(kind, anchor);
  const thousandths = new Set<number>();
  const addRange = (lo: number, hi: number, increment: number): void => {
    const step = Math.round(increment * 1000);
    const first = Math.ceil((lo * 1000) / step);
    const last = Math.floor((hi * 1000) / step);
    for (let k = Math.max(1, first); k <= last; k++) thousandths.add(k * step);
  };
  addRange(anchor * (1 - width), anchor * (1 + width), far);
  addRange(anchor * (1 - nearWidth), anchor * (1 + nearWidth), near);
  return [...thousandths].sort((a, b) => a - b).map((t) => t / 1000);
}
