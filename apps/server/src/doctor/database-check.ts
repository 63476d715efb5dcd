// The database: can it be opened, is its schema current. The embedded one is never created or migrated here.
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  MIGRATIONS_FOLDER,
  errorReason,
  openDatabase,
  queryRows,
  redactDatabaseUrl,
  type Database,
} from '@optionstrader/db';
import type { Config } from '../config';
import { fail, ok, warn, type DoctorResult } from './doctor-result';

export interface OpenedForDoctor {
  result: DoctorResult;
  /** Open when the checks that read the database can run; the caller closes it. */
  database?: Database;
}

const exists = (target: string) =>
  stat(target).then(
    () => true,
    () => false,
  );

/** The nearest directory that exists at or above `target` (where a missing DATA_DIR would be created). */
async function nearestExisting(target: string): Promise<string> {
  let current = target;
  while (!(await exists(current)) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

async function writable(directory: string): Promise<boolean> {
  return access(directory, constants.W_OK).then(
    () => true,
    () => false,
  );
}

/** The PID in the embedded database's lock file when that process is still alive (the running server). */
async function lockHolder(directory: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(path.join(directory, 'optionstrader.lock'), 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM' ? pid : undefined;
  }
}

export async function openForDoctor(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): Promise<OpenedForDoctor> {
  if (config.DATABASE_URL) {
    const where = redactDatabaseUrl(config.DATABASE_URL);
    try {
      // The pool gives up after its connection timeout (10 s): an unreachable host fails here, not hangs.
      const database = await openDatabase({
        databaseUrl: config.DATABASE_URL,
        dataDir: config.DATA_DIR,
        maxConnections: 1,
      });
      const [row] = await queryRows<{ version: string }>(
        database.db,
        `select current_setting('server_version') as version`,
      );
      return {
        result: ok('database', `connected to PostgreSQL ${row?.version ?? ''} at ${where}`.replace('  ', ' ')),
        database,
      };
    } catch (error) {
      return {
        result: fail(
          'database',
          `${errorReason(error)} — is the server running, and are host, port, user and password in DATABASE_URL right?`,
        ),
      };
    }
  }

  const dataDir = config.DATA_DIR;
  const directory = path.join(dataDir, 'pglite');
  if (!(await exists(path.join(directory, 'PG_VERSION')))) {
    const parent = await nearestExisting(dataDir);
    if (!(await writable(parent)))
      return {
        result: fail(
          'database',
          `no database yet at ${directory}, and this user (uid ${process.getuid?.() ?? '?'}) cannot write ${parent} to create it: fix the permissions or set DATA_DIR`,
        ),
      };
    return { result: ok('database', `no database yet at ${directory}; it is created on first start`) };
  }
  if (!(await writable(directory)))
    return {
      result: fail(
        'database',
        `the embedded database at ${directory} is not writable by this user (uid ${process.getuid?.() ?? '?'})`,
      ),
    };
  const holder = await lockHolder(directory);
  if (holder !== undefined)
    return {
      result: ok(
        'database',
        `the embedded database at ${directory} is in use by the running server (process ${holder}); only one process can open it, so migrations and jobs are not checked`,
      ),
    };
  try {
    const database = await openDatabase({ dataDir });
    return { result: ok('database', `opened the embedded database at ${directory}`), database };
  } catch (error) {
    return { result: fail('database', errorReason(error)) };
  }
}

interface JournalEntry {
  tag: string;
  when: number;
}

/** Pending = shipped migrations newer than the last applied one (drizzle's own rule). */
export async function checkMigrations(database: Database): Promise<DoctorResult> {
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  const [table] = await queryRows<{ exists: boolean }>(
    database.db,
    `select to_regclass('drizzle.__drizzle_migrations') is not null as "exists"`,
  );
  const applied = table?.exists
    ? await queryRows<{ created_at: string | number }>(
        database.db,
        `select created_at from drizzle.__drizzle_migrations`,
      )
    : [];
  if (applied.length === 0)
    return warn(
      'migrations',
      `the database is empty: the schema (${journal.entries.length} migrations) is created on the next start, or by \`optionstrader migrate\``,
    );
  const last = Math.max(...applied.map((row) => Number(row.created_at)));
  const pending = journal.entries.filter((entry) => entry.when > last);
  const known = new Set(journal.entries.map((entry) => entry.when));
  const unknown = applied.filter((row) => !known.has(Number(row.created_at))).length;
  if (unknown > 0)
    return warn(
      'migrations',
      `the database has ${unknown} migration(s) this version does not ship: it was upgraded by a newer OptionsTrader; run that version`,
    );
  if (pending.length > 0)
    return warn(
      'migrations',
      `${pending.length} migration(s) pending (${pending.map((entry) => entry.tag).join(', ')}): they are applied on the next start, or by \`optionstrader migrate\``,
    );
  return ok('migrations', `the schema is up to date (${applied.length} migrations)`);
}

// Only the fixed table names below reach the SQL text.
async function hasTable(
  database: Database,
  name: 'job_schedules' | 'job_runs' | 'app_settings' | 'users',
): Promise<boolean> {
  const [row] = await queryRows<{ exists: boolean }>(
    database.db,
    `select to_regclass('public.${name}') is not null as "exists"`,
  );
  return row?.exists === true;
}

/** Schedules past due by more than this mean nobody is scheduling (a running scheduler queues within seconds). */
const OVERDUE_MINUTES = 5;

export async function checkScheduler(database: Database): Promise<DoctorResult> {
  if (!(await hasTable(database, 'job_schedules')))
    return warn('scheduler', 'no job_schedules table yet (migrations pending)');
  const rows = await queryRows<{ name: string; next_run_at: Date | string; late_minutes: number }>(
    database.db,
    `select name, next_run_at, floor(extract(epoch from (now() - next_run_at)) / 60)::int as late_minutes
        from job_schedules where next_run_at is not null order by next_run_at`,
  );
  if (rows.length === 0)
    return warn('scheduler', 'no job schedules recorded: no scheduler has run on this database yet');
  const overdue = rows.filter((row) => row.late_minutes >= OVERDUE_MINUTES);
  const first = overdue[0];
  if (first)
    return warn(
      'scheduler',
      `${overdue.length} of ${rows.length} schedules are overdue (${first.name} by ${first.late_minutes} min): no scheduler seems to be running — start \`optionstrader serve\` with the scheduler role`,
    );
  const next = rows[0];
  return ok(
    'scheduler',
    `${rows.length} schedules, none overdue${next ? `; next: ${next.name} at ${new Date(next.next_run_at).toISOString()}` : ''}`,
  );
}

export async function checkJobs(database: Database): Promise<DoctorResult> {
  if (!(await hasTable(database, 'job_runs'))) return warn('jobs', 'no job_runs table yet (migrations pending)');
  const [last] = await queryRows<{
    name: string;
    status: string;
    started_at: Date | string;
    finished_at: Date | string | null;
  }>(database.db, `select name, status, started_at, finished_at from job_runs order by started_at desc limit 1`);
  if (!last) return ok('jobs', 'no job has run yet');
  const [failures] = await queryRows<{ count: number }>(
    database.db,
    `select count(*)::int as count from job_runs
        where status = 'failed' and not will_retry and started_at > now() - interval '24 hours'`,
  );
  const when = new Date(last.finished_at ?? last.started_at).toISOString();
  const lastRun = `last job run: ${last.name}, ${last.status}, ${last.finished_at ? 'finished' : 'started'} ${when}`;
  const failed = failures?.count ?? 0;
  return failed > 0
    ? warn('jobs', `${failed} job(s) failed for good in the last 24 h (see Jobs in the app); ${lastRun}`)
    : ok('jobs', lastRun);
}

/** Facts the security check needs from the database (undefined where the table is not there yet). */
export async function installationFacts(database: Database): Promise<{ autotradeEnabled?: boolean; users?: number }> {
  const facts: { autotradeEnabled?: boolean; users?: number } = {};
  if (await hasTable(database, 'app_settings')) {
    const [row] = await queryRows<{ value: unknown }>(
      database.db,
      `select value from app_settings where key = 'autotrade_enabled'`,
    );
    facts.autotradeEnabled = row?.value === true;
  }
  if (await hasTable(database, 'users')) {
    const [row] = await queryRows<{ count: number }>(database.db, `select count(*)::int as count from users`);
    facts.users = row?.count ?? 0;
  }
  return facts;
}
