// Runs a sync every `intervalMs` (the next one starts only after the previous one finished); returns stop().
import type { SyncRunRecord } from '../ports';
import type { SyncService } from './sync.service';

/** The timer functions of the host (the application layer has no globals of its own). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PeriodicSyncOptions {
  intervalMs: number;
  timers: Timers;
  /** Run once right away (trigger 'startup') before the first interval. Default true. */
  runAtStart?: boolean;
  /** Every finished run, succeeded or failed: log it. */
  onRun?: (run: SyncRunRecord) => void;
  /** A sync that could not even be recorded (database down): log it; the schedule goes on. */
  onError?: (error: unknown) => void;
}

export function startPeriodicSync(
  service: Pick<SyncService, 'run'>,
  options: PeriodicSyncOptions,
): () => Promise<void> {
  const { intervalMs, timers, onRun, onError } = options;
  if (!(intervalMs > 0)) throw new Error(`intervalMs must be positive: ${intervalMs}`);
  let stopped = false;
  let handle: unknown;
  let current: Promise<void> = Promise.resolve();

  const tick = (trigger: 'startup' | 'schedule') => {
    current = service
      .run({ trigger })
      .then((result) => onRun?.(result.run))
      .catch((error: unknown) => onError?.(error))
      .finally(() => {
        if (!stopped) handle = timers.setTimeout(() => tick('schedule'), intervalMs);
      });
  };

  if (options.runAtStart ?? true) tick('startup');
  else handle = timers.setTimeout(() => tick('schedule'), intervalMs);

  /** Stops the schedule and resolves once a run in progress has finished. */
  return async () => {
    stopped = true;
    timers.clearTimeout(handle);
    await current;
  };
}
