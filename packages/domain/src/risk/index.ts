// Risk: margin, value at risk, stress scenarios, max loss, per-position risk and the account rules that gate orders and
// watch the book — pure (state in, figures and verdicts out), the same live, in paper mode and in backtests.
export type { AccountType, UnderlyingKind } from './account-type';
export * from './margin';
export * from './var';
export * from './stress';
export * from './risk-state';
export * from './max-loss';
export * from './position-state';
export { checkOrder, defaultLimits, marginUsage, resolveLimits } from './rules';
export type {
  OrderLeg as RiskOrderLeg,
  RiskCheckInput,
  RiskCheckResult,
  RiskLimits,
  RiskReason,
  RiskRule,
  RiskVerdict,
} from './rules';
export { checkBook } from './book-rules';
export type { BookCheckInput } from './book-rules';
