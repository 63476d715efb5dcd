// Orders: a recommendation turned into an order payload, option ticks, the price band a limit override must sit in,
// the repricing ladder from mid toward the natural price, and the automation guards (per-order and per-day limits,
// reduce-only, market hours) — pure, the same live, in paper mode and in backtests. The Order Manager (issue 8) is
// not built yet: these are its rules, tested on their own.
export type * from './order-types';
export * from './ticks';
export * from './order-payload';
export * from './price-band';
export * from './repricing';
export * from './automation-limits';
