// Words and numbers of the backtest screens: the headline statistics (which, in what unit, how they read), their
// difference between two runs, and labels of the request's choices. Unknown (null) always shows as "—", never 0.
import type { BacktestDetailView, BacktestStatsView, BacktestSummaryView } from '@optionstrader/contracts';
import { formatFixed, formatPercent, UNKNOWN } from '../calculator/format-number';
import { formatPointsChange } from '../risk/risk-format';

export { UNKNOWN };

/** How a figure reads: a fraction as %, dollars, a ratio, a count, or a number of days. */
export type StatUnit = 'percent' | 'money' | 'ratio' | 'count' | 'days';

export interface StatDef {
  /** Stable id, also the `data-testid` suffix: `stat-totalReturn`. */
  key: string;
  label: string;
  group: StatGroup;
  unit: StatUnit;
  /** Larger is better (true), smaller is better (false), or neither (null): colours the difference of two runs. */
  higherIsBetter: boolean | null;
  value: (stats: BacktestStatsView) => number | null;
}

export type StatGroup = 'returns' | 'risk' | 'trades' | 'income' | 'benchmark';

export const STAT_GROUP_LABEL: Record<StatGroup, string> = {
  returns: 'Returns',
  risk: 'Risk',
  trades: 'Trades',
  income: 'Income and costs',
  benchmark: 'Benchmark',
};

const bench = (pick: (b: NonNullable<BacktestStatsView['benchmark']>) => number | null) => (s: BacktestStatsView) =>
  s.benchmark === null ? null : pick(s.benchmark);

export const STAT_DEFS: readonly StatDef[] = [
  {
    key: 'totalReturn',
    label: 'Total return',
    group: 'returns',
    unit: 'percent',
    higherIsBetter: true,
    value: (s) => s.totalReturn,
  },
  { key: 'cagr', label: 'CAGR', group: 'returns', unit: 'percent', higherIsBetter: true, value: (s) => s.cagr },
  {
    key: 'startEquity',
    label: 'Start equity',
    group: 'returns',
    unit: 'money',
    higherIsBetter: null,
    value: (s) => s.startEquity,
  },
  {
    key: 'endEquity',
    label: 'End equity',
    group: 'returns',
    unit: 'money',
    higherIsBetter: true,
    value: (s) => s.endEquity,
  },
  {
    key: 'volatility',
    label: 'Volatility',
    group: 'risk',
    unit: 'percent',
    higherIsBetter: false,
    value: (s) => s.volatility,
  },
  { key: 'sharpe', label: 'Sharpe', group: 'risk', unit: 'ratio', higherIsBetter: true, value: (s) => s.sharpe },
  { key: 'sortino', label: 'Sortino', group: 'risk', unit: 'ratio', higherIsBetter: true, value: (s) => s.sortino },
  { key: 'calmar', label: 'Calmar', group: 'risk', unit: 'ratio', higherIsBetter: true, value: (s) => s.calmar },
  {
    key: 'maxDrawdown',
    label: 'Max drawdown',
    group: 'risk',
    unit: 'percent',
    higherIsBetter: false,
    value: (s) => s.maxDrawdown,
  },
  {
    key: 'maxDrawdownDays',
    label: 'Max drawdown duration',
    group: 'risk',
    unit: 'days',
    higherIsBetter: false,
    value: (s) => s.maxDrawdownDays,
  },
  {
    key: 'longestDrawdownDays',
    label: 'Longest drawdown',
    group: 'risk',
    unit: 'days',
    higherIsBetter: false,
    value: (s) => s.longestDrawdownDays,
  },
  { key: 'trades', label: 'Trades', group: 'trades', unit: 'count', higherIsBetter: null, value: (s) => s.trades },
  {
    key: 'winRate',
    label: 'Win rate',
    group: 'trades',
    unit: 'percent',
    higherIsBetter: true,
    value: (s) => s.winRate,
  },
  {
    key: 'profitFactor',
    label: 'Profit factor',
    group: 'trades',
    unit: 'ratio',
    higherIsBetter: true,
    value: (s) => s.profitFactor,
  },
  {
    key: 'averageTrade',
    label: 'Average trade',
    group: 'trades',
    unit: 'money',
    higherIsBetter: true,
    value: (s) => s.averageTrade,
  },
  {
    key: 'timeInMarket',
    label: 'Time in market',
    group: 'trades',
    unit: 'percent',
    higherIsBetter: null,
    value: (s) => s.timeInMarket,
  },
  {
    key: 'premiumCollected',
    label: 'Premium collected',
    group: 'income',
    unit: 'money',
    higherIsBetter: null,
    value: (s) => s.counters.premiumCollected,
  },
  {
    key: 'assignments',
    label: 'Assignments',
    group: 'income',
    unit: 'count',
    higherIsBetter: null,
    value: (s) => s.counters.assignments,
  },
  {
    key: 'callsAway',
    label: 'Calls away',
    group: 'income',
    unit: 'count',
    higherIsBetter: null,
    value: (s) => s.counters.callsAway,
  },
  {
    key: 'rolls',
    label: 'Rolls',
    group: 'income',
    unit: 'count',
    higherIsBetter: null,
    value: (s) => s.counters.rolls,
  },
  {
    key: 'feesPaid',
    label: 'Fees',
    group: 'income',
    unit: 'money',
    higherIsBetter: false,
    value: (s) => s.counters.feesPaid,
  },
  {
    key: 'dividendsReceived',
    label: 'Dividends received',
    group: 'income',
    unit: 'money',
    higherIsBetter: null,
    value: (s) => s.counters.dividendsReceived,
  },
  {
    key: 'interestEarned',
    label: 'Interest earned',
    group: 'income',
    unit: 'money',
    higherIsBetter: null,
    value: (s) => s.counters.interestEarned,
  },
  {
    key: 'riskBlocked',
    label: 'Blocked by risk rules',
    group: 'income',
    unit: 'count',
    higherIsBetter: null,
    value: (s) => s.counters.riskBlocked,
  },
  {
    key: 'benchmarkReturn',
    label: 'Benchmark return',
    group: 'benchmark',
    unit: 'percent',
    higherIsBetter: null,
    value: bench((b) => b.totalReturn),
  },
  {
    key: 'benchmarkCagr',
    label: 'Benchmark CAGR',
    group: 'benchmark',
    unit: 'percent',
    higherIsBetter: null,
    value: bench((b) => b.cagr),
  },
  {
    key: 'benchmarkVolatility',
    label: 'Benchmark volatility',
    group: 'benchmark',
    unit: 'percent',
    higherIsBetter: null,
    value: bench((b) => b.volatility),
  },
  {
    key: 'benchmarkMaxDrawdown',
    label: 'Benchmark max drawdown',
    group: 'benchmark',
    unit: 'percent',
    higherIsBetter: null,
    value: bench((b) => b.maxDrawdown),
  },
  {
    key: 'benchmarkSharpe',
    label: 'Benchmark Sharpe',
    group: 'benchmark',
    unit: 'ratio',
    higherIsBetter: null,
    value: bench((b) => b.sharpe),
  },
  {
    key: 'alpha',
    label: 'Alpha (annual)',
    group: 'benchmark',
    unit: 'percent',
    higherIsBetter: true,
    value: bench((b) => b.alpha),
  },
  { key: 'beta', label: 'Beta', group: 'benchmark', unit: 'ratio', higherIsBetter: null, value: bench((b) => b.beta) },
];

const known = (value: number | null | undefined): value is number =>
  value !== null && value !== undefined && Number.isFinite(value);

/** Dollars: "$1,234,567.89", "−$12.00". */
export function formatDollars(value: number | null | undefined): string {
  if (!known(value)) return UNKNOWN;
  const text = formatFixed(Math.abs(value), 2);
  return value < 0 && text !== formatFixed(0, 2) ? `−$${text}` : `$${text}`;
}

const formatCount = (value: number) => formatFixed(value, 0);

/** A statistic in its unit; "—" when unknown. */
export function formatStat(unit: StatUnit, value: number | null | undefined): string {
  if (!known(value)) return UNKNOWN;
  switch (unit) {
    case 'percent':
      return formatPercent(value, 2);
    case 'money':
      return formatDollars(value);
    case 'ratio':
      return formatFixed(value, 2);
    case 'count':
      return formatCount(value);
    case 'days':
      return `${formatCount(value)} d`;
  }
}

const signed = (value: number, text: string) => (text.replace(/^[−-]/, '') === text && value !== 0 ? `+${text}` : text);

/** B − A in the statistic's unit, signed: "+1.20 pp", "−$300.00", "+0.15", "+3", "−12 d"; "—" when either is unknown. */
export function formatStatDifference(unit: StatUnit, a: number | null, b: number | null): string {
  if (!known(a) || !known(b)) return UNKNOWN;
  const difference = b - a;
  switch (unit) {
    case 'percent':
      return formatPointsChange(difference);
    case 'money': {
      const text = formatDollars(difference);
      return text === formatDollars(0) ? text : signed(difference, text);
    }
    case 'ratio':
    case 'count':
    case 'days': {
      const text = formatStat(unit, difference).replace(/^-/, '−');
      return text === formatStat(unit, 0) ? text : signed(difference, text);
    }
  }
}

/** Mantine colour of B − A: teal when B is better, red when worse, none when equal, unknown or neither is better. */
export function differenceColor(def: StatDef, a: number | null, b: number | null): string | undefined {
  if (def.higherIsBetter === null || !known(a) || !known(b) || a === b) return undefined;
  return b > a === def.higherIsBetter ? 'teal' : 'red';
}

export type BacktestStatus = BacktestSummaryView['status'];

export const STATUS_COLOR: Record<BacktestStatus, string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
  cancelled: 'gray',
};

/** Still changing: the screen polls it. */
export const isActive = (status: BacktestStatus): boolean => status === 'queued' || status === 'running';

/** "2015-01-02 → 2016-12-30"; "—" when the range is not known yet. */
export function rangeLabel(run: Pick<BacktestSummaryView, 'from' | 'to'>): string {
  return run.from && run.to ? `${run.from} → ${run.to}` : UNKNOWN;
}

/** The `compare` URL parameter, "a,b" → [a, b]; null unless it names two different runs. */
export function parseCompare(value: string | null): [string, string] | null {
  const [a, b, ...rest] = (value ?? '').split(',');
  return a && b && a !== b && rest.length === 0 ? [a, b] : null;
}

/** Progress 0..1 as a whole percentage for the progress bar. */
export const progressPercent = (progress: number): number => Math.round(Math.min(1, Math.max(0, progress)) * 100);

/** Wall time of a run: "850 ms", "12.4 s", "3 min 05 s"; "—" while it runs. */
export function formatRunDuration(ms: number | null): string {
  if (!known(ms)) return UNKNOWN;
  if (ms < 1000) return `${formatFixed(ms, 0)} ms`;
  if (ms < 60_000) return `${formatFixed(ms / 1000, 1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

type AccountType = BacktestDetailView['request']['accountType'];

export const ACCOUNT_TYPE_LABEL: Record<NonNullable<AccountType>, string> = {
  margin_regt: 'Reg-T margin',
  margin_pm: 'Portfolio margin',
  cash: 'Cash',
  tfsa: 'TFSA (no margin)',
  rrsp: 'RRSP (no margin)',
};

type Trade = BacktestDetailView['trades'][number];

export const CLOSED_BY_LABEL: Record<Trade['closedBy'], string> = {
  trade: 'closed',
  expiration: 'expired',
  assignment: 'assigned',
  exercise: 'exercised',
  cash_settlement: 'cash-settled',
  end: 'open at end',
};

/** "KO 2015-02-20 40 put", "KO stock". */
export function tradeInstrument(trade: Trade): string {
  if (trade.kind === 'stock') return `${trade.symbol} stock`;
  const strike = trade.strike === null ? UNKNOWN : trade.strike.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return [trade.symbol, trade.expiry ?? UNKNOWN, strike, trade.right ?? ''].join(' ').trim();
}

type Request = BacktestDetailView['request'];

export interface RequestDifference {
  key: string;
  a: string;
  b: string;
}

/** JSON with object keys sorted: the server's JSON storage does not keep key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([x], [y]) => x.localeCompare(y));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const describeValue = (value: unknown): string =>
  value === undefined || value === null ? UNKNOWN : typeof value === 'string' ? value : stableJson(value);

/** The request fields two runs differ in (the name aside), to see at a glance what a comparison compares. */
export function requestDifferences(a: Request, b: Request): RequestDifference[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => key !== 'name');
  return keys.flatMap((key) => {
    const left = describeValue((a as Record<string, unknown>)[key]);
    const right = describeValue((b as Record<string, unknown>)[key]);
    return left === right ? [] : [{ key, a: left, b: right }];
  });
}
