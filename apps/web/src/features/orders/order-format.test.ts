import type { JournalResponse, OrderView } from '@optionstrader/contracts';
import { describe, expect, test } from 'vitest';
import {
  daysHeldText,
  fillText,
  journalTotals,
  orderLegsText,
  orderLink,
  orderPriceText,
  orderStatusLabel,
  parseOrderFilter,
  statusQuery,
} from './order-format';

type Leg = OrderView['legs'][number];
const put = (overrides: Partial<Leg> = {}): Leg => ({
  key: 'OPT:KO:2026-06-19:P:60',
  symbol: 'KO',
  kind: 'option',
  right: 'put',
  strike: 60,
  expiry: '2026-06-19',
  multiplier: 100,
  side: 'SELL',
  ratio: 1,
  ...overrides,
});

describe('the status filter', () => {
  test('working by default; unknown values fall back to it', () => {
    expect(parseOrderFilter(null)).toBe('working');
    expect(parseOrderFilter('nonsense')).toBe('working');
    expect(parseOrderFilter('filled')).toBe('filled');
  });
  test('"all" asks for no status; the others pass as they are', () => {
    expect(statusQuery('all')).toBeUndefined();
    expect(statusQuery('working')).toBe('working');
    expect(statusQuery('cancelled')).toBe('cancelled');
  });
  test('labels read as words', () => {
    expect(orderStatusLabel('partially_filled')).toBe('partially filled');
    expect(orderStatusLabel('cancel_requested')).toBe('cancel requested');
  });
  test('the link to one order opens it among every status', () => {
    expect(orderLink('0b9a6f5e-4a1e-4d0a-9d55-7f5b1c0f2a11')).toBe(
      '/orders?status=all&order=0b9a6f5e-4a1e-4d0a-9d55-7f5b1c0f2a11',
    );
  });
});

describe('an order in one line', () => {
  test('one leg: its instrument; a combo: each leg with side and ratio', () => {
    expect(orderLegsText({ legs: [put()] })).toBe('KO Jun 19, 2026 60.00 put');
    expect(
      orderLegsText({
        legs: [put({ side: 'BUY' }), put({ strike: 57.5, expiry: '2026-07-17' })],
      }),
    ).toBe('BUY 1 KO Jun 19, 2026 60.00 put / SELL 1 KO Jul 17, 2026 57.50 put');
  });

  test('prices: one leg per share; a combo’s net as a credit or debit; unknown as —', () => {
    expect(orderPriceText({ legs: [put()] }, '1.2')).toBe('1.20');
    expect(orderPriceText({ legs: [put(), put()] }, '-0.45')).toBe('0.45 credit');
    expect(orderPriceText({ legs: [put(), put()] }, '0.3')).toBe('0.30 debit');
    expect(orderPriceText({ legs: [put()] }, null)).toBe('—');
  });

  test('fills as filled/total', () => {
    expect(fillText({ filledQuantity: 0, quantity: 2 })).toBe('0/2');
    expect(fillText({ filledQuantity: 1000, quantity: 1000 })).toBe('1,000/1,000');
  });
});

type Trade = JournalResponse['trades'][number];
const trade = (overrides: Partial<Trade>): Trade => ({
  accountId: '00000000-0000-4000-8000-000000000002',
  accountCode: 'DU-SIM-PM',
  key: 'OPT:KO:2026-06-19:P:60',
  symbol: 'KO',
  kind: 'option',
  direction: 'short',
  quantity: 1,
  openedAt: '2026-05-01T14:00:00.000Z',
  closedAt: '2026-05-20T14:00:00.000Z',
  daysHeld: 19,
  premium: '120',
  commissions: '1.3',
  realizedPnl: '58.7',
  closedBy: 'trade',
  mode: 'paper',
  ...overrides,
});

describe('the trade journal', () => {
  test('totals are exact decimal sums (0.1 + 0.2 is 0.30, not 0.30000000000000004)', () => {
    const totals = journalTotals([
      trade({ premium: '0.1', commissions: '0.65', realizedPnl: '-0.55' }),
      trade({ premium: '0.2', commissions: '0.65', realizedPnl: '120.35' }),
      trade({ premium: '-2500', commissions: '1', realizedPnl: '-1234.56' }),
    ]);
    // 0.1 + 0.2 − 2500; 0.65 + 0.65 + 1; −0.55 + 120.35 − 1234.56.
    expect(totals).toEqual({ trades: 3, premium: '-2499.70', commissions: '2.30', realizedPnl: '-1114.76' });
  });
  test('no trades: zeros', () => {
    expect(journalTotals([])).toEqual({ trades: 0, premium: '0.00', commissions: '0.00', realizedPnl: '0.00' });
  });
  test('days held: whole or one decimal; unknown as —', () => {
    expect(daysHeldText(19)).toBe('19 d');
    expect(daysHeldText(0.46)).toBe('0.5 d');
    expect(daysHeldText(null)).toBe('—');
  });
});
