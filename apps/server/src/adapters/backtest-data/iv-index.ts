// VIX-style index files → 30-day ATM implied vol as a fraction: Cboe's DATE,OPEN,HIGH,LOW,CLOSE (MM/DD/YYYY) and
// Yahoo's Date,Open,High,Low,Close,Adj Close,Volume. Only the close is read: Cboe's early OPEN/HIGH/LOW are
// placeholders (see data/prices/README.md).
import type { IvPoint } from '@optionstrader/domain';
import { parseCsvDate, readCsvTable, requireAfter, requireColumn, requirePositive } from './csv-table';
import { HistoryDataError } from './history-data-error';

/** atm30 = CLOSE / 100 (VIX 18.5 → 0.185); dates must be strictly increasing. */
export function parseIvIndexCsv(text: string): IvPoint[] {
  const { header, rows } = readCsvTable(text);
  const iDate = requireColumn(header, ['date']);
  const iClose = requireColumn(header, ['close']);
  if (rows.length === 0) throw new HistoryDataError('the file has a header but no rows');
  const points: IvPoint[] = [];
  for (const { line, cells } of rows) {
    const date = parseCsvDate(cells[iDate] ?? '', line);
    requireAfter(points.at(-1)?.date, date, line);
    points.push({ date, atm30: requirePositive(cells[iClose] ?? '', 'CLOSE', line) / 100 });
  }
  return points;
}

/**
 * An underlier's own implied-vol history: a date and an IV column (IV, ATM IV, IV30 or Implied Vol) as a fraction
 * (0.25 = 25%); a value above 5 is refused as a percentage written by mistake.
 */
export function parseIvHistoryCsv(text: string): IvPoint[] {
  const { header, rows } = readCsvTable(text);
  const iDate = requireColumn(header, ['date']);
  const iIv = requireColumn(header, ['iv', 'atm iv', 'iv30', 'implied vol', 'implied volatility']);
  if (rows.length === 0) throw new HistoryDataError('the file has a header but no rows');
  const points: IvPoint[] = [];
  for (const { line, cells } of rows) {
    const date = parseCsvDate(cells[iDate] ?? '', line);
    requireAfter(points.at(-1)?.date, date, line);
    const iv = requirePositive(cells[iIv] ?? '', 'IV', line);
    if (iv > 5) throw new HistoryDataError(`line ${line}: IV ${iv} is not a fraction (write 25% as 0.25)`);
    points.push({ date, atm30: iv });
  }
  return points;
}
