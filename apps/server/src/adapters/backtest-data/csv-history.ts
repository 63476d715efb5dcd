// Daily underlier CSVs → HistoryBar[], found by header name so any column order works: Yahoo's
// Date,Open,High,Low,Close,Adj Close,Volume, yfinance's goro layout with Close second, Cboe's MM/DD/YYYY dates,
// and an optional Dividends column (yfinance `actions=True`). Other columns (Stock Splits, …) are ignored.
import type { DividendPayment, HistoryBar } from '@optionstrader/domain';
import {
  findColumn,
  parseCsvDate,
  readCsvTable,
  requireAfter,
  requireColumn,
  requireNumber,
  requirePositive,
} from './csv-table';
import { HistoryDataError } from './history-data-error';

export { HistoryDataError } from './history-data-error';

export interface ParsedHistory {
  bars: HistoryBar[];
  /** From a Dividends column (each row's amount goes ex on that row's date); null when the file has none. */
  dividends: DividendPayment[] | null;
}

/** Parses a daily underlier CSV; fails fast, naming the line, on a missing column, a bad cell or a date out of
 * order (corrupt history is worse than none). */
export function parseHistoryCsv(text: string): ParsedHistory {
  const { header, rows } = readCsvTable(text);
  const iDate = requireColumn(header, ['date']);
  const iOpen = requireColumn(header, ['open']);
  const iHigh = requireColumn(header, ['high']);
  const iLow = requireColumn(header, ['low']);
  const iClose = requireColumn(header, ['close']);
  const iAdj = findColumn(header, ['adj close', 'adj_close', 'adjclose']);
  const iVolume = findColumn(header, ['volume']);
  const iDividends = findColumn(header, ['dividends', 'dividend']);
  if (rows.length === 0) throw new HistoryDataError('the file has a header but no rows');

  const bars: HistoryBar[] = [];
  const dividends: DividendPayment[] = [];
  for (const { line, cells } of rows) {
    const cell = (index: number): string => cells[index] ?? '';
    const date = parseCsvDate(cell(iDate), line);
    requireAfter(bars.at(-1)?.date, date, line);
    bars.push({
      date,
      open: requirePositive(cell(iOpen), 'Open', line),
      high: requirePositive(cell(iHigh), 'High', line),
      low: requirePositive(cell(iLow), 'Low', line),
      close: requirePositive(cell(iClose), 'Close', line),
      adjClose: iAdj < 0 ? null : requirePositive(cell(iAdj), 'Adj Close', line),
      volume: iVolume < 0 ? null : volume(cell(iVolume), line),
    });
    if (iDividends >= 0 && cell(iDividends) !== '') {
      const amount = requireNumber(cell(iDividends), 'Dividends', line);
      if (amount < 0) throw new HistoryDataError(`line ${line}: Dividends is negative: "${cell(iDividends)}"`);
      if (amount > 0) dividends.push({ exDate: date, amount });
    }
  }
  return { bars, dividends: iDividends < 0 ? null : dividends };
}

// An empty volume cell is unknown; a negative or non-numeric one is a corrupt row.
function volume(text: string, line: number): number | null {
  if (text === '') return null;
  const value = requireNumber(text, 'Volume', line);
  if (value < 0) throw new HistoryDataError(`line ${line}: Volume is negative: "${text}"`);
  return value;
}
