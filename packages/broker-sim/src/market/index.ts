// The market simulator's public API: prices, vols, listings and quotes, deterministic from a seed.
export type { CashDividendEvent, MarketSimulator, UnderlyingKind, UnderlyingProfile } from './market-simulator';
export {
  createMarketSimulator,
  type MarketSimulatorOptions,
  type SimulatedMarket,
  type SymbolCalibration,
} from './create-market-simulator';
export {
  DEFAULT_PRICES_DIR,
  DEFAULT_PRICE_FILES,
  DEFAULT_VIX_FILE,
  PriceDataError,
  loadDefaultHistory,
  parseDailyCsv,
  type DailyBar,
  type DailyCsvFormat,
  type MarketHistory,
} from './load-history';
export { DEFAULT_UNDERLYINGS, type DividendSchedule, type SimUnderlying } from './underlyings';
export { DEFAULT_RISK_FREE_RATE, riskFreeRateAt } from '@optionstrader/domain';
export type { GbmCalibration, MeanReversionCalibration } from './daily-series';
