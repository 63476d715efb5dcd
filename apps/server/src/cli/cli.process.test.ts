// The real `optionstrader` binary in child processes, on a throwaway embedded database.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/optionstrader.mjs', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'ot-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** Starts `serve`, waits for it to listen, and hands back its output so far plus a stop function. */
async function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'info', WEB_DIST_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${stdout}`)));
  });
  return {
    url,
    output: () => stdout,
    stop: () =>
      new Promise<number | null>((resolve) => {
        child.removeAllListeners('close');
        child.on('close', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

describe('optionstrader binary', { timeout: 60_000 }, () => {
  it('migrate applies the migrations once, then finds nothing to do', async () => {
    const first = await run(['migrate']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Migrations applied: [1-9]\d* \(pglite\)/);
    const second = await run(['migrate']);
    expect(second.stdout).toContain('Migrations applied: 0 (pglite)');
  });

  it('user add creates a user from a password on stdin, and refuses a duplicate or weak password', async () => {
    const added = await run(
      ['user', 'add', '--email', 'Trader@Example.com', '--password-stdin'],
      {},
      'a-long-enough-password\n',
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Created user trader@example\.com \([0-9a-f-]{36}\)/);
    expect(added.stdout).not.toContain('a-long-enough-password');

    const again = await run(['user', 'add', '--email', 'trader@example.com', '--password', 'another-long-password']);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('already exists');

    const weak = await run(['user', 'add', '--email', 'weak@example.com', '--password', 'short']);
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('at least 12 characters');
  });

  it('calc answers one JSON line per input line and exits 1 when any line was bad', async () => {
    const input = [
      '{"op":"price","right":"call","S":42,"K":40,"T":0.5,"r":0.1,"q":0,"sigma":0.2}',
      '',
      '{"op":"iv","right":"put","S":42,"K":40,"T":0.5,"r":0.1,"price":0.8086}',
      'oops',
    ].join('\n');
    const result = await run(['calc'], {}, `${input}\n`);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]?.price).toBeCloseTo(4.7594, 4);
    expect(lines[1]?.iv).toBeCloseTo(0.2, 4);
    expect(lines[2]?.error).toMatch(/malformed JSON/);
    expect(result.code).toBe(1);
  });

  it('backtest runs a strategy on CSV files without the database, prints the statistics and writes the report', async () => {
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const config = path.join(dataDir, 'wheel.json');
    writeFileSync(config, JSON.stringify({ symbols: ['KO'], targetDelta: 0.3 }));
    const args = (out: string) => [
      'backtest',
      '--strategy',
      'wheel',
      '--config',
      config,
      '--data',
      path.join(repo, 'data/prices/stocks/KO.csv'),
      '--iv',
      path.join(repo, 'data/prices/VIX_History_cboe_1990-2026.csv'),
      '--from',
      '2019-01-02',
      '--to',
      '2019-12-31',
      '--out',
      out,
    ];
    const first = await run(args(path.join(dataDir, 'a.json')));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Wheel · KO · 2019-01-02 → 2019-12-31/);
    expect(first.stdout).toMatch(/252 trading days/);
    expect(first.stdout).toMatch(/benchmark KO \(buy and hold, total return\)/);
    expect(first.stdout).toMatch(/^ {2}2019 /m);
    const report = JSON.parse(readFileSync(path.join(dataDir, 'a.json'), 'utf8')) as {
      stats: { trades: number; counters: { premiumCollected: number } };
      years: { year: number }[];
      equity: unknown[];
      trades: unknown[];
    };
    expect(report.years.map((y) => y.year)).toEqual([2019]);
    expect(report.equity).toHaveLength(252);
    expect(report.stats.counters.premiumCollected).toBeGreaterThan(0);
    expect(report.trades.length).toBe(report.stats.trades);
    // The same files and flags give the same report.
    expect((await run(args(path.join(dataDir, 'b.json')))).code).toBe(0);
    const again = JSON.parse(readFileSync(path.join(dataDir, 'b.json'), 'utf8')) as typeof report;
    expect(again.stats).toEqual(report.stats);

    // An underlier's own IV history instead of the VIX: a flat 22% for 2019.
    const ivFile = path.join(dataDir, 'ko-iv.csv');
    const days = report.equity as { date: string }[];
    writeFileSync(
      ivFile,
      `Date,IV\n${['2018-12-31', ...days.map((p) => p.date)].map((d) => `${d},0.22`).join('\n')}\n`,
    );
    const history = args(path.join(dataDir, 'h.json')).filter((a, i, all) => a !== '--iv' && all[i - 1] !== '--iv');
    const withHistory = await run([...history, '--iv-history', ivFile]);
    expect(withHistory.code, withHistory.stderr).toBe(0);
    const flat = JSON.parse(readFileSync(path.join(dataDir, 'h.json'), 'utf8')) as typeof report;
    expect(flat.equity).toHaveLength(252);
    expect(flat.stats).not.toEqual(report.stats);
    const uneven = await run([...history, '--iv-history', ivFile, '--iv-history', ivFile]);
    expect(uneven.code).toBe(2);
    expect(uneven.stderr).toMatch(/one file per --data/);

    const missing = await run(['backtest', '--data', path.join(repo, 'data/prices/stocks/KO.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--strategy/);
    writeFileSync(config, JSON.stringify({ targetDelta: 3 }));
    const invalid = await run(args(path.join(dataDir, 'c.json')));
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/body\.config\.targetDelta/);
  });

  it('sync pulls the simulated broker’s demo book into the database and prints what it wrote', async () => {
    const result = await run(['sync']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Sync succeeded in \d+ ms \(run [0-9a-f-]{36}, broker sim\)/);
    expect(result.stdout).toMatch(/^accounts\s+2\s+/m);
    expect(result.stdout).toMatch(/^positions\s+9\s+/m);
    const unknown = await run(['sync', '--account', 'NOPE']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('NOPE');
  });

  it('run-strategies syncs, creates the demo instances once and runs them, printing runs and recommendations', async () => {
    const first = await run(['run-strategies']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines.filter((l) => /^succeeded /.test(l))).toHaveLength(5);
    expect(first.stdout).toMatch(/^succeeded +Wheel — KO, JPM \(wheel\) in \d+ ms: [1-9]\d* new/m);
    expect(first.stdout).toMatch(/^ {2}roll_put +1 × KO @ -?\d/m);
    expect(first.stdout).toMatch(/^ {2}sell_call +\d+ × MSFT/m);
    // Same state again: nothing new, nothing duplicated.
    const second = await run(['run-strategies', '--no-sync']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^succeeded +Wheel — KO, JPM \(wheel\) in \d+ ms: 0 new, [1-9]\d* unchanged/m);
    const missing = await run(['run-strategies', '--no-sync', '--instance', '00000000-0000-4000-8000-000000000000']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no strategy instance 00000000-0000-4000-8000-000000000000');
  });

  it('serve with BROKER=ibkr and no gateway stops with one clear line, before creating the first admin', async () => {
    const freshDir = mkdtempSync(path.join(tmpdir(), 'ot-cli-ibkr-'));
    try {
      const result = await run(['serve', '--port', '0'], {
        BROKER: 'ibkr',
        DATA_DIR: freshDir,
        IBKR_PORT: '1',
        IBKR_START_TIMEOUT_SECONDS: '1',
      });
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^optionstrader: BROKER=ibkr: IBKR gateway at 127\.0\.0\.1:1 .*not ready within 1000 ms/,
      );
      expect(lines[0]).toContain('Is TWS / IB Gateway running with the API enabled on 127.0.0.1:1?');
      expect(result.stdout).not.toContain('Generated password');
    } finally {
      rmSync(freshDir, { recursive: true, force: true });
    }
  });

  it('fake-gateway serves the demo sim over the TWS protocol; sync with BROKER=ibkr pulls the book through it', async () => {
    const gateway = spawn(process.execPath, [bin, 'fake-gateway', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let banner = '';
      const port = await new Promise<string>((resolve, reject) => {
        gateway.stdout.on('data', (d: Buffer) => {
          banner += d.toString();
          const match = /listening on 127\.0\.0\.1:(\d+)/.exec(banner);
          if (match?.[1] && banner.includes('npm start')) resolve(match[1]);
        });
        gateway.on('close', (code) => reject(new Error(`fake-gateway exited ${code}: ${banner}`)));
      });
      expect(banner).toContain('Accounts: DU-SIM-PM=margin_pm,DU-SIM-TFSA=tfsa');
      const result = await run(['sync'], {
        BROKER: 'ibkr',
        IBKR_PORT: port,
        IBKR_ACCOUNTS: 'DU-SIM-PM=margin_pm,DU-SIM-TFSA=tfsa',
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Sync succeeded in \d+ ms \(run [0-9a-f-]{36}, broker ibkr\)/);
      expect(result.stdout).toMatch(/^accounts\s+2\s+/m);
      expect(result.stdout).toMatch(/^positions\s+9\s+/m);
    } finally {
      gateway.kill('SIGTERM');
    }
  });

  it('serve on an unreachable DATABASE_URL fails fast with one clear line and no password', async () => {
    const result = await run(['serve', '--port', '0'], {
      DATABASE_URL: 'postgres://ot:s3cret-pw@127.0.0.1:1/optionstrader',
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('DATABASE_URL');
    expect(result.stderr).not.toContain('s3cret-pw');
  });

  it('first serve on an empty database creates the admin with a generated password shown once; it can log in', async () => {
    const freshDir = mkdtempSync(path.join(tmpdir(), 'ot-cli-serve-'));
    try {
      const first = await serve({ DATA_DIR: freshDir, ADMIN_EMAIL: 'boss@example.com' });
      const password = /Generated password \(shown only now\): (\S+)/.exec(first.output())?.[1];
      expect(password).toBeDefined();
      const login = await fetch(`${first.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'boss@example.com', password }),
      });
      expect(login.status).toBe(200);
      expect(await first.stop()).toBe(0);

      const second = await serve({ DATA_DIR: freshDir, ADMIN_EMAIL: 'boss@example.com' });
      expect(second.output()).not.toContain('Generated password');
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
      expect(await second.stop()).toBe(0);
    } finally {
      rmSync(freshDir, { recursive: true, force: true });
    }
    // Two full starts and graceful stops on a new embedded database (a hang guard, not a speed limit).
  }, 150_000);
});
