// Paces IBKR historical-data requests: at most 60 per 10 minutes and no identical request within 15 s (error 162).
import type { ConnectionTimers } from '../connection/ibkr-connection';
import { createWakeTimer, monotonicNow, realTimers, requirePositiveInteger } from './clock';
import { createSlidingWindow } from './sliding-window';

export interface HistoricalBudgetOptions {
  /** Requests allowed in any sliding window of `windowMs`. Default 60. */
  maxRequests?: number;
  /** Default 600 000 (10 minutes). */
  windowMs?: number;
  /** Least time between two requests with the same key. Default 15 000. */
  identicalGapMs?: number;
  timers?: ConnectionTimers;
}

export interface HistoricalBudget {
  /**
   * Resolves when a request identified by `key` may be sent; the caller sends it at once, since the slot
   * is counted from the moment of resolution. `key` must identify the request as IBKR compares them
   * (contract, end time, duration, bar size, what to show, RTH flag).
   */
  acquire(key: string): Promise<void>;
  /** Rejects every waiter with `error`. Granted requests keep counting against the window. */
  clear(error: Error): void;
}

export const DEFAULT_HISTORICAL_MAX_REQUESTS = 60;
export const DEFAULT_HISTORICAL_WINDOW_MS = 600_000;
export const DEFAULT_IDENTICAL_GAP_MS = 15_000;

interface Waiter {
  key: string;
  grant(): void;
  fail(error: Error): void;
}

export function createHistoricalBudget(options: HistoricalBudgetOptions = {}): HistoricalBudget {
  const maxRequests = options.maxRequests ?? DEFAULT_HISTORICAL_MAX_REQUESTS;
  const windowMs = options.windowMs ?? DEFAULT_HISTORICAL_WINDOW_MS;
  const identicalGapMs = options.identicalGapMs ?? DEFAULT_IDENTICAL_GAP_MS;
  requirePositiveInteger('maxRequests', maxRequests);
  if (!(windowMs > 0) || !(identicalGapMs >= 0)) {
    throw new RangeError(`windowMs must be > 0 and identicalGapMs >= 0, got ${windowMs} and ${identicalGapMs}`);
  }
  const timers = options.timers ?? realTimers;
  const now = monotonicNow(timers);
  const window = createSlidingWindow(maxRequests, windowMs);
  // Last grant per key, only while it still blocks that key.
  const lastGrant = new Map<string, number>();
  const waiters: Waiter[] = [];
  const wakeTimer = createWakeTimer(timers, () => pump());

  const keyFreeAt = (key: string) => (lastGrant.get(key) ?? -Infinity) + identicalGapMs;

  /**
   * Grants waiters in queue order while the window has room. A waiter held back only by its own key is
   * skipped rather than blocking different keys behind it: it could not use the slot before its gap ends.
   */
  function pump(): void {
    const at = now();
    for (const [key, grantedAt] of lastGrant) if (grantedAt + identicalGapMs <= at) lastGrant.delete(key);
    for (let index = 0; index < waiters.length && window.nextFreeAt(at) <= at;) {
      const waiter = waiters[index];
      if (!waiter) break;
      if (keyFreeAt(waiter.key) > at) {
        index += 1;
        continue;
      }
      waiters.splice(index, 1);
      window.record(at);
      lastGrant.set(waiter.key, at);
      waiter.grant();
    }
    armForNextGrant(at);
  }

  /** Sleeps until the earliest moment some waiter can go: the window has room and its key's gap is over. */
  function armForNextGrant(at: number): void {
    if (waiters.length === 0) {
      wakeTimer.cancel();
      return;
    }
    // A loop, not Math.min(...spread): the queue may be longer than the engine's argument limit.
    let earliestKey = Infinity;
    for (const waiter of waiters) earliestKey = Math.min(earliestKey, keyFreeAt(waiter.key));
    wakeTimer.arm(Math.max(window.nextFreeAt(at), earliestKey) - at);
  }

  return {
    acquire(key) {
      return new Promise<void>((resolve, reject) => {
        waiters.push({ key, grant: resolve, fail: reject });
        pump();
      });
    },
    clear(error) {
      wakeTimer.cancel();
      for (const waiter of waiters.splice(0)) waiter.fail(error);
    },
  };
}
