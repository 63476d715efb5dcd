// Risk: margin and account rules, pure (state in, figures and verdicts out).
export type { AccountType, UnderlyingKind } from './account-type';
export * from './margin';
