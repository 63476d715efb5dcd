import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar';
import type { OptionRight } from '../pricing/types';
import { type HeldPosition, detectOptionEvents } from './option-event-detection';

const FRIDAY = parseIsoDate('2026-03-20');
const LATER = parseIsoDate('2026-04-17');

const opt = (symbol: string, right: OptionRight, strike: number, quantity: number, expiry = FRIDAY): HeldPosition => ({
  key: `OPT:${symbol}:${expiry}:${right === 'call' ? 'C' : 'P'}:${strike}:100:USD`,
  symbol,
  kind: 'option',
  right,
  strike,
  expiry,
  multiplier: 100,
  quantity,
});
const stk = (symbol: string, quantity: number): HeldPosition => ({
  key: `STK:${symbol}:USD`,
  symbol,
  kind: 'stock',
  right: null,
  strike: null,
  expiry: null,
  multiplier: 1,
  quantity,
});
const detect = (before: HeldPosition[], after: HeldPosition[], tradedKeys: string[] = [], today = FRIDAY) =>
  detectOptionEvents({ before, after, tradedKeys, today });
const kinds = (result: ReturnType<typeof detect>) =>
  result.events.map((e) => [e.kind, e.right, e.strike, e.quantity, e.shares]);

describe('detectOptionEvents at expiry', () => {
  it('reads a short put gone with +200 shares as an assignment', () => {
    const result = detect([opt('KO', 'put', 60, -2)], [stk('KO', 200)]);
    expect(result.events).toEqual([
      {
        kind: 'assignment',
        key: 'OPT:KO:2026-03-20:P:60:100:USD',
        symbol: 'KO',
        right: 'put',
        strike: 60,
        expiry: FRIDAY,
        quantity: -2,
        shares: 200,
      },
    ]);
    expect(result.unexplained).toEqual([]);
  });

  it('reads a covered call gone with the shares still there as an expiration', () => {
    const result = detect([stk('KO', 100), opt('KO', 'call', 65, -1)], [stk('KO', 100)]);
    expect(kinds(result)).toEqual([['expiration', 'call', 65, -1, 0]]);
  });

  it.each([
    ['a short call assigned: −shares', opt('KO', 'call', 55, -1), 100, 0, 'assignment'],
    ['a long call exercised: +shares', opt('KO', 'call', 55, 1), 0, 100, 'exercise'],
    ['a long put exercised: −shares', opt('KO', 'put', 65, 1), 100, 0, 'exercise'],
  ] as const)('%s', (_name, option, sharesBefore, sharesAfter, kind) => {
    const before = [option, ...(sharesBefore ? [stk('KO', sharesBefore)] : [])];
    const after = sharesAfter ? [stk('KO', sharesAfter)] : [];
    expect(detect(before, after).events.map((e) => e.kind)).toEqual([kind]);
  });

  it('calls it an expiration when the stock moved the wrong way', () => {
    // A short put would bring shares in; the stock went down instead (sold elsewhere, e.g. a transfer).
    expect(kinds(detect([opt('KO', 'put', 60, -1), stk('KO', 300)], [stk('KO', 200)]))).toEqual([
      ['expiration', 'put', 60, -1, 0],
    ]);
  });

  it('splits one stock move between a wheel’s put and call', () => {
    // Short 2 puts (50) and 1 covered-by-nothing-yet call (60) on XYZ; +200 shares: the puts were assigned, the call
    // expired (assigning it too would leave +100).
    const result = detect([opt('XYZ', 'put', 50, -2), opt('XYZ', 'call', 60, -1)], [stk('XYZ', 200)]);
    expect(kinds(result)).toEqual([
      ['assignment', 'put', 50, -2, 200],
      ['expiration', 'call', 60, -1, 0],
    ]);
  });

  it('assigns the deeper of two puts of one expiry when only one was', () => {
    // Short 45 and 50 puts, +100 shares: the stock closed between 45 and 50, so the 50 put is the one assigned.
    const result = detect([opt('XYZ', 'put', 45, -1), opt('XYZ', 'put', 50, -1)], [stk('XYZ', 100)]);
    expect(kinds(result)).toEqual([
      ['expiration', 'put', 45, -1, 0],
      ['assignment', 'put', 50, -1, 100],
    ]);
  });

  it('prefers expiring both legs of a spread when the stock did not move', () => {
    // Short 50 put, long 45 put: both assigned/exercised would also net 0 shares; nothing says they were.
    const result = detect([opt('XYZ', 'put', 50, -1), opt('XYZ', 'put', 45, 1)], []);
    expect(result.events.map((e) => e.kind)).toEqual(['expiration', 'expiration']);
  });
});

describe('detectOptionEvents before expiry', () => {
  it('reads a short call gone with 100 shares delivered as an early assignment', () => {
    const result = detect([stk('T', 100), opt('T', 'call', 20, -1, LATER)], []);
    expect(kinds(result)).toEqual([['early_assignment', 'call', 20, -1, -100]]);
  });

  it('handles a partial early assignment', () => {
    const result = detect(
      [stk('T', 300), opt('T', 'call', 20, -3, LATER)],
      [stk('T', 100), opt('T', 'call', 20, -1, LATER)],
    );
    expect(kinds(result)).toEqual([['early_assignment', 'call', 20, -2, -200]]);
  });

  it('leaves an option gone without a matching stock move unexplained', () => {
    const result = detect([stk('T', 100), opt('T', 'call', 20, -1, LATER)], [stk('T', 100)]);
    expect(result.events).toEqual([]);
    expect(result.unexplained).toEqual([
      { key: 'OPT:T:2026-04-17:C:20:100:USD', symbol: 'T', quantity: -1, reason: 'no_matching_stock_move' },
    ]);
  });
});

describe('detectOptionEvents and fills', () => {
  it('ignores options that traded between the syncs', () => {
    const put = opt('KO', 'put', 60, -1);
    expect(detect([put], [], [put.key])).toEqual({ events: [], unexplained: [] });
  });

  it('does not attribute the stock’s move when the stock itself traded', () => {
    const result = detect([opt('KO', 'put', 60, -1)], [stk('KO', 100)], ['STK:KO:USD']);
    expect(result.events).toEqual([]);
    expect(result.unexplained.map((u) => u.reason)).toEqual(['stock_traded']);
  });

  it('ignores options that grew or stayed, and reports one that flipped sides', () => {
    const grown = detect([opt('KO', 'put', 60, -1)], [opt('KO', 'put', 60, -2)]);
    expect(grown).toEqual({ events: [], unexplained: [] });
    const flipped = detect([opt('KO', 'put', 60, -1)], [opt('KO', 'put', 60, 1)]);
    expect(flipped.unexplained.map((u) => [u.reason, u.quantity])).toEqual([['sign_flipped', -1]]);
  });
});
