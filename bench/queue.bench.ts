// `npm run bench`: jobs per second through the durable queue (pg-boss on PostgreSQL) with 1 and with 3 worker
// processes (`optionstrader serve --roles worker`, WORKER_CONCURRENCY=2 each), for no-op jobs (queue.ping): what the
// queue itself costs, each job recorded in the job history as in production. One producer queues BENCH_QUEUE_JOBS
// (default 3000) jobs, 50 sends at a time, while the workers already run; the clock runs from the first send until
// the history holds every job as succeeded. Numbers, not assertions.
import { performance } from 'node:perf_hooks';
import { createRepositories, IN_MEMORY, openDatabase, queryRows } from '@optionstrader/db';
import pino from 'pino';
import { systemClock } from '../apps/server/src/adapters/system-clock';
import { loadConfig } from '../apps/server/src/config';
import { startJobs } from '../apps/server/src/jobs/runtime';
import {
  createScratchDatabase,
  startRoleProcess,
  type ScratchDatabase,
  type WorkerProcess,
} from '../apps/server/src/testing/worker-processes';

const JOBS = Number(process.env['BENCH_QUEUE_JOBS'] ?? 1000);
const print = (line: string) => process.stdout.write(`${line}\n`);
const serverUrl = process.env['TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';

async function round(workers: number, concurrency: number): Promise<string> {
  let scratch: ScratchDatabase;
  try {
    scratch = await createScratchDatabase(serverUrl, 'ot_bench_queue');
  } catch (error) {
    return `skipped: no PostgreSQL at TEST_DATABASE_URL (${error instanceof Error ? error.message : String(error)})`;
  }
  const processes: WorkerProcess[] = [];
  try {
    for (let i = 0; i < workers; i++)
      processes.push(await startRoleProcess(scratch.url, 'worker', { WORKER_CONCURRENCY: String(concurrency) }));
    const database = await openDatabase({ databaseUrl: scratch.url, dataDir: IN_MEMORY, maxConnections: 8 });
    const producer = await startJobs({
      config: loadConfig({ DATABASE_URL: scratch.url }),
      database,
      repositories: createRepositories(database.db),
      clock: systemClock,
      log: pino({ level: 'silent' }),
      roles: [],
    });
    try {
      const started = performance.now();
      for (let sent = 0; sent < JOBS; sent += 50) {
        const batch = Math.min(50, JOBS - sent);
        await Promise.all(Array.from({ length: batch }, () => producer.enqueue('queue.ping', { trigger: 'event' })));
      }
      const queuedMs = performance.now() - started;
      for (;;) {
        const [row] = await queryRows<{ n: number }>(
          database.db,
          `select count(*)::int as n from job_runs where status = 'succeeded'`,
        );
        if ((row?.n ?? 0) >= JOBS) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const doneMs = performance.now() - started;
      const shares = await queryRows<{ n: number }>(
        database.db,
        `select count(*)::int as n from job_runs where status = 'succeeded' group by worker order by n desc`,
      );
      return `${(JOBS / (doneMs / 1000)).toFixed(0)} jobs/s end to end (${JOBS} jobs in ${(doneMs / 1000).toFixed(1)} s; queued at ${(JOBS / (queuedMs / 1000)).toFixed(0)} jobs/s; per worker ${shares.map((s) => s.n).join(' / ')})`;
    } finally {
      await producer.stop();
      await database.close();
    }
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await scratch.drop();
  }
}

print(`queue throughput (pg-boss on PostgreSQL, ${JOBS} no-op jobs, each recorded in job_runs)`);
for (const concurrency of [4, 50]) {
  for (const workers of [1, 3]) {
    const label = `${workers} worker process${workers > 1 ? 'es' : ''}, WORKER_CONCURRENCY=${concurrency}`;
    print(`  ${label}: ${await round(workers, concurrency)}`);
  }
}
