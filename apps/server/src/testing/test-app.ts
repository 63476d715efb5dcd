// Builds the real HTTP app on a fresh test database (PGlite or PostgreSQL, per TEST_DB_BACKEND) for inject() tests.
import type { Clock } from '@optionstrader/application';
import type { ClientRole } from '@optionstrader/contracts';
import { createTestDatabase } from '@optionstrader/testkit';
import type { FastifyInstance } from 'fastify';
import { createServices, type Services } from '../container';
import { buildApp, type AppDeps } from '../http/app';
import type { ReadinessProbe } from '../http/routes/health.routes';

export const ADMIN = { email: 'admin@example.com', password: 'Correct-Horse-42' } as const;

export interface TestAppOptions {
  clock?: Clock;
  sessionTtlHours?: number;
  /** Parts of the app; a function gets the test database's services (for parts built on its repositories). */
  app?: Partial<Omit<AppDeps, 'auth'>> | ((services: Services) => Partial<Omit<AppDeps, 'auth'>>);
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
    ...services.accessControl,
    reads: services.reads,
    observability: services.observability,
    probes: options.probes ?? [{ name: 'database', check: () => testDb.database.ping() }],
    cookie: { secure: 'auto' },
    loginRateLimitPerMinute: 1_000,
    apiRateLimitPerMinute: 100_000,
    approveRateLimitPerMinute: 1_000,
    bodyLimitBytes: 64 * 1024,
    version: 'test',
    ...(typeof options.app === 'function' ? options.app(services) : options.app),
  });

  async function login(email: string = ADMIN.email, password: string = ADMIN.password) {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    const cookie = response.cookies.find((c) => c.name === 'ot_session');
    return { response, cookie: cookie ? `${cookie.name}=${cookie.value}` : undefined, rawCookie: cookie };
  }

  let members = 0;

  /** A new client; the test admin acts as its owner like in every client. */
  async function createClient(name: string): Promise<string> {
    return (await services.repositories.access.createClient(name)).id;
  }

  /** A new user with a role in `clientId`, signed in with that client active. */
  async function memberOf(clientId: string, role: ClientRole, email = `${role}-${++members}@example.com`) {
    const added = await services.users.addUser({ email, password: ADMIN.password });
    if (!added.ok) throw new Error(added.message);
    await services.repositories.access.setMembership(added.user.id, clientId, role);
    const { cookie } = await login(email, ADMIN.password);
    if (!cookie) throw new Error(`${email} could not sign in`);
    await app.inject({ method: 'PUT', url: '/api/me/client', headers: { cookie }, payload: { clientId } });
    return { cookie, userId: added.user.id, email };
  }

  return {
    app,
    services,
    testDb,
    admin: created.user,
    login,
    createClient,
    memberOf,
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
