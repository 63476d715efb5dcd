// `optionstrader sync [--account CODE]`: one broker sync now; prints what it saw and wrote per entity.
import { createSyncService, rowsWritten, type Broker, type SyncRunRecord } from '@optionstrader/application';
import pino from 'pino';
import { systemClock } from '../adapters/system-clock';
import { loadConfig, type Config } from '../config';
import { createContainer } from '../container';
import { loggerOptions } from '../logger';
import { parseOptions } from './parse';

export interface SyncCommandDeps {
  /** The broker adapter for `config.BROKER`. */
  openBroker(config: Config): Promise<Broker>;
  env?: Record<string, string | undefined>;
}

export function formatSyncRun(run: SyncRunRecord): string {
  const duration = run.finishedAt ? `${run.finishedAt.getTime() - run.startedAt.getTime()} ms` : 'unfinished';
  const header = ['entity', 'seen', 'inserted', 'updated', 'deleted', 'unchanged'];
  const rows = Object.entries(run.counts).map(([entity, c]) =>
    [entity, c.seen, c.inserted, c.updated, c.deleted, c.unchanged].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [
    `Sync ${run.status} in ${duration} (run ${run.id}, broker ${run.broker}${run.accountCode ? `, account ${run.accountCode}` : ''})`,
    line(header),
    ...rows.map(line),
    `Rows written: ${rowsWritten(run.counts)}`,
    ...(run.error ? [`Error: ${run.error}`] : []),
    '',
  ].join('\n');
}

export async function syncCommand(args: string[], deps: SyncCommandDeps): Promise<number> {
  const values = parseOptions(args, { account: { type: 'string' } });
  const config = loadConfig(deps.env);
  const logger = pino(loggerOptions(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL));
  const container = await createContainer(config, logger);
  try {
    const broker = await deps.openBroker(config);
    try {
      if (broker.connectionState() !== 'ready') await broker.connect();
      const sync = createSyncService({
        broker,
        ingest: container.repositories.ingest,
        syncRuns: container.repositories.syncRuns,
        clock: systemClock,
      });
      const result = await sync.run({ trigger: 'cli', accountCode: values.account });
      if (!result.ok) {
        process.stderr.write(`optionstrader: ${result.message}\n`);
        return 3;
      }
      process.stdout.write(formatSyncRun(result.run));
      return result.run.status === 'succeeded' ? 0 : 1;
    } finally {
      await broker.disconnect().catch(() => undefined);
    }
  } finally {
    await container.close();
  }
}
