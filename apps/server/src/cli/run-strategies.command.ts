// `optionstrader run-strategies [--instance ID ...] [--no-sync]`: one strategy run now. The broker is synced first
// (the runs read the ingested book), then every enabled instance runs (or the given ones); prints one line per run
// and the new recommendations. Exit 0 when every run succeeded, 1 when one failed, 3 when the sync failed.
import { createSyncService, runView, type StrategyRunRecord } from '@optionstrader/application';
import pino from 'pino';
import { systemClock } from '../adapters/system-clock';
import type { OpenedBroker } from '../broker';
import { loadConfig, type Config } from '../config';
import { createContainer } from '../container';
import { seedDemoStrategies } from '../demo-strategies';
import { loggerOptions } from '../logger';
import { parseOptions } from './parse';

export interface RunStrategiesDeps {
  openBroker(config: Config): Promise<OpenedBroker>;
  env?: Record<string, string | undefined>;
}

export function formatRun(run: StrategyRunRecord): string {
  const view = runView(run);
  const stats = view.stats;
  const figures = stats
    ? `${stats.recommendations} new, ${stats.unchanged} unchanged, ${stats.superseded} superseded, ` +
      `${stats.opportunities} opportunities, ${stats.signals} signals, ${stats.contractsQuoted} contracts quoted`
    : '';
  const ms = view.timings?.totalMs;
  return [
    `${view.status.padEnd(9)} ${view.instanceName ?? view.instanceId ?? '?'} (${view.strategySlug ?? '?'})` +
      `${ms === undefined ? '' : ` in ${ms} ms`}: ${figures}`,
    ...view.errors.map((e) => `          error: ${e}`),
  ].join('\n');
}

export async function runStrategiesCommand(args: string[], deps: RunStrategiesDeps): Promise<number> {
  const values = parseOptions(args, {
    instance: { type: 'string', multiple: true },
    'no-sync': { type: 'boolean' },
  });
  const config = loadConfig(deps.env);
  const logger = pino(loggerOptions(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL));
  const container = await createContainer(config, logger);
  try {
    const opened = await deps.openBroker(config);
    const { broker } = opened;
    try {
      if (broker.connectionState() !== 'ready') await broker.connect();
      if (!values['no-sync']) {
        await opened.advance?.();
        const sync = createSyncService({
          broker,
          ingest: container.repositories.ingest,
          syncRuns: container.repositories.syncRuns,
          clock: systemClock,
        });
        const synced = await sync.run({ trigger: 'cli' });
        if (!synced.ok || synced.run.status !== 'succeeded') {
          process.stderr.write(`optionstrader: the sync before the run failed: ${synced.run.error ?? 'unknown'}\n`);
          return 3;
        }
      }
      await container.strategies.seedDefinitions();
      if (broker.kind === 'sim')
        await seedDemoStrategies({
          strategies: container.strategies,
          accounts: container.reads.queries.accounts,
          settings: container.repositories.appSettings,
          clock: systemClock,
        });
      const runner = container.strategyRunner(
        container.risk(opened.reference, broker),
        { reference: opened.reference, strategyReference: opened.strategyReference },
        broker,
      );
      const runs = await runner.run(values.instance === undefined ? {} : { instanceIds: values.instance });
      if (values.instance !== undefined && runs.length < values.instance.length) {
        const found = new Set(runs.map((r) => r.instanceId));
        const missing = values.instance.filter((id) => !found.has(id));
        process.stderr.write(`optionstrader: no strategy instance ${missing.join(', ')}\n`);
      }
      if (runs.length === 0) process.stdout.write('No enabled strategy instances: nothing ran.\n');
      for (const run of runs) process.stdout.write(`${formatRun(run)}\n`);
      for (const r of await container.strategies.pendingOfRuns(runs.map((run) => run.id)))
        process.stdout.write(
          `  ${r.action.padEnd(11)} ${r.quantity} × ${r.symbol} @ ${r.limitPrice ?? '—'} [${r.risk?.verdict ?? '?'}] ${r.rationale ?? ''}\n`,
        );
      return runs.every((r) => r.status === 'succeeded') && runs.length >= (values.instance?.length ?? 0) ? 0 : 1;
    } finally {
      await broker.disconnect().catch(() => undefined);
    }
  } finally {
    await container.close();
  }
}
