// A log of recent grant times that decides whether one more grant fits in every window of a given length.

/**
 * Grants are admitted so that any window of `windowMs` holds at most `limit` of them: a grant at `t` fits
 * when fewer than `limit` grants lie in (t − windowMs, t]. Equivalently, grant i and grant i + limit are
 * at least `windowMs` apart, so the guarantee holds for every sliding window, not only aligned ones.
 */
export interface SlidingWindow {
  /** Grants in (now − windowMs, now]. */
  count(now: number): number;
  /** When the next grant fits: `now` if it fits already, else when enough old grants have left the window. */
  nextFreeAt(now: number): number;
  /** Records a grant at `at`; times must not decrease (callers read a monotonic clock). */
  record(at: number): void;
}

export function createSlidingWindow(limit: number, windowMs: number): SlidingWindow {
  // Ascending; only grants still inside the window, so it never grows past `limit` entries.
  const log: number[] = [];

  const prune = (now: number) => {
    let expired = 0;
    while (expired < log.length && (log[expired] ?? Infinity) <= now - windowMs) expired += 1;
    if (expired > 0) log.splice(0, expired);
  };

  return {
    count(now) {
      prune(now);
      return log.length;
    },
    nextFreeAt(now) {
      prune(now);
      // The grant that must leave before one more fits; absent while there is room.
      const blocking = log[log.length - limit];
      return blocking === undefined ? now : blocking + windowMs;
    },
    record(at) {
      log.push(at);
    },
  };
}
