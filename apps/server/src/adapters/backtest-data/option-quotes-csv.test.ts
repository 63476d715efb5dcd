import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR } from './catalog';
import { HistoryDataError } from './history-data-error';
import { parseOptionQuotesCsv } from './option-quotes-csv';

const csv = (...lines: string[]): string => lines.join('\n');
const shipped = (file: string): string => readFileSync(join(DEFAULT_DATA_DIR, 'options', file), 'utf8');

// Real headers and rows of the three lambdaclass layouts (data/options/README.md).
const CHAIN_2019 = csv(
  'underlying,underlying_last,exchange,optionroot,type,expiration,quotedate,strike,last,net,bid,ask,volume,openinterest,impliedvol,delta,gamma',
  'SPX,2952.07,CBOE,SPX190621C01000000,call,06/21/2019,06/20/2019,1000.0,0.0,0.0,1950.5,1953.2,0,38784,0.0,0.9996,0.0',
  'SPX,2952.07,CBOE,SPX190719P02950000,put,07/19/2019,06/20/2019,2950.0,37.8,-11.6,37.1,38.1,4057,6685,0.1208,-0.4735,0.004',
);
const SAMPLE_2017 = csv(
  'underlying,underlying_last, exchange,optionroot,optionext,type,expiration,quotedate,strike,last,bid,ask,volume,openinterest,impliedvol,delta,gamma,theta,vega,optionalias,dte',
  'SPX,2257.83,*,SPX170317C00300000,,call,2017-03-17,2017-01-03,300,1848.1,1945.3,1950.1,0,12,0.1844,0.9967,0.0,34.053000000000004,0.0,SPX170317C00300000,73',
  'SPX,2257.83,*,SPX170317P00300000,,put,2017-03-17,2017-01-03,300,0.0,0.0,0.05,0,0,0.2518,0.0,0.0,0.0,0.0,SPX170317P00300000,73',
);
const SAMPLE_2014 = csv(
  ',underlying,underlying_last,optionroot,type,expiration,quotedate,strike,last,bid,ask,volume,openinterest,impliedvol,delta,gamma,theta,vega,optionalias,dte',
  '5899273,SPX,2081.88,SPX160617P00650000,put,2016-06-17,2014-12-24,650.0,1.55,0.0,2.2,5,111,0.3044,-0.0005,0.0,-0.4771,4.527,SPX160617P00650000,541',
);

describe('parseOptionQuotesCsv', () => {
  it('reads the 2019 Cboe chains: MM/DD/YYYY dates, a vendor IV of 0.0 as unknown', () => {
    expect(parseOptionQuotesCsv(CHAIN_2019)).toEqual([
      {
        symbol: 'SPX',
        quoteDate: '2019-06-20',
        expiry: '2019-06-21',
        strike: 1000,
        right: 'call',
        bid: 1950.5,
        ask: 1953.2,
        last: 0,
        iv: null,
        delta: 0.9996,
        volume: 0,
        openInterest: 38784,
      },
      {
        symbol: 'SPX',
        quoteDate: '2019-06-20',
        expiry: '2019-07-19',
        strike: 2950,
        right: 'put',
        bid: 37.1,
        ask: 38.1,
        last: 37.8,
        iv: 0.1208,
        delta: -0.4735,
        volume: 4057,
        openInterest: 6685,
      },
    ]);
  });

  it('reads the 2017 sample despite its " exchange" header cell; a zero bid stays 0', () => {
    const [call, put] = parseOptionQuotesCsv(SAMPLE_2017);
    expect(call).toMatchObject({
      quoteDate: '2017-01-03',
      expiry: '2017-03-17',
      strike: 300,
      right: 'call',
      iv: 0.1844,
    });
    expect(put).toMatchObject({ right: 'put', bid: 0, ask: 0.05, last: 0, iv: 0.2518, delta: 0, openInterest: 0 });
  });

  it('reads the 2014-15 sample with its unnamed index column', () => {
    expect(parseOptionQuotesCsv(SAMPLE_2014)).toEqual([
      {
        symbol: 'SPX',
        quoteDate: '2014-12-24',
        expiry: '2016-06-17',
        strike: 650,
        right: 'put',
        bid: 0,
        ask: 2.2,
        last: 1.55,
        iv: 0.3044,
        delta: -0.0005,
        volume: 5,
        openInterest: 111,
      },
    ]);
  });

  it('gives empty, unparsable and negative cells as unknown, and absent columns too', () => {
    const text = csv(
      'underlying,type,expiration,quotedate,strike,bid,ask,impliedvol,delta',
      'spx,CALL,2017-03-17,2017-01-03,2300,,n/a,-0.2,',
    );
    expect(parseOptionQuotesCsv(text)).toEqual([
      {
        symbol: 'SPX',
        quoteDate: '2017-01-03',
        expiry: '2017-03-17',
        strike: 2300,
        right: 'call',
        bid: null,
        ask: null,
        last: null,
        iv: null,
        delta: null,
        volume: null,
        openInterest: null,
      },
    ]);
  });

  it.each([
    [
      'a missing strike column',
      csv('underlying,type,expiration,quotedate', 'SPX,call,2017-03-17,2017-01-03'),
      /no "strike" column/,
    ],
    [
      'a bad type',
      csv('underlying,type,expiration,quotedate,strike', 'SPX,straddle,2017-03-17,2017-01-03,2300'),
      /line 2: type/,
    ],
    [
      'a zero strike',
      csv('underlying,type,expiration,quotedate,strike', 'SPX,put,2017-03-17,2017-01-03,0'),
      /line 2: strike/,
    ],
    [
      'a bad date',
      csv('underlying,type,expiration,quotedate,strike', 'SPX,put,2017-03-17,17/01/2017,2300'),
      /line 2: not a date/,
    ],
    [
      'a quote after expiry',
      csv('underlying,type,expiration,quotedate,strike', 'SPX,put,2017-03-17,2017-03-20,2300'),
      /line 2: quoted on 2017-03-20, after its expiry 2017-03-17/,
    ],
    [
      'no underlying',
      csv('underlying,type,expiration,quotedate,strike', ',put,2017-03-17,2017-01-03,2300'),
      /line 2: no underlying/,
    ],
  ])('rejects %s', (_what, text, message) => {
    expect(() => parseOptionQuotesCsv(text)).toThrow(HistoryDataError);
    expect(() => parseOptionQuotesCsv(text)).toThrow(message);
  });

  it.each([
    ['SPX_2017_sample_lambdaclass.csv', 392, '2017-01-03', '2017-05-19'],
    ['SPX_2014-2015_sample_lambdaclass.csv', 244, '2014-12-15', '2015-03-13'],
    ['SPX_chain_cboe_20190620.csv', 14_330, '2019-06-20', '2019-06-20'],
  ])('parses every row of the shipped %s', (file, rows, first, last) => {
    const quotes = parseOptionQuotesCsv(shipped(file));
    expect(quotes).toHaveLength(rows);
    const dates = quotes.map((q) => q.quoteDate).sort();
    expect([dates[0], dates.at(-1)]).toEqual([first, last]);
    expect(quotes.every((q) => q.symbol === 'SPX' && q.expiry >= q.quoteDate)).toBe(true);
    // No crossed markets in these files (data/options/README.md).
    expect(quotes.every((q) => q.bid === null || q.ask === null || q.bid <= q.ask)).toBe(true);
  });
});
