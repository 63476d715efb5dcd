// The backtester: the same strategy plugins, risk rules and commissions as live trading, replayed day by day over
// historical data with model (or real) option chains, then the statistics traders compare runs by.
export type * from './types';
export * from './chain-model';
export * from './market-tape';
export * from './simulate';
export * from './stats';
