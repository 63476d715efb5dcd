// The model market: a VIX-tied skewed vol surface, which expiries and strikes are listed, bid/ask and liquidity around
// a model price, seeded randomness and the historical risk-free rate. Pure; the market simulator (broker-sim) and the
// backtester build their option chains from the same pieces.
export * from './vol-surface';
export * from './listings';
export * from './option-quotes';
export * from './prng';
export * from './risk-free-rate';
