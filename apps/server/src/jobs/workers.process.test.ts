// Scale-out for real: three `optionstrader serve --roles worker` processes on one PostgreSQL database share the
// queue, and every job runs exactly once — also when every database connection is cut twice under load (what the
// processes see when PostgreSQL restarts).
import { IN_MEMORY, openDatabase, queryRows, withReconnect, type Database } from '@optionstrader/db';
import { postgresServerUnavailable, postgresUnavailable, testDatabaseUrl } from '@optionstrader/testkit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../adapters/system-clock';
import { loadConfig } from '../config';
import {
  createScratchDatabase,
  startRoleProcess,
  type ScratchDatabase,
  type WorkerProcess,
} from '../testing/worker-processes';
import { startJobs, type JobsRuntime } from './runtime';
import { createRepositories } from '@optionstrader/db';

// The unit project has no PostgreSQL flag: ask the server itself. CI must run this.
const unavailable = postgresUnavailable() || (await postgresServerUnavailable());
if (unavailable && !process.env['CI']) {
  process.stderr.write(`worker scale-out test SKIPPED: no PostgreSQL at TEST_DATABASE_URL (${unavailable})\n`);
}

const JOBS = 600;

describe.skipIf(unavailable && !process.env['CI'])('three worker processes on one PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let database: Database;
  let producer: JobsRuntime;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    if (unavailable) throw new Error(`PostgreSQL is required in CI: ${unavailable}`);
    scratch = await createScratchDatabase(testDatabaseUrl(), 'ot_workers');
    // The first one migrates the database; the other two start on a migrated one.
    workers.push(await startRoleProcess(scratch.url, 'worker'));
    workers.push(
      ...(await Promise.all([startRoleProcess(scratch.url, 'worker'), startRoleProcess(scratch.url, 'worker')])),
    );
    database = await openDatabase({ databaseUrl: scratch.url, dataDir: IN_MEMORY, maxConnections: 4 });
    // This process only queues (no worker, no scheduler).
    producer = await startJobs({
      config: loadConfig({ DATABASE_URL: scratch.url }),
      database,
      repositories: createRepositories(database.db),
      clock: systemClock,
      log: pino({ level: 'silent' }),
      roles: [],
    });
  }, 120_000);

  afterAll(async () => {
    await producer?.stop().catch(() => undefined);
    await Promise.all(workers.map((w) => w.stop()));
    await database?.close();
    await scratch?.drop();
  }, 60_000);

  const count = (sql: string) =>
    withReconnect(async () => (await queryRows<{ n: number }>(database.db, sql))[0]?.n ?? 0);

  it(`${JOBS} jobs, two connection cuts under load: each job runs once, all three workers take a share`, async () => {
    const ids = new Set<string>();
    for (let i = 0; i < JOBS; i++) ids.add((await producer.enqueue('queue.ping', { trigger: 'event' })) ?? 'refused');
    expect(ids.size).toBe(JOBS);

    // Cut every connection to the database (the workers' and ours), twice, while the queue is being worked.
    const admin = await openDatabase({ databaseUrl: testDatabaseUrl(), dataDir: IN_MEMORY, maxConnections: 1 });
    const cut = () =>
      queryRows<{ n: number }>(
        admin.db,
        `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = '${scratch.name}'`,
      );
    let cuts = 0;
    for (const threshold of [JOBS / 6, JOBS / 2]) {
      await expect
        .poll(() => count(`select count(*)::int as n from job_runs`), { timeout: 60_000, interval: 50 })
        .toBeGreaterThanOrEqual(threshold);
      const [row] = await cut();
      cuts += row?.n ?? 0;
    }
    await admin.close();
    expect(cuts).toBeGreaterThan(0);

    await expect
      .poll(() => count(`select count(distinct job_id)::int as n from job_runs where status = 'succeeded'`), {
        // A job handed over just as its connection was cut stays active until it expires (30 s for a ping) and the
        // next maintenance pass (every 30 s) queues it again.
        timeout: 150_000,
        interval: 250,
      })
      .toBe(JOBS);
    const perJob = await withReconnect(() =>
      queryRows<{ job_id: string; attempts: number; succeeded: number }>(
        database.db,
        `select job_id, count(*)::int as attempts, count(*) filter (where status = 'succeeded')::int as succeeded
           from job_runs group by job_id`,
      ),
    );
    expect(perJob).toHaveLength(JOBS);
    expect(new Set(perJob.map((r) => r.job_id))).toEqual(ids);
    // Exactly once: no job has two successful runs (a cut may fail an attempt, which is then retried).
    expect(perJob.filter((r) => r.succeeded !== 1)).toEqual([]);
    const shares = await withReconnect(() =>
      queryRows<{ worker: string; n: number }>(
        database.db,
        `select worker, count(*)::int as n from job_runs where status = 'succeeded' group by worker`,
      ),
    );
    expect(shares).toHaveLength(3);
    expect(shares.every((s) => s.n > 0)).toBe(true);
    // The workers are still alive and serving after the cuts.
    expect(workers.every((w) => w.child.exitCode === null)).toBe(true);
  }, 240_000);
});
