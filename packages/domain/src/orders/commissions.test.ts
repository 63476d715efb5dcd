import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../money';
import {
  incrementalCommission,
  optionCommission,
  optionRate,
  orderCommission,
  legCommission,
  stockCommission,
} from './commissions';

// Examples on IBKR's published "IBKR Pro Fixed" pricing page (US stocks and US options).
describe('IBKR Pro fixed commissions', () => {
  it.each([
    ['100 shares at 25.00 → the 1.00 minimum', 100, '25', '1.00'],
    ['1,000 shares of a 50.00 stock → 5.00', 1000, '50', '5.00'],
    ['10,000 shares at 30.00 → 50.00', 10_000, '30', '50.00'],
    ['the 1% maximum wins when it is below the minimum: 100 shares at 0.50 → 0.50', 100, '0.5', '0.50'],
    ['1% of trade value caps the per-share fee: 2,000 shares at 0.40 → 8.00', 2000, '0.4', '8.00'],
  ])('stocks: %s', (_name, shares, price, expected) => {
    expect(formatMoney(stockCommission(shares, parseMoney(price)))).toBe(expected);
  });

  it.each([
    ['3 contracts at 1.20 → 1.95', 3, '1.20', '1.95'],
    ['1 contract → the 1.00 minimum', 1, '1.20', '1.00'],
    ['10 contracts at 0.07 (0.50 tier) → 5.00', 10, '0.07', '5.00'],
    ['10 contracts at 0.03 (0.25 tier) → 2.50', 10, '0.03', '2.50'],
    ['10 contracts at 0.10 (0.65 tier) → 6.50', 10, '0.10', '6.50'],
  ])('options: %s', (_name, contracts, premium, expected) => {
    expect(formatMoney(optionCommission(contracts, parseMoney(premium)))).toBe(expected);
  });

  it('uses the premium tier of the absolute premium', () => {
    expect(formatMoney(optionRate(parseMoney('-1.5')))).toBe('0.65');
  });

  it('charges the order minimum once across legs and partial fills', () => {
    // A 1-lot roll: two legs of 0.65 each → 1.30 for the order, not 2 × the minimum.
    const legs = [
      legCommission({ kind: 'option', quantity: 1, price: parseMoney('2') }),
      legCommission({ kind: 'option', quantity: 1, price: parseMoney('3') }),
    ];
    expect(formatMoney(orderCommission(legs))).toBe('1.30');
    // First partial fill of 1 contract pays the 1.00 minimum; filling 2 more brings the order to 1.95: +0.95.
    const first = optionCommission(1, parseMoney('1.2'));
    const total = optionCommission(3, parseMoney('1.2'));
    expect(formatMoney(incrementalCommission(total, first))).toBe('0.95');
  });
});
