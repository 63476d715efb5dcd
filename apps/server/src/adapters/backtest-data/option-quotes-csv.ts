// Real end-of-day option quotes in the layouts of lambdaclass/options_backtester (see data/options/README.md): the
// 2019 Cboe chains (MM/DD/YYYY dates), the 2017 sample (header cell " exchange" with a leading space) and the
// 2014-15 sample (a first, unnamed row-index column). Columns are found by name, so all three read the same way.
import type { OptionEodQuote } from '@optionstrader/domain';
import { findColumn, numberOrNull, parseCsvDate, readCsvTable, requireColumn, requirePositive } from './csv-table';
import { HistoryDataError } from './history-data-error';

/** A quoted price, size or greek: empty, unparsable or (for prices and sizes) negative cells are unknown. A zero bid
 * stays 0: nobody bids for the option, which is what a fill model needs to know. */
const nonNegative = (text: string | undefined): number | null => {
  const value = numberOrNull(text);
  return value !== null && value >= 0 ? value : null;
};

/** Parses the quotes; symbol is the `underlying` column, `impliedvol` is already a fraction (0.1844 = 18.44%). */
export function parseOptionQuotesCsv(text: string): OptionEodQuote[] {
  const { header, rows } = readCsvTable(text);
  const iSymbol = requireColumn(header, ['underlying']);
  const iType = requireColumn(header, ['type']);
  const iExpiry = requireColumn(header, ['expiration']);
  const iQuoteDate = requireColumn(header, ['quotedate']);
  const iStrike = requireColumn(header, ['strike']);
  const optional = (name: string): ((cells: readonly string[]) => string | undefined) => {
    const index = findColumn(header, [name]);
    return (cells) => (index < 0 ? undefined : cells[index]);
  };
  const bid = optional('bid');
  const ask = optional('ask');
  const last = optional('last');
  const volume = optional('volume');
  const openInterest = optional('openinterest');
  const iv = optional('impliedvol');
  const delta = optional('delta');

  return rows.map(({ line, cells }) => {
    const symbol = (cells[iSymbol] ?? '').toUpperCase();
    if (symbol === '') throw new HistoryDataError(`line ${line}: no underlying`);
    const quoteDate = parseCsvDate(cells[iQuoteDate] ?? '', line);
    const expiry = parseCsvDate(cells[iExpiry] ?? '', line);
    if (expiry < quoteDate)
      throw new HistoryDataError(`line ${line}: quoted on ${quoteDate}, after its expiry ${expiry}`);
    const vol = numberOrNull(iv(cells));
    return {
      symbol,
      quoteDate,
      expiry,
      strike: requirePositive(cells[iStrike] ?? '', 'strike', line),
      right: right(cells[iType] ?? '', line),
      bid: nonNegative(bid(cells)),
      ask: nonNegative(ask(cells)),
      last: nonNegative(last(cells)),
      // The 2019 chains print 0.0 where the vendor computed no implied vol; a quoted option cannot have zero vol.
      iv: vol !== null && vol > 0 ? vol : null,
      delta: numberOrNull(delta(cells)),
      volume: nonNegative(volume(cells)),
      openInterest: nonNegative(openInterest(cells)),
    } satisfies OptionEodQuote;
  });
}

function right(text: string, line: number): 'call' | 'put' {
  const lower = text.toLowerCase();
  if (lower === 'call' || lower === 'c') return 'call';
  if (lower === 'put' || lower === 'p') return 'put';
  throw new HistoryDataError(`line ${line}: type is neither call nor put: "${text}"`);
}
