// `optionstrader backtest --strategy wheel --config config.json --data history.csv [--iv vix.csv] [--from --to]
// [--out report.json]`: a backtest from files, in this process, without the database. The same preparation (and
// refusals) as POST /api/backtests, then the same simulation; prints the statistics and the per-year table, and
// writes the whole result (stats, years, trades, equity curve) as JSON with --out.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  type BacktestDataSource,
  UnknownDatasetError,
  prepareBacktest,
  simulatePrepared,
} from '@optionstrader/application';
import { type BacktestRequest, backtestRequestSchema } from '@optionstrader/contracts';
import type { BacktestResult, IvPoint, OptionEodQuote, UnderlierHistory } from '@optionstrader/domain';
import { loadIvHistoryFile, loadIvIndexFile, loadOptionQuotesFile, loadUnderlierFile } from '../adapters/backtest-data';
import { CliUsageError } from './cli-usage-error';
import { parseOptions } from './parse';

export const backtestUsage = `  backtest --strategy SLUG --data FILE [--data FILE ...] [--config FILE]
           [--iv FILE | --iv-history FILE ... | --realized-vol N]
           [--symbol SYM ...] [--kind stock|index_etf] [--style american_physical|european_cash_am]
           [--quotes FILE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--cash N] [--account-type T]
           [--fill mid|natural|FRACTION] [--no-commissions] [--seed N] [--rate R] [--out report.json]
                                    Backtest a strategy plugin on daily CSV history (Date,Open,High,Low,Close
                                    [,Adj Close][,Volume][,Dividends]); the symbol defaults to the file name.
                                    --iv: a VIX-style CSV (30-day ATM vol = close/100); --iv-history: per --data
                                    file, its own IV history (Date,IV as a fraction); default: realized vol`;

const percent = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)}%`;
const ratio = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : value.toFixed(2);
const dollars = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `$${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

/** The statistics and the per-year table as text. */
export function formatBacktest(name: string, result: BacktestResult): string {
  const s = result.stats;
  const b = s.benchmark;
  const lines = [
    `${name}`,
    `${result.from} → ${result.to}: ${result.equity.length} trading days`,
    `  total return ${percent(s.totalReturn)}  CAGR ${percent(s.cagr)}  volatility ${percent(s.volatility)}`,
    `  Sharpe ${ratio(s.sharpe)}  Sortino ${ratio(s.sortino)}  Calmar ${ratio(s.calmar)}  max drawdown ${percent(
      s.maxDrawdown,
    )} (${s.maxDrawdownDays} days)`,
    `  trades ${s.trades}  win rate ${percent(s.winRate)}  profit factor ${ratio(s.profitFactor)}  average ${dollars(
      s.averageTrade,
    )}  time in market ${percent(s.timeInMarket)}`,
    `  premium ${dollars(s.counters.premiumCollected)}  fees ${dollars(s.counters.feesPaid)}  assignments ${
      s.counters.assignments
    }  calls away ${s.counters.callsAway}  rolls ${s.counters.rolls}  risk-blocked ${s.counters.riskBlocked}`,
    b
      ? `  benchmark ${b.symbol} (buy and hold, total return): ${percent(b.totalReturn)}  CAGR ${percent(
          b.cagr,
        )}  volatility ${percent(b.volatility)}  max drawdown ${percent(b.maxDrawdown)}  alpha ${percent(
          b.alpha,
        )}  beta ${ratio(b.beta)}`
      : '  no benchmark',
    '',
    '  year   return  benchmark  max DD  trades',
    ...result.years.map(
      (y) =>
        `  ${y.year}  ${percent(y.return).padStart(7)}  ${percent(y.benchmarkReturn).padStart(9)}  ${percent(
          y.maxDrawdown,
        ).padStart(6)}  ${String(y.trades).padStart(6)}`,
    ),
  ];
  return lines.join('\n');
}

/** A data source over the files named on the command line; dataset ids are the symbols. */
function fileSource(
  underliers: Map<string, UnderlierHistory>,
  iv: IvPoint[] | null,
  ivHistories: Map<string, IvPoint[]>,
  quotes: OptionEodQuote[],
): BacktestDataSource {
  return {
    datasets: async () => [],
    underlier: async (id) => {
      const found = underliers.get(id);
      if (!found) throw new UnknownDatasetError(id);
      return found;
    },
    ivIndex: async (id) => {
      if (!iv || id !== 'IV') throw new UnknownDatasetError(id);
      return iv;
    },
    ivHistory: async (id) => {
      const found = ivHistories.get(id);
      if (!found) throw new UnknownDatasetError(id);
      return found;
    },
    optionQuotes: async (id) => {
      if (id !== 'QUOTES') throw new UnknownDatasetError(id);
      return quotes;
    },
  };
}

export async function backtestCommand(
  args: string[],
  write = (text: string) => process.stdout.write(text),
): Promise<number> {
  const v = parseOptions(args, {
    strategy: { type: 'string' },
    config: { type: 'string' },
    data: { type: 'string', multiple: true },
    symbol: { type: 'string', multiple: true },
    kind: { type: 'string' },
    style: { type: 'string' },
    iv: { type: 'string' },
    'iv-history': { type: 'string', multiple: true },
    'realized-vol': { type: 'string' },
    quotes: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    cash: { type: 'string' },
    'account-type': { type: 'string' },
    fill: { type: 'string' },
    'no-commissions': { type: 'boolean' },
    seed: { type: 'string' },
    rate: { type: 'string' },
    out: { type: 'string' },
  });
  if (!v.strategy) throw new CliUsageError('backtest needs --strategy (wheel, theta, covered-call, putwrite, …)');
  const files = v.data ?? [];
  if (files.length === 0) throw new CliUsageError('backtest needs --data FILE (a daily CSV of the underlier)');
  const symbols = files.map((file, i) => (v.symbol?.[i] ?? basename(file).replace(/\.[^.]*$/, '')).toUpperCase());
  const kind = v.kind ?? 'stock';
  if (kind !== 'stock' && kind !== 'index_etf') throw new CliUsageError(`--kind must be stock or index_etf: ${kind}`);
  const style = v.style ?? 'american_physical';
  if (style !== 'american_physical' && style !== 'european_cash_am')
    throw new CliUsageError(`--style must be american_physical or european_cash_am: ${style}`);

  const underliers = new Map<string, UnderlierHistory>();
  for (const [i, file] of files.entries())
    underliers.set(symbols[i]!, await loadUnderlierFile(file, { symbol: symbols[i]!, kind, style }));
  const iv = v.iv ? await loadIvIndexFile(v.iv) : null;
  const historyFiles = v['iv-history'] ?? [];
  if (historyFiles.length > 0 && historyFiles.length !== files.length)
    throw new CliUsageError('--iv-history needs one file per --data file, in the same order');
  if (historyFiles.length > 0 && iv) throw new CliUsageError('choose --iv or --iv-history, not both');
  const ivHistories = new Map<string, IvPoint[]>();
  for (const [i, file] of historyFiles.entries()) ivHistories.set(symbols[i]!, await loadIvHistoryFile(file));
  const quotes = v.quotes ? await loadOptionQuotesFile(v.quotes) : [];
  const config = v.config ? (JSON.parse(await readFile(v.config, 'utf8')) as Record<string, unknown>) : {};

  const fill =
    v.fill === undefined
      ? undefined
      : v.fill === 'mid' || v.fill === 'natural'
        ? { kind: v.fill }
        : { kind: 'spread_fraction', fraction: Number(v.fill) };
  const raw: BacktestRequest = {
    strategy: v.strategy,
    config,
    underliers: symbols,
    iv: iv
      ? { source: 'index', dataset: 'IV', ratios: {} }
      : ivHistories.size > 0
        ? { source: 'history', datasets: Object.fromEntries(symbols.map((s) => [s, s])) }
        : { source: 'realized', window: v['realized-vol'] ? Number(v['realized-vol']) : 21, ratio: 1.1 },
    optionQuotes: v.quotes ? 'QUOTES' : null,
    ...(v.from ? { from: v.from } : {}),
    ...(v.to ? { to: v.to } : {}),
    ...(v.cash ? { initialCash: v.cash } : {}),
    ...(v['account-type'] ? { accountType: v['account-type'] as BacktestRequest['accountType'] } : {}),
    ...(fill ? { fill: fill as BacktestRequest['fill'] } : {}),
    ...(v['no-commissions'] ? { commissions: false } : {}),
    ...(v.seed ? { seed: Number(v.seed) } : {}),
    ...(v.rate ? { rate: Number(v.rate) } : {}),
  };
  const request = backtestRequestSchema.safeParse(raw);
  if (!request.success)
    throw new CliUsageError(request.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const prepared = await prepareBacktest(fileSource(underliers, iv, ivHistories, quotes), request.data);
  if (!prepared.ok) {
    const details = prepared.kind === 'invalid' ? prepared.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : '';
    throw new CliUsageError(`${prepared.message}${details ? ` (${details})` : ''}`);
  }
  const started = performance.now();
  const result = await simulatePrepared(prepared.value, {
    sliceDays: 250,
    yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
  });
  const ms = Math.round(performance.now() - started);
  write(`${formatBacktest(prepared.value.name, result)}\n\n  simulated in ${ms} ms\n`);
  if (v.out) {
    const report = {
      name: prepared.value.name,
      request: prepared.value.request,
      stats: result.stats,
      years: result.years,
      signals: result.signals,
      trades: result.trades,
      equity: result.equity,
    };
    await writeFile(v.out, `${JSON.stringify(report, null, 2)}\n`);
    write(`  report written to ${v.out}\n`);
  }
  return 0;
}
