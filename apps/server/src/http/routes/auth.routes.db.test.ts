import { queryRows } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, manualClock, type TestApp } from '../../testing/test-app';
import { cryptoTokenGenerator } from '../../adapters/crypto-token-generator';

describe.skipIf(postgresUnavailable())('auth routes', () => {
  let t: TestApp;
  const clock = manualClock(new Date('2026-03-02T15:00:00Z'));

  beforeEach(async () => {
    t = await createTestApp({ clock, sessionTtlHours: 2 });
  });
  afterEach(async () => t.close());

  it('logs in with the right password and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const { response, rawCookie } = await t.login();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { email: ADMIN.email, isAdmin: true, id: t.admin.id } });
    expect(rawCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(rawCookie?.secure).toBeFalsy();
    expect(rawCookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('stores only a digest of the session token, never the token', async () => {
    const { rawCookie } = await t.login();
    const token = rawCookie?.value ?? '';
    const found = await t.services.repositories.sessions.findActive(cryptoTokenGenerator.digest(token), clock.now());
    expect(found?.user.id).toBe(t.admin.id);
    expect(await t.services.repositories.sessions.findActive(token, clock.now())).toBeUndefined();
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const { response } = await t.login('  ADMIN@Example.com ', ADMIN.password);
    expect(response.statusCode).toBe(200);
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong password and for an unknown email, alike', async () => {
    const wrong = await t.login(ADMIN.email, 'not-the-password');
    const unknown = await t.login('nobody@example.com', ADMIN.password);
    for (const { response, cookie } of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        error: 'Unauthorized',
        message: 'Email or password is incorrect',
      });
      expect(cookie).toBeUndefined();
    }
  });

  it('GET /api/me needs a session and returns the user with one', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });

    const { cookie } = await t.login();
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookie ?? '' } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      user: {
        id: t.admin.id,
        email: ADMIN.email,
        displayName: null,
        isAdmin: true,
        createdAt: t.admin.createdAt.toISOString(),
      },
      // The test database has no client yet: the admin works in none.
      activeClient: null,
      clients: [],
    });
    const slash = await t.app.inject({ method: 'GET', url: '/api/me/', headers: { cookie: cookie ?? '' } });
    expect(slash.statusCode).toBe(200);
  });

  it('rejects a forged or garbage cookie', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: 'ot_session=forged-token' } });
    expect(me.statusCode).toBe(401);
  });

  it('logout ends the session server-side (the old cookie no longer works) and clears the cookie', async () => {
    const { cookie } = await t.login();
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: cookie ?? '' } });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'ot_session');
    expect(cleared?.value).toBe('');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookie ?? '' } });
    expect(me.statusCode).toBe(401);
  });

  it('expires an idle session after its TTL and slides the expiry while in use', async () => {
    const { cookie } = await t.login();
    const headers = { cookie: cookie ?? '' };
    clock.advance(90 * 60_000); // 1.5 h of a 2 h TTL
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200);
    clock.advance(90 * 60_000); // 3 h after login, 1.5 h after last use: still alive because it slid
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200);
    clock.advance(2 * 3_600_000 + 1_000); // idle past the TTL
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
  });

  it('refuses login for a disabled user', async () => {
    await t.login();
    await queryRows(t.testDb.database.db, /* sql */ `update users set disabled = true`);
    const { response } = await t.login();
    expect(response.statusCode).toBe(401);
  });

  it('audits logins, failed logins and logouts', async () => {
    const { cookie } = await t.login();
    await t.login(ADMIN.email, 'wrong-password');
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: cookie ?? '' } });
    const rows = await queryRows<{ action: string }>(
      t.testDb.database.db,
      /* sql */ `select action from audit_log order by id`,
    );
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(['user.create', 'auth.login', 'auth.login_failed', 'auth.logout']);
  });
});

describe.skipIf(postgresUnavailable())('login rate limit', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ app: { loginRateLimitPerMinute: 3 } });
  });
  afterEach(async () => t.close());

  it('answers 429 RATE_LIMITED after the per-minute budget, even with the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await t.login(ADMIN.email, 'wrong')).response.statusCode).toBe(401);
    const limited = await t.login();
    expect(limited.response.statusCode).toBe(429);
    expect(limited.response.json()).toMatchObject({ code: 'RATE_LIMITED', statusCode: 429 });
    expect(limited.cookie).toBeUndefined();
  });
});
