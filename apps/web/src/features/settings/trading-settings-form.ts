// The trading settings' two forms: automation limits (blank = no cap) and the order policy (price band, repricing;
// fractions shown as percent). Each is built from the stored settings, checked as the contract would check it, and
// the server's issues ("body.limits.maxContractsPerDay") are put next to their field.
import type { AutomationLimitsView, OrderPolicyView } from '@optionstrader/contracts';
import { parseNumber, type FieldValue } from '../calculator/calculator-form';

export type LimitKey = keyof AutomationLimitsView;
export type PolicyKey = keyof OrderPolicyView;
export type NumericPolicyKey = Exclude<PolicyKey, 'repriceEnabled'>;

export interface LimitField {
  key: LimitKey;
  label: string;
  description: string;
  integer: boolean;
}

export const LIMIT_FIELDS: readonly LimitField[] = [
  {
    key: 'maxContractsPerOrder',
    label: 'Contracts per order',
    description: 'Units in one automated order',
    integer: true,
  },
  {
    key: 'maxNotionalPerOrder',
    label: 'Notional per order',
    description: 'Strike (or price) × multiplier × units of one automated order',
    integer: false,
  },
  {
    key: 'maxContractsPerDay',
    label: 'Contracts per day',
    description: 'All automated orders of one trading day',
    integer: true,
  },
  {
    key: 'maxNotionalPerDay',
    label: 'Notional per day',
    description: 'All automated orders of one trading day',
    integer: false,
  },
];

export interface PolicyField {
  key: NumericPolicyKey;
  label: string;
  description: string;
  /** Shown ×100 with a % sign (the API holds a fraction). */
  percent: boolean;
  integer: boolean;
  min: number;
  max: number;
  /** The minimum itself is not allowed (a step of 0 would never move). */
  minExclusive?: boolean;
  /** Only meaningful with repricing on. */
  repricing: boolean;
}

export const POLICY_FIELDS: readonly PolicyField[] = [
  {
    key: 'priceBandFraction',
    label: 'Price band',
    description: 'How far from the mid a limit may sit, as a share of the mid',
    percent: true,
    integer: false,
    min: 0,
    max: 100,
    repricing: false,
  },
  {
    key: 'priceBandTicks',
    label: 'Band floor in ticks',
    description: 'The band is at least this many ticks wide (cheap options)',
    percent: false,
    integer: true,
    min: 0,
    max: 1000,
    repricing: false,
  },
  {
    key: 'repriceStepFraction',
    label: 'Repricing step',
    description: 'Each step moves the limit this share of the way from the mid to the natural',
    percent: true,
    integer: false,
    min: 0,
    max: 100,
    minExclusive: true,
    repricing: true,
  },
  {
    key: 'repriceMaxSteps',
    label: 'Repricing steps',
    description: 'At most this many moves (never past the natural or the limit)',
    percent: false,
    integer: true,
    min: 0,
    max: 20,
    repricing: true,
  },
  {
    key: 'repriceDelaySeconds',
    label: 'Seconds between steps',
    description: 'How long a price works before the next step',
    percent: false,
    integer: true,
    min: 5,
    max: 3600,
    repricing: true,
  },
];

export type LimitsForm = Record<LimitKey, FieldValue>;
export type PolicyForm = Record<NumericPolicyKey, FieldValue> & { repriceEnabled: boolean };
export type FormErrors<K extends string> = Partial<Record<K, string>>;

export function limitsFormFrom(limits: AutomationLimitsView): LimitsForm {
  return {
    maxContractsPerOrder: limits.maxContractsPerOrder ?? '',
    maxNotionalPerOrder: limits.maxNotionalPerOrder ?? '',
    maxContractsPerDay: limits.maxContractsPerDay ?? '',
    maxNotionalPerDay: limits.maxNotionalPerDay ?? '',
  };
}

const isBlank = (value: FieldValue): boolean => typeof value === 'string' && value.trim() === '';

export type Parsed<T, K extends string> = { ok: true; value: T } | { ok: false; errors: FormErrors<K> };

export function parseLimitsForm(form: LimitsForm): Parsed<AutomationLimitsView, LimitKey> {
  const errors: FormErrors<LimitKey> = {};
  const value: AutomationLimitsView = {
    maxContractsPerOrder: null,
    maxNotionalPerOrder: null,
    maxContractsPerDay: null,
    maxNotionalPerDay: null,
  };
  for (const field of LIMIT_FIELDS) {
    const raw = form[field.key];
    if (isBlank(raw)) continue;
    const number = parseNumber(raw);
    if (number === null) errors[field.key] = 'Not a number';
    else if (field.integer && (!Number.isInteger(number) || number < 1))
      errors[field.key] = 'A whole number of at least 1, or blank for no cap';
    else if (!field.integer && number <= 0) errors[field.key] = 'More than 0, or blank for no cap';
    else value[field.key] = number;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** 0.2 → 20 without the float noise of 0.07 × 100. */
const toPercent = (fraction: number): number => Number((fraction * 100).toFixed(6));

export function policyFormFrom(policy: OrderPolicyView): PolicyForm {
  return {
    priceBandFraction: toPercent(policy.priceBandFraction),
    priceBandTicks: policy.priceBandTicks,
    repriceEnabled: policy.repriceEnabled,
    repriceStepFraction: toPercent(policy.repriceStepFraction),
    repriceMaxSteps: policy.repriceMaxSteps,
    repriceDelaySeconds: policy.repriceDelaySeconds,
  };
}

function rangeText(field: PolicyField): string {
  const unit = field.percent ? '%' : '';
  const low = field.minExclusive ? `more than ${field.min}${unit}` : `${field.min}${unit}`;
  return `${field.integer ? 'A whole number from' : 'From'} ${low} to ${field.max}${unit}`;
}

export function parsePolicyForm(form: PolicyForm): Parsed<OrderPolicyView, NumericPolicyKey> {
  const errors: FormErrors<NumericPolicyKey> = {};
  const numbers: Partial<Record<NumericPolicyKey, number>> = {};
  for (const field of POLICY_FIELDS) {
    const number = parseNumber(form[field.key]);
    if (number === null) {
      errors[field.key] = isBlank(form[field.key]) ? 'Required' : 'Not a number';
      continue;
    }
    const below = field.minExclusive ? number <= field.min : number < field.min;
    if (below || number > field.max || (field.integer && !Number.isInteger(number))) {
      errors[field.key] = rangeText(field);
      continue;
    }
    numbers[field.key] = field.percent ? number / 100 : number;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  // Every field parsed above when there is no error.
  const n = (key: NumericPolicyKey): number => numbers[key] ?? Number.NaN;
  return {
    ok: true,
    value: {
      priceBandFraction: n('priceBandFraction'),
      priceBandTicks: n('priceBandTicks'),
      repriceEnabled: form.repriceEnabled,
      repriceStepFraction: n('repriceStepFraction'),
      repriceMaxSteps: n('repriceMaxSteps'),
      repriceDelaySeconds: n('repriceDelaySeconds'),
    },
  };
}

/** The server's issues on the field they name; the rest (no field named) are left to the form's alert. */
export function errorsFromIssues<K extends string>(
  issues: ReadonlyArray<{ path: string; message: string }>,
  keys: readonly K[],
): FormErrors<K> {
  const errors: FormErrors<K> = {};
  for (const issue of issues) {
    const key = keys.find((k) => issue.path.split('.').includes(k));
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}

/** The text that turns automation on, typed in full (the API checks the same). */
export const ENABLE_AUTOTRADE = 'ENABLE AUTOTRADE';

export const confirmsAutotrade = (typed: string): boolean => typed.trim() === ENABLE_AUTOTRADE;

/** Live trading for an account is confirmed by typing its account code again (case and spaces as shown). */
export const confirmsAccount = (typed: string, accountCode: string): boolean => typed.trim() === accountCode;
