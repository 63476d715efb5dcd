// The backtest form: its values as typed, the defaults, the date range the chosen data share, and the translation
// into a BacktestRequest checked by the contract's own schema (or errors keyed by the input they belong to). The
// server's issues map onto the same keys. What only the server can judge (the dates against the data, the order of
// from and to, the strategy's config ranges) is left to it.
import {
  backtestRequestSchema,
  type BacktestDatasetView,
  type BacktestRequest,
  type BacktestRequestParsed,
} from '@optionstrader/contracts';
import { parseNumber, type FieldValue } from '../calculator/calculator-form';
import { mapIssues } from '../strategies/schema-form';

export type FillKind = BacktestRequestParsed['fill']['kind'];
export type IvSourceKind = BacktestRequestParsed['iv']['source'];
export type AccountType = BacktestRequestParsed['accountType'];

export interface BacktestForm {
  name: string;
  strategy: string | null;
  underliers: string[];
  ivSource: IvSourceKind;
  /** The IV index dataset (source 'index'). */
  ivDataset: string | null;
  /** Per underlier: 30-day ATM vol = index/100 × ratio (source 'index'); a missing entry is 1. */
  ivRatios: Record<string, FieldValue>;
  realizedWindow: FieldValue;
  realizedRatio: FieldValue;
  /** Per underlier: its implied-vol history dataset (source 'history'). */
  ivHistory: Record<string, string>;
  optionQuotes: string | null;
  /** ISO dates; '' leaves it to the server (the data's common range). */
  from: string;
  to: string;
  initialCash: FieldValue;
  accountType: AccountType;
  fillKind: FillKind;
  fillFraction: FieldValue;
  slippagePerShare: FieldValue;
  commissions: boolean;
  earlyAssignment: boolean;
  cashInterest: boolean;
  /** A constant risk-free rate as a fraction; '' = the T-bill history. */
  rate: FieldValue;
  seed: FieldValue;
  /** null: the first underlier. */
  benchmark: string | null;
  /** The risk-limit overrides shown as inputs: '' keeps the account type's default, 'off' turns the rule off. */
  riskLimits: Record<RiskLimitKey, string>;
  /** Overrides of limits the form does not show (from a preset or a past run), sent as they are. */
  riskLimitsOther: Record<string, number | null>;
}

/** The limits a backtest most often needs to change: index-sized orders, a dedicated account, never stopping. */
export const RISK_LIMIT_KEYS = ['maxNewContractsPerRun', 'tickerExposureMax', 'drawdownBlockAt'] as const;
export type RiskLimitKey = (typeof RISK_LIMIT_KEYS)[number];

/** The contract's defaults, as form values. */
export const DEFAULT_FORM: BacktestForm = {
  name: '',
  strategy: null,
  underliers: [],
  ivSource: 'index',
  ivDataset: 'VIX',
  ivRatios: {},
  realizedWindow: 21,
  realizedRatio: 1.1,
  ivHistory: {},
  optionQuotes: null,
  from: '',
  to: '',
  initialCash: 100_000,
  accountType: 'margin_regt',
  fillKind: 'spread_fraction',
  fillFraction: 0.25,
  slippagePerShare: 0,
  commissions: true,
  earlyAssignment: true,
  cashInterest: true,
  rate: '',
  seed: 1,
  benchmark: null,
  riskLimits: { maxNewContractsPerRun: '', tickerExposureMax: '', drawdownBlockAt: '' },
  riskLimitsOther: {},
};

export type FormErrors = Record<string, string>;

export interface DateRange {
  from: string;
  to: string;
}

/** The days every named dataset covers (latest start, earliest end); null when one is unknown or they do not overlap. */
export function commonRange(datasets: readonly BacktestDatasetView[], ids: readonly string[]): DateRange | null {
  if (ids.length === 0) return null;
  let from = '';
  let to = '9999-12-31';
  for (const id of ids) {
    const dataset = datasets.find((d) => d.id === id);
    if (!dataset) return null;
    // ISO dates order as strings.
    if (dataset.from > from) from = dataset.from;
    if (dataset.to < to) to = dataset.to;
  }
  return from <= to ? { from, to } : null;
}

/** The datasets whose range bounds a run of this form: its underliers, the IV index it reads, its option quotes. */
export function rangeDatasetIds(form: Pick<BacktestForm, 'underliers' | 'ivSource' | 'ivDataset' | 'optionQuotes'>) {
  return [
    ...form.underliers,
    ...(form.ivSource === 'index' && form.ivDataset ? [form.ivDataset] : []),
    ...(form.optionQuotes ? [form.optionQuotes] : []),
  ];
}

/** '' and text that is not a number are told apart: one may mean "default", the other never means anything. */
function numberOrError(value: FieldValue, emptyMeans: 'required' | 'omit'): number | undefined | string {
  if (typeof value === 'string' && value.trim() === '') return emptyMeans === 'required' ? 'Required' : undefined;
  const parsed = parseNumber(value);
  return parsed === null ? 'Not a number' : parsed;
}

/** The keys form errors use: the request's field, dotted into `iv` and `fill` where those have inputs of their own. */
export function formErrorKey(path: readonly (string | number)[], known: ReadonlySet<string>): string | null {
  for (let length = path.length; length > 0; length -= 1) {
    const key = path.slice(0, length).join('.');
    if (known.has(key)) return key;
  }
  return null;
}

/** The request's top-level fields that have an input of their own. */
const REQUEST_KEYS = [
  'name',
  'strategy',
  'underliers',
  'optionQuotes',
  'from',
  'to',
  'initialCash',
  'accountType',
  'slippagePerShare',
  'commissions',
  'earlyAssignment',
  'cashInterest',
  'rate',
  'seed',
  'benchmark',
] as const;

/** Every key an input on the form shows errors under. */
export function formErrorKeys(form: Pick<BacktestForm, 'underliers'>): Set<string> {
  return new Set([
    ...REQUEST_KEYS,
    ...RISK_LIMIT_KEYS.map((key) => `riskLimits.${key}`),
    'iv',
    'iv.dataset',
    'iv.window',
    'iv.ratio',
    'iv.ratios',
    ...form.underliers.map((u) => `iv.ratios.${u.toUpperCase()}`),
    ...form.underliers.map((u) => `iv.datasets.${u.toUpperCase()}`),
    'fill',
    'fill.fraction',
  ]);
}

export type RequestParse = { ok: true; request: BacktestRequest } | { ok: false; errors: FormErrors };

/**
 * The request this form describes, with the strategy's (already parsed) config, checked against the contract's schema
 * exactly as the server will; or errors by input key (`other` collects what no input owns).
 */
export function requestFromForm(form: BacktestForm, config: Record<string, unknown>): RequestParse {
  const errors: FormErrors = {};
  const number = (key: string, value: FieldValue, emptyMeans: 'required' | 'omit' = 'required') => {
    const parsed = numberOrError(value, emptyMeans);
    if (typeof parsed === 'string') {
      errors[key] = parsed;
      return undefined;
    }
    return parsed;
  };
  if (!form.strategy) errors['strategy'] = 'Choose a strategy';
  if (form.underliers.length === 0) errors['underliers'] = 'Choose at least one underlier';
  if (form.ivSource === 'index' && !form.ivDataset) errors['iv.dataset'] = 'Choose an IV index';

  const iv: BacktestRequest['iv'] =
    form.ivSource === 'index'
      ? {
          source: 'index',
          dataset: form.ivDataset ?? '',
          ratios: Object.fromEntries(
            form.underliers.flatMap((u) => {
              const raw = form.ivRatios[u];
              const ratio = raw === undefined ? undefined : number(`iv.ratios.${u.toUpperCase()}`, raw, 'omit');
              // 1 is the server's own default: sending it changes nothing, leaving it out keeps requests short.
              return ratio === undefined || ratio === 1 ? [] : [[u, ratio]];
            }),
          ),
        }
      : form.ivSource === 'history'
        ? {
            source: 'history',
            datasets: Object.fromEntries(
              form.underliers.flatMap((u) => (form.ivHistory[u] ? [[u, form.ivHistory[u]]] : [])),
            ),
          }
        : {
            source: 'realized',
            window: number('iv.window', form.realizedWindow) ?? 0,
            ratio: number('iv.ratio', form.realizedRatio) ?? 0,
          };
  const fill: BacktestRequest['fill'] =
    form.fillKind === 'spread_fraction'
      ? { kind: 'spread_fraction', fraction: number('fill.fraction', form.fillFraction) ?? 0 }
      : { kind: form.fillKind };
  const riskLimits: Record<string, number | null> = { ...form.riskLimitsOther };
  for (const key of RISK_LIMIT_KEYS) {
    const raw = form.riskLimits[key].trim();
    if (raw === '') continue;
    if (raw.toLowerCase() === 'off') riskLimits[key] = null;
    else if (Number.isFinite(Number(raw))) riskLimits[key] = Number(raw);
    else errors[`riskLimits.${key}`] = 'A number, "off", or empty for the default';
  }
  const cash = number('initialCash', form.initialCash);
  if (cash !== undefined && cash <= 0) errors['initialCash'] = 'Must be greater than 0';

  const request: BacktestRequest = {
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    strategy: form.strategy ?? '',
    config,
    underliers: form.underliers,
    iv,
    optionQuotes: form.optionQuotes,
    ...(form.from ? { from: form.from } : {}),
    ...(form.to ? { to: form.to } : {}),
    // A decimal string (money is exact on the server); NumberInput may hand over the number.
    initialCash: cash === undefined ? '' : String(cash),
    accountType: form.accountType,
    fill,
    slippagePerShare: number('slippagePerShare', form.slippagePerShare) ?? 0,
    commissions: form.commissions,
    earlyAssignment: form.earlyAssignment,
    cashInterest: form.cashInterest,
    rate: number('rate', form.rate, 'omit') ?? null,
    seed: number('seed', form.seed) ?? 0,
    // A benchmark left over from underliers since deselected is not one of this run's.
    benchmark: form.benchmark !== null && form.underliers.includes(form.benchmark) ? form.benchmark : null,
    riskLimits,
  };

  const known = formErrorKeys(form);
  const checked = backtestRequestSchema.safeParse(request);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const key = formErrorKey(issue.path as (string | number)[], known) ?? 'other';
      // The form's own message (e.g. "Not a number") says more than the schema's about the same input.
      errors[key] ??= issue.message;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, request };
}

export interface MappedServerIssues {
  /** By form key ('from', 'iv.ratios.KO', …). */
  form: FormErrors;
  /** By config field key, for the strategy's config form. */
  config: Record<string, string>;
  /** What no input owns, for the banner. */
  other: string[];
}

/** The server's issues (`body.from`, `body.iv.ratios.KO`, `body.config.rollRules.profitTargetPct`) placed beside their inputs. */
export function mapServerIssues(
  issues: ReadonlyArray<{ path: string; message: string }>,
  form: Pick<BacktestForm, 'underliers'>,
  configKeys: ReadonlySet<string>,
): MappedServerIssues {
  const known = formErrorKeys(form);
  const result: MappedServerIssues = { form: {}, config: {}, other: [] };
  const configIssues: { path: string; message: string }[] = [];
  for (const issue of issues) {
    const [root, ...path] = issue.path.split('.');
    if (root === 'body' && path[0] === 'config') {
      configIssues.push(issue);
      continue;
    }
    const key = root === 'body' ? formErrorKey(path, known) : null;
    if (key === null) result.other.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
    else result.form[key] = result.form[key] ? `${result.form[key]}; ${issue.message}` : issue.message;
  }
  const mapped = mapIssues(configIssues, configKeys, new Set());
  result.config = mapped.fields;
  result.other.push(...mapped.other);
  return result;
}

const PATCH_ERROR_KEYS: Partial<Record<keyof BacktestForm, readonly string[]>> = {
  ivSource: ['iv'],
  ivDataset: ['iv'],
  ivRatios: ['iv.ratios'],
  ivHistory: ['iv.datasets'],
  realizedWindow: ['iv.window'],
  realizedRatio: ['iv.ratio'],
  fillKind: ['fill'],
  fillFraction: ['fill.fraction'],
  riskLimits: ['riskLimits'],
};

/** The error keys an edit of these form values makes stale (prefixes: 'iv' covers 'iv.ratios.KO'). */
export function errorKeysOf(changed: readonly (keyof BacktestForm)[]): string[] {
  return changed.flatMap((key) => PATCH_ERROR_KEYS[key] ?? [key]);
}

/** The errors left once the given keys (and the keys under them) are cleared. */
export function withoutErrors(errors: FormErrors, keys: readonly string[]): FormErrors {
  return Object.fromEntries(
    Object.entries(errors).filter(([key]) => !keys.some((k) => key === k || key.startsWith(`${k}.`))),
  );
}

/** The form a past run's request describes, to run it again or change it. */
export function formFromRequest(request: BacktestRequestParsed, name: string | null): BacktestForm {
  const { iv, fill } = request;
  return {
    ...DEFAULT_FORM,
    name: name ?? request.name ?? '',
    strategy: request.strategy,
    underliers: [...request.underliers],
    ivSource: iv.source,
    ivDataset: iv.source === 'index' ? iv.dataset : DEFAULT_FORM.ivDataset,
    ivRatios: iv.source === 'index' ? { ...iv.ratios } : {},
    realizedWindow: iv.source === 'realized' ? iv.window : DEFAULT_FORM.realizedWindow,
    realizedRatio: iv.source === 'realized' ? iv.ratio : DEFAULT_FORM.realizedRatio,
    ivHistory: iv.source === 'history' ? { ...iv.datasets } : {},
    optionQuotes: request.optionQuotes,
    from: request.from ?? '',
    to: request.to ?? '',
    initialCash: Number(request.initialCash),
    accountType: request.accountType,
    fillKind: fill.kind,
    fillFraction: fill.kind === 'spread_fraction' ? fill.fraction : DEFAULT_FORM.fillFraction,
    slippagePerShare: request.slippagePerShare,
    commissions: request.commissions,
    earlyAssignment: request.earlyAssignment,
    cashInterest: request.cashInterest,
    rate: request.rate ?? '',
    seed: request.seed,
    benchmark: request.benchmark,
    riskLimits: Object.fromEntries(
      RISK_LIMIT_KEYS.map((key) => {
        const value = (request.riskLimits as Record<string, number | null | undefined>)[key];
        return [key, value === undefined ? '' : value === null ? 'off' : String(value)];
      }),
    ) as Record<RiskLimitKey, string>,
    riskLimitsOther: Object.fromEntries(
      Object.entries(request.riskLimits).filter(
        (entry): entry is [string, number | null] =>
          !(RISK_LIMIT_KEYS as readonly string[]).includes(entry[0]) && entry[1] !== undefined,
      ),
    ),
  };
}

/** A strategy config with another laid over it, nested objects merged key by key (arrays and scalars replaced). */
export function mergeConfig(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isObject(current) && isObject(value) ? mergeConfig(current, value) : value;
  }
  return merged;
}
