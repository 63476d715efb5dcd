// Risk: margin, value at risk, stress scenarios and the account rules that gate orders — pure (state in, figures
// and verdicts out), the same live, in paper mode and in backtests.
export type { AccountType, UnderlyingKind } from './account-type';
export * from './margin';
export * from './var';
export * from './stress';
export * from './risk-state';
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
