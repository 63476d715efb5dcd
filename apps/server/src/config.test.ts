import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig, secretVariable, withoutSecrets } from './config';

const repoFile = (name: string) => readFileSync(new URL(`../../../${name}`, import.meta.url), 'utf8');

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

  it('defaults the HTTP limits and allows no other origin', () => {
    expect(loadConfig({})).toMatchObject({
      API_RATE_LIMIT_PER_MINUTE: 600,
      APPROVE_RATE_LIMIT_PER_MINUTE: 30,
      ALLOWED_ORIGINS: [],
    });
  });

  it('mail: .eml files by default, the other transports by name, Resend at its public API unless overridden', () => {
    expect(loadConfig({})).toMatchObject({
      MAIL_TRANSPORT: 'file',
      SMTP_PORT: 587,
      SMTP_SECURE: 'false',
      RESEND_API_URL: 'https://api.resend.com',
    });
    expect(loadConfig({}).APP_URL).toBeUndefined();
    expect(
      loadConfig({
        MAIL_TRANSPORT: 'smtp',
        SMTP_HOST: 'smtp.example.com',
        SMTP_PORT: '465',
        SMTP_SECURE: 'true',
        MAIL_FROM: 'OT <ot@example.com>',
        RESEND_API_URL: 'http://127.0.0.1:9999',
        APP_URL: 'https://ot.example.com',
      }),
    ).toMatchObject({
      MAIL_TRANSPORT: 'smtp',
      SMTP_PORT: 465,
      SMTP_SECURE: 'true',
      MAIL_FROM: 'OT <ot@example.com>',
      RESEND_API_URL: 'http://127.0.0.1:9999',
      APP_URL: 'https://ot.example.com',
    });
    expect(() => loadConfig({ MAIL_TRANSPORT: 'pigeon' })).toThrow(/^Invalid configuration: MAIL_TRANSPORT:/);
    expect(() => loadConfig({ SMTP_SECURE: 'yes' })).toThrow(/^Invalid configuration: SMTP_SECURE:/);
    expect(() => loadConfig({ APP_URL: 'not a url' })).toThrow(/^Invalid configuration: APP_URL:/);
  });

  it('reads ALLOWED_ORIGINS as a comma-separated list of origins', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://ui.example.com, http://localhost:5173,' }).ALLOWED_ORIGINS).toEqual([
      'https://ui.example.com',
      'http://localhost:5173',
    ]);
  });

  it('leaves /metrics public unless METRICS_TOKEN is set, and refuses a short or spaced token', () => {
    expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(24) }).METRICS_TOKEN).toBe('a'.repeat(24));
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/^Invalid configuration: METRICS_TOKEN:/);
    expect(() => loadConfig({ METRICS_TOKEN: 'has a space in it, sixteen+' })).toThrow(/METRICS_TOKEN/);
  });

  it.each([
    'https://ui.example.com/app',
    'https://ui.example.com/',
    'ui.example.com',
    'ftp://ui.example.com',
    'https://u:p@ui.example.com',
  ])('rejects the ALLOWED_ORIGINS entry %s', (origin) => {
    expect(() => loadConfig({ ALLOWED_ORIGINS: origin })).toThrow(/^Invalid configuration: ALLOWED_ORIGINS\.0:/);
  });
});

describe('secrets in the configuration', () => {
  const secrets = {
    DATABASE_URL: 'mysql://optionstrader:db-hunter2@db/ot',
    SMTP_PASSWORD: 'smtp-hunter2',
    ADMIN_PASSWORD: 'admin-hunter2',
  };

  it('never echoes a secret in a configuration error', () => {
    const env = { ...secrets, PORT: 'eighty', SMTP_PORT: 'smtp-hunter2', ADMIN_EMAIL: 'admin-hunter2' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/DATABASE_URL/);
      expect(message).toMatch(/SMTP_PORT/);
      expect(message).not.toMatch(/hunter2/);
    }
  });

  it('blanks out secret values wherever a message would quote them', () => {
    const message = 'Invalid configuration: SMTP_PORT: got "smtp-hunter2"; X: mysql://optionstrader:db-hunter2@db/ot';
    expect(withoutSecrets(message, { ...secrets, PORT: '8080' })).toBe(
      'Invalid configuration: SMTP_PORT: got "[redacted]"; X: [redacted]',
    );
  });

  it('has no built-in value for any secret: they come from the environment only', () => {
    const config = loadConfig({});
    const secretKeys = Object.keys(configSchema.shape).filter((key) => secretVariable.test(key));
    expect(secretKeys).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'ADMIN_PASSWORD', 'SMTP_PASSWORD', 'METRICS_TOKEN', 'RESEND_API_KEY']),
    );
    for (const key of secretKeys) expect(config[key as keyof typeof config]).toBeUndefined();
  });

  it('keeps secrets out of the repository: .env is ignored and .env.example leaves every secret empty', () => {
    expect(repoFile('.gitignore').split('\n')).toContain('.env');
    const assigned = repoFile('.env.example')
      .split('\n')
      .map((line) => /^\s*([A-Z0-9_]+)\s*=\s*(.*)$/.exec(line))
      .filter((match) => match !== null);
    expect(assigned.length).toBeGreaterThan(5);
    for (const [, key, value] of assigned)
      if (key && secretVariable.test(key)) expect({ key, value }).toEqual({ key, value: '' });
  });
});
