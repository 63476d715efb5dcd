// `optionstrader serve --roles worker` processes on a PostgreSQL database made for the caller: the multi-worker
// test and the queue benchmark share them.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { IN_MEMORY, openDatabase, queryRows, type Database } from '@optionstrader/db';

const bin = fileURLToPath(new URL('../../bin/optionstrader.mjs', import.meta.url));

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new, empty database on the server of `serverUrl` (dropped by `drop`). */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const admin: Database = await openDatabase({ databaseUrl: serverUrl, dataDir: IN_MEMORY, maxConnections: 1 });
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  // Hex digits and the caller's constant prefix: safe as an identifier.
  await queryRows(admin.db, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      await queryRows(admin.db, `drop database if exists "${name}" with (force)`).catch(() => undefined);
      await admin.close();
    },
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts `serve --roles <roles>` and resolves once it says it is running. */
export function startRoleProcess(
  databaseUrl: string,
  roles: string,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [bin, 'serve', '--roles', roles, '--port', '0', '--host', '127.0.0.1'], {
    env: {
      PATH: process.env['PATH'] ?? '',
      DATABASE_URL: databaseUrl,
      BROKER: 'none',
      LOG_LEVEL: 'info',
      ADMIN_EMAIL: 'workers@example.com',
      ADMIN_PASSWORD: 'worker-test-password-42',
      QUEUE_POLL_SECONDS: '0.5',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise<WorkerProcess>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      if (/OptionsTrader is (running|listening)/.test(output)) resolve({ child, output: () => output, stop });
    });
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    void exited.then(() => reject(new Error(`serve --roles ${roles} exited before it was running: ${output}`)));
  });
}
