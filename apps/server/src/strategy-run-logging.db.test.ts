// The strategy runner's structured log: every line of a run carries its runId, instanceId and accountId.
import { createSyncService } from '@optionstrader/application';
import { createMarketSimulator, createSimBroker, demoAccounts } from '@optionstrader/broker-sim';
import { postgresUnavailable } from '@optionstrader/testkit';
import pino from 'pino';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedHistory, simReference } from './adapters/risk-market-data';
import { simStrategyReference } from './adapters/strategy-reference';
import { SIM_SEED } from './broker';
import { seedDemoStrategies } from './demo-strategies';
import { loggerOptions } from './logger';
import { createTestApp, manualClock, type TestApp } from './testing/test-app';

const NOW = new Date('2026-11-20T16:00:00Z'); // a Friday, 11:00 in New York

describe.skipIf(postgresUnavailable())('strategy run logs', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const clock = manualClock(NOW);
    const market = createMarketSimulator({ seed: SIM_SEED, history: await shippedHistory() });
    const broker = createSimBroker({ market, clock, accounts: demoAccounts(market, NOW.getTime()) });
    await broker.connect();
    t = await createTestApp({ clock });
    const { services } = t;
    const sync = createSyncService({
      broker,
      ingest: services.repositories.ingest,
      syncRuns: services.repositories.syncRuns,
      clock,
    });
    expect((await sync.run({ trigger: 'schedule' })).run.status).toBe('succeeded');
    await services.strategies.seedDefinitions();
    await seedDemoStrategies({
      strategies: services.strategies,
      accounts: services.reads.queries.accounts,
      settings: services.repositories.appSettings,
      clock,
    });
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n'))
          if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const log = pino(loggerOptions('debug', false), stream);
    const risk = services.risk(simReference(market), broker);
    const runner = services.strategyRunner(
      risk,
      { reference: simReference(market), strategyReference: simStrategyReference(market) },
      broker,
      log,
    );
    await runner.run();
  });
  afterAll(async () => t.close());

  it('writes a start, a scan and an outcome line per run, each with runId, instanceId and accountId', async () => {
    const repository = t.services.repositories.strategies;
    const instances = await repository.listInstances();
    const runs = await repository.latestRuns(instances.map((i) => i.id));
    expect(runs.size).toBeGreaterThan(0);
    for (const run of runs.values()) {
      const ofRun = lines.filter((line) => line.runId === run.id);
      const instance = instances.find((i) => i.id === run.instanceId);
      expect(ofRun.map((line) => line.msg)).toEqual([
        'strategy run started',
        'strategy scan',
        `strategy run ${run.status}`,
      ]);
      for (const line of ofRun)
        expect(line).toMatchObject({
          runId: run.id,
          instanceId: run.instanceId,
          accountId: instance?.accountId,
          mode: 'paper',
        });
      expect(ofRun[1]).toMatchObject({ contractsQuoted: run.stats?.contractsQuoted });
      expect(ofRun[2]).toMatchObject({ stats: run.stats });
    }
  });
});
