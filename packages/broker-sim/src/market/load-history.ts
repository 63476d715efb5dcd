// Daily bars from the CSV files in data/prices: a pure parser (three column layouts) and a Node loader.
import { readFile } from 'node:fs/promises';
import { type IsoDate, isoDate, parseIsoDate } from '@optionstrader/domain';

export interface DailyBar {
  date: IsoDate;
  open: number;
  high: number;
  low: number;
  /** Close as printed in the file (Yahoo Close: split-adjusted; see data/prices/README.md). */
  close: number;
  /** Shares traded; null when the file has no volume column. */
  volume: number | null;
}

/**
 * - `yahoo`: Date,Open,High,Low,Close,Adj Close,Volume (Adj Close is ignored)
 * - `goro`: Date,Close,High,Low,Open,Volume (yfinance auto-adjusted: Close comes second)
 * - `cboe`: DATE,OPEN,HIGH,LOW,CLOSE with MM/DD/YYYY dates, no volume
 */
export type DailyCsvFormat = 'yahoo' | 'goro' | 'cboe';

export class PriceDataError extends Error {
  override name = 'PriceDataError';
}

const HEADERS: Record<DailyCsvFormat, readonly string[]> = {
  yahoo: ['date', 'open', 'high', 'low', 'close', 'adj close', 'volume'],
  goro: ['date', 'close', 'high', 'low', 'open', 'volume'],
  cboe: ['date', 'open', 'high', 'low', 'close'],
};

function parseDate(text: string, format: DailyCsvFormat, line: number): IsoDate {
  try {
    if (format !== 'cboe') return parseIsoDate(text);
    const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
    if (!match) throw new Error('not MM/DD/YYYY');
    return isoDate(Number(match[3]), Number(match[1]), Number(match[2]));
  } catch {
    throw new PriceDataError(`line ${line}: not a date: "${text}"`);
  }
}

function parsePrice(text: string | undefined, what: string, line: number): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new PriceDataError(`line ${line}: ${what} is not a positive number: "${text ?? ''}"`);
  }
  return value;
}

/** Parses a daily CSV; fails fast on a wrong header, bad cells or dates that are not strictly increasing. */
export function parseDailyCsv(text: string, { format }: { format: DailyCsvFormat }): DailyBar[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim().toLowerCase());
  const expected = HEADERS[format];
  if (header.join(',') !== expected.join(',')) {
    throw new PriceDataError(`header "${lines[0] ?? ''}" is not the ${format} layout (${expected.join(',')})`);
  }
  const column = (name: string): number => expected.indexOf(name);
  const [iOpen, iHigh, iLow, iClose, iVolume] = ['open', 'high', 'low', 'close', 'volume'].map(column);
  const bars: DailyBar[] = [];
  for (let n = 1; n < lines.length; n++) {
    const cells = (lines[n] ?? '').split(',');
    const line = n + 1;
    if (cells.length !== expected.length) throw new PriceDataError(`line ${line}: expected ${expected.length} cells`);
    const date = parseDate((cells[0] ?? '').trim(), format, line);
    const previous = bars[bars.length - 1];
    if (previous && previous.date >= date)
      throw new PriceDataError(`line ${line}: ${date} is not after ${previous.date}`);
    const volumeText = iVolume === undefined || iVolume < 0 ? undefined : cells[iVolume];
    const volume = volumeText === undefined ? null : Number(volumeText);
    bars.push({
      date,
      open: parsePrice(cells[iOpen ?? -1], 'open', line),
      high: parsePrice(cells[iHigh ?? -1], 'high', line),
      low: parsePrice(cells[iLow ?? -1], 'low', line),
      close: parsePrice(cells[iClose ?? -1], 'close', line),
      volume: volume !== null && Number.isFinite(volume) && volume >= 0 ? volume : null,
    });
  }
  return bars;
}

/** Daily bars per underlying symbol plus the VIX, the simulator's whole history input. */
export interface MarketHistory {
  bars: Readonly<Record<string, readonly DailyBar[]>>;
  vix: readonly DailyBar[];
}

/** The files in data/prices and their layouts (see data/prices/README.md for provenance). */
export const DEFAULT_PRICE_FILES: Readonly<Record<string, { path: string; format: DailyCsvFormat }>> = {
  SPY: { path: 'SPY_adjusted_goro2030_1993-2026.csv', format: 'goro' },
  QQQ: { path: 'QQQ_adjusted_goro2030_1999-2026.csv', format: 'goro' },
  AAPL: { path: 'stocks/AAPL.csv', format: 'yahoo' },
  MSFT: { path: 'stocks/MSFT.csv', format: 'yahoo' },
  KO: { path: 'stocks/KO.csv', format: 'yahoo' },
  JPM: { path: 'stocks/JPM.csv', format: 'yahoo' },
  XOM: { path: 'stocks/XOM.csv', format: 'yahoo' },
};
export const DEFAULT_VIX_FILE = { path: 'VIX_History_cboe_1990-2026.csv', format: 'cboe' } as const;

/** The repository's data/prices folder, resolved from this file (packages/broker-sim/src/market). */
export const DEFAULT_PRICES_DIR = new URL('../../../../data/prices/', import.meta.url);

/** Reads and parses the default files (about 4 MB; tens of milliseconds). */
export async function loadDefaultHistory(dir: URL | string = DEFAULT_PRICES_DIR): Promise<MarketHistory> {
  const base = typeof dir === 'string' ? new URL(`file://${dir.endsWith('/') ? dir : `${dir}/`}`) : dir;
  const read = async (file: { path: string; format: DailyCsvFormat }): Promise<DailyBar[]> => {
    const url = new URL(file.path, base);
    try {
      return parseDailyCsv(await readFile(url, 'utf8'), { format: file.format });
    } catch (error) {
      if (error instanceof PriceDataError) throw new PriceDataError(`${url.pathname}: ${error.message}`);
      throw error;
    }
  };
  const entries = await Promise.all(
    Object.entries(DEFAULT_PRICE_FILES).map(async ([symbol, file]) => [symbol, await read(file)] as const),
  );
  return { bars: Object.fromEntries(entries), vix: await read(DEFAULT_VIX_FILE) };
}
