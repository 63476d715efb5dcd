// Words, colours and small derivations of the risk page: account type labels, verdict and level colours, how a ratio
// stands against its warn/max limits, and the exact difference between the estimate and the broker's figure.
import type { AccountRiskResponse, RiskVerdictValue } from '@optionstrader/contracts';
import { formatMoney as formatDecimal, micros, parseMoney } from '@optionstrader/domain';
import { formatFixed, UNKNOWN } from '../dashboard/read-format';

type AccountType = AccountRiskResponse['accountType'];
type AssignmentLevel = AccountRiskResponse['positions'][number]['assignmentRisk']['level'];

export const ACCOUNT_TYPE_SHORT: Record<AccountType, string> = {
  margin_pm: 'PM',
  margin_regt: 'Reg-T',
  cash: 'Cash',
  tfsa: 'TFSA',
  rrsp: 'RRSP',
};

export const isMarginAccount = (type: AccountType): boolean => type === 'margin_pm' || type === 'margin_regt';

/** What the domain's margin figures are: an estimate by rules that only approximate the broker's. */
export function estimateLabel(type: AccountType): string {
  if (type === 'margin_pm') return 'Estimate (TIMS-like scan)';
  if (type === 'margin_regt') return 'Estimate (Reg-T rules)';
  return 'Estimate (cash rules)';
}

export const VERDICT_COLOR: Record<RiskVerdictValue, string> = { allow: 'teal', warn: 'orange', block: 'red' };

export const ASSIGNMENT_COLOR: Record<AssignmentLevel, string> = {
  none: 'gray',
  low: 'blue',
  elevated: 'orange',
  high: 'red',
};

export type LimitLevel = 'unknown' | 'ok' | 'warn' | 'breach';

export const LEVEL_COLOR: Record<LimitLevel, string> = { unknown: 'gray', ok: 'teal', warn: 'orange', breach: 'red' };

/** Where a ratio stands against limits it must stay under: above max is a breach, above warn a warning. */
export function levelBelow(value: number | null, warn: number | null, max: number | null): LimitLevel {
  if (value === null || !Number.isFinite(value)) return 'unknown';
  if (max !== null && value > max) return 'breach';
  if (warn !== null && value > warn) return 'warn';
  return 'ok';
}

/** Where a ratio stands against a floor it must stay above (excess liquidity ÷ NLV). */
export function levelAbove(value: number | null, min: number | null): LimitLevel {
  if (value === null || !Number.isFinite(value)) return 'unknown';
  return min !== null && value < min ? 'breach' : 'ok';
}

/** `part ÷ whole` of two decimal strings; null when either is unknown or the whole is not positive. */
export function ratioOf(part: string | null, whole: string | null): number | null {
  if (part === null || whole === null) return null;
  const denominator = Number(whole);
  return denominator > 0 ? Number(part) / denominator : null;
}

/** Estimate − broker, exact (decimal strings in, a decimal string out); null when either is unknown. */
export function moneyDifference(estimate: string | null, broker: string | null): string | null {
  if (estimate === null || broker === null) return null;
  return formatDecimal(micros(parseMoney(estimate) - parseMoney(broker)));
}

/** A bar position for a ratio, clamped to 0–100 (a ratio past 100% fills the bar, the text says the rest). */
export const barPercent = (fraction: number | null): number =>
  fraction === null || !Number.isFinite(fraction) ? 0 : Math.min(100, Math.max(0, fraction * 100));

type RiskRuleValue = AccountRiskResponse['verdicts'][number]['rule'];

export const RULE_LABEL: Record<RiskRuleValue, string> = {
  margin_usage: 'Margin usage',
  min_excess_liquidity: 'Minimum excess liquidity',
  no_margin: 'No margin',
  no_short_stock: 'No short stock',
  naked_call: 'No naked calls',
  credit_spread: 'No credit spreads',
  short_put_cash: 'Short puts cash-secured',
  long_options: 'Long options',
  synthetic_delta: 'Synthetic delta',
  ticker_concentration: 'Ticker concentration',
  max_new_contracts: 'New contracts per run',
  drawdown_throttle: 'Drawdown throttle',
};

type Concentration = NonNullable<AccountRiskResponse['risk']>['concentration'][number];

/**
 * What the concentration rule measures a ticker by, as far as the risk state shows it: notional (stock and long
 * options) plus short-put assignment, ÷ NLV. Null when the notional share is unknown.
 */
export function tickerExposureOfNlv(row: Concentration): number | null {
  if (row.notionalOfNlv === null) return null;
  if (row.shortPutAssignment !== 0 && row.shortPutAssignmentOfNlv === null) return null;
  return row.notionalOfNlv + (row.shortPutAssignmentOfNlv ?? 0);
}

/** A change of a ratio in percentage points: 0.012 → "+1.20 pp". */
export function formatPointsChange(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return UNKNOWN;
  const points = formatFixed(Math.abs(fraction) * 100, 2);
  if (points === formatFixed(0, 2)) return `${points} pp`;
  return `${fraction > 0 ? '+' : '−'}${points} pp`;
}
