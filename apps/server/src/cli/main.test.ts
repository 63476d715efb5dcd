import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './main';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out: () => out.join(''), err: () => err.join('') };
}

describe('optionstrader CLI', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints help with exit 0', async () => {
    const io = capture();
    expect(await runCli(['help'])).toBe(0);
    expect(io.out()).toContain('user add --email');
  });

  it('exits 2 with usage for an unknown command, subcommand or flag', async () => {
    const io = capture();
    expect(await runCli(['frobnicate'])).toBe(2);
    expect(io.err()).toContain('Unknown command: frobnicate');
    expect(await runCli(['user', 'remove'])).toBe(2);
    expect(await runCli(['migrate', '--force'])).toBe(2);
    expect(io.err()).toContain("Unknown option '--force'");
  });

  it('user add refuses without --email, and with both password options', async () => {
    const io = capture();
    expect(await runCli(['user', 'add'])).toBe(2);
    expect(io.err()).toContain('user add needs --email');
    expect(await runCli(['user', 'add', '--email', 'a@b.co', '--password', 'x', '--password-stdin'])).toBe(2);
  });
});
