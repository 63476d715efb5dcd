import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs with no environment at all: port 8080, embedded database under ./.data, sim broker', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 8080, BROKER: 'sim', LOG_LEVEL: 'info', COOKIE_SECURE: 'auto' });
    expect(config.DATA_DIR).toBe(path.resolve('.data'));
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ADMIN_PASSWORD).toBeUndefined();
  });

  it('treats empty variables as unset (a blank line in .env does not break start-up)', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', ADMIN_PASSWORD: '' })).toMatchObject({ PORT: 8080 });
  });

  it('parses numbers and enums', () => {
    const config = loadConfig({ PORT: '9090', BROKER: 'ibkr', IBKR_PORT: '7497', DATABASE_URL: 'postgres://u@h/db' });
    expect(config).toMatchObject({ PORT: 9090, BROKER: 'ibkr', IBKR_PORT: 7497, DATABASE_URL: 'postgres://u@h/db' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ BROKER: 'schwab' }, 'BROKER'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ ADMIN_EMAIL: 'not-an-email' }, 'ADMIN_EMAIL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('rejects %o with an error naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${name}:`));
  });
});
