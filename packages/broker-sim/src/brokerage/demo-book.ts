// The demo book: a portfolio-margin account and a TFSA, built from contracts the market lists at `asOf`, so that
// every start of the demo seeds the same valid positions (the sim broker keeps no state across restarts).
//   DU-SIM-PM   ~USD 250k NLV: 300 AAPL + 3 covered AAPL calls, 200 KO + 1 short KO put, 100 SPY,
//               2 long MSFT LEAPS calls (the long leg of a poor man's covered call)
//   DU-SIM-TFSA 200 SPY + 1 covered SPY call, 100 QQQ, cash
// Short options are the listed expiry nearest 35 calendar days out and the strike nearest |delta| 0.30 (by the
// market's quoted delta; by moneyness, 5% out of the money, when the quote has none). Shares are carried at 90% of
// spot, the AAPL and SPY calls at their current mark (as if just sold), the KO put at three times its mark (sold a
// while ago, two thirds of its premium since decayed: a short near its profit target, for the Wheel's roll). The
// LEAPS are the first listed expiry at least 300 days out, strike nearest delta 0.85, carried at their mark.
import {
  type IsoDate,
  type OptionId,
  daysBetween,
  newYorkDateOf,
  parseStrike,
  moneyFromNumber,
} from '@optionstrader/domain';
import { formatInstrumentKey, formatMoney } from '@optionstrader/domain';
import type { MarketSimulator } from '../market/market-simulator';
import type { SimAccountSpec, SimPositionSpec } from './types';

const TARGET_DTE = 35;
const TARGET_DELTA = 0.3;
const LEAPS_MIN_DTE = 300;
const LEAPS_DELTA = 0.85;
/** The KO put was sold at this multiple of its current mark. */
const DECAYED_PUT_MULTIPLE = 3;

function nearestExpiry(market: MarketSimulator, symbol: string, asOfMs: number): IsoDate | null {
  const today = newYorkDateOf(asOfMs);
  let best: IsoDate | null = null;
  for (const expiry of market.expirations(symbol, asOfMs)) {
    const distance = Math.abs(daysBetween(today, expiry) - TARGET_DTE);
    if (best === null || distance < Math.abs(daysBetween(today, best) - TARGET_DTE)) best = expiry;
  }
  return best;
}

/** The listed ~30-delta option of `right` at the ~35-DTE expiry, with its mark; null when nothing fits. */
export function pickShortOption(
  market: MarketSimulator,
  symbol: string,
  right: 'call' | 'put',
  asOfMs: number,
): { option: OptionId; mark: number } | null {
  const expiry = nearestExpiry(market, symbol, asOfMs);
  if (!expiry) return null;
  const spot = market.spot(symbol, asOfMs);
  const fallbackStrike = right === 'call' ? spot * 1.05 : spot * 0.95;
  let best: { option: OptionId; mark: number; score: number } | null = null;
  for (const strike of market.strikes(symbol, expiry, asOfMs)) {
    const option: OptionId = {
      secType: 'OPT',
      root: symbol,
      expiry,
      right,
      strike: parseStrike(strike),
      multiplier: 100,
      currency: 'USD',
    };
    const strikeValue = Number(strike);
    if (right === 'call' ? strikeValue <= spot : strikeValue >= spot) continue;
    const quote = market.optionQuote(option, asOfMs);
    if (quote.mark === null || quote.mark <= 0) continue;
    const score =
      quote.delta === null
        ? Math.abs(strikeValue - fallbackStrike) / spot
        : Math.abs(Math.abs(quote.delta) - TARGET_DELTA);
    if (!best || score < best.score) best = { option, mark: quote.mark, score };
  }
  return best && { option: best.option, mark: best.mark };
}

/** The listed deep in-the-money call (delta nearest 0.85) of the first expiry ≥ 300 days out; null when none fits. */
export function pickLeapsCall(
  market: MarketSimulator,
  symbol: string,
  asOfMs: number,
): { option: OptionId; mark: number } | null {
  const today = newYorkDateOf(asOfMs);
  const expiry = market.expirations(symbol, asOfMs).find((e) => daysBetween(today, e) >= LEAPS_MIN_DTE);
  if (!expiry) return null;
  let best: { option: OptionId; mark: number; score: number } | null = null;
  for (const strike of market.strikes(symbol, expiry, asOfMs)) {
    const option: OptionId = {
      secType: 'OPT',
      root: symbol,
      expiry,
      right: 'call',
      strike: parseStrike(strike),
      multiplier: 100,
      currency: 'USD',
    };
    const quote = market.optionQuote(option, asOfMs);
    if (quote.mark === null || quote.mark <= 0 || quote.delta === null) continue;
    const score = Math.abs(quote.delta - LEAPS_DELTA);
    if (!best || score < best.score) best = { option, mark: quote.mark, score };
  }
  return best && { option: best.option, mark: best.mark };
}

const money = (value: number): string => formatMoney(moneyFromNumber(value));

/** The demo accounts at `asOfMs`; symbols the market does not know are left out. */
export function demoAccounts(market: MarketSimulator, asOfMs: number): SimAccountSpec[] {
  const stock = (symbol: string, quantity: number): { spec: SimPositionSpec; value: number } | null => {
    if (!market.profile(symbol)) return null;
    const spot = market.spot(symbol, asOfMs);
    return {
      spec: {
        key: formatInstrumentKey({ secType: 'STK', symbol, currency: 'USD' }),
        quantity,
        averageCost: money(spot * 0.9),
      },
      value: spot * quantity,
    };
  };
  const shortOption = (symbol: string, right: 'call' | 'put', contracts: number, soldAtMultiple = 1) => {
    if (!market.profile(symbol)) return null;
    const picked = pickShortOption(market, symbol, right, asOfMs);
    if (!picked) return null;
    return {
      spec: {
        key: formatInstrumentKey(picked.option),
        quantity: -contracts,
        averageCost: money(picked.mark * 100 * soldAtMultiple),
      },
      value: -picked.mark * 100 * contracts,
    };
  };
  const leapsCall = (symbol: string, contracts: number) => {
    if (!market.profile(symbol)) return null;
    const picked = pickLeapsCall(market, symbol, asOfMs);
    if (!picked) return null;
    return {
      spec: { key: formatInstrumentKey(picked.option), quantity: contracts, averageCost: money(picked.mark * 100) },
      value: picked.mark * 100 * contracts,
    };
  };
  const account = (
    code: string,
    type: SimAccountSpec['type'],
    label: string,
    targetNlv: number | null,
    cash: number,
    positions: ({ spec: SimPositionSpec; value: number } | null)[],
  ): SimAccountSpec => {
    const present = positions.filter((p): p is { spec: SimPositionSpec; value: number } => p !== null);
    const invested = present.reduce((sum, p) => sum + p.value, 0);
    return {
      code,
      type,
      label,
      baseCurrency: 'USD',
      cash: money(targetNlv === null ? cash : Math.max(cash, targetNlv - invested)),
      positions: present.map((p) => p.spec),
    };
  };
  return [
    account('DU-SIM-PM', 'margin_pm', 'Demo portfolio margin', 250_000, 10_000, [
      stock('AAPL', 300),
      shortOption('AAPL', 'call', 3),
      stock('KO', 200),
      shortOption('KO', 'put', 1, DECAYED_PUT_MULTIPLE),
      stock('SPY', 100),
      leapsCall('MSFT', 2),
    ]),
    account('DU-SIM-TFSA', 'tfsa', 'Demo TFSA', null, 20_000, [
      stock('SPY', 200),
      shortOption('SPY', 'call', 1),
      stock('QQQ', 100),
    ]),
  ];
}
