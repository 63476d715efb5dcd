// What each job does, wired to the use cases. A handler returns what it did (shown in the job history) and throws
// when it failed, so the queue retries it. A job whose part of the product is absent (no broker) says so and
// succeeds: there is nothing to retry.
import type {
  AccountsQuery,
  JobHandler,
  PaperEngine,
  RiskMonitorResult,
  StrategyRunner,
  StrategyRunRecord,
  SyncService,
} from '@optionstrader/application';
import type { Logger } from 'pino';
import type { JobName } from './catalog';

export interface JobHandlerDeps {
  /** Absent without a broker. */
  sync: SyncService | undefined;
  runner: StrategyRunner;
  afterRuns: (runs: readonly StrategyRunRecord[]) => Promise<void>;
  riskMonitor: () => Promise<RiskMonitorResult>;
  paper: PaperEngine | undefined;
  accounts: AccountsQuery;
  /** Absent until notifications are configured in this process. */
  notifications?: {
    deliver(id: string): Promise<void>;
    dailySummary(asOf: Date): Promise<Record<string, unknown> | void>;
  };
  now: () => Date;
  log: Logger;
}

export function jobHandlers(deps: JobHandlerDeps): Map<JobName, JobHandler> {
  const { log } = deps;

  const sync = async (why: string) => {
    if (!deps.sync) return { skipped: 'no broker configured' };
    const { run } = await deps.sync.run({ trigger: 'schedule' });
    if (run.status === 'failed') throw new Error(`${why}: the broker sync failed: ${run.error ?? 'no reason given'}`);
    return { syncRunId: run.id };
  };

  const strategies = async (jobName: string) => {
    const runs = await deps.runner.run();
    const failed = runs.filter((r) => r.status === 'failed');
    for (const r of failed) {
      log.warn({ job: jobName, runId: r.id, instanceId: r.instanceId, errors: r.errors }, 'strategy run failed');
    }
    // The runs' own errors are in strategy_runs.errors (and the errors list); autotrade failing fails the job.
    await deps.afterRuns(runs);
    const recommendations = runs.reduce((sum, r) => sum + (r.stats?.recommendations ?? 0), 0);
    return { runs: runs.length, failed: failed.length, recommendations };
  };

  const handlers = new Map<JobName, JobHandler>([
    ['sync.preopen', () => sync('pre-open sync')],
    ['strategies.scan', () => strategies('strategies.scan')],
    ['expiry.manage', () => strategies('expiry.manage')],
    [
      'risk.monitor',
      async () => {
        const result = await deps.riskMonitor();
        for (const failure of result.failures) log.warn(failure, 'risk monitor could not assess an account');
        if (result.failures.length === result.accounts && result.accounts > 0) {
          throw new Error(`risk monitor: no account could be assessed (${result.failures[0]?.error ?? ''})`);
        }
        return {
          accounts: result.accounts,
          raised: result.raised.length,
          resolved: result.resolved,
          failures: result.failures.length,
        };
      },
    ],
    [
      'expiry.process',
      async () => {
        const synced = await sync('expiry processing');
        const paper = deps.paper ? await deps.paper.pass() : null;
        if (paper && paper.errors.length > 0) log.warn({ errors: paper.errors }, 'paper settlement');
        return { ...synced, ...(paper ? { paperSettled: paper.settled, paperExpired: paper.expired } : {}) };
      },
    ],
    [
      'snapshot.eod',
      async () => {
        const synced = await sync('end-of-day snapshot');
        const accounts = await deps.accounts.list();
        for (const account of accounts) {
          const snapshot = account.latestSnapshot;
          // The daily snapshot log: one line per account, unknown values as null (never 0).
          log.info(
            {
              accountId: account.id,
              accountCode: account.accountCode,
              netLiquidation: snapshot?.netLiquidation ?? null,
              maintMargin: snapshot?.maintMargin ?? null,
              asOf: snapshot?.asOf.toISOString() ?? null,
            },
            'daily snapshot',
          );
        }
        return { ...synced, accounts: accounts.length };
      },
    ],
    [
      'notifications.daily_summary',
      async (job) => {
        if (!deps.notifications) return { skipped: 'notifications are not configured' };
        const asOf = job.data.scheduledFor ? new Date(job.data.scheduledFor) : deps.now();
        return (await deps.notifications.dailySummary(asOf)) ?? {};
      },
    ],
    [
      'notification.deliver',
      async (job) => {
        const id = job.data.args?.['notificationId'];
        if (typeof id !== 'string') throw new Error('notification.deliver needs args.notificationId');
        if (!deps.notifications) throw new Error('notifications are not configured in this worker');
        await deps.notifications.deliver(id);
        return { notificationId: id };
      },
    ],
    ['queue.ping', async () => ({ pong: true })],
  ]);
  return handlers;
}
