import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnknownDatasetError } from '@optionstrader/application';
import { backtestDatasetSchema } from '@optionstrader/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKTEST_DATASETS, type CatalogEntry, createFileBacktestData, DEFAULT_DATA_DIR } from './catalog';
import { HistoryDataError } from './history-data-error';

const data = createFileBacktestData();

// Ranges and row counts as recorded when the files were collected (the shared data READMEs, copied into
// data/prices/README.md and data/options/README.md).
const EXPECTED: Record<string, [string, string, number]> = {
  SPX: ['2000-01-03', '2022-11-18', 5759],
  SPY: ['2000-01-03', '2022-11-18', 5759],
  QQQ: ['2000-01-03', '2022-11-18', 5759],
  ...Object.fromEntries(
    ['AAPL', 'JPM', 'KO', 'MSFT', 'XOM', 'JNJ', 'PG', 'WMT'].map((s) => [s, ['1999-12-31', '2023-02-27', 5826]]),
  ),
  VIX: ['1990-01-02', '2026-07-31', 9241],
  'SPX-EOD-2017': ['2017-01-03', '2017-05-19', 392],
  'SPX-EOD-2014': ['2014-12-15', '2015-03-13', 244],
};

describe('the shipped catalog', () => {
  it('names each dataset once, and every file exists in data/', () => {
    const ids = BACKTEST_DATASETS.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const entry of BACKTEST_DATASETS)
      expect(existsSync(join(DEFAULT_DATA_DIR, entry.file)), entry.file).toBe(true);
  });

  it('lists every dataset with the range and row count of its file, in the API shape', async () => {
    const views = await data.datasets();
    for (const view of views) {
      expect(backtestDatasetSchema.parse(view)).toEqual(view);
      expect([view.from, view.to, view.rows], view.id).toEqual(EXPECTED[view.id]);
    }
    expect(views.find((v) => v.id === 'SPX')).toMatchObject({
      kind: 'underlier',
      symbol: 'SPX',
      underlierKind: 'index_etf',
      style: 'european_cash_am',
      dividends: 'derived',
    });
    expect(views.find((v) => v.id === 'KO')).toMatchObject({ underlierKind: 'stock', style: 'american_physical' });
    expect(views.find((v) => v.id === 'VIX')).toMatchObject({ kind: 'iv_index', symbol: null, dividends: null });
    expect(views.find((v) => v.id === 'SPX-EOD-2014')).toMatchObject({ kind: 'option_quotes', symbol: 'SPX' });
  });

  it.each(BACKTEST_DATASETS.filter((e) => e.kind === 'underlier').map((e) => e.id))(
    '%s loads with increasing dates and dividends inside its range',
    async (id) => {
      const history = await data.underlier(id);
      expect(history.symbol).toBe(id);
      history.bars.forEach((bar, i) => {
        if (i > 0) expect(bar.date > (history.bars[i - 1]?.date ?? '')).toBe(true);
      });
      expect(history.dividends.length).toBeGreaterThan(0);
      const first = history.bars[0]?.date ?? '';
      const last = history.bars.at(-1)?.date ?? '';
      history.dividends.forEach((dividend, i) => {
        expect(dividend.exDate > first && dividend.exDate <= last).toBe(true);
        expect(dividend.amount).toBeGreaterThan(0);
        if (i > 0) expect(dividend.exDate > (history.dividends[i - 1]?.exDate ?? '')).toBe(true);
      });
    },
  );

  it("gives SPX SPY's dividends scaled by the closes of the day before", async () => {
    const [spx, spy] = await Promise.all([data.underlier('SPX'), data.underlier('SPY')]);
    expect(spx.dividends.map((d) => d.exDate)).toEqual(spy.dividends.map((d) => d.exDate));
    const closeBefore = (bars: typeof spx.bars, date: string): number =>
      bars.filter((b) => b.date < date).at(-1)?.close ?? NaN;
    spx.dividends.forEach((dividend, i) => {
      const source = spy.dividends[i];
      if (!source) throw new Error('missing');
      const ratio = closeBefore(spx.bars, dividend.exDate) / closeBefore(spy.bars, dividend.exDate);
      expect(ratio).toBeGreaterThan(9.8); // GSPC/SPY close ratio: 9.87..10.23 (shared data README)
      expect(ratio).toBeLessThan(10.3);
      expect(dividend.amount).toBeCloseTo(source.amount * ratio, 3);
    });
    // 1.5699 × 3205.37012 / 320.89999 (closes of 2019-12-19).
    expect(spx.dividends.find((d) => d.exDate === '2019-12-20')?.amount).toBe(15.6812);
  });

  it("starts AAPL's dividends in August 2012, when Apple resumed paying them", async () => {
    expect((await data.underlier('AAPL')).dividends[0]?.exDate).toBe('2012-08-09');
  });

  it('reads the VIX as fractions and the option quotes as given', async () => {
    const vix = await data.ivIndex('VIX');
    expect(vix[0]).toEqual({ date: '1990-01-02', atm30: 17.24 / 100 });
    const quotes = await data.optionQuotes('SPX-EOD-2017');
    expect(quotes[0]).toMatchObject({
      symbol: 'SPX',
      quoteDate: '2017-01-03',
      strike: 300,
      right: 'call',
      bid: 1945.3,
    });
  });

  it('keeps what it parsed, and hands out arrays a caller may change', async () => {
    expect(await data.underlier('SPY')).toBe(await data.underlier('SPY'));
    const vix = await data.ivIndex('VIX');
    vix.length = 0;
    expect((await data.ivIndex('VIX')).length).toBe(9241);
  });

  it('refuses unknown ids and ids of another kind', async () => {
    await expect(data.underlier('TSLA')).rejects.toBeInstanceOf(UnknownDatasetError);
    await expect(data.underlier('TSLA')).rejects.toMatchObject({ datasetId: 'TSLA', name: 'UnknownDatasetError' });
    await expect(data.underlier('VIX')).rejects.toThrow('No underlier dataset "VIX"');
    await expect(data.ivIndex('SPY')).rejects.toBeInstanceOf(UnknownDatasetError);
    await expect(data.optionQuotes('SPX')).rejects.toBeInstanceOf(UnknownDatasetError);
  });
});

describe('createFileBacktestData over another folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backtest-catalog-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'prices'));
  const write = (file: string, ...lines: string[]): void => writeFileSync(join(dir, file), lines.join('\n'));
  const underlier = (id: string, file: string, extra: Partial<CatalogEntry>): CatalogEntry => ({
    id,
    kind: 'underlier',
    file,
    symbol: id,
    underlierKind: 'stock',
    style: 'american_physical',
    dividends: 'none',
    source: 'test',
    ...extra,
  });

  it('forgets a failed load, so a fixed file is read again', async () => {
    write('prices/x.csv', 'Date,Open,High,Low,Close', '2020-01-02,1,2,1,2', '2020-01-02,1,2,1,2');
    const source = createFileBacktestData(dir, [underlier('X', 'prices/x.csv', {})]);
    await expect(source.underlier('X')).rejects.toThrow(HistoryDataError);
    await expect(source.underlier('X')).rejects.toThrow(`${join(dir, 'prices/x.csv')}: line 3`);
    write('prices/x.csv', 'Date,Open,High,Low,Close', '2020-01-02,1,2,1,2', '2020-01-03,1,2,1,2');
    expect((await source.underlier('X')).bars).toHaveLength(2);
  });

  it("takes dividends 'file' from a dividends file or the Dividends column, and fails without either", async () => {
    write('prices/y.csv', 'Date,Open,High,Low,Close,Dividends', '2020-01-02,1,2,1,2,0', '2020-01-03,1,2,1,2,0.25');
    write('prices/y-dividends.csv', 'Date,Dividend', '2020-01-03,0.3');
    write('prices/z.csv', 'Date,Open,High,Low,Close', '2020-01-02,1,2,1,2');
    const source = createFileBacktestData(dir, [
      underlier('Y', 'prices/y.csv', { dividends: 'file' }),
      underlier('YF', 'prices/y.csv', { dividends: 'file', dividendsFile: 'prices/y-dividends.csv' }),
      underlier('Z', 'prices/z.csv', { dividends: 'file' }),
      underlier('ZD', 'prices/z.csv', { dividends: 'derived' }),
    ]);
    expect((await source.underlier('Y')).dividends).toEqual([{ exDate: '2020-01-03', amount: 0.25 }]);
    expect((await source.underlier('YF')).dividends).toEqual([{ exDate: '2020-01-03', amount: 0.3 }]);
    await expect(source.underlier('Z')).rejects.toThrow('no Dividends column and no dividends file');
    await expect(source.underlier('ZD')).rejects.toThrow('no Adj Close to derive dividends from');
  });
});
