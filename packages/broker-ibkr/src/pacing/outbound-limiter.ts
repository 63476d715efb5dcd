// Paces client → TWS messages under IBKR's 50 per second (error 100, then a disconnect), orders first.
// Sends are spaced evenly (1000 / maxPerSecond ms apart) as well as capped per sliding second: TWS counts on
// arrival, and a burst that is held up on the way (a busy gateway or network) lands inside one window with the
// next burst. Measured in-process against the fake gateway: bursts of 45 arrived as 64 in one second; spaced
// sends arrive at most a few over their rate.
import type { ConnectionTimers } from '../connection/ibkr-connection';
import { createWakeTimer, monotonicNow, realTimers, requirePositiveInteger } from './clock';
import { createSlidingWindow } from './sliding-window';

/** Orders go before everything else queued: a late cancel or stop costs more than a late quote. */
export type OutboundPriority = 'order' | 'request';

export interface OutboundLimiterOptions {
  /** Default 45: headroom under IBKR's 50, as `ib_async` does. */
  maxPerSecond?: number;
  timers?: ConnectionTimers;
}

export interface OutboundLimiterStats {
  /** Sends that ran, including ones that threw. */
  sent: number;
  queued: number;
  /** Most sends seen in any sliding 1000 ms window. */
  peakPerSecond: number;
}

export interface OutboundLimiter {
  /**
   * Runs `send` (which writes exactly one message) as soon as the rate allows: synchronously when there is
   * room and nothing is queued, otherwise from a timer. Settles with what `send` returns or throws.
   */
  schedule<T>(priority: OutboundPriority, send: () => T): Promise<T>;
  /** Rejects everything queued with `error` (on disconnect). The limiter stays usable and keeps its history. */
  clear(error: Error): void;
  stats(): OutboundLimiterStats;
}

export const DEFAULT_MAX_PER_SECOND = 45;
const WINDOW_MS = 1000;

interface Job {
  /** Runs the send and settles the caller's promise; never throws. */
  run(): void;
  fail(error: Error): void;
}

export function createOutboundLimiter(options: OutboundLimiterOptions = {}): OutboundLimiter {
  const maxPerSecond = options.maxPerSecond ?? DEFAULT_MAX_PER_SECOND;
  requirePositiveInteger('maxPerSecond', maxPerSecond);
  const timers = options.timers ?? realTimers;
  const now = monotonicNow(timers);
  const window = createSlidingWindow(maxPerSecond, WINDOW_MS);
  const orders: Job[] = [];
  const requests: Job[] = [];
  const wakeTimer = createWakeTimer(timers, () => pump());
  const spacingMs = WINDOW_MS / maxPerSecond;
  let lastSendAt = -Infinity;
  let pumping = false;
  let sent = 0;
  let peakPerSecond = 0;

  /** Sends queued jobs while the window has room; otherwise sleeps until the oldest send leaves it. */
  function pump(): void {
    // A send that schedules another send re-enters here: the loop below already picks the new job up.
    if (pumping) return;
    pumping = true;
    try {
      for (;;) {
        const queue = orders.length > 0 ? orders : requests;
        if (queue.length === 0) return;
        const at = now();
        const freeAt = Math.max(window.nextFreeAt(at), lastSendAt + spacingMs);
        if (freeAt > at) {
          // No earlier wake-up can help: nothing fits until then, whatever is scheduled meanwhile.
          if (!wakeTimer.pending()) wakeTimer.arm(Math.ceil(freeAt - at));
          return;
        }
        const job = queue.shift();
        if (!job) return;
        // The slot is taken before the send runs, so a send that throws still counts against the rate.
        window.record(at);
        lastSendAt = at;
        sent += 1;
        peakPerSecond = Math.max(peakPerSecond, window.count(at));
        job.run();
      }
    } finally {
      pumping = false;
    }
  }

  return {
    schedule<T>(priority: OutboundPriority, send: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const job: Job = {
          // The inner executor runs `send` right now and turns whatever it throws, as thrown, into a rejection.
          run: () => resolve(new Promise<T>((fulfil) => fulfil(send()))),
          fail: reject,
        };
        (priority === 'order' ? orders : requests).push(job);
        pump();
      });
    },
    clear(error) {
      const dropped = [...orders, ...requests];
      orders.length = 0;
      requests.length = 0;
      wakeTimer.cancel();
      for (const job of dropped) job.fail(error);
    },
    stats: () => ({ sent, queued: orders.length + requests.length, peakPerSecond }),
  };
}
