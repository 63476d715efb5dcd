// The doctor against real sockets and a real embedded database: each failure mode says what is wrong.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeGateway } from '@optionstrader/broker-ibkr';
import { migrateDatabase, openDatabase, queryRows } from '@optionstrader/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand } from '../cli/doctor.command';
import { startSmtpSink } from '../testing/smtp-sink';
import { CliUsageError } from '../cli/cli-usage-error';
import { doctorExitCode, formatDoctorResults, type DoctorResult } from './doctor-result';
import { runDoctor } from './run-doctor';

const root = mkdtempSync(path.join(tmpdir(), 'ot-doctor-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A loopback server for the test's life; `onConnection` decides what the peer hears. */
async function listen(
  onConnection: (socket: net.Socket) => void,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = await listen(() => undefined);
  await server.close();
  return server.port;
}

const line = (results: DoctorResult[], check: DoctorResult['check']) => results.filter((r) => r.check === check);
const only = (...checks: DoctorResult['check'][]) => new Set(checks);

describe('config', () => {
  it('names each invalid variable with its value and the reason, and runs nothing else', async () => {
    const results = await runDoctor({ env: { PORT: '99999', BROKER: 'schwab', DATA_DIR: root } });
    expect(results.map((r) => r.check)).toEqual(['config', 'config']);
    expect(results.every((r) => r.status === 'fail')).toBe(true);
    expect(results[0]?.message).toMatch(/^PORT="99999" is not valid: .*65535/);
    expect(results[1]?.message).toMatch(/^BROKER="schwab" is not valid: .*"sim"/);
    expect(doctorExitCode(results)).toBe(1);
    expect(formatDoctorResults(results)).toMatch(/^FAIL {2}config {6}PORT=/);
  });

  it('never prints a secret, even an invalid one', async () => {
    const results = await runDoctor({ env: { DATABASE_URL: 'mysql://me:hunter2-secret@db/x', DATA_DIR: root } });
    expect(results[0]?.message).toMatch(/^DATABASE_URL is not valid/);
    expect(JSON.stringify(results)).not.toContain('hunter2');
  });
});

describe('database', () => {
  it('does not create a missing data directory: the database is created on first start', async () => {
    const dataDir = path.join(root, 'not-yet', 'data');
    const results = await runDoctor({ env: { DATA_DIR: dataDir }, only: only('database') });
    expect(results).toEqual([
      {
        status: 'ok',
        check: 'database',
        message: `no database yet at ${path.join(dataDir, 'pglite')}; it is created on first start`,
      },
    ]);
    expect(existsSync(path.join(root, 'not-yet'))).toBe(false);
  });

  it('fails on a PostgreSQL server that cannot be reached, without the password', async () => {
    const results = await runDoctor({
      env: { DATABASE_URL: `postgres://me:pw-secret@127.0.0.1:${await closedPort()}/x`, DATA_DIR: root },
      only: only('database', 'migrations'),
    });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fail', check: 'database' });
    expect(results[0]?.message).toMatch(/ECONNREFUSED.*is the server running/);
    expect(results[0]?.message).not.toContain('pw-secret');
  });
});

describe('embedded database with a schedule and jobs', () => {
  const dataDir = path.join(root, 'embedded');

  beforeAll(async () => {
    const database = await openDatabase({ dataDir });
    try {
      await migrateDatabase(database);
      await queryRows(
        database.db,
        `insert into job_schedules (name, next_run_at) values ('sync', now() - interval '1 hour')`,
      );
      await queryRows(
        database.db,
        `insert into job_runs (job_id, name, trigger, attempt, status, will_retry, worker, started_at, finished_at, error)
         values ('j1', 'daily_summary', 'schedule', 3, 'failed', false, 'w1', now() - interval '2 hours', now() - interval '2 hours', 'smtp down')`,
      );
      await queryRows(database.db, `update app_settings set value = 'true'::jsonb where key = 'autotrade_enabled'`);
    } finally {
      await database.close();
    }
  }, 60_000);

  it(
    'reports an up-to-date schema, an overdue schedule, a failed job and auto-trading on',
    { timeout: 60_000 },
    async () => {
      const results = await runDoctor({
        env: { DATA_DIR: dataDir, HOST: '127.0.0.1' },
        only: only('database', 'migrations', 'scheduler', 'jobs', 'security'),
      });
      expect(line(results, 'database')[0]).toMatchObject({
        status: 'ok',
        message: expect.stringMatching(/^opened the embedded database/),
      });
      expect(line(results, 'migrations')[0]).toMatchObject({
        status: 'ok',
        message: expect.stringMatching(/up to date/),
      });
      expect(line(results, 'scheduler')[0]).toMatchObject({
        status: 'warn',
        message: expect.stringMatching(
          /1 of 1 schedules are overdue \(sync by \d+ min\): no scheduler seems to be running/,
        ),
      });
      expect(line(results, 'jobs')[0]).toMatchObject({
        status: 'warn',
        message: expect.stringMatching(/1 job\(s\) failed for good .*last job run: daily_summary, failed, finished/),
      });
      expect(line(results, 'security').map((r) => r.message)).toEqual([
        expect.stringMatching(/^auto-trading is switched on globally/),
      ]);
      expect(doctorExitCode(results)).toBe(0);
    },
  );

  it('leaves a database that the running server holds alone', async () => {
    // A live process standing in for the server that holds the lock.
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      writeFileSync(path.join(dataDir, 'pglite', 'optionstrader.lock'), String(holder.pid));
      const results = await runDoctor({ env: { DATA_DIR: dataDir }, only: only('database', 'migrations') });
      expect(results).toEqual([
        expect.objectContaining({
          status: 'ok',
          message: expect.stringMatching(`in use by the running server \\(process ${holder.pid}\\)`),
        }),
      ]);
    } finally {
      holder.kill();
      rmSync(path.join(dataDir, 'pglite', 'optionstrader.lock'), { force: true });
    }
  });
});

describe('broker', () => {
  const ibkr = (port: number) => ({
    env: { DATA_DIR: root, BROKER: 'ibkr', IBKR_HOST: '127.0.0.1', IBKR_PORT: String(port) },
    only: only('broker'),
  });

  it('fails when nothing listens on the gateway port, saying what to look at', async () => {
    const port = await closedPort();
    const [result] = await runDoctor(ibkr(port));
    expect(result).toEqual({
      status: 'fail',
      check: 'broker',
      message: `nothing listens on 127.0.0.1:${port} — is TWS / IB Gateway running with the API enabled on that port? (see docs/ibkr.md)`,
    });
  });

  it('is ok when a TWS API server answers the handshake', async () => {
    const gateway = await startFakeGateway({ port: 0 });
    try {
      const [result] = await runDoctor(ibkr(gateway.port));
      expect(result).toMatchObject({
        status: 'ok',
        message: expect.stringMatching(/answers the API \(server version 193\)/),
      });
    } finally {
      await gateway.close();
    }
  });

  it('fails when the port hangs up without an answer (an untrusted IP)', async () => {
    const server = await listen((socket) => socket.destroy());
    try {
      const [result] = await runDoctor(ibkr(server.port));
      expect(result).toMatchObject({
        status: 'fail',
        message: expect.stringMatching(/closed it without an API answer.*Trusted IPs/),
      });
    } finally {
      await server.close();
    }
  });

  it('fails when something else listens there and never answers', async () => {
    const sockets: net.Socket[] = [];
    const server = await listen((socket) => sockets.push(socket));
    try {
      const [result] = await runDoctor({ ...ibkr(server.port), timeoutMs: 200 });
      expect(result).toMatchObject({
        status: 'fail',
        message: expect.stringMatching(/does not answer the TWS API handshake/),
      });
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await server.close();
    }
  });
});

describe('mail', () => {
  const smtp = (port: number, extra: Record<string, string> = {}) => ({
    env: { DATA_DIR: root, MAIL_TRANSPORT: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), ...extra },
    only: only('mail'),
  });

  it('fails when the SMTP port is closed', async () => {
    const port = await closedPort();
    const [result] = await runDoctor(smtp(port));
    expect(result).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(`^nothing listens on 127.0.0.1:${port} — is SMTP_HOST / SMTP_PORT right\\?`),
    });
  });

  it('is ok when the SMTP server greets and accepts the session', async () => {
    const sink = await startSmtpSink();
    try {
      const [result] = await runDoctor(smtp(sink.port));
      expect(result).toMatchObject({
        status: 'ok',
        message: expect.stringMatching(
          `^the SMTP server at 127.0.0.1:${sink.port} answers \\(220 .*\\) and accepts no login`,
        ),
      });
    } finally {
      await sink.close();
    }
  });

  it('fails when the port answers without an SMTP greeting', async () => {
    const server = await listen((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n'));
    try {
      const [result] = await runDoctor(smtp(server.port));
      expect(result).toMatchObject({
        status: 'fail',
        message: expect.stringMatching(/answered "HTTP\/1.1 400 Bad Request", not an SMTP greeting/),
      });
    } finally {
      await server.close();
    }
  });

  it('fails when the server greets but refuses the session, naming what to check', async () => {
    const server = await listen((socket) => {
      socket.write('220 mail.test ESMTP\r\n');
      socket.on('error', () => undefined);
      socket.once('data', () => socket.end('554 go away\r\n'));
    });
    try {
      const [result] = await runDoctor(smtp(server.port, { SMTP_USER: 'me', SMTP_PASSWORD: 'smtp-secret-pw' }));
      expect(result).toMatchObject({
        status: 'fail',
        message: expect.stringMatching(/answers, but the login as me failed: .*check SMTP_USER, SMTP_PASSWORD/),
      });
      expect(result?.message).not.toContain('smtp-secret-pw');
    } finally {
      await server.close();
    }
  });

  it('says what the other transports mean, and what Resend is missing', async () => {
    const run = async (env: Record<string, string>) =>
      (await runDoctor({ env: { DATA_DIR: root, ...env }, only: only('mail') }))[0];
    expect(await run({})).toMatchObject({
      status: 'ok',
      message: expect.stringMatching(/^MAIL_TRANSPORT=file: .*\.eml files to .*mail, not sent/),
    });
    expect(await run({ MAIL_TRANSPORT: 'console' })).toMatchObject({
      status: 'ok',
      message: expect.stringMatching(/written to the log, not sent/),
    });
    expect(await run({ MAIL_TRANSPORT: 'none' })).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/no email is stored or sent/),
    });
    expect(await run({ MAIL_TRANSPORT: 'resend' })).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/RESEND_API_KEY is not set/),
    });
  });
});

describe('security', () => {
  it('warns about plain-http cookies, the example password and live trading; fails on test-only crash injection', async () => {
    const results = await runDoctor({
      env: {
        DATA_DIR: path.join(root, 'none'),
        HOST: '0.0.0.0',
        COOKIE_SECURE: 'false',
        ADMIN_PASSWORD: 'choose-at-least-12-characters',
        IBKR_LIVE_TRADING: 'true',
        OPTIONSTRADER_CRASH_AT: 'order_stored',
        METRICS_TOKEN: 'a-metrics-token-of-enough-length',
      },
      only: only('security'),
    });
    expect(results.map((r) => [r.status, r.message.split(':')[0]])).toEqual([
      ['fail', 'OPTIONSTRADER_CRASH_AT is set'],
      ['warn', 'COOKIE_SECURE=false while listening on 0.0.0.0'],
      ['warn', 'ADMIN_PASSWORD is the example value from .env.example'],
      ['warn', 'IBKR_LIVE_TRADING=true'],
    ]);
  });
});

describe('doctor command', () => {
  it('prints JSON for machines and exits 1 on a FAIL', async () => {
    let out = '';
    const code = await doctorCommand(['--json', '--only', 'broker'], {
      out: (text) => (out += text),
      env: { DATA_DIR: root, BROKER: 'ibkr', IBKR_PORT: String(await closedPort()) },
    });
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ ok: false, checks: [{ status: 'fail', check: 'broker' }] });
  });

  it('refuses an unknown check name', async () => {
    await expect(doctorCommand(['--only', 'brokers'], { out: () => undefined, env: {} })).rejects.toThrow(
      CliUsageError,
    );
  });
});
