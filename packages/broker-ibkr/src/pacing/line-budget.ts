// Counts IBKR market-data lines (100 by default; error 101 beyond) so streams wait for a line instead of failing.

export interface LineBudgetOptions {
  /** Lines the account has: 100 by default, more with booster packs. */
  lines?: number;
  /** Lines kept free for snapshots and other clients of the same account. Default 10. */
  headroom?: number;
}

export interface LineBudget {
  /** Resolves, in request order, once a line is free; the function it gives frees the line (idempotent). */
  acquire(): Promise<() => void>;
  inUse(): number;
  /** Most lines held at once so far. */
  peak(): number;
  /** Rejects every waiter with `error`. Held lines stay held: their owners release them as they tear down. */
  clear(error: Error): void;
}

export const DEFAULT_LINES = 100;
export const DEFAULT_LINE_HEADROOM = 10;

interface Waiter {
  grant(release: () => void): void;
  fail(error: Error): void;
}

export function createLineBudget(options: LineBudgetOptions = {}): LineBudget {
  const lines = options.lines ?? DEFAULT_LINES;
  const headroom = options.headroom ?? DEFAULT_LINE_HEADROOM;
  const capacity = lines - headroom;
  if (!Number.isSafeInteger(headroom) || headroom < 0 || !Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`line budget needs integer lines > headroom >= 0, got lines ${lines}, headroom ${headroom}`);
  }
  const waiters: Waiter[] = [];
  let held = 0;
  let peak = 0;

  /** Takes a line and returns its release; a second release of the same line does nothing. */
  function lease(): () => void {
    held += 1;
    peak = Math.max(peak, held);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held -= 1;
      grantWaiting();
    };
  }

  /** Hands free lines to the oldest waiters. */
  function grantWaiting(): void {
    while (held < capacity) {
      const waiter = waiters.shift();
      if (!waiter) return;
      waiter.grant(lease());
    }
  }

  return {
    acquire() {
      return new Promise<() => void>((resolve, reject) => {
        // Queued even when a line is free, so a newcomer never overtakes an older waiter.
        waiters.push({ grant: resolve, fail: reject });
        grantWaiting();
      });
    },
    inUse: () => held,
    peak: () => peak,
    clear(error) {
      for (const waiter of waiters.splice(0)) waiter.fail(error);
    },
  };
}
