// Time for the pacing modules: the connection's `ConnectionTimers` seam, with a real default and a monotonic reading.
import { realTimers, type ConnectionTimers } from '../connection/ibkr-connection';

export { realTimers };

/**
 * `timers.now()` made monotonic. A wall clock stepped back (NTP) would otherwise make past sends look like
 * future ones and hold the queue until the clock caught up. After a step back, time resumes from the last
 * reading, so the step counts as zero elapsed time: the conservative choice for a rate limit.
 */
export function monotonicNow(timers: ConnectionTimers): () => number {
  let offset = 0;
  let last = -Infinity;
  return () => {
    const reading = timers.now() + offset;
    if (reading < last) {
      offset += last - reading;
      return last;
    }
    last = reading;
    return reading;
  };
}

/** Fail fast on a misconfigured limit: a zero or fractional limit would stall or overrun silently. */
export function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

/** At most one pending timer, re-armed for the earliest wake-up the owner needs. */
export interface WakeTimer {
  /** Fire `wake` after `delayMs`, replacing any pending timer. */
  arm(delayMs: number): void;
  cancel(): void;
  pending(): boolean;
}

export function createWakeTimer(timers: ConnectionTimers, wake: () => void): WakeTimer {
  // Boxed: a handle is `unknown` and may itself be falsy, so its presence cannot mark "pending".
  let current: { handle: unknown } | undefined;
  const cancel = () => {
    if (current) timers.clearTimeout(current.handle);
    current = undefined;
  };
  return {
    arm(delayMs) {
      cancel();
      const box: { handle: unknown } = { handle: undefined };
      current = box;
      box.handle = timers.setTimeout(
        () => {
          // Ignore a stale callback from a timer that was cancelled but fired anyway.
          if (current !== box) return;
          current = undefined;
          wake();
        },
        Math.max(0, delayMs),
      );
    },
    cancel,
    pending: () => current !== undefined,
  };
}
