// The risk engine's outside inputs: the shipped daily history (data/prices, loaded once and shared with the demo
// sim) and reference data about underliers. With the sim broker the reference is the simulated market's own
// (kinds, dividend yields, the dividend calendar it pays), so the risk page and the sim agree; with IBKR,
// dividends are unknown (the adapter does not request them yet) and the kind comes from a list of broad index ETFs.
import type { DailyClose, PriceHistory, UnderlierReference } from '@optionstrader/application';
import {
  DEFAULT_UNDERLYINGS,
  loadDefaultHistory,
  riskFreeRateAt,
  type MarketHistory,
  type MarketSimulator,
} from '@optionstrader/broker-sim';
import type { UnderlyingKind } from '@optionstrader/domain';

let shipped: Promise<MarketHistory> | undefined;

/** The shipped history, read on first use and kept (about 4 MB). */
export function shippedHistory(): Promise<MarketHistory> {
  shipped ??= loadDefaultHistory().catch((error: unknown) => {
    shipped = undefined;
    throw error;
  });
  return shipped;
}

const closesBySymbol = new Map<string, readonly DailyClose[] | null>();

/** The shipped closes per symbol (VIX included), mapped once and kept. */
export const shippedPriceHistory: PriceHistory = {
  async closes(symbol) {
    const known = closesBySymbol.get(symbol);
    if (known !== undefined) return known;
    const history = await shippedHistory();
    const bars = symbol === 'VIX' ? history.vix : Object.hasOwn(history.bars, symbol) ? history.bars[symbol] : null;
    const closes = bars ? bars.map((bar) => ({ date: bar.date, close: bar.close })) : null;
    closesBySymbol.set(symbol, closes);
    return closes;
  },
};

// Broad-based index ETFs get the narrower portfolio-margin scan range (−8%/+6%).
const BROAD_INDEX_ETFS = new Set(['SPY', 'QQQ', 'IWM', 'DIA', 'VOO', 'IVV', 'VTI', 'MDY', 'RSP']);

const kindOf = (symbol: string): UnderlyingKind =>
  DEFAULT_UNDERLYINGS.find((u) => u.symbol === symbol)?.kind ?? (BROAD_INDEX_ETFS.has(symbol) ? 'index_etf' : 'stock');

/** Reference data with the simulated market's dividends (BROKER=sim). */
export function simReference(market: MarketSimulator): UnderlierReference {
  return {
    kind: (symbol) => market.profile(symbol)?.kind ?? kindOf(symbol),
    dividendYield: (symbol) => market.profile(symbol)?.dividendYield ?? null,
    dividends: (symbol, from, to) =>
      market.profile(symbol)
        ? market.dividends(symbol, from, to).map((d) => ({ exDate: d.exDate, amount: Number(d.amount) }))
        : null,
    rate: (nowMs) => market.riskFreeRate(nowMs),
  };
}

/** Reference data without a dividend source (BROKER=ibkr, or no broker): dividends and yields unknown. */
export const staticReference: UnderlierReference = {
  kind: kindOf,
  dividendYield: () => null,
  dividends: () => null,
  rate: (nowMs) => riskFreeRateAt(nowMs),
};
