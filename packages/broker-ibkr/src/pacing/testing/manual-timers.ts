// A ConnectionTimers the test moves by hand: nothing waits for real time, and timers fire exactly on time.
import type { ConnectionTimers } from '../../connection/ibkr-connection';

export interface ManualTimers extends ConnectionTimers {
  /** Moves time forward by `ms`, firing due timers in deadline order (ties in creation order) at their deadline. */
  advance(ms: number): void;
  /** Like `advance`, but lets promise callbacks run after each timer, so they observe the time it fired at. */
  advanceAsync(ms: number): Promise<void>;
  /** Timers not yet fired or cleared. */
  pending(): number;
  /** Most timers ever pending at once. */
  maxPending(): number;
}

interface ManualTimer {
  at: number;
  sequence: number;
  callback: () => void;
}

export function createManualTimers(start = 0): ManualTimers {
  let current = start;
  let sequence = 0;
  let maxPending = 0;
  // Sorted by (at, sequence).
  const timers: ManualTimer[] = [];

  return {
    now: () => current,
    setTimeout(callback, ms) {
      if (!Number.isFinite(ms)) throw new RangeError(`timer delay must be finite, got ${ms}`);
      const timer: ManualTimer = { at: current + Math.max(0, ms), sequence: sequence++, callback };
      const index = timers.findIndex((other) => other.at > timer.at);
      timers.splice(index === -1 ? timers.length : index, 0, timer);
      maxPending = Math.max(maxPending, timers.length);
      return timer;
    },
    clearTimeout(handle) {
      const index = timers.findIndex((timer) => timer === handle);
      if (index !== -1) timers.splice(index, 1);
    },
    advance(ms) {
      const target = current + ms;
      for (let next = timers[0]; next !== undefined && next.at <= target; next = timers[0]) {
        timers.shift();
        current = next.at;
        next.callback();
      }
      current = target;
    },
    async advanceAsync(ms) {
      const target = current + ms;
      await settle();
      for (let next = timers[0]; next !== undefined && next.at <= target; next = timers[0]) {
        timers.shift();
        current = next.at;
        next.callback();
        await settle();
      }
      current = target;
    },
    pending: () => timers.length,
    maxPending: () => maxPending,
  };
}

/** Lets promise callbacks run; no real time passes that the code under test could see. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
