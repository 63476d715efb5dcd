import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOutboundLimiter, type OutboundPriority } from './outbound-limiter';
import { createManualTimers } from './testing/manual-timers';

/** Most timestamps in any window [t, t + windowMs); the worst window always starts at some send. */
function maxInAnyWindow(times: readonly number[], windowMs = 1000): number {
  return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}

/** A limiter on a manual clock that logs every send with its time. */
function setup(maxPerSecond?: number) {
  const timers = createManualTimers(1_700_000_000_000);
  const limiter = createOutboundLimiter({ timers, ...(maxPerSecond === undefined ? {} : { maxPerSecond }) });
  const sends: { id: string; at: number }[] = [];
  const schedule = (priority: OutboundPriority, id: string) =>
    limiter.schedule(priority, () => {
      sends.push({ id, at: timers.now() });
      return id;
    });
  return { timers, limiter, sends, schedule };
}

describe('createOutboundLimiter', () => {
  it('runs a burst of 500 in order, spaced 1000/45 ms apart, under 45 in any sliding second, as early as allowed', async () => {
    const { timers, limiter, sends, schedule } = setup();
    const start = timers.now();
    const results = Array.from({ length: 500 }, (_, index) => schedule('request', `r${index}`));
    // The first goes at once; the rest wait for the timer, one spacing at a time.
    expect(sends).toHaveLength(1);

    timers.advance(60_000);

    await expect(Promise.all(results)).resolves.toEqual(sends.map((send) => send.id));
    expect(sends.map((send) => send.id)).toEqual(Array.from({ length: 500 }, (_, index) => `r${index}`));
    const times = sends.map((send) => send.at - start);
    const spacingMs = 1000 / 45;
    for (const [index, at] of times.entries()) expect(at).toBeGreaterThanOrEqual(index * spacingMs);
    // As early as allowed: each send goes when the whole-millisecond timer first fires after the spacing,
    // ceil(prev + 22.2) = prev + 23 (about 43.5 per second; the ceil costs a little throughput, never the limit).
    const earliest = [0];
    for (let index = 1; index < 500; index += 1) earliest.push(Math.ceil((earliest[index - 1] ?? 0) + spacingMs));
    expect(earliest.at(-1)).toBe(499 * 23);
    expect(times).toEqual(earliest);
    // 43 gaps of 23 ms fit in a second, so 44 sends do: under the 45 the window would allow.
    expect(maxInAnyWindow(times)).toBe(44);
    expect(timers.maxPending()).toBe(1);
    expect(limiter.stats()).toEqual({ sent: 500, queued: 0, peakPerSecond: 44 });
  });

  it('keeps every sliding second within the limit, not just calendar seconds', () => {
    // Spacing subsumes the window rule: with consecutive sends at least 1000 / max ms apart, send i and send
    // i + max are at least 1000 ms apart, so no window (t − 1000, t] can hold more than max. The window never
    // binds on its own; what matters is that the limit holds on windows straddling a calendar second, where
    // a per-calendar-second counter would have let a, b, c go at 900 and d, e, f at 1000.
    const { timers, limiter, schedule, sends } = setup(3);
    const start = timers.now();
    timers.advance(900);
    for (const id of ['a', 'b', 'c']) void schedule('request', id);
    timers.advance(100);
    for (const id of ['d', 'e', 'f']) void schedule('request', id);
    expect(sends.map((send) => send.id)).toEqual(['a']);

    timers.advance(1570);
    expect(sends).toHaveLength(6);
    timers.advance(333);
    // f went at 2570, so the next may go at 2903.3: one millisecond short, a new schedule must not squeeze in,
    // though (1903, 2903] holds only e and f.
    void schedule('request', 'g');
    expect(sends).toHaveLength(6);
    timers.advance(1);
    expect(sends.map((send) => [send.id, send.at - start])).toEqual([
      ['a', 900],
      ['b', 1234],
      ['c', 1568],
      ['d', 1902],
      ['e', 2236],
      ['f', 2570],
      ['g', 2904],
    ]);
    const times = sends.map((send) => send.at - start);
    expect(maxInAnyWindow(times)).toBe(3);
    expect(limiter.stats().peakPerSecond).toBe(3);
  });

  it('lets queued orders overtake queued requests, FIFO within each priority', () => {
    const { timers, schedule, sends } = setup(2);
    const start = timers.now();
    // r1 goes at once; the rest queue behind the 500 ms spacing.
    for (const id of ['r1', 'r2', 'r3', 'r4', 'r5']) void schedule('request', id);
    void schedule('order', 'o1');
    void schedule('order', 'o2');
    timers.advance(1000);
    // o1 and o2 have gone; o3 arrives behind the four queued requests and still goes first.
    void schedule('order', 'o3');
    timers.advance(5000);
    expect(sends.map((send) => [send.id, send.at - start])).toEqual([
      ['r1', 0],
      ['o1', 500],
      ['o2', 1000],
      ['o3', 1500],
      ['r2', 2000],
      ['r3', 2500],
      ['r4', 3000],
      ['r5', 3500],
    ]);
  });

  it('clear() rejects everything queued and nothing queued runs afterwards', async () => {
    const { timers, limiter, schedule, sends } = setup(1);
    const first = schedule('request', 'sent');
    const queued = [schedule('order', 'o'), schedule('request', 'r')];
    const disconnected = new Error('disconnected');

    limiter.clear(disconnected);
    timers.advance(10_000);

    await expect(first).resolves.toBe('sent');
    for (const result of queued) await expect(result).rejects.toBe(disconnected);
    expect(sends.map((send) => send.id)).toEqual(['sent']);
    expect(timers.pending()).toBe(0);
    expect(limiter.stats()).toEqual({ sent: 1, queued: 0, peakPerSecond: 1 });
  });

  it('stays usable after clear() and still counts what was sent before it', async () => {
    const { timers, limiter, schedule, sends } = setup(1);
    const start = timers.now();
    void schedule('request', 'before');
    limiter.clear(new Error('disconnected'));
    const after = schedule('request', 'after');
    timers.advance(1000);
    await expect(after).resolves.toBe('after');
    expect(sends.map((send) => [send.id, send.at - start])).toEqual([
      ['before', 0],
      ['after', 1000],
    ]);
  });

  it('rejects when send throws, and the throwing send still takes its slot', async () => {
    const { timers, limiter, schedule, sends } = setup(1);
    const start = timers.now();
    const failure = new Error('socket closed');
    const failed = limiter.schedule('order', () => {
      throw failure;
    });
    const next = schedule('request', 'next');
    await expect(failed).rejects.toBe(failure);
    timers.advance(999);
    expect(sends).toEqual([]);
    timers.advance(1);
    await expect(next).resolves.toBe('next');
    expect(sends).toEqual([{ id: 'next', at: start + 1000 }]);
    expect(limiter.stats().sent).toBe(2);
  });

  it('runs a send scheduled from inside another send after it, from the timer, not inside it', () => {
    const { timers, limiter } = setup(10);
    const log: string[] = [];
    void limiter.schedule('request', () => {
      log.push('outer start');
      void limiter.schedule('order', () => log.push('inner'));
      log.push('outer end');
    });
    expect(log).toEqual(['outer start', 'outer end']);
    // The inner send waits out the 100 ms spacing after the outer one.
    timers.advance(99);
    expect(log).toEqual(['outer start', 'outer end']);
    timers.advance(1);
    expect(log).toEqual(['outer start', 'outer end', 'inner']);
  });

  it('reports the peak over sliding windows, which can straddle calendar seconds', () => {
    const { timers, limiter, schedule, sends } = setup(10);
    const start = timers.now();
    timers.advance(600);
    // 600, 700, 800, 900: 100 ms apart.
    for (let index = 0; index < 4; index += 1) void schedule('request', `a${index}`);
    timers.advance(500);
    // 1100 to 1500: the calendar second from 1000 holds only these 5, but (500, 1500] holds 9.
    for (let index = 0; index < 5; index += 1) void schedule('request', `b${index}`);
    timers.advance(600);
    // 1700, 1800: by then 600 and 700 have left, so (800, 1800] holds 8 and the calendar second 7; 9 stays the peak.
    for (let index = 0; index < 2; index += 1) void schedule('request', `c${index}`);
    timers.advance(100);
    expect(sends.map((send) => send.at - start)).toEqual([
      600, 700, 800, 900, 1100, 1200, 1300, 1400, 1500, 1700, 1800,
    ]);
    expect(maxInAnyWindow(sends.map((send) => send.at))).toBe(9);
    expect(limiter.stats()).toEqual({ sent: 11, queued: 0, peakPerSecond: 9 });
  });

  it('refuses a limit that would stall or overrun', () => {
    for (const maxPerSecond of [0, -1, 2.5, Number.NaN]) {
      expect(() => createOutboundLimiter({ maxPerSecond })).toThrow(RangeError);
    }
  });

  it('holds its invariants under random schedule times and priorities', async () => {
    const scenario = fc.record({
      maxPerSecond: fc.integer({ min: 1, max: 8 }),
      ops: fc.array(
        fc.record({
          // Biased towards ties and window edges, where off-by-one errors live.
          // The constants sit on or next to the spacings (1000 / max for max 1 to 8) and the window.
          gapMs: fc.oneof(
            fc.integer({ min: 0, max: 400 }),
            fc.constantFrom(0, 1, 124, 125, 142, 143, 166, 167, 199, 200, 249, 250, 333, 334, 499, 500, 999, 1000),
          ),
          priority: fc.constantFrom('order', 'request'),
        }),
        { maxLength: 60 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ maxPerSecond, ops }) => {
        const timers = createManualTimers(0);
        const limiter = createOutboundLimiter({ maxPerSecond, timers });
        // One sequence for schedules and sends, to tell what was queued when a send ran.
        let step = 0;
        const scheduled = ops.map(() => ({ at: 0, step: 0 }));
        const sends: { index: number; at: number; step: number }[] = [];
        const results = ops.map(({ gapMs, priority }, index) => {
          timers.advance(gapMs);
          scheduled[index] = { at: timers.now(), step: step++ };
          return limiter.schedule(priority, () => sends.push({ index, at: timers.now(), step: step++ }));
        });
        timers.advance(ops.length * 1000 + 1000);
        await Promise.all(results);

        expect(sends.map((send) => send.index).sort((a, b) => a - b)).toEqual(ops.map((_, index) => index));
        const times = sends.map((send) => send.at);
        expect(maxInAnyWindow(times)).toBeLessThanOrEqual(maxPerSecond);
        expect(limiter.stats().peakPerSecond).toBe(maxInAnyWindow(times));
        expect(timers.maxPending()).toBeLessThanOrEqual(1);
        const spacingMs = 1000 / maxPerSecond;
        for (const [position, send] of sends.entries()) {
          const previous = sends[position - 1]?.at ?? -Infinity;
          // Spaced: never closer than 1000 / max to the send before (the slack is for float rounding only).
          expect(send.at - previous).toBeGreaterThanOrEqual(spacingMs - 1e-9);
          // As soon as allowed: when it was scheduled, or when the whole-millisecond timer first fires after
          // both the spacing since the previous send and a slot in the sliding window.
          const earliest = Math.max(
            scheduled[send.index]?.at ?? 0,
            Math.ceil(Math.max(previous + spacingMs, (sends[position - maxPerSecond]?.at ?? -Infinity) + 1000)),
          );
          expect(send.at).toBe(earliest);
          const priority = ops[send.index]?.priority;
          // FIFO within a priority.
          const previousSame = sends.slice(0, position).filter((other) => ops[other.index]?.priority === priority);
          expect(previousSame.every((other) => other.index < send.index)).toBe(true);
          // No request goes while an order is queued.
          if (priority === 'request') {
            const waitingOrders = ops.filter(
              (op, index) =>
                op.priority === 'order' &&
                (scheduled[index]?.step ?? Infinity) < send.step &&
                !sends.slice(0, position).some((other) => other.index === index),
            );
            expect(waitingOrders).toEqual([]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
