// Reference data the strategies read besides quotes. With the sim broker, the IV rank is the simulated market's own:
// its 30-day ATM vol today against the same measure on each trading day of the past year (the sim's vols follow the
// shipped VIX history, so the rank moves as the real one did). Earnings dates: the sim has no earnings calendar and
// the IBKR adapter does not request one yet, so they are unknown (null) — the strategies' earnings guard says so.
import type { StrategyReference } from '@optionstrader/application';
import type { SimulatedMarket } from '@optionstrader/broker-sim';
import { addTradingDays, ivRank, newYorkDateOf, newYorkToUtc, onOrBeforeTradingDay } from '@optionstrader/domain';

const YEAR_TRADING_DAYS = 252;
const THIRTY_DAYS = 30 / 365;
const CLOSE_MINUTE = 16 * 60;

export function simStrategyReference(market: SimulatedMarket): StrategyReference {
  const cache = new Map<string, number | null>();
  return {
    ivRank(symbol, nowMs) {
      if (!market.profile(symbol)) return null;
      const today = newYorkDateOf(nowMs);
      const key = `${symbol}|${today}`;
      const known = cache.get(key);
      if (known !== undefined) return known;
      const current = market.atmVol(symbol, THIRTY_DAYS, nowMs);
      const last = onOrBeforeTradingDay(addTradingDays(today, -1));
      const history: number[] = [current];
      for (let back = 0; back < YEAR_TRADING_DAYS; back++) {
        const day = addTradingDays(last, -back);
        history.push(market.atmVol(symbol, THIRTY_DAYS, newYorkToUtc(day, CLOSE_MINUTE)));
      }
      const rank = ivRank(current, history);
      const result = Number.isFinite(rank) ? rank : null;
      cache.set(key, result);
      return result;
    },
    earnings: () => null,
  };
}

/** No source for either (BROKER=ibkr until the adapter requests them, or no broker). */
export const unknownStrategyReference: StrategyReference = {
  ivRank: () => null,
  earnings: () => null,
};
