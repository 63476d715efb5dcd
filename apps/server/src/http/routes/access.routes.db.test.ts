// Clients, members, roles, API tokens, admin, audit trail and the sign-in protections, over HTTP on a real database.
import { queryRows } from '@optionstrader/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, manualClock, type TestApp } from '../../testing/test-app';

let t: TestApp;
const clock = manualClock(new Date('2026-11-20T15:00:00Z'));

beforeEach(async () => {
  t = await createTestApp({ clock });
});
afterEach(async () => {
  await t.close();
});

const NEW_PASSWORD = 'Another-Horse-77';

async function accountIn(clientId: string, code: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    t.testDb.database.db,
    `insert into broker_accounts (client_id, broker, account_code, type) values ('${clientId}', 'sim', '${code}', 'margin_regt') returning id`,
  );
  if (!row) throw new Error('no account');
  return row.id;
}

describe('clients and members', () => {
  it('lets an owner add, promote and remove members, and keeps the last owner', async () => {
    const clientId = await t.createClient('Smith household');
    const owner = await t.memberOf(clientId, 'owner');
    const headers = { cookie: owner.cookie };

    const added = await t.app.inject({
      method: 'POST',
      url: '/api/clients/members',
      headers,
      payload: { email: 'partner@example.com', role: 'viewer', password: NEW_PASSWORD },
    });
    expect(added.statusCode).toBe(201);
    const partner = added.json<{ userId: string; role: string }>();
    expect(partner.role).toBe('viewer');

    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/clients/members',
      headers,
      payload: { email: 'nobody@example.com', role: 'viewer' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues[0].path).toBe('body.password');

    const promoted = await t.app.inject({
      method: 'PUT',
      url: `/api/clients/members/${partner.userId}`,
      headers,
      payload: { role: 'trader' },
    });
    expect(promoted.json().role).toBe('trader');

    const demoteSelf = await t.app.inject({
      method: 'PUT',
      url: `/api/clients/members/${owner.userId}`,
      headers,
      payload: { role: 'viewer' },
    });
    expect(demoteSelf.statusCode).toBe(409);
    expect(demoteSelf.json().code).toBe('LAST_OWNER');

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/clients/members/${partner.userId}`, headers });
    expect(removed.statusCode).toBe(204);
    const list = await t.app.inject({ method: 'GET', url: '/api/clients/members', headers });
    expect(list.json().items.map((m: { email: string }) => m.email)).toEqual([owner.email]);

    // The new user signs in and works in the client they were added to.
    const partnerLogin = await t.login('partner@example.com', NEW_PASSWORD);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: partnerLogin.cookie } });
    expect(me.json().clients).toEqual([]);
    expect(me.json().activeClient).toBeNull();
  });

  it('refuses member management to traders and viewers', async () => {
    const clientId = await t.createClient('Jones');
    for (const role of ['trader', 'viewer'] as const) {
      const { cookie } = await t.memberOf(clientId, role);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/clients/members',
        headers: { cookie },
        payload: { email: 'x@example.com', role: 'owner', password: NEW_PASSWORD },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('FORBIDDEN');
    }
  });

  it('switches the active client only to one of the caller’s clients, and scopes what they see', async () => {
    const a = await t.createClient('A');
    const b = await t.createClient('B');
    const c = await t.createClient('C');
    await accountIn(a, 'SIMA1');
    await accountIn(b, 'SIMB1');
    const user = await t.memberOf(a, 'viewer');
    await t.services.repositories.access.setMembership(user.userId, b, 'trader');
    const headers = { cookie: user.cookie };

    const accounts = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/accounts', headers })).json<{
        accounts: { accountCode: string }[];
      }>();
    expect((await accounts()).accounts.map((x) => x.accountCode)).toEqual(['SIMA1']);

    const switched = await t.app.inject({ method: 'PUT', url: '/api/me/client', headers, payload: { clientId: b } });
    expect(switched.statusCode).toBe(200);
    expect(switched.json().activeClient).toMatchObject({ id: b, role: 'trader' });
    expect((await accounts()).accounts.map((x) => x.accountCode)).toEqual(['SIMB1']);

    const foreign = await t.app.inject({ method: 'PUT', url: '/api/me/client', headers, payload: { clientId: c } });
    expect(foreign.statusCode).toBe(404);
  });

  it('answers 403 NO_CLIENT to a user who belongs to no client', async () => {
    await t.services.users.addUser({ email: 'loner@example.com', password: NEW_PASSWORD });
    const { cookie } = await t.login('loner@example.com', NEW_PASSWORD);
    const response = await t.app.inject({ method: 'GET', url: '/api/accounts', headers: { cookie } });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('NO_CLIENT');
  });
});

describe('API tokens', () => {
  const mint = async (cookie: string, scope: 'read' | 'trade') => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: { cookie },
      payload: { name: `${scope} script`, scope },
    });
    expect(created.statusCode).toBe(201);
    return created.json<{ token: string; item: { id: string; prefix: string } }>();
  };
  const addMember = (headers: Record<string, string>, email: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/clients/members',
      headers,
      payload: { email, role: 'viewer', password: NEW_PASSWORD },
    });

  it('act for their user in one client, never above their scope, are hashed at rest and stop when revoked', async () => {
    const clientId = await t.createClient('Scripts');
    await accountIn(clientId, 'SIMT1');
    const owner = await t.memberOf(clientId, 'owner');
    const { token, item } = await mint(owner.cookie, 'read');
    expect(token.startsWith(item.prefix)).toBe(true);

    const bearer = { authorization: `Bearer ${token}` };
    const read = await t.app.inject({ method: 'GET', url: '/api/accounts', headers: bearer });
    expect(read.statusCode).toBe(200);
    expect(read.json().accounts).toHaveLength(1);
    // Its user may manage members; the token may not.
    expect((await addMember(bearer, 'a@example.com')).statusCode).toBe(403);
    expect((await addMember({ cookie: owner.cookie }, 'b@example.com')).statusCode).toBe(201);
    const another = await t.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: bearer,
      payload: { name: 'y', scope: 'trade' },
    });
    expect(another.statusCode).toBe(403);

    const stored = await queryRows(t.testDb.database.db, 'select * from api_tokens');
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/tokens/${item.id}`,
      headers: { cookie: owner.cookie },
    });
    expect(revoked.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/accounts', headers: bearer })).statusCode).toBe(401);
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/accounts',
      headers: { authorization: 'Bearer otk_nope' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('never reach above their user, who may lose the role or the client', async () => {
    const clientId = await t.createClient('Demoted');
    const owner = await t.memberOf(clientId, 'owner');
    const partner = await t.memberOf(clientId, 'owner');
    const bearer = { authorization: `Bearer ${(await mint(owner.cookie, 'trade')).token}` };
    // A trade token of an owner acts as a trader: no member management.
    expect((await addMember(bearer, 'c@example.com')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/clients/members', headers: bearer })).statusCode).toBe(200);
    await t.app.inject({
      method: 'DELETE',
      url: `/api/clients/members/${owner.userId}`,
      headers: { cookie: partner.cookie },
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/clients/members', headers: bearer })).statusCode).toBe(401);
  });
});

describe('admin', () => {
  it('manages users and clients, and is refused to everyone else', async () => {
    const { cookie } = await t.login();
    const headers = { cookie };
    const clientId = await t.createClient('Advisor client');
    const owner = await t.memberOf(clientId, 'owner');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: { cookie: owner.cookie } })).statusCode,
    ).toBe(403);

    const user = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers,
      payload: { email: 'New.Person@Example.com', password: NEW_PASSWORD },
    });
    expect(user.statusCode).toBe(201);
    expect(user.json().email).toBe('new.person@example.com');
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers,
      payload: { email: 'w@example.com', password: 'short' },
    });
    expect(weak.statusCode).toBe(400);

    const disabled = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${user.json().id}`,
      headers,
      payload: { disabled: true },
    });
    expect(disabled.json().disabled).toBe(true);
    expect((await t.login('new.person@example.com', NEW_PASSWORD)).response.statusCode).toBe(401);
    const self = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${t.admin.id}`,
      headers,
      payload: { isAdmin: false },
    });
    expect(self.statusCode).toBe(409);

    const other = await t.app.inject({
      method: 'POST',
      url: '/api/admin/clients',
      headers,
      payload: { name: 'Other' },
    });
    expect(other.statusCode).toBe(201);
    const accountId = await accountIn(clientId, 'SIMM1');
    const held = await t.app.inject({ method: 'DELETE', url: `/api/admin/clients/${clientId}`, headers });
    expect(held.statusCode).toBe(409);
    const moved = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/accounts/${accountId}/client`,
      headers,
      payload: { clientId: other.json().id },
    });
    expect(moved.statusCode).toBe(204);
    // The owner of the first client no longer sees the account; its id is now unknown to them.
    const snapshots = await t.app.inject({
      method: 'GET',
      url: `/api/accounts/${accountId}/snapshots`,
      headers: { cookie: owner.cookie },
    });
    expect(snapshots.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/clients/${clientId}`, headers })).statusCode).toBe(
      204,
    );
  });
});

describe('sign-in protections', () => {
  it('locks an account after repeated failures, even to the right password, with a growing backoff; admin unlocks', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await t.login(ADMIN.email, 'wrong-password')).response.statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 423, 423]);
    const locked = await t.login();
    expect(locked.response.statusCode).toBe(423);
    expect(locked.response.json().code).toBe('ACCOUNT_LOCKED');
    expect(Number(locked.response.headers['retry-after'])).toBeGreaterThan(0);

    clock.advance(31_000);
    expect((await t.login()).response.statusCode).toBe(200);
    const [row] = await queryRows<{ failed_login_count: number; locked_until: string | null }>(
      t.testDb.database.db,
      `select failed_login_count, locked_until from users where id = '${t.admin.id}'`,
    );
    expect(row).toEqual({ failed_login_count: 0, locked_until: null });
  });

  it('rotates the session on sign-in: the token the browser held stops working', async () => {
    const first = await t.login();
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: first.cookie },
      payload: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(again.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: first.cookie } })).statusCode).toBe(
      401,
    );
  });

  it('changes a password under the policy and ends the other sessions; logout everywhere ends all', async () => {
    const laptop = await t.login();
    const phone = await t.login();
    const change = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie: laptop.cookie }, payload });
    expect((await change({ currentPassword: 'nope', newPassword: NEW_PASSWORD })).json().code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await change({ currentPassword: ADMIN.password, newPassword: ADMIN.password })).json().code).toBe(
      'WEAK_PASSWORD',
    );
    expect((await change({ currentPassword: ADMIN.password, newPassword: 'short' })).statusCode).toBe(400);
    expect((await change({ currentPassword: ADMIN.password, newPassword: NEW_PASSWORD })).statusCode).toBe(204);

    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: phone.cookie } })).statusCode).toBe(
      401,
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: laptop.cookie } })).statusCode).toBe(
      200,
    );
    expect((await t.login(ADMIN.email, NEW_PASSWORD)).response.statusCode).toBe(200);

    const everywhere = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout-everywhere',
      headers: { cookie: laptop.cookie },
    });
    expect(everywhere.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: laptop.cookie } })).statusCode).toBe(
      401,
    );
    expect(await queryRows(t.testDb.database.db, 'select count(*)::int as n from sessions')).toEqual([{ n: 0 }]);
  });
});

describe('audit trail', () => {
  it('records each mutation with actor, client, entity and IP; filters; shows a client only its own rows', async () => {
    const a = await t.createClient('A');
    const b = await t.createClient('B');
    const ownerA = await t.memberOf(a, 'owner');
    const ownerB = await t.memberOf(b, 'owner');
    await t.app.inject({
      method: 'POST',
      url: '/api/clients/members',
      headers: { cookie: ownerA.cookie },
      payload: { email: 'helper@example.com', role: 'viewer', password: NEW_PASSWORD },
    });
    // A mutation whose use case writes no entry of its own still leaves a generic one.
    await t.app.inject({
      method: 'PUT',
      url: '/api/me/client',
      headers: { cookie: ownerA.cookie },
      payload: { clientId: a },
    });

    const page = await t.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: ownerA.cookie } });
    expect(page.statusCode).toBe(200);
    const items = page.json<{
      items: { action: string; clientId: string; ip: string; actorEmail: string; after: unknown }[];
    }>().items;
    expect(items.every((row) => row.clientId === a)).toBe(true);
    const added = items.find((row) => row.action === 'membership.add');
    expect(added).toMatchObject({
      actorEmail: ownerA.email,
      ip: '127.0.0.1',
      after: { email: 'helper@example.com', role: 'viewer' },
    });
    expect(items.some((row) => row.action === 'api.put /me/client')).toBe(true);

    const filtered = await t.app.inject({
      method: 'GET',
      url: '/api/audit?action=membership.&actor=' + encodeURIComponent(ownerA.email),
      headers: { cookie: ownerA.cookie },
    });
    expect(filtered.json().items.map((row: { action: string }) => row.action)).toEqual(['membership.add']);

    const forB = await t.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: ownerB.cookie } });
    const rowsOfB = forB.json<{ items: { clientId: string; actorEmail: string }[] }>().items;
    expect(rowsOfB.length).toBeGreaterThan(0);
    expect(rowsOfB.every((row) => row.clientId === b && row.actorEmail === ownerB.email)).toBe(true);
    const viewer = await t.memberOf(a, 'viewer');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: viewer.cookie } })).statusCode,
    ).toBe(403);
  });

  it('cannot be edited or deleted, not even in SQL', async () => {
    await t.login();
    const db = t.testDb.database.db;
    // The driver wraps the database's refusal; its cause carries the trigger's message.
    const refusal = (query: string) =>
      queryRows(db, query).then(
        () => 'accepted',
        (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
      );
    expect(await refusal("update audit_log set action = 'forged'")).toMatch(/append-only/);
    expect(await refusal('delete from audit_log')).toMatch(/append-only/);
  });
});
