import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryDataError } from './history-data-error';
import { loadIvIndexFile, loadOptionQuotesFile, loadUnderlierFile } from './load-files';

const dir = mkdtempSync(join(tmpdir(), 'backtest-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, ...lines: string[]): string => {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
};

const META = { symbol: 'SPY', kind: 'index_etf', style: 'american_physical' } as const;
// SPY around its 2019-12-20 ex-date (data/prices/SPY_yahoo_xjcarter_2000-2022.csv).
const SPY_ROWS = [
  '2019-12-19,319.79999,320.98001,319.51999,320.89999,308.39429,85310500.0',
  '2019-12-20,320.45999,321.97,319.39001,320.73001,309.74627999999996,147142100.0',
];

describe('loadUnderlierFile', () => {
  it('derives dividends from Adj Close when there is nothing better', async () => {
    const path = file('spy.csv', 'Date,Open,High,Low,Close,Adj Close,Volume', ...SPY_ROWS);
    const history = await loadUnderlierFile(path, META);
    expect(history).toMatchObject({ symbol: 'SPY', kind: 'index_etf', style: 'american_physical' });
    expect(history.bars).toHaveLength(2);
    expect(history.dividends).toEqual([{ exDate: '2019-12-20', amount: 1.5699 }]);
  });

  it('prefers a dividends file', async () => {
    const path = file('spy2.csv', 'Date,Open,High,Low,Close,Adj Close,Volume', ...SPY_ROWS);
    const dividendsPath = file('spy-dividends.csv', 'Ex-Date,Dividend', '2019-12-20,1.570269');
    const history = await loadUnderlierFile(path, { ...META, dividendsPath });
    expect(history.dividends).toEqual([{ exDate: '2019-12-20', amount: 1.570269 }]);
  });

  it("uses the file's Dividends column over Adj Close", async () => {
    const path = file(
      'spy3.csv',
      'Date,Open,High,Low,Close,Adj Close,Volume,Dividends',
      `${SPY_ROWS[0]},0`,
      `${SPY_ROWS[1]},1.57`,
    );
    expect((await loadUnderlierFile(path, META)).dividends).toEqual([{ exDate: '2019-12-20', amount: 1.57 }]);
  });

  it('has no dividends without a source', async () => {
    const path = file('goro.csv', 'Date,Close,High,Low,Open,Volume', '1993-01-29,24.18,24.19,24.07,24.19,1003200');
    expect((await loadUnderlierFile(path, META)).dividends).toEqual([]);
  });

  it('names the file and the line of a bad cell', async () => {
    const path = file('bad.csv', 'Date,Open,High,Low,Close', '2020-01-02,1,2,1,2', '2020-01-03,null,null,null,null');
    const failure = loadUnderlierFile(path, META);
    await expect(failure).rejects.toThrow(HistoryDataError);
    await expect(failure).rejects.toThrow(`${path}: line 3: Open is "null"`);
  });

  it('lets a missing file fail as the file system does', async () => {
    await expect(loadUnderlierFile(join(dir, 'absent.csv'), META)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('loadIvIndexFile and loadOptionQuotesFile', () => {
  it('read through the parsers', async () => {
    const vix = file('vix.csv', 'DATE,OPEN,HIGH,LOW,CLOSE', '01/02/1990,17.24,17.24,17.24,17.24');
    expect(await loadIvIndexFile(vix)).toEqual([{ date: '1990-01-02', atm30: 17.24 / 100 }]);
    const quotes = file(
      'quotes.csv',
      'underlying,type,expiration,quotedate,strike,bid,ask',
      'SPX,put,2017-03-17,2017-01-03,2250,30.1,30.9',
    );
    expect(await loadOptionQuotesFile(quotes)).toMatchObject([{ symbol: 'SPX', strike: 2250, bid: 30.1, ask: 30.9 }]);
    const broken = file('broken.csv', 'underlying,type,expiration,quotedate', 'SPX,put,2017-03-17,2017-01-03');
    await expect(loadOptionQuotesFile(broken)).rejects.toThrow(`${broken}: line 1: no "strike" column`);
  });
});
