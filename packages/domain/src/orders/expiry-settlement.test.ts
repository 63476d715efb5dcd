import { describe, expect, it } from 'vitest';
import { type IsoDate, parseIsoDate } from '../calendar';
import { parseMoney } from '../money';
import { type SettlementPosition, expiryOutcome, settleExpiredOptions, sharesDelivered } from './expiry-settlement';

const EXPIRY = parseIsoDate('2026-03-20');

const option = (overrides: Partial<SettlementPosition>): SettlementPosition => ({
  instrumentId: 'opt',
  symbol: 'KO',
  kind: 'option',
  right: 'put',
  strike: 60,
  expiry: EXPIRY,
  multiplier: 100,
  quantity: -1,
  costBasis: '-149.35',
  ...overrides,
});
const stock = (symbol: string, instrumentId: string, quantity: number): SettlementPosition => ({
  instrumentId,
  symbol,
  kind: 'stock',
  right: null,
  strike: null,
  expiry: null,
  multiplier: 1,
  quantity,
  costBasis: '0',
});
const closes =
  (table: Record<string, number | null>) =>
  (symbol: string): number | null =>
    table[symbol] ?? null;

describe('expiryOutcome', () => {
  it.each([
    ['call', 400, '400.01', 1, 'exercise'],
    ['call', 400, '400.00', -1, 'expiration'],
    ['call', 400, '400.01', -1, 'assignment'],
    ['put', 60, '59.99', -2, 'assignment'],
    ['put', 60, '60.00', 1, 'expiration'],
    ['put', 60, '59.99', 1, 'exercise'],
  ] as const)('%s %s closing at %s, %s contracts → %s', (right, strike, close, quantity, expected) => {
    expect(expiryOutcome({ right, strike: parseMoney(String(strike)), quantity }, parseMoney(close))).toBe(expected);
  });

  it('delivers shares: long calls and short puts receive, long puts and short calls deliver', () => {
    expect([
      sharesDelivered('call', 1, 100),
      sharesDelivered('put', -2, 100),
      sharesDelivered('put', 1, 100),
      sharesDelivered('call', -3, 10),
    ]).toEqual([100, 200, -100, -30]);
  });
});

describe('settleExpiredOptions', () => {
  it('assigns a short put into stock at the strike; the option closes at 0 and its credit is realized', () => {
    // Sold 2 KO 60 puts at 1.50: 300.00 credit less 1.30 commission → cost basis −298.70. KO closes at 58.37 (1.63 in
    // the money): assigned, +200 shares at 60.00 = 12,000.00 paid; the option leaves the book, 298.70 realized.
    const result = settleExpiredOptions(
      [option({ instrumentId: 'ko-put', quantity: -2, costBasis: '-298.70' })],
      closes({ KO: 58.37 }),
      EXPIRY,
    );
    expect(result).toEqual({
      events: [
        {
          kind: 'assignment',
          instrumentId: 'ko-put',
          symbol: 'KO',
          quantity: -2,
          expiry: EXPIRY,
          close: '58.37',
          realizedPnl: '298.70',
        },
      ],
      deltas: [
        { target: { instrumentId: 'ko-put' }, quantity: 2, cost: '0.00' },
        { target: { stockSymbol: 'KO' }, quantity: 200, cost: '12000.00' },
      ],
      unknown: [],
    });
  });

  it('exercises a long call into stock the book already holds, and a long put out of it', () => {
    // Long 1 AAPL 190 call (paid 5.20 + 0.65 → 520.65); AAPL closes 195.004 → 195.00: exercised, +100 at 190.
    // Long 1 AAPL 200 put (paid 6.00 + 0.65 → 600.65): 5.00 in the money, exercised, −100 at 200 (20,000 received).
    const result = settleExpiredOptions(
      [
        stock('AAPL', 'aapl', 100),
        option({ instrumentId: 'call', symbol: 'AAPL', right: 'call', strike: 190, quantity: 1, costBasis: '520.65' }),
        option({ instrumentId: 'put', symbol: 'AAPL', right: 'put', strike: 200, quantity: 1, costBasis: '600.65' }),
      ],
      closes({ AAPL: 195.004 }),
      EXPIRY,
    );
    expect(result.events.map((e) => [e.instrumentId, e.kind, e.close, e.realizedPnl])).toEqual([
      ['call', 'exercise', '195.00', '-520.65'],
      ['put', 'exercise', '195.00', '-600.65'],
    ]);
    expect(result.deltas).toEqual([
      { target: { instrumentId: 'call' }, quantity: -1, cost: '0.00' },
      { target: { instrumentId: 'aapl' }, quantity: 100, cost: '19000.00' },
      { target: { instrumentId: 'put' }, quantity: -1, cost: '0.00' },
      { target: { instrumentId: 'aapl' }, quantity: -100, cost: '-20000.00' },
    ]);
  });

  it('lets an option less than a cent in the money expire; a cent in the money is assigned', () => {
    // A short MSFT 400 call: 400.004 rounds to 400.00 (at the money) → expires; 400.006 → 400.01 → assigned.
    const call = option({ instrumentId: 'msft', symbol: 'MSFT', right: 'call', strike: 400, costBasis: '-310.35' });
    const expired = settleExpiredOptions([call], closes({ MSFT: 400.004 }), EXPIRY);
    expect(expired.events.map((e) => [e.kind, e.quantity, e.realizedPnl])).toEqual([['expiration', -1, '310.35']]);
    expect(expired.deltas).toEqual([{ target: { instrumentId: 'msft' }, quantity: 1, cost: '0.00' }]);
    const assigned = settleExpiredOptions([call], closes({ MSFT: 400.006 }), EXPIRY);
    expect(assigned.deltas).toEqual([
      { target: { instrumentId: 'msft' }, quantity: 1, cost: '0.00' },
      // Short call assigned: 100 shares delivered at 400.00, 40,000.00 received.
      { target: { stockSymbol: 'MSFT' }, quantity: -100, cost: '-40000.00' },
    ]);
  });

  it('leaves options alone when the close is unknown, before their expiry, flat, or stock', () => {
    const later = parseIsoDate('2026-04-17') satisfies IsoDate;
    const result = settleExpiredOptions(
      [
        option({ instrumentId: 'spy', symbol: 'SPY', quantity: 3 }),
        option({ instrumentId: 'later', expiry: later }),
        option({ instrumentId: 'flat', quantity: 0 }),
        stock('KO', 'ko', 100),
      ],
      closes({ KO: 10, SPY: null }),
      EXPIRY,
    );
    expect(result).toEqual({
      events: [],
      deltas: [],
      unknown: [{ instrumentId: 'spy', symbol: 'SPY', expiry: EXPIRY }],
    });
  });

  it('settles options whose expiry has passed (a pass that ran late)', () => {
    const result = settleExpiredOptions(
      [option({ instrumentId: 'old' })],
      closes({ KO: 70 }),
      parseIsoDate('2026-03-23'),
    );
    expect(result.events.map((e) => [e.kind, e.expiry])).toEqual([['expiration', EXPIRY]]);
  });
});
