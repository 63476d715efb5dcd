import { describe, expect, it } from 'vitest';
import { HistoryDataError, parseHistoryCsv } from './csv-history';

const csv = (...lines: string[]): string => lines.join('\n');

// Real rows: data/prices/SPY_yahoo_xjcarter_2000-2022.csv lines 1-3 and SPY_adjusted_goro2030_1993-2026.csv 1-3.
const YAHOO = csv(
  'Date,Open,High,Low,Close,Adj Close,Volume',
  '2000-01-03,148.25,148.25,143.875,145.4375,96.55506,8164300.0',
  '2000-01-04,143.53125,144.0625,139.64061999999998,139.75,92.77916,8089800.0',
);
const GORO = csv(
  'Date,Close,High,Low,Open,Volume',
  '1993-01-29,24.175392150878906,24.192586597643402,24.072225470291944,24.192586597643402,1003200',
  '1993-02-01,24.347318649291992,24.34731864929199,24.19256874262276,24.19256874262276,480500',
);

const errorOf = (text: string): string => {
  try {
    parseHistoryCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryDataError);
    return (error as Error).message;
  }
  throw new Error('expected a HistoryDataError');
};

describe('parseHistoryCsv', () => {
  it('reads the Yahoo layout with Adj Close and volume', () => {
    const { bars, dividends } = parseHistoryCsv(YAHOO);
    expect(bars).toEqual([
      {
        date: '2000-01-03',
        open: 148.25,
        high: 148.25,
        low: 143.875,
        close: 145.4375,
        adjClose: 96.55506,
        volume: 8164300,
      },
      {
        date: '2000-01-04',
        open: 143.53125,
        high: 144.0625,
        low: 139.64061999999998,
        close: 139.75,
        adjClose: 92.77916,
        volume: 8089800,
      },
    ]);
    expect(dividends).toBeNull();
  });

  it('finds Close second in the goro layout (no Adj Close)', () => {
    const [first] = parseHistoryCsv(GORO).bars;
    expect(first).toEqual({
      date: '1993-01-29',
      open: 24.192586597643402,
      high: 24.192586597643402,
      low: 24.072225470291944,
      close: 24.175392150878906,
      adjClose: null,
      volume: 1003200,
    });
  });

  it('reads MM/DD/YYYY dates, any header case and spacing, CRLF, empty lines and unknown columns', () => {
    const text =
      ' DATE ,CLOSE,low, High ,OPEN,Stock Splits\r\n01/02/1990,17.24,17.1,17.3,17.2,0\r\n\r\n1/3/1990,18.19,18,18.5,18.1,0\r\n';
    expect(parseHistoryCsv(text).bars).toEqual([
      { date: '1990-01-02', open: 17.2, high: 17.3, low: 17.1, close: 17.24, adjClose: null, volume: null },
      { date: '1990-01-03', open: 18.1, high: 18.5, low: 18, close: 18.19, adjClose: null, volume: null },
    ]);
  });

  it('takes a Dividends column as cash dividends going ex on that row', () => {
    const { dividends } = parseHistoryCsv(
      csv(
        'Date,Open,High,Low,Close,Volume,Dividends',
        '2019-12-19,319.8,320.98,319.52,320.9,85310500,0.0',
        '2019-12-20,320.46,321.97,319.39,320.73,147142100,1.570269',
        '2019-12-23,321.59,321.65,321.06,321.22,52990000,',
      ),
    );
    expect(dividends).toEqual([{ exDate: '2019-12-20', amount: 1.570269 }]);
  });

  it('gives an empty volume cell as unknown', () => {
    expect(parseHistoryCsv(csv('Date,Open,High,Low,Close,Volume', '2020-01-02,1,2,1,2,')).bars[0]?.volume).toBeNull();
  });

  it.each([
    ['a missing column', csv('Date,Open,High,Low,Adj Close', '2020-01-02,1,2,1,2'), /line 1: no "close" column/],
    [
      'a column given twice',
      csv('Date,Open,High,Low,Close,close', '2020-01-02,1,2,1,2,2'),
      /line 1: more than one "close"/,
    ],
    ['no rows', csv('Date,Open,High,Low,Close', ''), /no rows/],
    ['an empty file', '\n\n', /empty/],
    [
      'Yahoo null cells',
      csv('Date,Open,High,Low,Close', '2020-01-02,1,2,1,2', '2020-01-03,null,null,null,null'),
      /line 3: Open is "null"/,
    ],
    [
      'a non-numeric price',
      csv('Date,Open,High,Low,Close', '2020-01-02,1,2,1,abc'),
      /line 2: Close is not a number: "abc"/,
    ],
    ['a zero price', csv('Date,Open,High,Low,Close', '2020-01-02,1,2,0,2'), /line 2: Low is not positive/],
    [
      'a negative Adj Close',
      csv('Date,Open,High,Low,Close,Adj Close', '2020-01-02,1,2,1,2,-2'),
      /line 2: Adj Close is not positive/,
    ],
    ['an empty price cell', csv('Date,Open,High,Low,Close', '2020-01-02,1,,1,2'), /line 2: High is not a number/],
    [
      'a negative volume',
      csv('Date,Open,High,Low,Close,Volume', '2020-01-02,1,2,1,2,-5'),
      /line 2: Volume is negative/,
    ],
    [
      'a negative dividend',
      csv('Date,Open,High,Low,Close,Dividends', '2020-01-02,1,2,1,2,-0.5'),
      /line 2: Dividends is negative/,
    ],
    [
      'a row with too few cells',
      csv('Date,Open,High,Low,Close', '2020-01-02,1,2,1'),
      /line 2: 4 cells where the header has 5/,
    ],
    ['a bad date', csv('Date,Open,High,Low,Close', '2020-02-30,1,2,1,2'), /line 2: not a date/],
    ['a day-first date', csv('Date,Open,High,Low,Close', '31.01.2020,1,2,1,2'), /line 2: not a date/],
    [
      'a repeated date',
      csv('Date,Open,High,Low,Close', '2020-01-02,1,2,1,2', '2020-01-02,1,2,1,2'),
      /line 3: dates must be strictly increasing: 2020-01-02 after 2020-01-02/,
    ],
    [
      'dates going back (line numbers count empty lines)',
      csv('Date,Open,High,Low,Close', '2020-01-03,1,2,1,2', '', '2020-01-02,1,2,1,2'),
      /line 4: dates must be strictly increasing/,
    ],
  ])('rejects %s', (_what, text, message) => {
    expect(errorOf(text)).toMatch(message);
  });
});
