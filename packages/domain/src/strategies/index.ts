// Strategy plugins (Wheel, Theta, covered calls and the TFSA overlay, LEAPS/PMCC, Cboe-style index put-write and
// buy-write), the reusable option scanner and the shared management of short options — pure: the same code live, in
// paper mode and in backtests.
export type * from './types';
export type * from './roll-types';
export type * from './scanner/scan-types';
export * from './scanner';
export * from './rolls';
export * from './engine';
export * from './registry';
export * from './index-roll';
export * from './putwrite';
export * from './buywrite';
