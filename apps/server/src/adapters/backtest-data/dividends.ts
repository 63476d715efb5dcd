// Cash dividends for underliers whose files carry none: recovered from the jumps of Yahoo's Adj Close / Close ratio,
// scaled from a tracking ETF (SPX from SPY), or read from a dividends CSV.
import type { DividendPayment, HistoryBar, IsoDate, UnderlierHistory } from '@optionstrader/domain';
import { parseCsvDate, readCsvTable, requireColumn, requireNumber } from './csv-table';
import { HistoryDataError } from './history-data-error';

// Yahoo prints Adj Close to a handful of digits, so the factor wobbles slightly from day to day; a fall smaller
// than this is print rounding, not a dividend.
const FACTOR_NOISE = 2e-5;
const MIN_DIVIDEND = 0.001;

const round4 = (value: number): number => Math.round(value * 1e4) / 1e4;

/**
 * Yahoo's Adj Close is Close × f, where f shrinks (going back in time) by (1 − D/close before ex) at every dividend.
 * So on an ex-date t: f_{t−1}/f_t = 1 − D_t/close_{t−1}, i.e. D_t = close_{t−1} × (1 − f_{t−1}/f_t).
 * Splits move Close and Adj Close alike and leave f alone. Bars without Adj Close are skipped.
 */
export function deriveDividends(bars: readonly HistoryBar[]): DividendPayment[] {
  const dividends: DividendPayment[] = [];
  for (let i = 1; i < bars.length; i++) {
    const previous = bars[i - 1];
    const bar = bars[i];
    if (!previous || !bar || previous.adjClose === null || bar.adjClose === null) continue;
    const ratio = previous.adjClose / previous.close / (bar.adjClose / bar.close);
    if (ratio >= 1 - FACTOR_NOISE) continue;
    const amount = previous.close * (1 - ratio);
    if (amount >= MIN_DIVIDEND) dividends.push({ exDate: bar.date, amount: round4(amount) });
  }
  return dividends;
}

/** The last bar dated before `date`, by binary search over strictly increasing dates. */
function lastBefore(bars: readonly HistoryBar[], date: IsoDate): HistoryBar | undefined {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bars[mid]?.date ?? date) < date) lo = mid + 1;
    else hi = mid;
  }
  return bars[lo - 1];
}

/**
 * The dividends of an index derived from an ETF that tracks it: each of the ETF's amounts × index close / ETF close
 * on the trading day before the ex-date (SPX ≈ 10 × SPY). The ETF pays its holdings' dividends less its expense
 * ratio (SPY: about 0.09% a year), so the result runs about 0.1% a year of the index level low — close enough
 * for dividends a backtest credits, not a replacement for the index's published dividend points. Timing follows the
 * ETF too: SPY goes ex quarterly with what its holdings paid over the quarter, where the index's dividends trickle
 * in day by day.
 * Ex-dates outside the index's bars (no day before, or after its last day) are left out.
 */
export function scaleDividends(from: UnderlierHistory, to: readonly HistoryBar[]): DividendPayment[] {
  const last = to.at(-1)?.date;
  const scaled: DividendPayment[] = [];
  for (const dividend of from.dividends) {
    if (last === undefined || dividend.exDate > last) continue;
    const target = lastBefore(to, dividend.exDate);
    const source = lastBefore(from.bars, dividend.exDate);
    if (!target || !source) continue;
    scaled.push({ exDate: dividend.exDate, amount: round4((dividend.amount * target.close) / source.close) });
  }
  return scaled;
}

/**
 * A dividends CSV: a date column (Date, Ex-Date, Ex Date, ExDate) and an amount column (Dividend, Dividends, Amount),
 * in either date order (Yahoo lists ascending, Nasdaq descending). Amounts on one ex-date are added (a special
 * dividend can go ex with a regular one); zero rows are dropped; a leading "$" is allowed.
 */
export function parseDividendsCsv(text: string): DividendPayment[] {
  const { header, rows } = readCsvTable(text);
  const iDate = requireColumn(header, ['date', 'ex-date', 'ex date', 'exdate', 'ex_date', 'ex-dividend date']);
  const iAmount = requireColumn(header, ['dividend', 'dividends', 'amount', 'cash amount']);
  const byDate = new Map<IsoDate, number>();
  for (const { line, cells } of rows) {
    const date = parseCsvDate(cells[iDate] ?? '', line);
    const text = (cells[iAmount] ?? '').replace(/^\$/, '');
    const amount = requireNumber(text, 'the dividend', line);
    if (amount < 0) throw new HistoryDataError(`line ${line}: the dividend is negative: "${text}"`);
    if (amount > 0) byDate.set(date, (byDate.get(date) ?? 0) + amount);
  }
  return [...byDate]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([exDate, amount]) => ({ exDate, amount: Math.round(amount * 1e6) / 1e6 })); // sums without float dust
}
