import { BrokerError } from '@optionstrader/application';
import { describe, expect, it } from 'vitest';
import { classifyIbkrError, ibkrErrorCodes, requiresResubscribe, toBrokerError, type IbkrErrorClass } from './errors';

describe('classifyIbkrError', () => {
  it.each<[number, IbkrErrorClass]>([
    [2104, 'info'],
    [2106, 'info'],
    [2158, 'info'],
    [2107, 'info'],
    [2108, 'info'],
    [2119, 'info'],
    [1100, 'connectivity_lost'],
    [2110, 'connectivity_lost'],
    [1300, 'connectivity_lost'],
    [1101, 'connectivity_restored'],
    [1102, 'connectivity_restored'],
    [354, 'market_data'],
    [10167, 'market_data'],
    [10168, 'market_data'],
    [10197, 'market_data'],
    [10089, 'market_data'],
    [10090, 'market_data'],
    [101, 'market_data'],
    [201, 'order_rejected'],
    [202, 'order_rejected'],
    [103, 'order_rejected'],
    [110, 'order_rejected'],
    [100, 'pacing'],
    [162, 'pacing'],
    [420, 'pacing'],
    [200, 'not_found'],
    [321, 'invalid_request'],
    [326, 'client_id_in_use'],
    [505, 'decode_error'],
    [502, 'not_connected'],
    [504, 'not_connected'],
    [503, 'version'],
    [506, 'version'],
    [399, 'warning'],
    [2100, 'warning'],
    [2103, 'warning'],
    [2109, 'warning'],
  ])('classifies %i as %s', (code, expected) => {
    expect(classifyIbkrError(code)).toBe(expected);
  });

  it('treats unlisted codes in the 2100–2999 warning range as warnings', () => {
    expect(classifyIbkrError(2150)).toBe('warning');
    expect(classifyIbkrError(2999)).toBe('warning');
  });

  it('returns unknown for anything else', () => {
    expect(classifyIbkrError(0)).toBe('unknown');
    expect(classifyIbkrError(-1)).toBe('unknown');
    expect(classifyIbkrError(3000)).toBe('unknown');
    expect(classifyIbkrError(99999)).toBe('unknown');
  });

  it('lists every code once', () => {
    const codes = ibkrErrorCodes.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('requiresResubscribe', () => {
  it('is true only for 1101 (restored, data lost)', () => {
    expect(requiresResubscribe(1101)).toBe(true);
    expect(requiresResubscribe(1102)).toBe(false);
    expect(requiresResubscribe(1100)).toBe(false);
  });
});

describe('toBrokerError', () => {
  it.each([
    [201, 'rejected'],
    [202, 'rejected'],
    [110, 'rejected'],
    [200, 'not_found'],
    [100, 'pacing'],
    [162, 'pacing'],
    [321, 'invalid_request'],
    [354, 'unavailable'],
    [10197, 'unavailable'],
    [1100, 'unavailable'],
    [326, 'unavailable'],
    [504, 'unavailable'],
    [505, 'unavailable'],
    [4242, 'rejected'],
  ])('maps %i to a BrokerError of kind %s', (code, kind) => {
    const error = toBrokerError(code, 'the message');
    expect(error).toBeInstanceOf(BrokerError);
    expect(error?.kind).toBe(kind);
    expect(error?.message).toBe(`IBKR ${code}: the message`);
  });

  it.each([2104, 2158, 1101, 1102, 399, 2109, 10167, 10090])('is null for the non-failure %i', (code) => {
    expect(toBrokerError(code, 'x')).toBeNull();
  });
});
