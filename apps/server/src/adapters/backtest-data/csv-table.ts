// The CSV reading the history parsers share: a header looked up by name, rows keyed by their line in the file, and
// the two date formats the shipped files use. The files have no quoted cells, so a cell never contains a comma.
import { type IsoDate, isoDate, parseIsoDate } from '@optionstrader/domain';
import { HistoryDataError } from './history-data-error';

export interface CsvRow {
  /** 1-based line in the file (the header is line 1; empty lines count too). */
  line: number;
  /** Trimmed cells. */
  cells: string[];
}

export interface CsvTable {
  /** Header cells, trimmed and lower-cased: `" exchange"` → `"exchange"`, `"Adj Close"` → `"adj close"`. */
  header: string[];
  rows: CsvRow[];
}

/** Splits a CSV into a header and rows; empty lines are skipped, a row with another cell count is an error. */
export function readCsvTable(text: string): CsvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0) throw new HistoryDataError('the file is empty');
  const header = (lines[first] ?? '').split(',').map((cell) => cell.trim().toLowerCase());
  const rows: CsvRow[] = [];
  for (let n = first + 1; n < lines.length; n++) {
    const text = lines[n] ?? '';
    if (text.trim() === '') continue;
    const cells = text.split(',').map((cell) => cell.trim());
    if (cells.length !== header.length) {
      throw new HistoryDataError(`line ${n + 1}: ${cells.length} cells where the header has ${header.length}`);
    }
    rows.push({ line: n + 1, cells });
  }
  return { header, rows };
}

/** The index of the first header cell among `names` (lower-case), or -1; a name given twice is an error. */
export function findColumn(header: readonly string[], names: readonly string[]): number {
  const hits = header.flatMap((cell, index) => (names.includes(cell) ? [index] : []));
  if (hits.length > 1) throw new HistoryDataError(`line 1: more than one "${names[0] ?? ''}" column`);
  return hits[0] ?? -1;
}

/** Like findColumn, but a missing column is an error naming the header. */
export function requireColumn(header: readonly string[], names: readonly string[]): number {
  const index = findColumn(header, names);
  if (index < 0) {
    throw new HistoryDataError(`line 1: no "${names.join('" or "')}" column in the header "${header.join(',')}"`);
  }
  return index;
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** 'YYYY-MM-DD' or Cboe's 'MM/DD/YYYY'; anything else (or an impossible date) is an error naming the line. */
export function parseCsvDate(text: string, line: number): IsoDate {
  try {
    const us = US_DATE.exec(text);
    return us ? isoDate(Number(us[3]), Number(us[1]), Number(us[2])) : parseIsoDate(text);
  } catch {
    throw new HistoryDataError(`line ${line}: not a date (YYYY-MM-DD or MM/DD/YYYY): "${text}"`);
  }
}

/** A finite number, or null for an empty cell, "null" or text that is not one. */
export function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** A required number: Yahoo's "null" cells (days it has no data for) get their own message. */
export function requireNumber(text: string, what: string, line: number): number {
  if (text.toLowerCase() === 'null') {
    throw new HistoryDataError(`line ${line}: ${what} is "null" (a day the source has no data for; remove the row)`);
  }
  const value = numberOrNull(text);
  if (value === null) throw new HistoryDataError(`line ${line}: ${what} is not a number: "${text}"`);
  return value;
}

export function requirePositive(text: string, what: string, line: number): number {
  const value = requireNumber(text, what, line);
  if (value <= 0) throw new HistoryDataError(`line ${line}: ${what} is not positive: "${text}"`);
  return value;
}

/** Fails unless `date` comes after `previous` (history files are in ascending date order, one row a day). */
export function requireAfter(previous: IsoDate | undefined, date: IsoDate, line: number): void {
  if (previous !== undefined && date <= previous) {
    throw new HistoryDataError(`line ${line}: dates must be strictly increasing: ${date} after ${previous}`);
  }
}
