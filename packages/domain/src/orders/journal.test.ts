import { describe, expect, it } from 'vitest';
import type { InstrumentKey } from '../instruments';
import { buildJournal } from './journal';
import type { JournalEvent, JournalFill } from './journal-types';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 15);
const at = (days: number) => new Date(T0 + days * DAY);

const PUT = 'OPT:KO:2026-03-20:P:60:100:USD' as InstrumentKey;

const fill = (
  side: 'buy' | 'sell',
  quantity: number,
  price: string,
  day: number,
  overrides: Partial<JournalFill> = {},
): JournalFill => ({
  accountId: 'acc-1',
  accountCode: 'DU1',
  instrumentId: 'ko-put',
  key: PUT,
  symbol: 'KO',
  kind: 'option',
  multiplier: 100,
  side,
  quantity,
  price,
  commission: '1.00',
  executedAt: at(day),
  mode: 'paper',
  ...overrides,
});
const event = (
  kind: JournalEvent['kind'],
  quantity: number,
  day: number,
  overrides: Partial<JournalEvent> = {},
): JournalEvent => ({
  accountId: 'acc-1',
  instrumentId: 'ko-put',
  kind,
  quantity,
  occurredAt: at(day),
  ...overrides,
});
const shares = (overrides: Partial<JournalFill> = {}): Partial<JournalFill> => ({
  instrumentId: 'ko',
  key: 'STK:KO:USD' as InstrumentKey,
  kind: 'stock',
  multiplier: 1,
  ...overrides,
});

describe('buildJournal — options', () => {
  it('closes a short put bought back: premium received, P&L after both commissions', () => {
    // Sold 2 at 1.50 (300.00 received, 1.30 commission), bought back 2 at 0.40 ten days later (80.00, 1.30):
    // P&L = 300.00 − 80.00 − 2.60 = 217.40.
    const [trade, ...rest] = buildJournal(
      [fill('sell', 2, '1.50', 0, { commission: '1.30' }), fill('buy', 2, '0.40', 10, { commission: '1.30' })],
      [],
    );
    expect(rest).toEqual([]);
    expect(trade).toEqual({
      accountId: 'acc-1',
      accountCode: 'DU1',
      instrumentId: 'ko-put',
      key: PUT,
      symbol: 'KO',
      kind: 'option',
      direction: 'short',
      quantity: 2,
      openedAt: at(0),
      closedAt: at(10),
      daysHeld: 10,
      premium: '300.00',
      commissions: '2.60',
      realizedPnl: '217.40',
      closedBy: 'trade',
      mode: 'paper',
    });
  });

  it('closes the rest at 0 on an expiration: the whole premium less commissions', () => {
    const [trade] = buildJournal([fill('sell', 1, '2.00', 0)], [event('expiration', -1, 74.3)]);
    expect(trade).toMatchObject({ closedBy: 'expiration', premium: '200.00', realizedPnl: '199.00', daysHeld: 74 });
  });

  it('reports an early assignment as an assignment, and a long option exercised as an exercise', () => {
    const assigned = buildJournal([fill('sell', 1, '2.00', 0)], [event('early_assignment', -1, 3)]);
    expect(assigned.map((t) => t.closedBy)).toEqual(['assignment']);
    const exercised = buildJournal([fill('buy', 1, '3.10', 0)], [event('exercise', 1, 3)]);
    expect(exercised.map((t) => [t.closedBy, t.direction, t.premium, t.realizedPnl])).toEqual([
      ['exercise', 'long', '-310.00', '-311.00'],
    ]);
  });

  it('keeps the trip open after a partial early assignment until the rest closes', () => {
    // Sold 3 at 1.00 (300.00); 2 assigned early, the last one expires: P&L 300.00 − 1.00.
    const trades = buildJournal(
      [fill('sell', 3, '1.00', 0)],
      [event('early_assignment', -2, 5), event('expiration', -1, 9)],
    );
    expect(trades.map((t) => [t.closedBy, t.quantity, t.realizedPnl, t.closedAt])).toEqual([
      ['expiration', 3, '299.00', at(9)],
    ]);
  });

  it('sums scaled-in opening fills into the premium and adds money exactly', () => {
    // Sold 1 at 0.10 and 1 at 0.20 (30.00), bought both back at 0.15 (30.00): exactly 0 before commissions.
    const [trade] = buildJournal(
      [
        fill('sell', 1, '0.10', 0, { commission: null }),
        fill('sell', 1, '0.20', 1, { commission: null }),
        fill('buy', 2, '0.15', 2, { commission: null }),
      ],
      [],
    );
    expect(trade).toMatchObject({ premium: '30.00', commissions: '0.00', realizedPnl: '0.00', quantity: 2 });
  });

  it('leaves open trips out and ignores an event on a flat position', () => {
    expect(buildJournal([fill('sell', 1, '1.00', 0)], [])).toEqual([]);
    expect(buildJournal([], [event('expiration', -1, 1)])).toEqual([]);
  });

  it('applies a fill before an event of the same instant', () => {
    // Bought back 1 of 2 at the close, the other expired at that same instant.
    const trades = buildJournal(
      [fill('sell', 2, '1.00', 0, { commission: '0' }), fill('buy', 1, '0.05', 5, { commission: '0' })],
      [event('expiration', -1, 5)],
    );
    expect(trades.map((t) => [t.closedBy, t.realizedPnl])).toEqual([['expiration', '195.00']]);
  });
});

describe('buildJournal — stock', () => {
  it('closes one trip and opens the next when a fill crosses zero, splitting its commission', () => {
    // Long 100 at 50.00 (1.00); sell 300 at 55.00 (1.50): 100 close the long (0.50 of the commission), 200 open a short
    // at 55.00 (1.00 of it), bought back at 52.00 (1.00).
    const trades = buildJournal(
      [
        fill('buy', 100, '50.00', 0, shares({ commission: '1.00' })),
        fill('sell', 300, '55.00', 2, shares({ commission: '1.50', mode: 'live' })),
        fill('buy', 200, '52.00', 4, shares({ commission: '1.00', mode: 'live' })),
      ],
      [],
    );
    expect(trades.map((t) => [t.direction, t.quantity, t.premium, t.commissions, t.realizedPnl, t.mode])).toEqual([
      // Newest close first: 11,000.00 − 10,400.00 − 2.00.
      ['short', 200, '11000.00', '2.00', '598.00', 'live'],
      // 5,500.00 − 5,000.00 − 1.50.
      ['long', 100, '-5000.00', '1.50', '498.50', 'paper'],
    ]);
    expect(trades[0]?.openedAt).toEqual(at(2));
  });
});

describe('buildJournal — grouping and order', () => {
  it('keeps accounts and instruments apart and lists the newest close first', () => {
    const trades = buildJournal(
      [
        fill('sell', 1, '1.00', 0),
        fill('sell', 1, '1.00', 0, { accountId: 'acc-2', accountCode: 'DU2' }),
        fill('buy', 100, '50', 1, shares()),
        fill('buy', 1, '0.50', 3, { accountId: 'acc-2', accountCode: 'DU2' }),
        fill('sell', 100, '51', 2, shares()),
        fill('buy', 1, '0.50', 6),
      ],
      [],
    );
    expect(trades.map((t) => [t.accountCode, t.instrumentId, t.closedAt])).toEqual([
      ['DU1', 'ko-put', at(6)],
      ['DU2', 'ko-put', at(3)],
      ['DU1', 'ko', at(2)],
    ]);
  });
});
