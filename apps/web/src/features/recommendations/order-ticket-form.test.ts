import { describe, expect, test } from 'vitest';
import {
  bandText,
  cashDirection,
  formFromDefaults,
  limitInWords,
  orderCash,
  overridesFromForm,
  sharesPerUnit,
  ticketDefaults,
  ticketErrorsFromIssues,
  type TicketDefaults,
} from './order-ticket-form';

const defaults: TicketDefaults = { quantity: 2, limitPrice: 1.2, tif: 'DAY' };
const sell = [{ side: 'SELL' as const }];
const buy = [{ side: 'BUY' as const }];
const roll = [{ side: 'BUY' as const }, { side: 'SELL' as const }];

describe('the form and its overrides', () => {
  test('the first preview fills the form; a decimal string limit becomes a number', () => {
    const d = ticketDefaults({ quantity: 3, limitPrice: '-0.45', tif: 'GTC' });
    expect(d).toEqual({ quantity: 3, limitPrice: -0.45, tif: 'GTC' });
    expect(formFromDefaults(d)).toEqual({ quantity: 3, limitPrice: -0.45, tif: 'GTC' });
    // Without a limit the field starts empty, never 0.
    expect(formFromDefaults({ ...d, limitPrice: null }).limitPrice).toBe('');
  });

  test('untouched fields are left to the server: approving with the defaults sends {}', () => {
    expect(overridesFromForm(formFromDefaults(defaults), defaults)).toEqual({ ok: true, overrides: {} });
  });

  test('only what changed is sent', () => {
    expect(overridesFromForm({ quantity: 2, limitPrice: 1.25, tif: 'DAY' }, defaults)).toEqual({
      ok: true,
      overrides: { limitPrice: 1.25 },
    });
    expect(overridesFromForm({ quantity: '5', limitPrice: 1.2, tif: 'GTC' }, defaults)).toEqual({
      ok: true,
      overrides: { quantity: 5, tif: 'GTC' },
    });
  });

  test('a quantity must be a whole number from 1 to 10,000', () => {
    for (const quantity of [0, -1, 1.5, 10_001]) {
      const parsed = overridesFromForm({ quantity, limitPrice: 1.2, tif: 'DAY' }, defaults);
      expect(parsed.ok ? null : parsed.errors.quantity, String(quantity)).toBe('A whole number from 1 to 10,000');
    }
    const blank = overridesFromForm({ quantity: '', limitPrice: 1.2, tif: 'DAY' }, defaults);
    expect(blank.ok ? null : blank.errors.quantity).toBe('Enter a quantity');
    const junk = overridesFromForm({ quantity: '2x', limitPrice: 1.2, tif: 'DAY' }, defaults);
    expect(junk.ok ? null : junk.errors.quantity).toBe('Not a number');
  });

  test('a blank limit keeps the recommendation’s price; without one it is required; junk is not a number', () => {
    expect(overridesFromForm({ quantity: 2, limitPrice: '', tif: 'DAY' }, defaults)).toEqual({
      ok: true,
      overrides: {},
    });
    const required = overridesFromForm({ quantity: 2, limitPrice: ' ', tif: 'DAY' }, { ...defaults, limitPrice: null });
    expect(required.ok ? null : required.errors.limitPrice).toBe('Enter a limit price');
    // What a number input holds while a minus sign is being typed.
    const typing = overridesFromForm({ quantity: 2, limitPrice: '-', tif: 'DAY' }, defaults);
    expect(typing.ok ? null : typing.errors.limitPrice).toBe('Not a number');
  });
});

describe('the limit in words', () => {
  test('one leg: sell at or above, buy at or below, per share', () => {
    expect(limitInWords(1.2, sell)).toBe('Sell at 1.20 or more per share');
    expect(limitInWords(25, buy)).toBe('Buy at 25.00 or less per share');
    expect(limitInWords(null, sell)).toBe('No limit price');
  });

  test('a combo: + is a debit paid, − a credit received, 0 even', () => {
    expect(limitInWords(0.35, roll)).toBe('Net debit of 0.35 per share: you pay at most 0.35');
    expect(limitInWords(-0.6, roll)).toBe('Net credit of 0.60 per share: you receive at least 0.60');
    expect(limitInWords(0, roll)).toBe('Net even: nothing paid or received');
  });

  test('the cash at the limit: |limit| × shares per unit × quantity, and which way it goes', () => {
    // Sell 2 puts at 1.20: 1.20 × 100 × 2 = 240 received.
    expect(orderCash(1.2, 2, sharesPerUnit([{ multiplier: 100, ratio: 1 }]))).toBeCloseTo(240, 9);
    expect(cashDirection(1.2, sell)).toBe('receive');
    // A roll for a 0.60 credit, 3 units: 180 received.
    expect(orderCash(-0.6, 3, 100)).toBeCloseTo(180, 9);
    expect(cashDirection(-0.6, roll)).toBe('receive');
    expect(cashDirection(0.35, roll)).toBe('pay');
    expect(cashDirection(25, buy)).toBe('pay');
    // 100 shares of stock: multiplier 1.
    expect(orderCash(50, 100, sharesPerUnit([{ multiplier: 1, ratio: 1 }]))).toBe(5000);
    expect(orderCash(null, 2, 100)).toBeNull();
    expect(orderCash(1.2, null, 100)).toBeNull();
  });
});

describe('the allowed band', () => {
  test('one leg as prices; a combo’s net with its sense, lowest signed net first; unknown without a quote', () => {
    expect(bandText({ min: 0.96, max: 1.44 }, 1)).toBe('0.96 – 1.44');
    expect(bandText({ min: -1.4, max: -1 }, 2)).toBe('1.40 credit – 1.00 credit');
    expect(bandText({ min: -0.05, max: 0.1 }, 2)).toBe('0.05 credit – 0.10 debit');
    expect(bandText(null, 1)).toBe('unknown (no quote)');
  });
});

test('server issues go next to the field they name; the rest to the alert', () => {
  expect(
    ticketErrorsFromIssues([
      { path: 'body.limitPrice', message: 'limit 2.00 is 0.80 from the mid 1.20' },
      { path: 'body.quantity', message: 'Too big' },
      { path: 'body.quantity', message: 'second one is dropped' },
      { path: 'body', message: 'Unrecognized key: "side"' },
    ]),
  ).toEqual({
    fields: { limitPrice: 'limit 2.00 is 0.80 from the mid 1.20', quantity: 'Too big' },
    other: ['Unrecognized key: "side"'],
  });
});
