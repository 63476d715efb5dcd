import { describe, expect, it } from 'vitest';
import type { SyncRunRecord } from '../ports';
import { inMemoryAlerts } from '../testing/in-memory-alerts';
import { emptyCounts } from '../sync/sync.service';
import { BROKER_SYNC_FAILED, BROKER_SYNC_RECOVERED, createDataHealthMonitor, DATA_STALE } from './data-health-monitor';

const T0 = new Date('2026-03-09T15:00:00Z');

function run(status: 'succeeded' | 'failed', n: number, error: string | null = null): SyncRunRecord {
  const startedAt = new Date(T0.getTime() + n * 60_000);
  return {
    id: `run-${n}`,
    broker: 'sim',
    accountCode: null,
    trigger: 'schedule',
    status,
    startedAt,
    finishedAt: new Date(startedAt.getTime() + 1_000),
    counts: emptyCounts(),
    error: status === 'failed' ? (error ?? 'broker down') : null,
  };
}

function setup(failuresBeforeAlert?: number) {
  const store = inMemoryAlerts();
  let now = T0;
  const clock = { now: () => now };
  const monitor = createDataHealthMonitor({
    alerts: store.repo,
    clock,
    staleAfterMs: 5 * 60_000,
    ...(failuresBeforeAlert ? { failuresBeforeAlert } : {}),
  });
  return { ...store, monitor, setNow: (d: Date) => (now = d) };
}

describe('data health monitor: broker sync failures', () => {
  it('raises one critical alert at the third failure in a row, with the last error', async () => {
    const { monitor, rows } = setup();
    expect(await monitor.onSyncRun(run('failed', 1))).toBeNull();
    expect(await monitor.onSyncRun(run('failed', 2))).toBeNull();
    expect(rows).toHaveLength(0);
    const alert = await monitor.onSyncRun(run('failed', 3, 'connection refused'));
    expect(alert).toMatchObject({ kind: BROKER_SYNC_FAILED, severity: 'critical', dedupeKey: 'sim' });
    expect(alert?.message).toBe('Broker sync failed 3 times in a row: connection refused');
    expect(alert?.payload).toMatchObject({ runId: 'run-3', consecutiveFailures: 3, lastError: 'connection refused' });
    await monitor.onSyncRun(run('failed', 4));
    expect(rows).toHaveLength(1);
  });

  it('a success in between resets the count', async () => {
    const { monitor, rows } = setup();
    await monitor.onSyncRun(run('failed', 1));
    await monitor.onSyncRun(run('failed', 2));
    await monitor.onSyncRun(run('succeeded', 3));
    await monitor.onSyncRun(run('failed', 4));
    await monitor.onSyncRun(run('failed', 5));
    expect(rows).toHaveLength(0);
  });

  it('on recovery acknowledges the failure alert and leaves an open info alert', async () => {
    const { monitor, rows, open } = setup();
    for (const n of [1, 2, 3, 4]) await monitor.onSyncRun(run('failed', n));
    const recovered = await monitor.onSyncRun(run('succeeded', 5));
    expect(recovered).toMatchObject({
      kind: BROKER_SYNC_RECOVERED,
      severity: 'info',
      message: 'Broker sync recovered after 4 failed runs',
    });
    expect(rows.find((r) => r.kind === BROKER_SYNC_FAILED)).toMatchObject({ acknowledgedBy: null });
    expect(rows.find((r) => r.kind === BROKER_SYNC_FAILED)?.acknowledgedAt).not.toBeNull();
    expect(open().map((r) => r.kind)).toEqual([BROKER_SYNC_RECOVERED]);
    expect(await monitor.onSyncRun(run('succeeded', 6))).toBeNull();
    expect(monitor.lastSuccessfulSyncAt()).toEqual(run('succeeded', 6).finishedAt);
  });

  it('a user who acknowledged the failure alert is not paged again within the same episode', async () => {
    const { monitor, repo, rows } = setup(2);
    await monitor.onSyncRun(run('failed', 1));
    const alert = await monitor.onSyncRun(run('failed', 2));
    await repo.acknowledge(alert!.id, 'user-1', T0);
    await monitor.onSyncRun(run('failed', 3));
    await monitor.onSyncRun(run('failed', 4));
    expect(rows).toHaveLength(1);
    // The episode still ends with a recovery notice.
    expect(await monitor.onSyncRun(run('succeeded', 5))).toMatchObject({ kind: BROKER_SYNC_RECOVERED });
  });

  it('a failure alert left open by an earlier process is resolved by the first success', async () => {
    const { monitor, repo, open } = setup();
    await repo.raise({ kind: BROKER_SYNC_FAILED, severity: 'critical', message: 'old', at: T0, dedupeKey: 'sim' });
    expect(await monitor.onSyncRun(run('succeeded', 1))).toMatchObject({ message: 'Broker sync recovered' });
    expect(open().map((r) => r.kind)).toEqual([BROKER_SYNC_RECOVERED]);
  });

  it('ignores runs still running and rejects nonsense settings', async () => {
    const { monitor, rows } = setup(1);
    expect(await monitor.onSyncRun({ ...run('failed', 1), status: 'running' })).toBeNull();
    expect(rows).toHaveLength(0);
    const alerts = inMemoryAlerts().repo;
    const clock = { now: () => T0 };
    expect(() => createDataHealthMonitor({ alerts, clock, staleAfterMs: 0 })).toThrow(/staleAfterMs/);
    expect(() => createDataHealthMonitor({ alerts, clock, staleAfterMs: 1, failuresBeforeAlert: 0 })).toThrow();
  });
});

describe('data health monitor: freshness', () => {
  it('raises data_stale once while the market is open and the last sync is too old, and resolves it when fresh', async () => {
    const { monitor, rows, open, setNow } = setup();
    setNow(new Date(T0.getTime() + 10 * 60_000));
    const first = await monitor.checkFreshness(T0, true);
    expect(first.stale).toBe(true);
    expect(first.alert).toMatchObject({ kind: DATA_STALE, severity: 'warning' });
    expect(first.alert?.message).toBe('Market data is stale: last successful broker sync 10 min ago');
    expect((await monitor.checkFreshness(T0, true)).alert?.id).toBe(first.alert?.id);
    expect(rows).toHaveLength(1);

    const fresh = await monitor.checkFreshness(new Date(T0.getTime() + 9 * 60_000), true);
    expect(fresh).toEqual({ stale: false, alert: null });
    expect(open()).toHaveLength(0);
  });

  it('never raises while the market is closed, and treats no sync at all as stale when open', async () => {
    const { monitor, rows } = setup();
    expect(await monitor.checkFreshness(null, false)).toEqual({ stale: false, alert: null });
    expect(await monitor.checkFreshness(new Date(0), false)).toEqual({ stale: false, alert: null });
    expect(rows).toHaveLength(0);
    const none = await monitor.checkFreshness(null, true);
    expect(none.alert?.message).toMatch(/no successful broker sync yet/);
  });

  it('exactly staleAfterMs old is still fresh', async () => {
    const { monitor, setNow } = setup();
    setNow(new Date(T0.getTime() + 5 * 60_000));
    expect((await monitor.checkFreshness(T0, true)).stale).toBe(false);
  });
});
