// Reading history files from disk with the parsers here, for the catalog and for the CLI's `--data` files. A parse
// error is rethrown with the file's path in front of the line number.
import { readFile } from 'node:fs/promises';
import type {
  DividendPayment,
  IvPoint,
  OptionEodQuote,
  OptionStyle,
  UnderlierHistory,
  UnderlyingKind,
} from '@optionstrader/domain';
import { type ParsedHistory, parseHistoryCsv } from './csv-history';
import { deriveDividends, parseDividendsCsv } from './dividends';
import { HistoryDataError } from './history-data-error';
import { parseIvHistoryCsv, parseIvIndexCsv } from './iv-index';
import { parseOptionQuotesCsv } from './option-quotes-csv';

async function readDataFile<T>(path: string, parse: (text: string) => T): Promise<T> {
  const text = await readFile(path, 'utf8');
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof HistoryDataError) throw new HistoryDataError(`${path}: ${error.message}`, { cause: error });
    throw error;
  }
}

export const readHistoryFile = (path: string): Promise<ParsedHistory> => readDataFile(path, parseHistoryCsv);
export const readDividendsFile = (path: string): Promise<DividendPayment[]> => readDataFile(path, parseDividendsCsv);

/** Whether the file had an Adj Close column (the parser fills it on every bar or on none). */
export const hasAdjClose = (parsed: ParsedHistory): boolean => (parsed.bars[0]?.adjClose ?? null) !== null;

export interface UnderlierFileOptions {
  symbol: string;
  kind: UnderlyingKind;
  style: OptionStyle;
  /** A dividends CSV (Date/Ex-Date, Dividend/Amount). */
  dividendsPath?: string;
}

/**
 * An underlier from a daily CSV. Dividends, first found: the dividends file, the CSV's own Dividends column,
 * derived from its Adj Close, else none.
 */
export async function loadUnderlierFile(path: string, options: UnderlierFileOptions): Promise<UnderlierHistory> {
  const parsed = await readHistoryFile(path);
  const dividends = options.dividendsPath
    ? await readDividendsFile(options.dividendsPath)
    : (parsed.dividends ?? (hasAdjClose(parsed) ? deriveDividends(parsed.bars) : []));
  return { symbol: options.symbol, kind: options.kind, style: options.style, bars: parsed.bars, dividends };
}

export const loadIvIndexFile = (path: string): Promise<IvPoint[]> => readDataFile(path, parseIvIndexCsv);

export const loadIvHistoryFile = (path: string): Promise<IvPoint[]> => readDataFile(path, parseIvHistoryCsv);

export const loadOptionQuotesFile = (path: string): Promise<OptionEodQuote[]> =>
  readDataFile(path, parseOptionQuotesCsv);
