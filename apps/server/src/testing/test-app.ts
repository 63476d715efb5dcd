// Builds the real HTTP app on a fresh test database (PGlite or PostgreSQL, per TEST_DB_BACKEND) for inject() tests.
import type { Clock } from '@optionstrader/application';
import { createTestDatabase } from '@optionstrader/testkit';
import type { FastifyInstance } from 'fastify';
import { createServices } from '../container';
import { buildApp, type AppDeps } from '../http/app';
import type { ReadinessProbe } from '../http/routes/health.routes';

export const ADMIN = { email: 'admin@example.com', password: 'Correct-Horse-42' } as const;

export interface TestAppOptions {
  clock?: Clock;
  sessionTtlHours?: number;
  app?: Partial<Omit<AppDeps, 'auth'>>;
  probes?: ReadinessProbe[];
}

export async function createTestApp(options: TestAppOptions = {}) {
  const testDb = await createTestDatabase();
  const services = createServices(testDb.database, {
    sessionTtlHours: options.sessionTtlHours ?? 1,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const created = await services.users.addUser({ ...ADMIN, isAdmin: true });
  if (!created.ok) throw new Error(created.message);
  const app: FastifyInstance = await buildApp({
    logger: false,
    auth: services.auth,
    reads: services.reads,
    probes: options.probes ?? [{ name: 'database', check: () => testDb.database.ping() }],
    cookie: { secure: 'auto' },
    loginRateLimitPerMinute: 1_000,
    bodyLimitBytes: 64 * 1024,
    version: 'test',
    ...options.app,
  });

  async function login(email: string = ADMIN.email, password: string = ADMIN.password) {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    const cookie = response.cookies.find((c) => c.name === 'ot_session');
    return { response, cookie: cookie ? `${cookie.name}=${cookie.value}` : undefined, rawCookie: cookie };
  }

  return {
    app,
    services,
    testDb,
    admin: created.user,
    login,
    async close() {
      await app.close();
      await testDb.close();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A clock the test moves by hand. */
export function manualClock(start: Date) {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
  };
}
