// The monthly roll of the Cboe PUT and BXM indexes, as pure helpers for the put-write and buy-write plugins: roll
// dates, the strike rules and the PUT's full-collateral count of puts (see ../shared/data/cboe-index-rules.md).
import { z } from 'zod';
import {
  type IsoDate,
  calendarDaysToExpiry,
  dateParts,
  isMonthlyExpiry,
  monthlyExpiry,
  newYorkDateOf,
} from '../calendar';
import { midOf } from './scanner/scan';
import type {
  ChainRequest,
  OptionQuote,
  OptionSide,
  StrategyAccount,
  StrategyInstance,
  StrategyPosition,
} from './types';

/** The roll date of a month (1–12): its monthly expiration, the 3rd Friday or the trading day before it. */
export function monthlyRollDate(year: number, month: number): IsoDate {
  return monthlyExpiry(year, month);
}

/** The first monthly expiration strictly after `today` (on a roll day: next month's). */
export function nextMonthlyExpiry(today: IsoDate): IsoDate {
  const { year, month } = dateParts(today);
  const thisMonth = monthlyRollDate(year, month);
  if (calendarDaysToExpiry(today, thisMonth) > 0) return thisMonth;
  return month === 12 ? monthlyRollDate(year + 1, 1) : monthlyRollDate(year, month + 1);
}

export function isRollDay(today: IsoDate): boolean {
  return isMonthlyExpiry(today);
}

export const openOnField = z
  .enum(['roll_day', 'any_day'])
  .default('roll_day')
  .describe(
    'When a new option may be sold: only on the monthly roll day (the Cboe rule), or on any day nothing is open (it still expires on the next monthly expiration)',
  );
export type OpenOn = z.output<typeof openOnField>;

// Strikes are listed on a grid (0.5, 1, 5 points); this keeps a strike equal to the reference from losing to a float.
const EPS = 1e-9;

export type PutStrikeRule = 'at_or_below' | 'nearest';
export type CallStrikeRule = 'at_or_above' | 'nearest';

function nearest(strikes: readonly number[], reference: number, tieToHigher: boolean): number | null {
  let best: number | null = null;
  for (const k of strikes) {
    if (best === null) {
      best = k;
      continue;
    }
    const d = Math.abs(k - reference) - Math.abs(best - reference);
    if (d < -EPS || (Math.abs(d) <= EPS && (tieToHigher ? k > best : k < best))) best = k;
  }
  return best;
}

/**
 * The put's strike: Cboe PUT takes the highest listed strike at or below the reference price (slightly out of the
 * money, even when the strike above is nearer); 'nearest' takes the nearest, the lower one on a tie. Null: none fits.
 */
export function putWriteStrike(strikes: readonly number[], reference: number, rule: PutStrikeRule): number | null {
  if (rule === 'nearest') return nearest(strikes, reference, false);
  const below = strikes.filter((k) => k <= reference + EPS);
  return below.length === 0 ? null : Math.max(...below);
}

/**
 * The call's strike: Cboe BXM takes the lowest listed strike at or above the reference price; 'nearest' takes the
 * nearest, the higher one on a tie (out of the money). Null: none fits.
 */
export function callWriteStrike(strikes: readonly number[], reference: number, rule: CallStrikeRule): number | null {
  if (rule === 'nearest') return nearest(strikes, reference, true);
  const above = strikes.filter((k) => k >= reference - EPS);
  return above.length === 0 ? null : Math.min(...above);
}

export interface CollateralInput {
  /** Account value before the sale (M). */
  netLiquidation: number;
  strike: number;
  /** Premium per share received (P). */
  premium: number;
  /** Continuously compounded rate the cash earns until expiry. */
  rate: number;
  /** Time to expiry in years. */
  years: number;
  multiplier: number;
}

export interface CollateralCount {
  /** Whole contracts to sell: floor(exact). */
  contracts: number;
  /** N = M·g / ((K − P·g) × multiplier), unfloored. */
  exact: number;
  /** g = exp(rate × years), the growth of the cash to expiry. */
  growth: number;
}

/**
 * Cboe PUT's full collateralisation: at expiry the cash, with the premium received, must equal the most the puts can
 * lose, (M + N·P·m)·g = N·K·m, so N = M·g / ((K − P·g)·m). Throws on inputs that make no such N (a premium worth the
 * strike or more is a broken quote, not a trade).
 */
export function fullyCollateralizedContracts(input: CollateralInput): CollateralCount {
  const { netLiquidation, strike, premium, rate, years, multiplier } = input;
  for (const [name, value] of Object.entries(input))
    if (!Number.isFinite(value)) throw new RangeError(`${name} is not a finite number: ${value}`);
  if (strike <= 0 || multiplier <= 0 || premium < 0 || years < 0)
    throw new RangeError('strike and multiplier must be positive, premium and years not negative');
  const growth = Math.exp(rate * years);
  const atRisk = strike - premium * growth;
  if (atRisk <= 0) throw new RangeError(`premium ${premium} grown to expiry is not below the strike ${strike}`);
  const exact = (Math.max(0, netLiquidation) * growth) / (atRisk * multiplier);
  return { contracts: Math.floor(exact + EPS), exact, growth };
}

/** The option's premium per share for sizing and the rationale: the mid, else the bid; null when neither is known. */
export function premiumOf(option: Pick<OptionQuote, 'bid' | 'ask'>): { premium: number; from: 'mid' | 'bid' } | null {
  const mid = midOf(option.bid, option.ask);
  if (mid !== null) return { premium: mid, from: 'mid' };
  return option.bid !== null && option.bid > 0 ? { premium: option.bid, from: 'bid' } : null;
}

/** The configured symbols' positions the instance manages (of its portfolio when it has one). */
export function positionsOn(
  account: StrategyAccount,
  instance: Pick<StrategyInstance<unknown>, 'portfolioId'>,
  symbol: string,
): StrategyPosition[] {
  return account.positions.filter(
    (p) =>
      p.symbol.toUpperCase() === symbol &&
      p.quantity !== 0 &&
      (instance.portfolioId === null || p.portfolioId === instance.portfolioId),
  );
}

/**
 * Short options of `right` that are still open after today. One expiring today does not block the roll: on a roll
 * day the old option settles and the new one is written.
 */
export function openShorts(positions: readonly StrategyPosition[], right: OptionSide, today: IsoDate) {
  return positions.filter(
    (p) =>
      p.instrument.kind === 'option' &&
      p.instrument.right === right &&
      p.quantity < 0 &&
      calendarDaysToExpiry(today, p.instrument.expiry) > 0,
  );
}

/**
 * Chains to fetch for an index roll: none on a day nothing can be opened (not a roll day, or a short option of
 * `right` is still open on the symbol), else the one-month options in the band.
 */
export function rollChainRequests(
  args: {
    account: StrategyAccount;
    instance: Pick<StrategyInstance<unknown>, 'portfolioId'>;
    symbols: readonly string[];
    asOf: number;
    openOn: OpenOn;
  },
  right: OptionSide,
  band: { minMoneyness: number; maxMoneyness: number },
): ChainRequest[] {
  const today = newYorkDateOf(args.asOf);
  if (args.openOn === 'roll_day' && !isRollDay(today)) return [];
  return args.symbols
    .filter((symbol) => openShorts(positionsOn(args.account, args.instance, symbol), right, today).length === 0)
    .map((symbol) => ({ symbol, rights: [right], minDte: 1, maxDte: 40, ...band }));
}

/** The listed options of `right` on `expiry` in a chain. */
export const optionsOn = (options: readonly OptionQuote[], right: OptionSide, expiry: IsoDate): OptionQuote[] =>
  options.filter((o) => o.right === right && o.expiry === expiry);
