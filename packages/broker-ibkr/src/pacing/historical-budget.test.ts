import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHistoricalBudget, type HistoricalBudgetOptions } from './historical-budget';
import { createManualTimers } from './testing/manual-timers';

/** A budget on a manual clock that logs each grant, with its time relative to the start. */
function setup(options: Omit<HistoricalBudgetOptions, 'timers'> = {}) {
  const timers = createManualTimers(1_700_000_000_000);
  const start = timers.now();
  const budget = createHistoricalBudget({ timers, ...options });
  const grants: { key: string; at: number }[] = [];
  const acquire = (key: string) =>
    budget.acquire(key).then(() => {
      grants.push({ key, at: timers.now() - start });
    });
  /** Moves the clock, letting granted promises run at the time of each grant. */
  const advance = (ms: number) => timers.advanceAsync(ms);
  return { timers, budget, grants, acquire, advance };
}

describe('createHistoricalBudget', () => {
  it('holds the 61st request until the first leaves the 10-minute window', async () => {
    const { grants, acquire, advance } = setup();
    for (let index = 0; index < 60; index += 1) {
      void acquire(`bars-${index}`);
      await advance(1000);
    }
    expect(grants).toHaveLength(60);

    void acquire('bars-60');
    void acquire('bars-61');
    await advance(600_000 - 60_000 - 1);
    expect(grants).toHaveLength(60);
    await advance(1);
    expect(grants.slice(60)).toEqual([{ key: 'bars-60', at: 600_000 }]);
    await advance(1000);
    expect(grants.slice(60)).toEqual([
      { key: 'bars-60', at: 600_000 },
      { key: 'bars-61', at: 601_000 },
    ]);
  });

  it('holds an identical request for 15 s without holding a different one', async () => {
    const { grants, acquire, advance } = setup();
    void acquire('SPY 1 D 1 min');
    void acquire('SPY 1 D 1 min');
    void acquire('QQQ 1 D 1 min');
    await advance(0);
    expect(grants).toEqual([
      { key: 'SPY 1 D 1 min', at: 0 },
      { key: 'QQQ 1 D 1 min', at: 0 },
    ]);
    await advance(14_999);
    expect(grants).toHaveLength(2);
    await advance(1);
    expect(grants.at(-1)).toEqual({ key: 'SPY 1 D 1 min', at: 15_000 });
  });

  it('grants waiters in arrival order as the window frees', async () => {
    const { grants, acquire, advance } = setup({ maxRequests: 2, windowMs: 1000, identicalGapMs: 0 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) void acquire(key);
    await advance(2000);
    expect(grants).toEqual([
      { key: 'a', at: 0 },
      { key: 'b', at: 0 },
      { key: 'c', at: 1000 },
      { key: 'd', at: 1000 },
      { key: 'e', at: 2000 },
    ]);
  });

  it('clear() rejects waiters and grants nothing afterwards', async () => {
    const { timers, budget, grants, acquire, advance } = setup({ maxRequests: 1 });
    void acquire('a');
    const waiting = [acquire('b'), acquire('a')];
    const disconnected = new Error('disconnected');

    budget.clear(disconnected);
    for (const waiter of waiting) await expect(waiter).rejects.toBe(disconnected);
    await advance(3_600_000);

    expect(grants.map((grant) => grant.key)).toEqual(['a']);
    expect(timers.pending()).toBe(0);
  });

  it('refuses limits that would stall', () => {
    for (const options of [{ maxRequests: 0 }, { windowMs: 0 }, { identicalGapMs: -1 }, { maxRequests: 1.5 }]) {
      expect(() => createHistoricalBudget(options)).toThrow(RangeError);
    }
  });

  it('keeps both rules and grants as early as they allow, under random keys and times', async () => {
    const scenario = fc.record({
      maxRequests: fc.integer({ min: 1, max: 6 }),
      requests: fc.array(
        fc.record({
          gapMs: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(0, 1, 999, 1000)),
          key: fc.constantFrom('a', 'b', 'c', 'd'),
        }),
        { maxLength: 40 },
      ),
    });
    const windowMs = 10_000;
    const identicalGapMs = 1500;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ maxRequests, requests }) => {
        const timers = createManualTimers(0);
        const budget = createHistoricalBudget({ maxRequests, windowMs, identicalGapMs, timers });
        const askedAt: number[] = [];
        const grants: { key: string; askedAt: number; at: number }[] = [];
        const results: Promise<void>[] = [];
        for (const { gapMs, key } of requests) {
          await timers.advanceAsync(gapMs);
          const asked = timers.now();
          askedAt.push(asked);
          results.push(budget.acquire(key).then(() => void grants.push({ key, askedAt: asked, at: timers.now() })));
        }
        await timers.advanceAsync(requests.length * windowMs);
        await Promise.all(results);

        expect(grants).toHaveLength(requests.length);
        expect(timers.maxPending()).toBeLessThanOrEqual(1);
        for (const [index, grant] of grants.entries()) {
          const previousSameKey = grants
            .slice(0, index)
            .filter((other) => other.key === grant.key)
            .at(-1);
          // Both rules, and no idling: each grant happens the moment the last of its constraints lifts.
          const earliest = Math.max(
            grant.askedAt,
            grants[index - 1]?.at ?? -Infinity,
            (grants[index - maxRequests]?.at ?? -Infinity) + windowMs,
            (previousSameKey?.at ?? -Infinity) + identicalGapMs,
          );
          expect(grant.at).toBe(earliest);
        }
      }),
      { numRuns: 200 },
    );
  });
});
