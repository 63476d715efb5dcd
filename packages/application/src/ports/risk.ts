// What the risk engine reads besides the ingested book: the shipped price history (historical VaR, beta, realized
// vol), reference data about underliers (kind, dividends, the risk-free rate) and the per-account limit overrides.
import type { IsoDate, RiskLimits, UnderlyingKind } from '@optionstrader/domain';

export interface DailyClose {
  date: IsoDate;
  close: number;
}

export interface PriceHistory {
  /** Daily closes, oldest first; null when the symbol has no history. */
  closes(symbol: string): Promise<readonly DailyClose[] | null>;
}

export interface ExDividend {
  exDate: IsoDate;
  /** Per share, in the underlier's currency. */
  amount: number;
}

export interface UnderlierReference {
  kind(symbol: string): UnderlyingKind;
  /** Continuous dividend yield for pricing; null when unknown (then 0 is assumed and reported). */
  dividendYield(symbol: string): number | null;
  /** Cash dividends with an ex-date in [from, to]; null when this source does not know the symbol's dividends. */
  dividends(symbol: string, from: IsoDate, to: IsoDate): readonly ExDividend[] | null;
  /** The continuously compounded risk-free rate at an instant. */
  rate(nowMs: number): number;
}

export interface RiskLimitsRepository {
  /** The account's overrides ({} when none are stored); undefined when the account does not exist. */
  get(accountId: string): Promise<RiskLimits | undefined>;
  /** Replaces the overrides; false when the account does not exist. */
  set(accountId: string, limits: RiskLimits, at: Date): Promise<boolean>;
}
