// Starts the real OptionsTrader server (apps/server) in-process on an in-memory database for browser tests.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { E2E_ADMIN } from './e2e-env';

export const webRoot = fileURLToPath(new URL('..', import.meta.url));
export const webDistDir = path.join(webRoot, 'dist');
const serverEntry = fileURLToPath(new URL('../../server/src/index.ts', import.meta.url));

/** The slice of apps/server's `startServer` this suite relies on (declared here so the web typecheck stays independent of server sources). */
export interface TestServerOptions {
  port?: number;
  host?: string;
  inMemoryDatabase?: boolean;
  adminEmail?: string;
  adminPassword?: string;
  webDistDir?: string;
  logLevel?: string;
  loginRateLimitPerMinute?: number;
  apiRateLimitPerMinute?: number;
  /** 'none' keeps a test's seeded rows the only data; 'sim' runs the simulated broker and its demo book. */
  broker?: 'sim' | 'none';
  syncIntervalSeconds?: number;
  /** The time the whole server reads (see session-clock.ts); default: the machine's. */
  clock?: { now(): Date };
  /** The environment the configuration is read from (instead of process.env), e.g. MAIL_TRANSPORT for a test. */
  env?: Record<string, string | undefined>;
  /** Test seam of startServer: seeds rows once the database is migrated (raw SQL; no server types here). */
  onDatabaseReady?: (database: { db: { execute(query: string): Promise<unknown> } }) => Promise<void>;
}
export interface RunningTestServer {
  url: string;
  close(): Promise<void>;
}
interface ServerModule {
  startServer: (options: TestServerOptions) => Promise<RunningTestServer>;
}

export async function startTestServer(overrides: Partial<TestServerOptions> = {}): Promise<RunningTestServer> {
  const { startServer } = (await import(pathToFileURL(serverEntry).href)) as ServerModule;
  return startServer({
    port: 0,
    host: '127.0.0.1',
    inMemoryDatabase: true,
    adminEmail: E2E_ADMIN.email,
    adminPassword: E2E_ADMIN.password,
    webDistDir,
    logLevel: 'warn',
    broker: 'none',
    // Every request of a browser test comes from 127.0.0.1; the per-IP API limit is tested on its own.
    apiRateLimitPerMinute: 100_000,
    ...overrides,
  });
}
