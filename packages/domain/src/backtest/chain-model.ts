// The option chains a backtest shows its strategy on a day without real quotes: the same listing rules, skewed
// VIX-tied surface, spread and liquidity model as the market simulator (market-model/), priced with the domain's
// Black-Scholes-Merton at the day's close. European prices are used for American contracts too: for the 0–60 day
// options income strategies trade the early-exercise premium is a few cents at most, and the simulator's
// early-assignment rule (simulate.ts) decides exercise separately.
//
// When a day has real end-of-day quotes for an underlier, `quotedChain` turns them into the same shape instead.
import { type IsoDate, daysBetween, isMonthlyExpiry, toEpochDay } from '../calendar';
import { greeks, price } from '../pricing/api';
import { listedExpirations, strikeGrid } from '../market-model/listings';
import { liquidity, marketAround, spreadWidth } from '../market-model/option-quotes';
import {
  type SkewParams,
  type SurfaceLevel,
  atmVol,
  skewedVol,
  standardizedMoneyness,
} from '../market-model/vol-surface';
import type { UnderlyingKind } from '../risk/account-type';
import type { ChainRequest, OptionQuote } from '../strategies/types';
import type { OptionEodQuote } from './types';

export const CONTRACT_MULTIPLIER = 100;

/** Skew and liquidity when the settings give none: index skew is steeper than single-stock skew. */
export const DEFAULT_SKEW: Readonly<Record<UnderlyingKind, SkewParams>> = {
  index_etf: { skew: 0.22, smile: 0.04 },
  stock: { skew: 0.12, smile: 0.04 },
};
const BASE_OPEN_INTEREST: Readonly<Record<UnderlyingKind, number>> = { index_etf: 40_000, stock: 10_000 };

// Listings depend only on the kind and the day; a backtest asks for the same day once per underlier.
const listingCache = new Map<string, IsoDate[]>();
function listed(kind: UnderlyingKind, date: IsoDate): IsoDate[] {
  const key = `${kind}|${date}`;
  let expiries = listingCache.get(key);
  if (!expiries) {
    if (listingCache.size >= 512) listingCache.clear();
    listingCache.set(key, (expiries = listedExpirations(kind, date)));
  }
  return expiries;
}

/** The model surface of one underlier on one day. */
export interface DaySurface {
  symbol: string;
  kind: UnderlyingKind;
  date: IsoDate;
  /** The close of `date` (the instant chains are priced at). */
  nowMs: number;
  spot: number;
  level: SurfaceLevel;
  rate: number;
  dividendYield: number;
  skew: SkewParams;
  /** Years to an expiry from `nowMs`, by the underlier's settlement (AM for cash-settled indexes). */
  yearsTo(expiry: IsoDate): number;
}

/** The surface vol of one contract; NaN when undefined (expired, no level). */
export function surfaceVol(surface: DaySurface, expiry: IsoDate, strike: number): number {
  const T = surface.yearsTo(expiry);
  if (!(T > 0)) return NaN;
  const forward = surface.spot * Math.exp((surface.rate - surface.dividendYield) * T);
  return skewedVol(atmVol(surface.level, T), T, Math.log(strike / forward), surface.skew);
}

/** Model value per share of one contract: intrinsic at or after expiry. */
export function modelValue(surface: DaySurface, expiry: IsoDate, strike: number, right: 'call' | 'put'): number {
  const T = surface.yearsTo(expiry);
  const intrinsic = right === 'call' ? Math.max(0, surface.spot - strike) : Math.max(0, strike - surface.spot);
  if (!(T > 0)) return intrinsic;
  const sigma = surfaceVol(surface, expiry, strike);
  if (!(sigma > 0)) return intrinsic;
  return price({ right, S: surface.spot, K: strike, T, r: surface.rate, q: surface.dividendYield, sigma });
}

/** One contract quoted from the model surface: price, delta, a spread around it and seeded liquidity. */
export function modelQuote(
  surface: DaySurface,
  contract: { expiry: IsoDate; strike: number; right: 'call' | 'put' },
  seed: number,
): OptionQuote | null {
  const { spot, kind, date } = surface;
  const { expiry, strike, right } = contract;
  const T = surface.yearsTo(expiry);
  if (!(spot > 0) || !(surface.level.atm30 > 0) || !(T > 0)) return null;
  const dte = daysBetween(date, expiry);
  const forward = spot * Math.exp((surface.rate - surface.dividendYield) * T);
  const atm = atmVol(surface.level, T);
  const logMoneyness = Math.log(strike / forward);
  const sigma = skewedVol(atm, T, logMoneyness, surface.skew);
  const z = standardizedMoneyness(logMoneyness, atm, T);
  const input = { right, S: spot, K: strike, T, r: surface.rate, q: surface.dividendYield, sigma };
  const model = price(input);
  const delta = greeks(input).delta;
  const { openInterest, dailyVolume } = liquidity({
    seed,
    key: `${surface.symbol}|${expiry}|${strike}|${right}`,
    epochDay: toEpochDay(date),
    baseOpenInterest: BASE_OPEN_INTEREST[kind],
    z: standardizedMoneyness(Math.log(strike / spot), surface.level.longRun, Math.max(1, dte) / 365),
    dte,
    monthly: isMonthlyExpiry(expiry),
  });
  const half = spreadWidth({ kind, modelPrice: model, z, dte, dailyVolume }) / 2;
  const market = marketAround(model, half, kind);
  return {
    symbol: surface.symbol,
    expiry,
    strike,
    right,
    multiplier: CONTRACT_MULTIPLIER,
    bid: market.bid,
    ask: market.ask,
    last: market.mark,
    iv: Number.isFinite(sigma) ? sigma : null,
    delta: Number.isFinite(delta) ? delta : null,
    volume: dailyVolume,
    openInterest,
  };
}

/** The listed contracts a request covers, quoted from the model surface. */
export function modelChain(surface: DaySurface, request: ChainRequest, seed: number): OptionQuote[] {
  const { spot, kind, date } = surface;
  const out: OptionQuote[] = [];
  if (!(spot > 0) || !(surface.level.atm30 > 0)) return out;
  for (const expiry of listed(kind, date)) {
    const dte = daysBetween(date, expiry);
    if (dte < request.minDte || dte > request.maxDte) continue;
    const T = surface.yearsTo(expiry);
    if (!(T > 0)) continue;
    for (const strike of strikeGrid(kind, spot, T, surface.level.longRun)) {
      const moneyness = strike / spot;
      if (moneyness < request.minMoneyness || moneyness > request.maxMoneyness) continue;
      for (const right of request.rights) {
        const quote = modelQuote(surface, { expiry, strike, right }, seed);
        if (quote) out.push(quote);
      }
    }
  }
  return out;
}

/** Real quotes of one underlier and day, narrowed to a request; deltas the file lacks come from the quote's IV. */
export function quotedChain(
  surface: DaySurface,
  quotes: readonly OptionEodQuote[],
  request: ChainRequest,
): OptionQuote[] {
  const out: OptionQuote[] = [];
  const rights = new Set(request.rights);
  for (const q of quotes) {
    const dte = daysBetween(surface.date, q.expiry);
    if (dte < request.minDte || dte > request.maxDte || !rights.has(q.right)) continue;
    const moneyness = q.strike / surface.spot;
    if (moneyness < request.minMoneyness || moneyness > request.maxMoneyness) continue;
    let delta = q.delta;
    const T = surface.yearsTo(q.expiry);
    if (delta === null && q.iv !== null && q.iv > 0 && T > 0)
      delta = greeks({
        right: q.right,
        S: surface.spot,
        K: q.strike,
        T,
        r: surface.rate,
        q: surface.dividendYield,
        sigma: q.iv,
      }).delta;
    out.push({
      symbol: surface.symbol,
      expiry: q.expiry,
      strike: q.strike,
      right: q.right,
      multiplier: CONTRACT_MULTIPLIER,
      bid: q.bid,
      ask: q.ask,
      last: q.last,
      iv: q.iv,
      delta,
      volume: q.volume,
      openInterest: q.openInterest,
    });
  }
  return out;
}
