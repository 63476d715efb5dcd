import { describe, expect, it } from 'vitest';
import { HistoryDataError } from './history-data-error';
import { parseIvHistoryCsv, parseIvIndexCsv } from './iv-index';

describe('parseIvIndexCsv', () => {
  it("reads Cboe's VIX_History layout (real rows, data/prices/VIX_History_cboe_1990-2026.csv)", () => {
    const text = [
      'DATE,OPEN,HIGH,LOW,CLOSE',
      '01/03/2000,24.360000,26.150000,23.980000,24.210000',
      '01/04/2000,24.940000,27.180000,24.800000,27.010000',
    ].join('\n');
    const points = parseIvIndexCsv(text);
    expect(points.map((p) => p.date)).toEqual(['2000-01-03', '2000-01-04']);
    expect(points[0]?.atm30).toBeCloseTo(0.2421, 12);
    expect(points[1]?.atm30).toBeCloseTo(0.2701, 12);
  });

  it("reads Yahoo's ^VIX layout (real rows of xjcarter/data ^VIX.csv) to the same values", () => {
    const text = [
      'Date,Open,High,Low,Close,Adj Close,Volume',
      '2000-01-03,24.36,26.15,23.98,24.21,24.21,0',
      '2000-01-04,24.94,27.18,24.8,27.01,27.01,0',
    ].join('\r\n');
    expect(parseIvIndexCsv(text).map((p) => [p.date, p.atm30])).toEqual([
      ['2000-01-03', 24.21 / 100],
      ['2000-01-04', 27.01 / 100],
    ]);
  });

  it('reads only the close: placeholder OPEN/HIGH/LOW do not matter', () => {
    expect(parseIvIndexCsv('DATE,OPEN,HIGH,LOW,CLOSE\n01/02/1992,0.5,0.5,99,18.3\n')[0]?.atm30).toBeCloseTo(0.183, 12);
  });

  it.each([
    ['a missing CLOSE column', 'DATE,OPEN\n01/02/1990,17.24', /no "close" column/],
    ['a zero close', 'DATE,CLOSE\n01/02/1990,0', /line 2: CLOSE is not positive/],
    ['a null close', 'DATE,CLOSE\n01/02/1990,null', /line 2: CLOSE is "null"/],
    ['dates out of order', 'DATE,CLOSE\n01/03/1990,18\n01/02/1990,17', /line 3: dates must be strictly increasing/],
    ['no rows', 'DATE,CLOSE\n', /no rows/],
  ])('rejects %s', (_what, text, message) => {
    expect(() => parseIvIndexCsv(text)).toThrow(HistoryDataError);
    expect(() => parseIvIndexCsv(text)).toThrow(message);
  });
});

describe('parseIvHistoryCsv', () => {
  it('reads an underlier’s own IV as fractions, whatever the IV column is called', () => {
    expect(parseIvHistoryCsv('Date,IV\n2021-01-04,0.21\n2021-01-05,0.225\n')).toEqual([
      { date: '2021-01-04', atm30: 0.21 },
      { date: '2021-01-05', atm30: 0.225 },
    ]);
    expect(parseIvHistoryCsv('date,ATM IV,volume\n01/04/2021,0.3,10\n')).toEqual([{ date: '2021-01-04', atm30: 0.3 }]);
  });

  it('refuses percentages, missing columns, bad cells and dates out of order, naming the line', () => {
    expect(() => parseIvHistoryCsv('Date,IV\n2021-01-04,21\n')).toThrow(/line 2: IV 21 is not a fraction/);
    expect(() => parseIvHistoryCsv('Date,Close\n2021-01-04,0.2\n')).toThrow(/no "iv"/);
    expect(() => parseIvHistoryCsv('Date,IV\n2021-01-04,-0.2\n')).toThrow(/line 2/);
    expect(() => parseIvHistoryCsv('Date,IV\n2021-01-05,0.2\n2021-01-04,0.2\n')).toThrow(/line 3/);
  });
});
