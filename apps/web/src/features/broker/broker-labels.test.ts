import { describe, expect, it } from 'vitest';
import { counterRows, marketDataLabel } from './broker-labels';

describe('counterRows', () => {
  it('labels the IBKR counters in a fixed order, with the TWS limit next to the peak rate', () => {
    expect(counterRows({ marketDataLinesPeak: 42, peakPerSecond: 12, sent: 12_345 })).toEqual([
      { key: 'sent', label: 'Messages sent', value: '12,345', hint: null, over: false },
      { key: 'peakPerSecond', label: 'Peak messages/s', value: '12', hint: 'TWS limit 50', over: false },
      { key: 'marketDataLinesPeak', label: 'Market-data lines at peak', value: '42', hint: null, over: false },
    ]);
  });

  it('flags a peak rate past the TWS limit, and shows unknown counters under their own name', () => {
    const rows = counterRows({ zeta: 1, peakPerSecond: 51, alpha: 2 });
    expect(rows.map((r) => [r.key, r.over])).toEqual([
      ['peakPerSecond', true],
      ['alpha', false],
      ['zeta', false],
    ]);
    expect(rows[1]?.label).toBe('alpha');
  });

  it('is empty without counters (the simulated broker)', () => {
    expect(counterRows({})).toEqual([]);
  });
});

describe('marketDataLabel', () => {
  it('names the known types and passes an unknown one through', () => {
    expect(marketDataLabel('delayed_frozen')).toBe('Delayed, frozen');
    expect(marketDataLabel('model')).toBe('Model prices (simulated)');
    expect(marketDataLabel('something-new')).toBe('something-new');
  });
});
