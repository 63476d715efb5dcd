import { describe, expect, test } from 'vitest';
import { expiresText, legInstrument, legUnits, limitPriceText, paramText, spreadText } from './recommendation-format';

const leg = {
  symbol: 'KO',
  kind: 'option' as const,
  right: 'put' as const,
  strike: 60,
  expiry: '2026-06-19',
  multiplier: 100,
  side: 'SELL' as const,
  ratio: 1,
  bid: 1.15,
  ask: 1.25,
  mid: 1.2,
};

describe('legs', () => {
  test('an option leg names its expiry, strike and right; a stock leg its shares', () => {
    expect(legInstrument(leg)).toBe('KO Jun 19, 2026 60.00 put');
    expect(legInstrument({ ...leg, kind: 'stock', right: null, strike: null, expiry: null, multiplier: 1 })).toBe(
      'KO shares',
    );
  });
  test('units of a leg are the ratio times the order quantity', () => {
    expect(legUnits({ ratio: 2 }, 3)).toBe(6);
  });
});

describe('limitPriceText', () => {
  test('one leg: the price per share', () => {
    expect(limitPriceText({ limitPrice: '1.2', legs: [leg] })).toBe('1.20');
  });
  test('several legs: the net with its sense (− credit, + debit)', () => {
    expect(limitPriceText({ limitPrice: '-0.45', legs: [leg, leg] })).toBe('0.45 credit');
    expect(limitPriceText({ limitPrice: '1.1', legs: [leg, leg] })).toBe('1.10 debit');
    expect(limitPriceText({ limitPrice: '0', legs: [leg, leg] })).toBe('0.00 even');
  });
  test('no limit is unknown, never 0', () => {
    expect(limitPriceText({ limitPrice: null, legs: [leg] })).toBe('—');
  });
});

test('spreadText shows each side, unknown as "—"', () => {
  expect(spreadText({ bid: 1.15, ask: null })).toBe('bid 1.15 · ask —');
});

describe('expiresText', () => {
  const now = Date.parse('2026-05-01T14:00:00Z');
  test('time left until a future expiry, time since a past one', () => {
    // 14:00 → 17:00 is 3 h; 13:55 was 5 min ago.
    expect(expiresText('2026-05-01T17:00:00Z', now)).toBe('in 3 h');
    expect(expiresText('2026-05-01T13:55:00Z', now)).toBe('expired 5 min ago');
    expect(expiresText(null, now)).toBe('—');
  });
});

test('paramText: scalars as they are, objects as JSON, null as unknown', () => {
  expect(paramText(0.3)).toBe('0.3');
  expect(paramText('roll')).toBe('roll');
  expect(paramText({ minDte: 21 })).toBe('{"minDte":21}');
  expect(paramText(null)).toBe('—');
});
