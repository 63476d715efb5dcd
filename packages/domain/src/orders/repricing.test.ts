import { describe, expect, it } from 'vitest';
import { type RepriceLadderInput, nextPrice, repriceDue, repriceLadder } from './repricing';

const credit = (overrides: Partial<RepriceLadderInput> = {}): RepriceLadderInput => ({
  side: 'credit',
  mid: 1.42,
  natural: 1.3,
  stepFraction: 0.25,
  maxSteps: 4,
  tick: 0.05,
  ...overrides,
});
const debit = (overrides: Partial<RepriceLadderInput> = {}): RepriceLadderInput => ({
  side: 'debit',
  mid: 2.115,
  natural: 2.18,
  stepFraction: 0.25,
  maxSteps: 4,
  tick: 0.01,
  ...overrides,
});

describe('repriceLadder — credit, tick 0.05', () => {
  it('walks from the mid (rounded up) to the natural, skipping steps that round to a price already tried', () => {
    // Sell a put: bid 1.30, ask 1.54 → mid 1.42; distance 12 cents, 3 cents a step.
    // Targets 142, 139, 136, 133, 130 → rounded up to 5 cents: 145, 140, 140, 135, 130 → 140 once.
    expect(repriceLadder(credit())).toEqual({ ok: true, prices: [1.45, 1.4, 1.35, 1.3], stop: 'natural' });
  });

  it('stops at the limit (the least credit accepted), rounded up so it is never passed', () => {
    // Limit 1.37 → 140 (rounded up: 1.35 would be below the limit). 145, 140, then 140/135/130 clamp to 140.
    expect(repriceLadder(credit({ limit: 1.37 }))).toEqual({ ok: true, prices: [1.45, 1.4], stop: 'limit' });
  });

  it('is empty when the limit is better than the rounded mid', () => {
    // Rounded mid 1.45 < limit 1.50: no price from the mid toward the natural is acceptable.
    expect(repriceLadder(credit({ limit: 1.5 }))).toEqual({ ok: true, prices: [], stop: 'limit' });
  });

  it('has one price when mid equals natural', () => {
    expect(repriceLadder(credit({ mid: 1.3, natural: 1.3 }))).toEqual({ ok: true, prices: [1.3], stop: 'natural' });
  });

  it('reads 0.1 + 0.2 as 30 cents, not as a hair above that rounds up to 0.35', () => {
    const ladder = repriceLadder(credit({ mid: 0.1 + 0.2, natural: 0.2, maxSteps: 0 }));
    expect(ladder).toEqual({ ok: true, prices: [0.3], stop: 'max_steps' });
  });
});

describe('repriceLadder — debit, tick 0.01', () => {
  it('walks from the mid (rounded down) up to the natural', () => {
    // Buy to close: bid 2.05, ask 2.18 → mid 2.115; distance 6.5 cents, 1.625 a step.
    // Targets 211.5, 213.125, 214.75, 216.375, 218 → rounded down to the cent: 211, 213, 214, 216, 218.
    expect(repriceLadder(debit())).toEqual({ ok: true, prices: [2.11, 2.13, 2.14, 2.16, 2.18], stop: 'natural' });
  });

  it('stops at the limit (the most debit accepted), rounded down', () => {
    // Limit 2.155 → 215: 211, 213, 214, then 216 is clamped to 215.
    expect(repriceLadder(debit({ limit: 2.155 }))).toEqual({
      ok: true,
      prices: [2.11, 2.13, 2.14, 2.15],
      stop: 'limit',
    });
  });

  it('stops after maxSteps before reaching the natural', () => {
    // Two steps: 211, 213, 214.
    expect(repriceLadder(debit({ maxSteps: 2 }))).toEqual({ ok: true, prices: [2.11, 2.13, 2.14], stop: 'max_steps' });
  });

  it('never passes the natural even when the steps overshoot (fraction 0.4: 40%, 80%, then capped at 100%)', () => {
    // 211.5, 214.1, 216.7, 218, 218 → 211, 214, 216, 218 (the last target repeats the natural).
    expect(repriceLadder(debit({ stepFraction: 0.4 }))).toEqual({
      ok: true,
      prices: [2.11, 2.14, 2.16, 2.18],
      stop: 'natural',
    });
  });

  it('with a 0.05 tick, rounds the natural down too (never pays above it)', () => {
    // mid 2.115 → 210; natural 2.18 → 215; targets 211.5, 213.1, 214.8, 216.4, 218 → 210, 210, 210, 215, 215.
    expect(repriceLadder(debit({ tick: 0.05 }))).toEqual({ ok: true, prices: [2.1, 2.15], stop: 'natural' });
  });
});

describe('repriceLadder — debit under one tick', () => {
  it('pays one tick rather than zero when the mid rounds down to nothing', () => {
    // mid 0.02 → 0.00 on a 0.05 grid, which is no debit: start at 0.05, which is also the natural.
    expect(repriceLadder(debit({ mid: 0.02, natural: 0.05, tick: 0.05 }))).toEqual({
      ok: true,
      prices: [0.05],
      stop: 'natural',
    });
  });
});

describe('repriceLadder — small credit combo', () => {
  it('never turns the credit into a debit: the ladder ends at one tick', () => {
    // Credit spread: net mid 0.07 credit, net natural a 0.03 debit (passed as −0.03); half the 10 cents a step.
    // Targets 7, 2, −3 → the bound is max(natural −3, one tick 1) = 1: 0.07, 0.02, 0.01.
    const ladder = repriceLadder(credit({ mid: 0.07, natural: -0.03, stepFraction: 0.5, tick: 0.01 }));
    expect(ladder).toEqual({ ok: true, prices: [0.07, 0.02, 0.01], stop: 'one_tick' });
  });

  it('rounds a tiny credit up to one tick rather than to zero', () => {
    expect(repriceLadder(credit({ mid: 0.02, natural: 0 }))).toEqual({ ok: true, prices: [0.05], stop: 'one_tick' });
  });
});

describe('repriceLadder — unknown and bad inputs', () => {
  it('says which price is unknown', () => {
    expect(repriceLadder(credit({ mid: null }))).toEqual({ ok: false, reason: 'unknown_mid' });
    expect(repriceLadder(credit({ natural: null }))).toEqual({ ok: false, reason: 'unknown_natural' });
  });

  it('rejects a non-positive mid and a natural better than the mid (crossed market)', () => {
    expect(repriceLadder(credit({ mid: 0 }))).toEqual({ ok: false, reason: 'mid_not_positive' });
    expect(repriceLadder(credit({ natural: 1.5 }))).toEqual({ ok: false, reason: 'natural_better_than_mid' });
    expect(repriceLadder(debit({ natural: 2.0 }))).toEqual({ ok: false, reason: 'natural_better_than_mid' });
  });

  it('throws on malformed parameters', () => {
    expect(() => repriceLadder(credit({ tick: 0.005 }))).toThrow(RangeError);
    expect(() => repriceLadder(credit({ tick: 0 }))).toThrow(RangeError);
    expect(() => repriceLadder(credit({ stepFraction: 0 }))).toThrow(RangeError);
    expect(() => repriceLadder(credit({ maxSteps: 1.5 }))).toThrow(RangeError);
    expect(() => repriceLadder(credit({ mid: Number.NaN }))).toThrow(RangeError);
  });
});

describe('nextPrice', () => {
  const ladder = [1.45, 1.4, 1.35, 1.3];
  it('is the price after the one now working, null when the ladder is exhausted', () => {
    expect(nextPrice(ladder, 0)).toBe(1.4);
    expect(nextPrice(ladder, 2)).toBe(1.3);
    expect(nextPrice(ladder, 3)).toBeNull();
    expect(nextPrice([], 0)).toBeNull();
    expect(() => nextPrice(ladder, -1)).toThrow(RangeError);
  });
});

describe('repriceDue', () => {
  // Placed at t = 1,000,000 ms with 30 s per price: attempt 0 → due at 1,030,000; attempt 2 → 1,000,000 + 3 × 30,000.
  const placedAtMs = 1_000_000;
  it('is due once the working price has had its delay, measured from the first placement', () => {
    expect(repriceDue({ placedAtMs, nowMs: 1_029_999, delayMs: 30_000, attempt: 0 })).toEqual({
      due: false,
      dueAtMs: 1_030_000,
    });
    expect(repriceDue({ placedAtMs, nowMs: 1_030_000, delayMs: 30_000, attempt: 0 }).due).toBe(true);
    expect(repriceDue({ placedAtMs, nowMs: 1_080_000, delayMs: 30_000, attempt: 2 })).toEqual({
      due: false,
      dueAtMs: 1_090_000,
    });
    expect(repriceDue({ placedAtMs, nowMs: 1_095_000, delayMs: 30_000, attempt: 2 }).due).toBe(true);
  });

  it('rejects a negative delay or attempt', () => {
    expect(() => repriceDue({ placedAtMs, nowMs: placedAtMs, delayMs: -1, attempt: 0 })).toThrow(RangeError);
    expect(() => repriceDue({ placedAtMs, nowMs: placedAtMs, delayMs: 1, attempt: -1 })).toThrow(RangeError);
  });
});
