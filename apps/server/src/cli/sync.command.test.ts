// `optionstrader sync` on a throwaway embedded database, with the fake broker in place of the real adapter.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accountSummary, brokerAccount, brokerPosition, createFakeBroker, stockContract } from '@optionstrader/testkit';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { syncCommand } from './sync.command';

const dataDir = mkdtempSync(path.join(tmpdir(), 'ot-sync-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const T0 = new Date('2026-03-02T15:00:00Z');
const broker = createFakeBroker({
  accounts: [brokerAccount('U1'), brokerAccount('U2')],
  summaries: [accountSummary('U1', T0), accountSummary('U2', T0)],
  positions: [brokerPosition('U1', stockContract('AAPL', 265598), '100', T0)],
});
const deps = { openBroker: async () => broker, env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn' } };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out: () => out.join(''), err: () => err.join('') };
}

describe('optionstrader sync', { timeout: 60_000 }, () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the counts and exits 0; a second run writes nothing', async () => {
    const io = capture();
    expect(await syncCommand([], deps)).toBe(0);
    expect(io.out()).toMatch(/Sync succeeded in \d+ ms/);
    expect(io.out()).toMatch(/^accounts\s+2\s+2\s+0\s+0\s+0$/m);
    expect(io.out()).toMatch(/^positions\s+1\s+1\s+0\s+0\s+0$/m);
    const second = capture();
    expect(await syncCommand(['--account', 'U1'], deps)).toBe(0);
    expect(second.out()).toContain('account U1');
    expect(second.out()).toContain('Rows written: 0');
  });

  it('exits 1 with the error when the broker fails, 3 for an unknown account, and refuses an unknown flag (usage error)', async () => {
    const io = capture();
    broker.fail('accounts');
    expect(await syncCommand([], deps)).toBe(1);
    expect(io.out()).toContain('Error: fake broker: accounts failed');
    expect(await syncCommand(['--account', 'NOPE'], deps)).toBe(3);
    expect(io.err()).toContain('The broker does not know account NOPE');
    await expect(syncCommand(['--acount', 'U1'], deps)).rejects.toThrow("Unknown option '--acount'");
  });
});
