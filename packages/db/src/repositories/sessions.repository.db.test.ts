import { describeDb } from '@optionstrader/testkit';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { users as usersTable } from '../schema/index';

const t0 = new Date('2025-03-03T14:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describeDb('sessions repository', (use) => {
  async function newUser(email: string) {
    const user = await use().repositories.users.create({ email, passwordHash: 'h', isAdmin: false });
    if (!user) throw new Error('user not created');
    return user;
  }

  it('finds an active session with its user, and not once it expired', async () => {
    const { sessions } = use().repositories;
    const user = await newUser('active@example.com');
    const session = await sessions.create({
      userId: user.id,
      tokenHash: 'hash-active',
      createdAt: t0,
      expiresAt: minutes(30),
      ip: '10.0.0.1',
    });
    expect(session).toMatchObject({ userId: user.id, createdAt: t0, lastSeenAt: t0, expiresAt: minutes(30) });

    const found = await sessions.findActive('hash-active', minutes(10));
    expect(found?.session).toEqual(session);
    expect(found?.user.email).toBe('active@example.com');
    expect(await sessions.findActive('hash-active', minutes(30))).toBeUndefined();
    expect(await sessions.findActive('no-such-hash', minutes(10))).toBeUndefined();
  });

  it('ignores sessions of a disabled user', async () => {
    const { database, repositories } = use();
    const user = await newUser('disabled@example.com');
    await repositories.sessions.create({
      userId: user.id,
      tokenHash: 'hash-disabled',
      createdAt: t0,
      expiresAt: minutes(30),
    });
    await database.db.update(usersTable).set({ disabled: true }).where(eq(usersTable.id, user.id));
    expect(await repositories.sessions.findActive('hash-disabled', minutes(1))).toBeUndefined();
  });

  it('touch slides last-seen and expiry forward', async () => {
    const { sessions } = use().repositories;
    const user = await newUser('touch@example.com');
    const session = await sessions.create({
      userId: user.id,
      tokenHash: 'hash-touch',
      createdAt: t0,
      expiresAt: minutes(30),
    });
    await sessions.touch(session.id, minutes(20), minutes(50));
    expect((await sessions.findActive('hash-touch', minutes(40)))?.session).toMatchObject({
      lastSeenAt: minutes(20),
      expiresAt: minutes(50),
    });
  });

  it('deletes by token hash, by user and when expired', async () => {
    const { sessions } = use().repositories;
    const user = await newUser('delete@example.com');
    for (const [hash, expires] of [
      ['d1', 5],
      ['d2', 60],
      ['d3', 120],
    ] as const) {
      await sessions.create({ userId: user.id, tokenHash: hash, createdAt: t0, expiresAt: minutes(expires) });
    }
    await sessions.deleteByTokenHash('d3');
    expect(await sessions.findActive('d3', t0)).toBeUndefined();

    // Other tests' sessions expire at +30/+50 minutes, so count only from a moment before those.
    expect(await sessions.deleteExpired(minutes(10))).toBe(1);
    expect(await sessions.findActive('d2', minutes(10))).toBeDefined();
    expect(await sessions.deleteForUser(user.id)).toBe(1);
    expect(await sessions.findActive('d2', minutes(10))).toBeUndefined();
  });

  it('removes the sessions of a deleted user', async () => {
    const { database, repositories } = use();
    const user = await newUser('gone@example.com');
    await repositories.sessions.create({
      userId: user.id,
      tokenHash: 'hash-gone',
      createdAt: t0,
      expiresAt: minutes(30),
    });
    await database.db.delete(usersTable).where(eq(usersTable.id, user.id));
    expect(await repositories.sessions.deleteForUser(user.id)).toBe(0);
  });
});
