// Pacing for the IBKR adapter: outbound message rate, market-data lines, historical-data requests.
export { createOutboundLimiter, DEFAULT_MAX_PER_SECOND } from './outbound-limiter';
export type {
  OutboundLimiter,
  OutboundLimiterOptions,
  OutboundLimiterStats,
  OutboundPriority,
} from './outbound-limiter';
export { createLineBudget, DEFAULT_LINE_HEADROOM, DEFAULT_LINES } from './line-budget';
export type { LineBudget, LineBudgetOptions } from './line-budget';
export {
  createHistoricalBudget,
  DEFAULT_HISTORICAL_MAX_REQUESTS,
  DEFAULT_HISTORICAL_WINDOW_MS,
  DEFAULT_IDENTICAL_GAP_MS,
} from './historical-budget';
export type { HistoricalBudget, HistoricalBudgetOptions } from './historical-budget';
