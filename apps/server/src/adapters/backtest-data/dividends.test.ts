import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryBar, IsoDate, UnderlierHistory } from '@optionstrader/domain';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR } from './catalog';
import { parseHistoryCsv } from './csv-history';
import { deriveDividends, parseDividendsCsv, scaleDividends } from './dividends';
import { HistoryDataError } from './history-data-error';

const shipped = (file: string): HistoryBar[] =>
  parseHistoryCsv(readFileSync(join(DEFAULT_DATA_DIR, file), 'utf8')).bars;

const bar = (date: string, close: number, adjClose: number | null): HistoryBar => ({
  date: date as IsoDate,
  open: close,
  high: close,
  low: close,
  close,
  adjClose,
  volume: null,
});

describe('deriveDividends', () => {
  it("recovers SPY's December 2019 dividend from two real rows", () => {
    // data/prices/SPY_yahoo_xjcarter_2000-2022.csv lines 5025-5026. By hand:
    //   f(12-19) = 308.39429 / 320.89999 = 0.9610293,  f(12-20) = 309.74628 / 320.73001 = 0.9657540
    //   D = 320.89999 × (1 − 0.9610293 / 0.9657540) = 320.89999 × 0.0048922 = 1.5699
    // State Street's SPY distribution history gives about $1.57 ex 2019-12-20.
    const { bars } = parseHistoryCsv(
      [
        'Date,Open,High,Low,Close,Adj Close,Volume',
        '2019-12-19,319.79999,320.98001,319.51999,320.89999,308.39429,85310500.0',
        '2019-12-20,320.45999,321.97,319.39001,320.73001,309.74627999999996,147142100.0',
      ].join('\n'),
    );
    expect(deriveDividends(bars)).toEqual([{ exDate: '2019-12-20', amount: 1.5699 }]);
  });

  it('finds four SPY dividends a year in the shipped file, plus the 2004 special one', () => {
    const dividends = deriveDividends(shipped('prices/SPY_yahoo_xjcarter_2000-2022.csv'));
    for (let year = 2000; year <= 2021; year++) {
      const count = dividends.filter((d) => d.exDate.startsWith(String(year))).length;
      expect(count, String(year)).toBe(year === 2004 ? 5 : 4);
    }
    expect(dividends.find((d) => d.exDate === '2019-12-20')?.amount).toBe(1.5699);
    // An extra distribution going ex with Microsoft's $3 special dividend (ex 2004-11-15): MSFT was about 2.7% of
    // SPY and the $3 about 11% of its price, so roughly 0.3% of SPY's ~$118, i.e. about $0.35.
    expect(dividends.find((d) => d.exDate === '2004-11-15')?.amount).toBeCloseTo(0.351, 3);
  });

  it("recovers KO's $0.37 quarterly dividend going ex 2017-03-13", () => {
    // data/prices/stocks/KO.csv lines 4326-4327; Coca-Cola paid $0.37 a quarter in 2017.
    const dividends = deriveDividends(shipped('prices/stocks/KO.csv'));
    expect(dividends.find((d) => d.exDate === '2017-03-13')?.amount).toBeCloseTo(0.37, 3);
  });

  it('finds none in an index whose Adj Close equals its Close', () => {
    expect(deriveDividends(shipped('prices/GSPC_yahoo_xjcarter_2000-2022.csv'))).toEqual([]);
  });

  it('ignores print rounding of the factor, falls of the factor, splits and bars without Adj Close', () => {
    const bars = [
      bar('2020-01-02', 100, 90),
      bar('2020-01-03', 101, 90.9 * (1 - 1e-5)), // factor falls by 1e-5: rounding, not a dividend
      bar('2020-01-06', 50.5, 45.45), // 2:1 split: Close and Adj Close halve together
      bar('2020-01-07', 51, 45), // factor falls going forward (0.9 → 0.882): not a dividend
      bar('2020-01-08', 51, null),
      bar('2020-01-09', 50, 44),
    ];
    expect(deriveDividends(bars)).toEqual([]);
  });

  it('drops amounts under a tenth of a cent and rounds to 4 decimals', () => {
    // f falls by 5e-5 on a $10 stock: D = 10 × 5e-5 = 0.0005, below the floor.
    expect(
      deriveDividends([bar('2020-01-02', 10, 10 * 0.9), bar('2020-01-03', 10, 10 * 0.9 * (1 + 5.0003e-5))]),
    ).toEqual([]);
    // D = 100 × (1 − 0.99/1) = 1 (float dust rounded away).
    expect(deriveDividends([bar('2020-01-02', 100, 99), bar('2020-01-03', 99, 99)])).toEqual([
      { exDate: '2020-01-03', amount: 1 },
    ]);
  });
});

describe('scaleDividends', () => {
  const spy: UnderlierHistory = {
    symbol: 'SPY',
    kind: 'index_etf',
    style: 'american_physical',
    bars: [bar('2019-12-18', 319.59, null), bar('2019-12-19', 320.89999, null), bar('2019-12-20', 320.73001, null)],
    dividends: [
      { exDate: '2019-12-18' as IsoDate, amount: 9 }, // no day before in the index's bars: left out
      { exDate: '2019-12-20' as IsoDate, amount: 1.5699 },
      { exDate: '2019-12-23' as IsoDate, amount: 9 }, // after the index's last bar: left out
    ],
  };
  const spx = [
    bar('2019-12-18', 3191.14, null),
    bar('2019-12-19', 3205.37012, null),
    bar('2019-12-20', 3221.21997, null),
  ];

  it('scales by the closes of the day before the ex-date', () => {
    // GSPC and SPY closes of 2019-12-19 (the xjcarter files): 1.5699 × 3205.37012 / 320.89999 = 15.6812.
    expect(scaleDividends(spy, spx)).toEqual([{ exDate: '2019-12-20', amount: 15.6812 }]);
  });

  it('uses the day before even when the ex-date itself is missing from the bars', () => {
    const withGap = { ...spy, dividends: [{ exDate: '2019-12-21' as IsoDate, amount: 1 }] };
    const moreSpx = [...spx, bar('2019-12-23', 3224.01, null)];
    expect(scaleDividends(withGap, moreSpx)).toEqual([{ exDate: '2019-12-21', amount: 10.0434 }]);
  });
});

describe('parseDividendsCsv', () => {
  it('reads either date order, adds amounts on one ex-date, drops zeros and allows a dollar sign', () => {
    const text = ['Ex-Date,Amount', '2004-11-15,$3.00', '2004-11-15,0.08', '2004-08-23,0.08', '2004-05-19,0'].join(
      '\n',
    );
    expect(parseDividendsCsv(text)).toEqual([
      { exDate: '2004-08-23', amount: 0.08 },
      { exDate: '2004-11-15', amount: 3.08 },
    ]);
  });

  it('reads the Yahoo layout with MM/DD/YYYY dates too', () => {
    expect(parseDividendsCsv('Date,Dividends\n03/13/2017,0.37\n')).toEqual([{ exDate: '2017-03-13', amount: 0.37 }]);
  });

  it.each([
    ['no amount column', 'Date,Value\n2020-01-02,1', /no "dividend" or/],
    ['a negative amount', 'Date,Dividend\n2020-01-02,-1', /line 2: the dividend is negative/],
    ['a bad amount', 'Date,Dividend\n2020-01-02,n/a', /line 2: the dividend is not a number/],
    ['a bad date', 'Date,Dividend\n2020-13-02,1', /line 2: not a date/],
  ])('rejects %s', (_what, text, message) => {
    expect(() => parseDividendsCsv(text)).toThrow(HistoryDataError);
    expect(() => parseDividendsCsv(text)).toThrow(message);
  });
});
