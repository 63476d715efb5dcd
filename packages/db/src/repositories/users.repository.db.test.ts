import { describeDb } from '@optionstrader/testkit';
import { expect, it } from 'vitest';

describeDb('users repository', (use) => {
  it('creates, finds by id and by email, and counts', async () => {
    const { users } = use().repositories;
    expect(await users.count()).toBe(0);
    const created = await users.create({
      email: 'ada@example.com',
      displayName: 'Ada',
      passwordHash: 'h1',
      isAdmin: true,
    });
    expect(created).toMatchObject({ email: 'ada@example.com', displayName: 'Ada', isAdmin: true, disabled: false });
    expect(await users.findById(created!.id)).toEqual(created);
    expect(await users.findByEmail('ada@example.com')).toEqual(created);
    expect(await users.count()).toBe(1);
  });

  it('returns undefined for a taken email, whatever its case', async () => {
    const { users } = use().repositories;
    await users.create({ email: 'bob@example.com', passwordHash: 'h', isAdmin: false });
    expect(await users.create({ email: 'bob@example.com', passwordHash: 'h2', isAdmin: false })).toBeUndefined();
    expect(await users.create({ email: 'BOB@example.com', passwordHash: 'h3', isAdmin: false })).toBeUndefined();
  });

  it('returns undefined for unknown users', async () => {
    const { users } = use().repositories;
    expect(await users.findById('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await users.findByEmail('nobody@example.com')).toBeUndefined();
  });
});
