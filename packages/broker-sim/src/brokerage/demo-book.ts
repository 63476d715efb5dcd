// The demo book: a portfolio-margin account and a TFSA, built from contracts the market lists at `asOf`, so that
// every start of the demo seeds the same valid positions (the sim broker keeps no state across restarts).
//   DU-SIM-PM   ~USD 250k NLV: 300 AAPL + 3 covered AAPL calls, 200 KO + 1 short KO put, 100 SPY
//   DU-SIM-TFSA 200 SPY + 1 covered SPY call, 100 QQQ, cash
// Options are the listed expiry nearest 35 calendar days out and the strike nearest |delta| 0.30 (by the market's
// quoted delta; by moneyness, 5% out of the money, when the quote has none). Shares are carried at 90% of spot,
// short options at their current mark (as if just sold).
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
  const shortOption = (symbol: string, right: 'call' | 'put', contracts: number) => {
    if (!market.profile(symbol)) return null;
    const picked = pickShortOption(market, symbol, right, asOfMs);
    if (!picked) return null;
    return {
      spec: { key: formatInstrumentKey(picked.option), quantity: -contracts, averageCost: money(picked.mark * 100) },
      value: -picked.mark * 100 * contracts,
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
      shortOption('KO', 'put', 1),
      stock('SPY', 100),
    ]),
    account('DU-SIM-TFSA', 'tfsa', 'Demo TFSA', null, 20_000, [
      stock('SPY', 200),
      shortOption('SPY', 'call', 1),
      stock('QQQ', 100),
    ]),
  ];
}
