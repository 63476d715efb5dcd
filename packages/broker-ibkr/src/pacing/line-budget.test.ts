import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineBudget } from './line-budget';
import { settle } from './testing/manual-timers';

/** Acquires `count` lines and records which have been granted, in grant order. */
function acquireMany(budget: ReturnType<typeof createLineBudget>, count: number, granted: Map<number, () => void>) {
  return Array.from({ length: count }, (_, index) =>
    budget.acquire().then((release) => {
      granted.set(index, release);
      return release;
    }),
  );
}

describe('createLineBudget', () => {
  it('holds at most lines − headroom (90 by default) and hands freed lines to waiters in order', async () => {
    const budget = createLineBudget();
    const granted = new Map<number, () => void>();
    const pending = acquireMany(budget, 95, granted);
    await settle();
    expect(budget.inUse()).toBe(90);
    expect([...granted.keys()]).toEqual(Array.from({ length: 90 }, (_, index) => index));

    granted.get(3)?.();
    granted.get(7)?.();
    await settle();
    expect([...granted.keys()].slice(90)).toEqual([90, 91]);
    expect(budget.inUse()).toBe(90);
    expect(budget.peak()).toBe(90);

    for (const release of [...granted.values()]) release();
    await Promise.all(pending);
    expect(budget.inUse()).toBe(3);
    expect(budget.peak()).toBe(90);
  });

  it('ignores a second release of the same line', async () => {
    const budget = createLineBudget({ lines: 3, headroom: 1 });
    const first = await budget.acquire();
    await budget.acquire();
    first();
    first();
    expect(budget.inUse()).toBe(1);
    await budget.acquire();
    first();
    expect(budget.inUse()).toBe(2);
  });

  it('clear() rejects waiters but leaves held lines to their owners', async () => {
    const budget = createLineBudget({ lines: 2, headroom: 1 });
    const release = await budget.acquire();
    const waiting = [budget.acquire(), budget.acquire()];
    const disconnected = new Error('disconnected');

    budget.clear(disconnected);

    for (const waiter of waiting) await expect(waiter).rejects.toBe(disconnected);
    expect(budget.inUse()).toBe(1);
    release();
    expect(budget.inUse()).toBe(0);
    const again = await budget.acquire();
    expect(budget.inUse()).toBe(1);
    again();
  });

  it('refuses a budget with no usable line', () => {
    for (const options of [{ lines: 10, headroom: 10 }, { headroom: -1 }, { lines: 5.5, headroom: 0 }]) {
      expect(() => createLineBudget(options)).toThrow(RangeError);
    }
  });

  it('matches a counting model under random acquires and releases, never above capacity', async () => {
    const step = fc.oneof(
      fc.constant({ type: 'acquire' as const }),
      fc.nat().map((pick) => ({ type: 'release' as const, pick })),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(step, { maxLength: 60 }), async (capacity, steps) => {
        const budget = createLineBudget({ lines: capacity + 2, headroom: 2 });
        const releases: (() => void)[] = [];
        const releasedOnce = new Set<() => void>();
        let requested = 0;
        for (const action of steps) {
          if (action.type === 'acquire') {
            requested += 1;
            void budget.acquire().then((release) => releases.push(release));
          } else if (releases.length > 0) {
            const release = releases[action.pick % releases.length];
            // Released lines stay in the list on purpose: releasing twice must change nothing.
            if (release) releasedOnce.add(release);
            release?.();
          }
          await settle();
          expect(budget.inUse()).toBe(Math.min(capacity, requested - releasedOnce.size));
          expect(budget.peak()).toBeLessThanOrEqual(capacity);
        }
      }),
      { numRuns: 200 },
    );
  });
});
