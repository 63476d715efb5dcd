// Starts the whole product in this process: database (migrated), first admin, HTTP API and web UI.
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from './config';
import { createContainer } from './container';
import { buildApp } from './http/app';
import { loggerOptions } from './logger';
import { version } from './version';

export interface StartOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  inMemoryDatabase?: boolean;
  adminEmail?: string;
  adminPassword?: string;
  webDistDir?: string;
  logLevel?: Config['LOG_LEVEL'];
  loginRateLimitPerMinute?: number;
  env?: Record<string, string | undefined>;
}

export interface RunningServer {
  url: string;
  logger: Logger;
  close(): Promise<void>;
}

export const defaultWebDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

function configFrom(options: StartOptions): Config {
  const overrides: Record<string, string | undefined> = {
    PORT: options.port?.toString(),
    HOST: options.host,
    DATA_DIR: options.dataDir,
    DATABASE_URL: options.databaseUrl,
    ADMIN_EMAIL: options.adminEmail,
    ADMIN_PASSWORD: options.adminPassword,
    WEB_DIST_DIR: options.webDistDir,
    LOG_LEVEL: options.logLevel,
    LOGIN_RATE_LIMIT_PER_MINUTE: options.loginRateLimitPerMinute?.toString(),
  };
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return loadConfig({ ...(options.env ?? process.env), ...defined });
}

/** Prints a generated admin password once, outside the structured log (which must never hold secrets). */
function announceGeneratedPassword(email: string, password: string) {
  const line = '='.repeat(72);
  process.stdout.write(
    `\n${line}\n  First start: created admin ${email}\n  Generated password (shown only now): ${password}\n  Set ADMIN_EMAIL / ADMIN_PASSWORD to choose your own on a new database.\n${line}\n\n`,
  );
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = configFrom(options);
  const log = pino(loggerOptions(config.LOG_LEVEL));
  const container = await createContainer(config, log, { inMemoryDatabase: options.inMemoryDatabase ?? false });

  try {
    const admin = await container.users.ensureInitialAdmin({
      email: config.ADMIN_EMAIL,
      password: config.ADMIN_PASSWORD,
    });
    if (admin.status === 'failed') throw new Error(admin.error);
    if (admin.status === 'created') {
      log.info({ email: admin.user.email }, 'created the first admin');
      if (admin.generatedPassword) announceGeneratedPassword(admin.user.email, admin.generatedPassword);
    }

    const app = await buildApp({
      logger: log,
      auth: container.auth,
      probes: [{ name: 'database', check: () => container.database.ping() }],
      cookie: { secure: config.COOKIE_SECURE },
      loginRateLimitPerMinute: config.LOGIN_RATE_LIMIT_PER_MINUTE,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      webDistDir: config.WEB_DIST_DIR ?? defaultWebDistDir,
      version,
    });
    app.server.requestTimeout = 30_000;
    const address = await app.listen({ port: config.PORT, host: config.HOST });
    const port = new URL(address).port;
    const url = `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST}:${port}`;
    log.info({ url, database: container.database.kind }, 'OptionsTrader is listening');

    return {
      url,
      logger: log,
      async close() {
        await app.close();
        await container.close();
      },
    };
  } catch (error) {
    await container.close();
    throw error;
  }
}
