import type { OpportunityView } from '@optionstrader/contracts';
import { describe, expect, test } from 'vitest';
import { chainLink, nextSort, OPPORTUNITY_COLUMNS } from './opportunity-columns';

const unknownEverything: OpportunityView = {
  id: '00000000-0000-4000-8000-000000000001',
  runId: '00000000-0000-4000-8000-000000000002',
  instanceId: null,
  instanceName: null,
  symbol: 'KO',
  expiry: '2026-06-19',
  strike: 60,
  right: 'put',
  dte: null,
  bid: null,
  ask: null,
  mid: null,
  delta: null,
  iv: null,
  ivRank: null,
  ror: null,
  annualizedRor: null,
  pop: null,
  volume: null,
  openInterest: null,
  spreadPct: null,
  score: null,
  rank: null,
  details: null,
  createdAt: '2026-05-01T14:00:00.000Z',
};

const cells = (o: OpportunityView) => Object.fromEntries(OPPORTUNITY_COLUMNS.map((c) => [c.id, c.format(o)]));

describe('OPPORTUNITY_COLUMNS', () => {
  test('every unknown metric shows as "—", never 0', () => {
    const shown = cells(unknownEverything);
    for (const id of [
      'rank',
      'dte',
      'delta',
      'bid',
      'ask',
      'mid',
      'iv',
      'ivRank',
      'ror',
      'annualizedRor',
      'pop',
      'openInterest',
      'spreadPct',
      'score',
    ]) {
      expect(shown[id], id).toBe('—');
    }
    expect(shown['symbol']).toBe('KO');
    expect(shown['strike']).toBe('60.00');
    expect(shown['right']).toBe('Put');
    expect(shown['expiry']).toBe('Jun 19, 2026');
  });

  test('known metrics: ratios as percentages, prices with 2 decimals', () => {
    const shown = cells({
      ...unknownEverything,
      dte: 35,
      delta: -0.2841,
      bid: 1.15,
      ask: 1.25,
      mid: 1.2,
      iv: 0.2345,
      ivRank: 0.42,
      ror: 0.0204,
      annualizedRor: 0.2127,
      pop: 0.781,
      openInterest: 12500,
      spreadPct: 0.0833,
      score: 0.8123,
      rank: 1,
    });
    expect(shown).toMatchObject({
      dte: '35',
      delta: '-0.28',
      mid: '1.20',
      iv: '23.5%',
      ivRank: '42%',
      ror: '2.04%',
      annualizedRor: '21.3%',
      pop: '78.1%',
      openInterest: '12,500',
      spreadPct: '8.3%',
      score: '0.812',
      rank: '1',
    });
  });

  test('every sortable column sorts by a key the API accepts, each key once', () => {
    const keys = OPPORTUNITY_COLUMNS.flatMap((c) => (c.sort ? [c.sort] : []));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(
      [
        'annualizedRor',
        'delta',
        'dte',
        'iv',
        'ivRank',
        'openInterest',
        'pop',
        'ror',
        'score',
        'spreadPct',
        'symbol',
      ].sort(),
    );
  });
});

describe('nextSort', () => {
  test('the sorted column flips its order', () => {
    expect(nextSort({ sort: 'score', order: 'desc' }, 'score')).toEqual({ sort: 'score', order: 'asc' });
    expect(nextSort({ sort: 'score', order: 'asc' }, 'score')).toEqual({ sort: 'score', order: 'desc' });
  });
  test('another column starts with its best first: the largest return, the narrowest spread, A to Z', () => {
    expect(nextSort({ sort: 'score', order: 'desc' }, 'annualizedRor')).toEqual({
      sort: 'annualizedRor',
      order: 'desc',
    });
    expect(nextSort({ sort: 'score', order: 'desc' }, 'spreadPct')).toEqual({ sort: 'spreadPct', order: 'asc' });
    expect(nextSort({ sort: 'score', order: 'desc' }, 'symbol')).toEqual({ sort: 'symbol', order: 'asc' });
  });
});

test('chainLink opens the chain page at the opportunity’s underlier and expiry', () => {
  expect(chainLink({ symbol: 'BRK.B', expiry: '2026-06-19' })).toBe('/chain?symbol=BRK.B&expiry=2026-06-19');
});
