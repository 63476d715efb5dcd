// Derived analytics for scanners and the UI: probabilities, expected move, breakevens, returns, vol statistics.
export * from './probability';
export * from './expected-move';
export * from './breakevens';
export * from './returns';
export * from './volatility-stats';
