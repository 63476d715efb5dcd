// The option scanner: figures per candidate, filters, a documented score and a rank. One pass over the chain with
// per-expiry figures cached, opportunities built only for candidates that pass, one sort at the end.
//
// Figures (per share):
//   mid        (bid + ask) / 2 with a two-sided market (bid > 0, ask > 0, ask ≥ bid), else null
//   spreadPct  (ask − bid) / mid
//   dte        calendar days from `today` to the expiry
//   iv         the quote's, else implied from the mid (European Black-Scholes-Merton), else null
//   delta      the quote's, else Black-Scholes-Merton at the iv, else null
//   premium    the mid — what a limit order at the mid collects (sells) or pays (buys)
//   ror        sells: premium / capital per share, where capital is
//                cash_secured  strike − premium (what is at risk once assigned, as `shortPutReturns`' onRisk)
//                covered       `coveredBasis`, else the spot
//                margin        `marginPerShare(option)`
//                premium       — a short ties up no premium: null
//              buys: null — a long option's return depends on the move, not on a premium known at entry
//   annualized ror × 365 / dte (null at 0 DTE)
//   pop        lognormal at the option's iv (risk-neutral drift): short put above strike − premium, short call below
//              strike + premium; long put below strike − premium, long call above strike + premium
//   ivRank     the underlier's
// Time to expiry runs to the close, or to the open for an AM-settled root's monthly expiry (SPX; its weeklies are PM).
// Score: `scoreOf` (an unknown figure counts 0); ranks 1..n best first, ties by symbol, expiry, strike, put first.
//
// Filters run in this order and a candidate counts under the first it fails: right, dte, strike, delta, iv, iv_rank,
// credit (sells only), price, spread, volume, open_interest. A filter that needs a figure the market did not give
// fails with 'unknown_data'; the unknowns among the candidates in range (right, DTE and strike passed) are summarised
// in `missing`.
import {
  type ShortOptionInput,
  annualizeReturn,
  popShortCall,
  popShortPut,
  probabilityAbove,
  probabilityBelow,
} from '../../analytics';
import { type IsoDate, daysBetween, isMonthlyExpiry, settlementForRoot, yearFractionToExpiry } from '../../calendar';
import { greeks, impliedVol } from '../../pricing/api';
import type { OptionQuote, ScoredOpportunity } from '../types';
import type { RejectReason, ScanRequest, ScanResult, ScoreMethod } from './scan-types';

/**
 * Liquidity sub-score in 0..1 = depth × tightness, where
 *   depth     = ½ · min(1, log10(1 + open interest) / 4) + ½ · min(1, log10(1 + volume) / 3)
 *               (10,000 open interest and 1,000 traded today each count in full; an unknown one counts 0)
 *   tightness = 1 − min(1, spreadPct / 0.5)   (a 50% spread or wider, or no two-sided quote, makes it 0)
 * e.g. OI 5,000, volume 500, spread 5%: depth ½(0.9248 + 0.8999) = 0.9124, tightness 0.9 → 0.8211.
 */
export function liquidityScore(openInterest: number | null, volume: number | null, spreadPct: number | null): number {
  const oi = openInterest !== null && openInterest > 0 ? Math.min(1, Math.log10(1 + openInterest) / 4) : 0;
  const vol = volume !== null && volume > 0 ? Math.min(1, Math.log10(1 + volume) / 3) : 0;
  const tightness = spreadPct === null ? 0 : 1 - Math.min(1, Math.max(0, spreadPct) / 0.5);
  return (0.5 * oi + 0.5 * vol) * tightness;
}

/**
 * The score of a candidate by `method` (higher is better); an unknown figure counts 0, so it never helps.
 * balanced = 0.4 × min(1, annualized ROR) + 0.3 × POP + 0.2 × liquidity + 0.1 × IV rank.
 */
export function scoreOf(
  method: ScoreMethod,
  figures: { annualizedRor: number | null; pop: number | null; liquidity: number; ivRank: number | null },
): number {
  const { annualizedRor, pop, liquidity, ivRank } = figures;
  switch (method) {
    case 'annualized_ror':
      return annualizedRor ?? 0;
    case 'pop':
      return pop ?? 0;
    case 'liquidity':
      return liquidity;
    case 'iv_rank':
      return ivRank ?? 0;
    case 'balanced':
      return 0.4 * Math.min(1, annualizedRor ?? 0) + 0.3 * (pop ?? 0) + 0.2 * liquidity + 0.1 * (ivRank ?? 0);
  }
}

/** Best first: higher score, then the earlier expiry, the lower strike, put before call (stable across runs). */
function compareOpportunities(a: ScoredOpportunity, b: ScoredOpportunity): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.symbol !== b.symbol) return a.symbol < b.symbol ? -1 : 1;
  if (a.expiry !== b.expiry) return a.expiry < b.expiry ? -1 : 1;
  if (a.strike !== b.strike) return a.strike - b.strike;
  return a.right === b.right ? 0 : a.right === 'put' ? -1 : 1;
}

/** Sorts best first and numbers the ranks 1..n (in place); merges of several scans are ranked again with it. */
export function rankOpportunities(opportunities: ScoredOpportunity[]): ScoredOpportunity[] {
  opportunities.sort(compareOpportunities);
  for (let i = 0; i < opportunities.length; i++) (opportunities[i] as ScoredOpportunity).rank = i + 1;
  return opportunities;
}

const known = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

interface ExpiryFigures {
  dte: number;
  /** Years to the expiry instant; null when the expiry is not a trading day (no instant to price to). */
  T: number | null;
}

/** Mid of a two-sided market, else null. */
export function midOf(bid: number | null, ask: number | null): number | null {
  return known(bid) && known(ask) && bid > 0 && ask > 0 && ask >= bid ? (bid + ask) / 2 : null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function scanOptions(req: ScanRequest): ScanResult {
  const { underlier, options, filters: f, side } = req;
  const symbol = underlier.symbol;
  const considered = options.length;
  const rejected: Partial<Record<RejectReason, number>> = {};
  const reject = (reason: RejectReason) => {
    rejected[reason] = (rejected[reason] ?? 0) + 1;
  };
  const missing: string[] = [];
  const spot = underlier.spot;
  if (!known(spot) || spot <= 0) {
    if (considered > 0) rejected.unknown_data = considered;
    missing.push(`spot of ${symbol} unknown: none of its ${plural(considered, 'option')} could be scanned`);
    return { opportunities: [], considered, rejected, missing };
  }
  if (considered === 0) missing.push(`no options of ${symbol} to scan`);

  const q = underlier.dividendYield;
  const r = req.rate;
  // AM-settled roots (SPX, …) settle AM on their standard monthly expiry only; their weeklies (SPXW) are PM.
  const amRoot = settlementForRoot(symbol) === 'am';
  const ivRank = known(underlier.ivRank) ? underlier.ivRank : null;
  const rights = f.rights;
  const wantsPut = rights.includes('put');
  const wantsCall = rights.includes('call');
  const selling = side === 'sell';
  const expiries = new Map<IsoDate, ExpiryFigures>();
  const unpriceable: IsoDate[] = [];
  const figuresOf = (expiry: IsoDate): ExpiryFigures => {
    let e = expiries.get(expiry);
    if (e === undefined) {
      let T: number | null = null;
      try {
        T = yearFractionToExpiry(req.nowMs, expiry, amRoot && isMonthlyExpiry(expiry) ? 'am' : 'pm');
      } catch {
        unpriceable.push(expiry);
      }
      e = { dte: daysBetween(req.today, expiry), T };
      expiries.set(expiry, e);
    }
    return e;
  };

  let inRange = 0;
  let noQuote = 0;
  let noIv = 0;
  let noDelta = 0;
  let noVolume = 0;
  let noOpenInterest = 0;
  const passed: ScoredOpportunity[] = [];
  // One lognormal input for every POP of the scan (fields set per candidate): no allocation per candidate.
  const lognormal: ShortOptionInput = { S: spot, T: 0, sigma: 0, r, q, strike: 0, premium: 0 };

  for (const o of options) {
    if (o.right === 'put' ? !wantsPut : !wantsCall) {
      reject('right');
      continue;
    }
    const { dte, T } = figuresOf(o.expiry);
    if (dte < f.minDte || dte > f.maxDte) {
      reject('dte');
      continue;
    }
    if ((f.minStrike !== null && o.strike < f.minStrike) || (f.maxStrike !== null && o.strike > f.maxStrike)) {
      reject('strike');
      continue;
    }
    inRange++;

    // Every figure of a candidate in range, so the counts of unknowns do not depend on the filter order.
    const mid = midOf(o.bid, o.ask);
    const spreadPct = mid === null ? null : ((o.ask as number) - (o.bid as number)) / mid;
    let iv: number | null = known(o.iv) && o.iv > 0 ? o.iv : null;
    const ivImplied = iv === null && mid !== null && T !== null && T > 0;
    if (ivImplied) {
      const implied = impliedVol({ right: o.right, S: spot, K: o.strike, T, r, q, price: mid });
      iv = Number.isFinite(implied) && implied > 0 ? implied : null;
    }
    let delta: number | null = known(o.delta) ? o.delta : null;
    let deltaModelled = false;
    if (delta === null && iv !== null && T !== null && T > 0) {
      delta = finiteOrNull(greeks({ right: o.right, S: spot, K: o.strike, T, r, q, sigma: iv }).delta);
      deltaModelled = true;
    }
    const volume = known(o.volume) ? o.volume : null;
    const openInterest = known(o.openInterest) ? o.openInterest : null;
    if (mid === null) noQuote++;
    if (iv === null) noIv++;
    if (delta === null) noDelta++;
    if (volume === null) noVolume++;
    if (openInterest === null) noOpenInterest++;

    if (f.minAbsDelta !== null || f.maxAbsDelta !== null) {
      if (delta === null) {
        reject('unknown_data');
        continue;
      }
      const absDelta = Math.abs(delta);
      if (
        (f.minAbsDelta !== null && absDelta < f.minAbsDelta) ||
        (f.maxAbsDelta !== null && absDelta > f.maxAbsDelta)
      ) {
        reject('delta');
        continue;
      }
    }
    if (f.minIv !== null || f.maxIv !== null) {
      if (iv === null) {
        reject('unknown_data');
        continue;
      }
      if ((f.minIv !== null && iv < f.minIv) || (f.maxIv !== null && iv > f.maxIv)) {
        reject('iv');
        continue;
      }
    }
    if (f.minIvRank !== null || f.maxIvRank !== null) {
      if (ivRank === null) {
        reject('unknown_data');
        continue;
      }
      if ((f.minIvRank !== null && ivRank < f.minIvRank) || (f.maxIvRank !== null && ivRank > f.maxIvRank)) {
        reject('iv_rank');
        continue;
      }
    }
    if (selling && f.minCredit !== null) {
      if (mid === null) {
        reject('unknown_data');
        continue;
      }
      if (mid < f.minCredit) {
        reject('credit');
        continue;
      }
    }
    if (f.minPrice !== null || f.maxPrice !== null) {
      if (mid === null) {
        reject('unknown_data');
        continue;
      }
      if ((f.minPrice !== null && mid < f.minPrice) || (f.maxPrice !== null && mid > f.maxPrice)) {
        reject('price');
        continue;
      }
    }
    if (f.maxSpreadPct !== null) {
      if (spreadPct === null) {
        reject('unknown_data');
        continue;
      }
      if (spreadPct > f.maxSpreadPct) {
        reject('spread');
        continue;
      }
    }
    if (f.minVolume !== null) {
      if (volume === null) {
        reject('unknown_data');
        continue;
      }
      if (volume < f.minVolume) {
        reject('volume');
        continue;
      }
    }
    if (f.minOpenInterest !== null) {
      if (openInterest === null) {
        reject('unknown_data');
        continue;
      }
      if (openInterest < f.minOpenInterest) {
        reject('open_interest');
        continue;
      }
    }

    const capital = mid === null ? null : capitalPerShare(req, o, mid, spot);
    const ror = mid !== null && capital !== null ? mid / capital : null;
    const annualizedRor = ror === null ? null : finiteOrNull(annualizeReturn(ror, dte));
    let pop: number | null = null;
    if (mid !== null && iv !== null && T !== null) {
      lognormal.T = T;
      lognormal.sigma = iv;
      lognormal.strike = o.strike;
      lognormal.premium = mid;
      pop = popOf(side, o.right, lognormal);
    }
    const liquidity = liquidityScore(openInterest, volume, spreadPct);
    passed.push({
      key: `${o.symbol}|${o.expiry}|${o.strike}|${o.right}`,
      symbol: o.symbol,
      expiry: o.expiry,
      strike: o.strike,
      right: o.right,
      multiplier: o.multiplier,
      bid: o.bid,
      ask: o.ask,
      mid,
      delta,
      dte,
      iv,
      ivRank,
      ror,
      annualizedRor,
      pop,
      volume,
      openInterest,
      spreadPct,
      score: scoreOf(req.score, { annualizedRor, pop, liquidity, ivRank }),
      rank: 0,
      details: {
        scoreMethod: req.score,
        capital: req.capital,
        capitalPerShare: capital,
        premium: 'mid',
        liquidity,
        ivSource: iv === null ? null : ivImplied ? 'implied' : 'quote',
        deltaSource: delta === null ? null : deltaModelled ? 'model' : 'quote',
      },
    });
  }

  const ofInRange = (n: number) => `${n} of ${plural(inRange, `${symbol} option`)} in range`;
  if (noQuote > 0) missing.push(`no two-sided quote for ${ofInRange(noQuote)}`);
  if (noIv > 0) missing.push(`IV unknown for ${ofInRange(noIv)}`);
  if (noDelta > 0) missing.push(`delta unknown for ${ofInRange(noDelta)}`);
  if (f.minVolume !== null && noVolume > 0) missing.push(`volume unknown for ${ofInRange(noVolume)}`);
  if (f.minOpenInterest !== null && noOpenInterest > 0)
    missing.push(`open interest unknown for ${ofInRange(noOpenInterest)}`);
  const ivRankNeeded =
    f.minIvRank !== null || f.maxIvRank !== null || req.score === 'iv_rank' || req.score === 'balanced';
  if (ivRank === null && ivRankNeeded) missing.push(`IV rank of ${symbol} unknown`);
  if (unpriceable.length > 0)
    missing.push(`expiries of ${symbol} that are not trading days (cannot be priced): ${unpriceable.join(', ')}`);

  return { opportunities: rankOpportunities(passed), considered, rejected, missing };
}

/** Capital a contract ties up per share, by the request's basis; null when unknown or not meaningful. */
function capitalPerShare(req: ScanRequest, o: OptionQuote, premium: number, spot: number): number | null {
  if (req.side === 'buy') return null;
  let capital: number | null;
  switch (req.capital) {
    case 'cash_secured':
      capital = o.strike - premium;
      break;
    case 'covered':
      capital = req.coveredBasis ?? spot;
      break;
    case 'margin':
      capital = req.marginPerShare?.(o) ?? null;
      break;
    case 'premium':
      capital = null;
      break;
  }
  return known(capital) && capital > 0 ? capital : null;
}

function popOf(side: 'sell' | 'buy', right: OptionQuote['right'], input: ShortOptionInput): number | null {
  const { strike, premium } = input;
  let p: number;
  if (side === 'sell') p = right === 'put' ? popShortPut(input) : popShortCall(input);
  else p = right === 'put' ? probabilityBelow(strike - premium, input) : probabilityAbove(strike + premium, input);
  return finiteOrNull(p);
}
