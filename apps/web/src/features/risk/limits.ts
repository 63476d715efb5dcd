// The limits form: every limit with its unit and bounds, the form state (display units: percent for fractions) built
// from the effective limits, and its translation into the override set the API stores (only what differs from the
// account type's default; null turns a rule off).
import type { ResolvedRiskLimits, RiskLimitsInput } from '@optionstrader/contracts';
import { parseNumber, type FieldValue } from '../calculator/calculator-form';
import { formatFixed } from '../dashboard/read-format';

export type LimitKey = keyof ResolvedRiskLimits;

type Unit = 'percent' | 'contracts' | 'shares';

export interface LimitField {
  key: LimitKey;
  label: string;
  description: string;
  unit: Unit;
  /** Bounds in display units (percent for fractions). */
  min: number;
  max: number;
  /** The lower bound is exclusive (a throttle scale of 0 would block instead of shrink). */
  minExclusive?: boolean;
  integer?: boolean;
  /** Whether null (rule off) is allowed. */
  nullable: boolean;
  /** Applies to margin accounts only (PM, Reg-T). */
  marginOnly?: boolean;
}

export const LIMIT_FIELDS: readonly LimitField[] = [
  {
    key: 'marginUsageWarn',
    label: 'Margin usage: warn above',
    description: 'Maintenance margin ÷ NLV after an order',
    unit: 'percent',
    min: 0,
    max: 100,
    nullable: true,
    marginOnly: true,
  },
  {
    key: 'marginUsageMax',
    label: 'Margin usage: block above',
    description: 'Maintenance margin ÷ NLV after an order',
    unit: 'percent',
    min: 0,
    max: 100,
    nullable: true,
    marginOnly: true,
  },
  {
    key: 'minExcessLiquidity',
    label: 'Excess liquidity: block below',
    description: 'Excess liquidity ÷ NLV after an order',
    unit: 'percent',
    min: 0,
    max: 100,
    nullable: true,
    marginOnly: true,
  },
  {
    key: 'tickerExposureWarn',
    label: 'One ticker: warn above',
    description: 'Exposure of one ticker ÷ NLV (short puts at assignment value)',
    unit: 'percent',
    min: 0,
    max: 1000,
    nullable: true,
  },
  {
    key: 'tickerExposureMax',
    label: 'One ticker: block above',
    description: 'Exposure of one ticker ÷ NLV (short puts at assignment value)',
    unit: 'percent',
    min: 0,
    max: 1000,
    nullable: true,
  },
  {
    key: 'indexEtfExposureMax',
    label: 'One broad index ETF: block above',
    description: 'SPY, QQQ, IWM… are diversified in themselves: off by default',
    unit: 'percent',
    min: 0,
    max: 1000,
    nullable: true,
  },
  {
    key: 'maxNewContractsPerRun',
    label: 'New contracts per run',
    description: 'Option contracts one automated run may open in total',
    unit: 'contracts',
    min: 0,
    max: 100_000,
    integer: true,
    nullable: true,
  },
  {
    key: 'maxSyntheticDeltaShares',
    label: 'Synthetic delta per ticker',
    description: '|Shares + option delta| per ticker, in shares',
    unit: 'shares',
    min: 0,
    max: 10_000_000,
    nullable: true,
  },
  {
    key: 'drawdownThrottleAt',
    label: 'Drawdown: shrink new positions from',
    description: 'Drawdown below the highest recorded NLV',
    unit: 'percent',
    min: 0,
    max: 100,
    nullable: true,
  },
  {
    key: 'drawdownThrottleScale',
    label: 'Drawdown: shrink new positions to',
    description: 'Share of the size an order keeps once throttled',
    unit: 'percent',
    min: 0,
    max: 100,
    minExclusive: true,
    nullable: false,
  },
  {
    key: 'drawdownBlockAt',
    label: 'Drawdown: block new positions from',
    description: 'Drawdown below the highest recorded NLV',
    unit: 'percent',
    min: 0,
    max: 100,
    nullable: true,
  },
];

export interface LimitEntry {
  /** False = the rule is off (null). */
  enabled: boolean;
  /** In display units (percent for fractions), as the input reports it. */
  value: FieldValue;
}
export type LimitsForm = Record<LimitKey, LimitEntry>;
export type LimitErrors = Partial<Record<LimitKey, string>>;

const fieldOf = (key: LimitKey): LimitField => {
  const field = LIMIT_FIELDS.find((f) => f.key === key);
  if (!field) throw new Error(`unknown limit ${key}`);
  return field;
};

/** 0.15 → 15 (not 15.000000000000002): fractions are shown as percent with at most 6 decimals. */
const toDisplay = (unit: Unit, value: number): number =>
  unit === 'percent' ? Number((value * 100).toFixed(6)) : value;
const fromDisplay = (unit: Unit, value: number): number =>
  unit === 'percent' ? Number((value / 100).toFixed(8)) : value;

/** The form entry of a limit's value (null = the rule is off). */
export function entryOf(key: LimitKey, value: number | null): LimitEntry {
  return value === null ? { enabled: false, value: '' } : { enabled: true, value: toDisplay(fieldOf(key).unit, value) };
}

export function formFromLimits(limits: ResolvedRiskLimits): LimitsForm {
  const form = {} as LimitsForm;
  for (const { key } of LIMIT_FIELDS) form[key] = entryOf(key, limits[key]);
  return form;
}

/** "50%", "10 contracts", "1,000 shares", or "off". */
export function formatLimit(key: LimitKey, value: number | null): string {
  if (value === null) return 'off';
  const { unit } = fieldOf(key);
  if (unit === 'percent') return `${toDisplay(unit, value).toLocaleString('en-US', { maximumFractionDigits: 4 })}%`;
  return `${formatFixed(value, 0)} ${unit}`;
}

function checkEntry(field: LimitField, entry: LimitEntry): string | null {
  if (!entry.enabled) return null;
  if (typeof entry.value === 'string' && entry.value.trim() === '')
    return field.nullable ? 'Required (or turn the rule off)' : 'Required';
  const value = parseNumber(entry.value);
  if (value === null) return 'Not a number';
  const unit = field.unit === 'percent' ? '%' : '';
  if (field.minExclusive ? value <= field.min : value < field.min)
    return field.minExclusive ? `Must be above ${field.min}${unit}` : `At least ${field.min}${unit}`;
  if (value > field.max) return `At most ${field.max.toLocaleString('en-US')}${unit}`;
  if (field.integer && !Number.isInteger(value)) return 'Must be a whole number';
  return null;
}

export type LimitsParse = { ok: true; overrides: RiskLimitsInput } | { ok: false; errors: LimitErrors };

/**
 * The override set to PUT: a limit equal to the account type's default is left out (it then follows the default),
 * a rule turned off is null. Errors per field when any entry is invalid.
 */
export function overridesFromForm(form: LimitsForm, defaults: ResolvedRiskLimits): LimitsParse {
  const errors: LimitErrors = {};
  const overrides: RiskLimitsInput = {};
  for (const field of LIMIT_FIELDS) {
    const { key } = field;
    const entry = form[key];
    const error = checkEntry(field, entry);
    if (error) {
      errors[key] = error;
      continue;
    }
    const value = entry.enabled ? fromDisplay(field.unit, parseNumber(entry.value) ?? 0) : null;
    if (value === defaults[key]) continue;
    // The throttle scale cannot be off (its entry is always enabled); every other limit can.
    if (key !== 'drawdownThrottleScale') overrides[key] = value;
    else if (value !== null) overrides[key] = value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, overrides };
}

/** The server's validation issues ("body.marginUsageWarn: …") as errors of the fields they name. */
export function errorsFromIssues(issues: ReadonlyArray<{ path: string; message: string }>): LimitErrors {
  const errors: LimitErrors = {};
  for (const issue of issues) {
    const key = LIMIT_FIELDS.find((f) => issue.path.split('.').includes(f.key))?.key;
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}
