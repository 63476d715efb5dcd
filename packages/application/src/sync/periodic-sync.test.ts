import { describe, expect, it } from 'vitest';
import type { SyncRunRecord } from '../ports';
import { startPeriodicSync, type Timers } from './periodic-sync';
import { emptyCounts, type SyncOptions, type SyncResult } from './sync.service';

/** Timers the test fires by hand. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    setTimeout(callback, ms) {
      pending.set(next, { callback, ms });
      return next++;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    pending,
    fire() {
      const [id, timer] = [...pending.entries()][0] ?? [];
      if (id === undefined || !timer) throw new Error('no timer pending');
      pending.delete(id);
      timer.callback();
    },
  };
}

/** Lets the promise chain of a run settle (no host timers in this package). */
async function flush() {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

function fakeService(fail = false) {
  const calls: SyncOptions[] = [];
  return {
    calls,
    async run(options: SyncOptions): Promise<SyncResult> {
      calls.push(options);
      if (fail) throw new Error('database down');
      const run: SyncRunRecord = {
        id: String(calls.length),
        broker: 'sim',
        accountCode: null,
        trigger: options.trigger,
        status: 'succeeded',
        startedAt: new Date(0),
        finishedAt: new Date(1),
        counts: emptyCounts(),
        error: null,
      };
      return { ok: true, run };
    },
  };
}

describe('startPeriodicSync', () => {
  it('runs at start, then every interval after the previous run finished, until stopped', async () => {
    const t = manualTimers();
    const service = fakeService();
    const runs: SyncRunRecord[] = [];
    const stop = startPeriodicSync(service, { intervalMs: 60_000, timers: t.timers, onRun: (run) => runs.push(run) });
    await flush();
    expect(service.calls).toEqual([{ trigger: 'startup' }]);
    expect([...t.pending.values()].map((p) => p.ms)).toEqual([60_000]);
    t.fire();
    await flush();
    expect(service.calls.map((c) => c.trigger)).toEqual(['startup', 'schedule']);
    expect(runs).toHaveLength(2);
    await stop();
    expect(t.pending.size).toBe(0);
  });

  it('reports errors and keeps the schedule; without runAtStart it waits one interval', async () => {
    const t = manualTimers();
    const errors: unknown[] = [];
    const service = fakeService(true);
    const stop = startPeriodicSync(service, {
      intervalMs: 1_000,
      timers: t.timers,
      runAtStart: false,
      onError: (error) => errors.push(error),
    });
    expect(service.calls).toHaveLength(0);
    t.fire();
    await flush();
    expect(errors).toHaveLength(1);
    expect(t.pending.size).toBe(1);
    await stop();
    expect(t.pending.size).toBe(0);
    expect(() => startPeriodicSync(service, { intervalMs: 0, timers: t.timers })).toThrow('intervalMs');
  });
});
