import { describe, expect, it } from 'vitest';
import { PriceDataError, parseDailyCsv } from './load-history';

describe('parseDailyCsv', () => {
  it('reads the Yahoo layout, taking Close and not Adj Close', () => {
    const text =
      'Date,Open,High,Low,Close,Adj Close,Volume\n' +
      '2023-02-24,147.11,147.19,145.72,146.71,146.0,55469600\n' +
      '2023-02-27,147.71,149.17,147.45,147.92,147.2,44998500\n';
    expect(parseDailyCsv(text, { format: 'yahoo' })).toEqual([
      { date: '2023-02-24', open: 147.11, high: 147.19, low: 145.72, close: 146.71, volume: 55469600 },
      { date: '2023-02-27', open: 147.71, high: 149.17, low: 147.45, close: 147.92, volume: 44998500 },
    ]);
  });

  it('reads the Goro2030 layout, where Close is the second column', () => {
    const text = 'Date,Close,High,Low,Open,Volume\r\n2026-03-27,634.09,642.66,633.11,642.5,102725900\r\n';
    expect(parseDailyCsv(text, { format: 'goro' })).toEqual([
      { date: '2026-03-27', open: 642.5, high: 642.66, low: 633.11, close: 634.09, volume: 102725900 },
    ]);
  });

  it('reads the Cboe layout with MM/DD/YYYY dates and no volume', () => {
    const text = 'DATE,OPEN,HIGH,LOW,CLOSE\n07/31/2026,16.820000,18.700000,15.820000,15.990000\n';
    expect(parseDailyCsv(text, { format: 'cboe' })).toEqual([
      { date: '2026-07-31', open: 16.82, high: 18.7, low: 15.82, close: 15.99, volume: null },
    ]);
  });

  it('refuses a header of another layout', () => {
    expect(() => parseDailyCsv('Date,Open,High,Low,Close,Adj Close,Volume\n', { format: 'goro' })).toThrow(
      PriceDataError,
    );
  });

  it('refuses bad cells and dates out of order', () => {
    const header = 'DATE,OPEN,HIGH,LOW,CLOSE\n';
    expect(() => parseDailyCsv(`${header}07/31/2026,1,1,1,\n`, { format: 'cboe' })).toThrow(/close/);
    expect(() => parseDailyCsv(`${header}07/31/2026,1,1,1,0\n`, { format: 'cboe' })).toThrow(/close/);
    expect(() => parseDailyCsv(`${header}2026-07-31,1,1,1,1\n`, { format: 'cboe' })).toThrow(/date/);
    expect(() => parseDailyCsv(`${header}07/31/2026,1,1,1,1\n07/30/2026,1,1,1,1\n`, { format: 'cboe' })).toThrow(
      /not after/,
    );
  });
});
