// The datasets a backtest can select — the files shipped in the repository's data/ folder (provenance in
// data/prices/README.md and data/options/README.md) — and the BacktestDataSource that reads them on first use.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BacktestDataSource, UnknownDatasetError } from '@optionstrader/application';
import type { BacktestDatasetView } from '@optionstrader/contracts';
import type {
  DividendPayment,
  IvPoint,
  OptionEodQuote,
  OptionStyle,
  UnderlierHistory,
  UnderlyingKind,
} from '@optionstrader/domain';
import { deriveDividends, scaleDividends } from './dividends';
import { HistoryDataError } from './history-data-error';
import {
  hasAdjClose,
  loadIvHistoryFile,
  loadIvIndexFile,
  loadOptionQuotesFile,
  readDividendsFile,
  readHistoryFile,
} from './load-files';

/** Where an underlier's cash dividends come from. */
export type DividendSource =
  /** `dividendsFile`, or else the bars file's own Dividends column. */
  | 'file'
  /** The jumps of Adj Close / Close (dividends.ts). */
  | 'derived'
  /** Another underlier dataset's dividends, scaled by the ratio of the two closes (an index from its ETF). */
  | { derivedFrom: string }
  | 'none';

export interface CatalogEntry {
  id: string;
  kind: BacktestDatasetView['kind'];
  /** Relative to the data folder. */
  file: string;
  /** The underlier (underliers and option quotes); null for an IV index. */
  symbol: string | null;
  underlierKind: UnderlyingKind | null;
  style: OptionStyle | null;
  /** Underliers only. */
  dividends: DividendSource | null;
  /** A dividends CSV relative to the data folder, for dividends 'file'. */
  dividendsFile?: string;
  /** Provenance: where the file came from. */
  source: string;
}

const XJCARTER = 'github.com/xjcarter/data @ 0a33a4a9 (no license stated)';
const KUNAL = 'github.com/KunalHariaFL/data';
const LAMBDACLASS = 'github.com/lambdaclass/options_backtester @ 113427b2 (MIT)';

const stock = (symbol: string, commit: string): CatalogEntry => ({
  id: symbol,
  kind: 'underlier',
  file: `prices/stocks/${symbol}.csv`,
  symbol,
  underlierKind: 'stock',
  style: 'american_physical',
  dividends: 'derived',
  source: `Yahoo Finance daily bars, ${KUNAL} ${symbol}.csv @ ${commit} (no license stated); dividends derived from Adj Close`,
});

const etf = (symbol: string, name: string): CatalogEntry => ({
  id: symbol,
  kind: 'underlier',
  file: `prices/${symbol}_yahoo_xjcarter_2000-2022.csv`,
  symbol,
  underlierKind: 'index_etf',
  style: 'american_physical',
  dividends: 'derived',
  source: `${name}: Yahoo Finance daily bars (Close split-adjusted, not dividend-adjusted), ${XJCARTER} ${symbol}.csv; dividends derived from Adj Close`,
});

export const BACKTEST_DATASETS: readonly CatalogEntry[] = [
  {
    id: 'SPX',
    kind: 'underlier',
    file: 'prices/GSPC_yahoo_xjcarter_2000-2022.csv',
    symbol: 'SPX',
    underlierKind: 'index_etf',
    style: 'european_cash_am',
    dividends: { derivedFrom: 'SPY' },
    source: `S&P 500 price index: Yahoo Finance ^GSPC daily bars, ${XJCARTER} ^GSPC.csv; dividends are SPY's scaled by SPX/SPY (about 0.1%/yr low: SPY's expense ratio)`,
  },
  etf('SPY', 'SPDR S&P 500 ETF'),
  etf('QQQ', 'Invesco QQQ (Nasdaq-100) ETF'),
  stock('AAPL', '2319dd68'),
  stock('JPM', 'f2927fe1'),
  stock('KO', 'f2927fe1'),
  stock('MSFT', '1c2adfe1'),
  stock('XOM', '2c48794c'),
  stock('JNJ', 'f2927fe1'),
  stock('PG', '1c2adfe1'),
  stock('WMT', '2c48794c'),
  {
    id: 'VIX',
    kind: 'iv_index',
    file: 'prices/VIX_History_cboe_1990-2026.csv',
    symbol: null,
    underlierKind: null,
    style: null,
    dividends: null,
    source:
      "Cboe VIX index, Cboe's official VIX_History.csv (data © Cboe) via github.com/sintszkay/market-reports data/VIX_History.csv @ dc4fca98; 30-day ATM vol = CLOSE / 100",
  },
  {
    id: 'SPX-EOD-2017',
    kind: 'option_quotes',
    file: 'options/SPX_2017_sample_lambdaclass.csv',
    symbol: 'SPX',
    underlierKind: null,
    style: null,
    dividends: null,
    source: `Real SPX end-of-day quotes for a fixed set of contracts (expiries 2017-03-17, 2017-04-21, 2017-05-19), ${LAMBDACLASS} tests/test_data/test_data_options.csv`,
  },
  {
    id: 'SPX-EOD-2014',
    kind: 'option_quotes',
    file: 'options/SPX_2014-2015_sample_lambdaclass.csv',
    symbol: 'SPX',
    underlierKind: null,
    style: null,
    dividends: null,
    source: `Real SPX end-of-day quotes for the 2016-06-17 expiry, quoted 2014-12-15 .. 2015-03-13, ${LAMBDACLASS} tests/test_data/options_data.csv`,
  },
];

/** The repository's data/ folder, resolved from this file (apps/server/src/adapters/backtest-data). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../../../data/', import.meta.url));

/** One load per key; a failed load is forgotten so a fixed file can be read again. */
function memoized<T>(): (key: string, load: () => Promise<T>) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key, load) => {
    const known = cache.get(key);
    if (known) return known;
    const loading = load();
    cache.set(key, loading);
    loading.catch(() => cache.delete(key));
    return loading;
  };
}

const range = (dates: readonly string[]): { from: string; to: string; rows: number } => {
  const sorted = [...dates].sort();
  const from = sorted[0];
  const to = sorted.at(-1);
  if (from === undefined || to === undefined) throw new HistoryDataError('the dataset has no rows');
  return { from, to, rows: dates.length };
};

/** Reads the catalog's files from `dataDir` on first use and keeps what it parsed (a few MB per file). */
export function createFileBacktestData(
  dataDir: string = DEFAULT_DATA_DIR,
  catalog: readonly CatalogEntry[] = BACKTEST_DATASETS,
): BacktestDataSource {
  const underliers = memoized<UnderlierHistory>();
  const ivIndexes = memoized<IvPoint[]>();
  const ivHistories = memoized<IvPoint[]>();
  const quoteSets = memoized<OptionEodQuote[]>();
  const views = memoized<BacktestDatasetView[]>();
  const entry = (id: string, kind: CatalogEntry['kind']): CatalogEntry => {
    const found = catalog.find((candidate) => candidate.id === id && candidate.kind === kind);
    if (!found) throw new UnknownDatasetError(id, kind);
    return found;
  };
  const path = (file: string): string => join(dataDir, file);

  const underlier = (id: string): Promise<UnderlierHistory> =>
    underliers(id, async () => {
      const spec = entry(id, 'underlier');
      if (!spec.underlierKind || !spec.style)
        throw new Error(`catalog entry ${id}: an underlier needs a kind and a style`);
      const parsed = await readHistoryFile(path(spec.file));
      const dividends = async (): Promise<readonly DividendPayment[]> => {
        const source = spec.dividends ?? 'none';
        if (source === 'none') return [];
        if (typeof source === 'object') return scaleDividends(await underlier(source.derivedFrom), parsed.bars);
        if (source === 'derived') {
          if (!hasAdjClose(parsed)) throw new HistoryDataError(`${spec.file}: no Adj Close to derive dividends from`);
          return deriveDividends(parsed.bars);
        }
        if (spec.dividendsFile) return readDividendsFile(path(spec.dividendsFile));
        if (!parsed.dividends) throw new HistoryDataError(`${spec.file}: no Dividends column and no dividends file`);
        return parsed.dividends;
      };
      return {
        symbol: spec.symbol ?? spec.id,
        kind: spec.underlierKind,
        style: spec.style,
        bars: parsed.bars,
        dividends: await dividends(),
      };
    });
  const ivIndex = (id: string): Promise<IvPoint[]> =>
    ivIndexes(id, async () => loadIvIndexFile(path(entry(id, 'iv_index').file)));
  const ivHistory = (id: string): Promise<IvPoint[]> =>
    ivHistories(id, async () => loadIvHistoryFile(path(entry(id, 'iv_history').file)));
  const optionQuotes = (id: string): Promise<OptionEodQuote[]> =>
    quoteSets(id, async () => loadOptionQuotesFile(path(entry(id, 'option_quotes').file)));

  const view = async (spec: CatalogEntry): Promise<BacktestDatasetView> => {
    const dates =
      spec.kind === 'underlier'
        ? (await underlier(spec.id)).bars.map((bar) => bar.date)
        : spec.kind === 'iv_index'
          ? (await ivIndex(spec.id)).map((point) => point.date)
          : spec.kind === 'iv_history'
            ? (await ivHistory(spec.id)).map((point) => point.date)
            : (await optionQuotes(spec.id)).map((quote) => quote.quoteDate);
    return {
      id: spec.id,
      kind: spec.kind,
      symbol: spec.symbol,
      underlierKind: spec.underlierKind,
      style: spec.style,
      ...range(dates),
      dividends: spec.dividends === null ? null : typeof spec.dividends === 'object' ? 'derived' : spec.dividends,
      source: spec.source,
    };
  };

  return {
    datasets: async () => (await views('all', () => Promise.all(catalog.map(view)))).map((v) => ({ ...v })),
    underlier,
    // Copies: callers get arrays they may sort or filter without touching the cache.
    ivIndex: async (id) => [...(await ivIndex(id))],
    ivHistory: async (id) => [...(await ivHistory(id))],
    optionQuotes: async (id) => [...(await optionQuotes(id))],
  };
}
