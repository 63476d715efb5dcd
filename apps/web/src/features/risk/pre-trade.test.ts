import { describe, expect, it } from 'vitest';
import { emptyLeg, requestFromLegs, type LegForm } from './pre-trade';

const nakedCall: LegForm = {
  symbol: 'spy ',
  kind: 'option',
  right: 'call',
  strike: 600,
  expiry: '2026-12-18',
  quantity: -5,
  price: '',
};

describe('requestFromLegs', () => {
  it('builds an option leg: ticker upper-cased, multiplier 100, no price means the mark', () => {
    expect(requestFromLegs([nakedCall])).toEqual({
      ok: true,
      request: {
        legs: [
          {
            symbol: 'SPY',
            kind: 'option',
            right: 'call',
            strike: 600,
            expiry: '2026-12-18',
            multiplier: 100,
            quantity: -5,
          },
        ],
        newContractsThisRun: 0,
      },
    });
  });

  it('builds a stock leg without option fields, and a price when given (typed text is parsed)', () => {
    const stock: LegForm = { ...emptyLeg('KO'), kind: 'stock', quantity: '200', price: '61.5', strike: 'junk' };
    expect(requestFromLegs([stock])).toEqual({
      ok: true,
      request: {
        legs: [{ symbol: 'KO', kind: 'stock', multiplier: 100, quantity: 200, price: 61.5 }],
        newContractsThisRun: 0,
      },
    });
  });

  it('takes two legs (a spread)', () => {
    const result = requestFromLegs([nakedCall, { ...nakedCall, strike: 610, quantity: 5 }]);
    expect(result.ok && result.request.legs.map((l) => [l.strike, l.quantity])).toEqual([
      [600, -5],
      [610, 5],
    ]);
  });

  it('reports every problem at its field, per leg', () => {
    const bad: LegForm = {
      symbol: '1X',
      kind: 'option',
      right: 'put',
      strike: 0,
      expiry: '2026-02-30',
      quantity: 0,
      price: -1,
    };
    expect(requestFromLegs([nakedCall, bad])).toEqual({
      ok: false,
      errors: [
        {},
        {
          symbol: 'Not a ticker',
          strike: 'Must be greater than 0',
          expiry: 'A date, YYYY-MM-DD',
          quantity: 'Must not be 0 (+ buys, − sells)',
          price: 'Cannot be negative',
        },
      ],
    });
  });

  it.each([
    [{ quantity: '' }, { quantity: 'Required' }],
    [{ quantity: 1.5 }, { quantity: 'Must be a whole number' }],
    [{ quantity: -200_000 }, { quantity: 'At most 100,000' }],
    [{ strike: '' }, { strike: 'Required' }],
    [{ expiry: '' }, { expiry: 'Required' }],
    [{ symbol: '' }, { symbol: 'Required' }],
  ] as const)('%j → %j', (patch, errors) => {
    expect(requestFromLegs([{ ...nakedCall, ...patch }])).toEqual({ ok: false, errors: [errors] });
  });
});
