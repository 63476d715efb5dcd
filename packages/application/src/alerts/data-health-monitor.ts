// Watches the broker feed and turns its health into alerts: repeated sync failures, recovery, stale data.
//
// Decisions:
// - `broker_sync_failed` (critical) is raised once per failure episode, at the `failuresBeforeAlert`-th failed run in a
//   row; a user who acknowledges it during the outage is not paged again until the feed has recovered and failed anew.
// - On the first successful run after an episode the failure alert is acknowledged by the system (acknowledged_by
//   null: the condition is over) and an `info` "Broker sync recovered" alert stays open, so the operator still sees
//   that something happened. A failure alert left open by a previous process also counts as an episode.
// - `data_stale` (warning) is raised when the market is open and the last successful sync is older than
//   `staleAfterMs` (or there has been none); fresh data acknowledges it again. Outside market hours old data is
//   expected, so nothing is raised or resolved.
// - Calls are serialized: a slow alert write never lets two runs interleave their bookkeeping.
import type { AlertRecord, AlertsRepository, Clock, SyncRunRecord } from '../ports';

export const BROKER_SYNC_FAILED = 'broker_sync_failed';
export const BROKER_SYNC_RECOVERED = 'broker_sync_recovered';
export const DATA_STALE = 'data_stale';

export interface DataHealthMonitorDeps {
  alerts: AlertsRepository;
  clock: Clock;
  /** Data older than this while the market is open is stale. */
  staleAfterMs: number;
  /** Failed runs in a row before the critical alert. Default 3. */
  failuresBeforeAlert?: number;
}

export interface FreshnessResult {
  stale: boolean;
  /** The open `data_stale` alert when stale (new or already open). */
  alert: AlertRecord | null;
}

export type DataHealthMonitor = ReturnType<typeof createDataHealthMonitor>;

export function createDataHealthMonitor(deps: DataHealthMonitorDeps) {
  const { alerts, clock, staleAfterMs } = deps;
  const failuresBeforeAlert = deps.failuresBeforeAlert ?? 3;
  if (!(staleAfterMs > 0)) throw new Error(`staleAfterMs must be positive: ${staleAfterMs}`);
  if (!Number.isInteger(failuresBeforeAlert) || failuresBeforeAlert < 1) {
    throw new Error(`failuresBeforeAlert must be a positive integer: ${failuresBeforeAlert}`);
  }

  let consecutiveFailures = 0;
  let alertedThisEpisode = false;
  let lastSuccessAt: Date | null = null;
  let tail: Promise<unknown> = Promise.resolve();

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  }

  async function onFailure(run: SyncRunRecord): Promise<AlertRecord | null> {
    consecutiveFailures += 1;
    if (consecutiveFailures < failuresBeforeAlert || alertedThisEpisode) return null;
    alertedThisEpisode = true;
    const { alert } = await alerts.raise({
      kind: BROKER_SYNC_FAILED,
      severity: 'critical',
      message: `Broker sync failed ${consecutiveFailures} times in a row: ${run.error ?? 'unknown error'}`,
      payload: { broker: run.broker, runId: run.id, consecutiveFailures, lastError: run.error },
      at: clock.now(),
      dedupeKey: run.broker,
    });
    return alert;
  }

  async function onSuccess(run: SyncRunRecord): Promise<AlertRecord | null> {
    const failures = consecutiveFailures;
    const wasAlerted = alertedThisEpisode;
    consecutiveFailures = 0;
    alertedThisEpisode = false;
    lastSuccessAt = run.finishedAt ?? clock.now();
    const at = clock.now();
    const resolved = await alerts.resolve(BROKER_SYNC_FAILED, run.broker, at);
    if (!wasAlerted && resolved === 0) return null;
    const { alert } = await alerts.raise({
      kind: BROKER_SYNC_RECOVERED,
      severity: 'info',
      message: failures > 0 ? `Broker sync recovered after ${failures} failed runs` : 'Broker sync recovered',
      payload: { broker: run.broker, runId: run.id, failedRuns: failures },
      at,
    });
    return alert;
  }

  return {
    /** Feed every finished run (any trigger). Returns the alert raised, if any. */
    onSyncRun(run: SyncRunRecord): Promise<AlertRecord | null> {
      if (run.status === 'running') return Promise.resolve(null);
      return serialized(() => (run.status === 'failed' ? onFailure(run) : onSuccess(run)));
    },

    /** `marketOpen`: the caller asks the domain's `isMarketOpen(clock.now())` (kept outside so tests choose). */
    checkFreshness(lastSuccessfulSyncAt: Date | null, marketOpen: boolean): Promise<FreshnessResult> {
      return serialized(async () => {
        if (!marketOpen) return { stale: false, alert: null };
        const now = clock.now();
        const ageMs = lastSuccessfulSyncAt ? now.getTime() - lastSuccessfulSyncAt.getTime() : null;
        if (ageMs !== null && ageMs <= staleAfterMs) {
          await alerts.resolve(DATA_STALE, 'broker_sync', now);
          return { stale: false, alert: null };
        }
        const message =
          lastSuccessfulSyncAt === null
            ? 'Market data is stale: no successful broker sync yet while the market is open'
            : `Market data is stale: last successful broker sync ${Math.round((ageMs ?? 0) / 60_000)} min ago`;
        const { alert } = await alerts.raise({
          kind: DATA_STALE,
          severity: 'warning',
          message,
          payload: { lastSuccessfulSyncAt: lastSuccessfulSyncAt?.toISOString() ?? null, staleAfterMs },
          at: now,
          dedupeKey: 'broker_sync',
        });
        return { stale: true, alert };
      });
    },

    /** The finish time of the last successful run this monitor saw (null until one). */
    lastSuccessfulSyncAt: (): Date | null => lastSuccessAt,
  };
}
