// Orders: a recommendation turned into an order payload, option ticks, the price band a limit override must sit in,
// the repricing ladder from mid toward the natural price, and the automation guards (per-order and per-day limits,
// reduce-only, market hours); the simulated venue the sim broker and the paper engine share (matching, commissions,
// the position ledger, expiry settlement); option events inferred from a broker's book; and the trade journal —
// pure, the same live, in paper mode and in backtests.
export type * from './order-types';
export * from './ticks';
export * from './order-payload';
export * from './price-band';
export * from './repricing';
export * from './automation-limits';
export * from './matching';
export * from './commissions';
export * from './ledger';
export * from './expiry-settlement';
export * from './option-event-detection';
export type * from './journal-types';
export * from './journal';
