import type { NewNotification } from '@optionstrader/application';
import { describeDb } from '@optionstrader/testkit';
import { expect, it } from 'vitest';
import { brokerAccounts } from '../schema/index';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 9, 15, minute));

describeDb('notifications repository', (use) => {
  let seeded = 0;
  async function seed() {
    const { repositories, database } = use();
    const n = String(++seeded);
    const alice = await repositories.users.create({
      email: `alice-${n}@example.com`,
      passwordHash: 'h',
      isAdmin: false,
    });
    const bob = await repositories.users.create({ email: `bob-${n}@example.com`, passwordHash: 'h', isAdmin: false });
    const off = await repositories.users.create({ email: `off-${n}@example.com`, passwordHash: 'h', isAdmin: false });
    const client = await repositories.access.createClient(`Family ${n}`);
    const other = await repositories.access.createClient(`Other ${n}`);
    await repositories.access.setMembership(alice!.id, client.id, 'viewer');
    await repositories.access.setMembership(off!.id, client.id, 'owner');
    await repositories.access.setMembership(bob!.id, other.id, 'owner');
    await repositories.users.update(off!.id, { disabled: true });
    const [account] = await database.db
      .insert(brokerAccounts)
      .values({ clientId: client.id, broker: 'sim', accountCode: `DU${n}`, type: 'margin_regt' })
      .returning();
    return { repo: repositories.notifications, alice: alice!, bob: bob!, off: off!, client, other, account: account! };
  }

  const row = (userId: string, key: string, over: Partial<NewNotification> = {}): NewNotification => ({
    userId,
    event: 'fill',
    channel: 'email',
    recipient: 'someone@example.com',
    subject: 'Filled',
    body: 'text',
    html: '<p>html</p>',
    dedupeKey: key,
    createdAt: at(0),
    ...over,
  });

  it('stores a dedupe key once: a replayed event returns nothing new', async () => {
    const { repo, alice } = await seed();
    const first = await repo.insert([row(alice.id, `k1-${alice.id}`), row(alice.id, `k2-${alice.id}`)]);
    expect(first).toHaveLength(2);
    expect(first[0]).toMatchObject({ status: 'pending', attempts: 0, error: null, sentAt: null, html: '<p>html</p>' });
    const again = await repo.insert([row(alice.id, `k1-${alice.id}`), row(alice.id, `k3-${alice.id}`)]);
    expect(again.map((r) => r.dedupeKey)).toEqual([`k3-${alice.id}`]);
    expect(await repo.listForUser(alice.id, 10)).toHaveLength(3);
  });

  it('failed attempts count up and keep the error; sent clears it; a sent row is not failed again', async () => {
    const { repo, alice } = await seed();
    const [stored] = await repo.insert([row(alice.id, `s-${alice.id}`)]);
    await repo.markFailed(stored!.id, 'connect ECONNREFUSED');
    await repo.markFailed(stored!.id, 'connect ECONNREFUSED again');
    expect(await repo.get(stored!.id)).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: 'connect ECONNREFUSED again',
    });
    await repo.markSent(stored!.id, at(5));
    expect(await repo.get(stored!.id)).toMatchObject({ status: 'sent', attempts: 3, error: null, sentAt: at(5) });
    await repo.markFailed(stored!.id, 'late');
    expect(await repo.get(stored!.id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await repo.get('not-a-uuid')).toBeUndefined();
  });

  it('never attempted: the pending rows no delivery has tried (queued again at start), oldest first', async () => {
    const { repo, alice } = await seed();
    const [tried, waiting] = await repo.insert([
      row(alice.id, `t-${alice.id}`, { createdAt: at(1) }),
      row(alice.id, `w-${alice.id}`, { createdAt: at(2) }),
    ]);
    await repo.markFailed(tried!.id, 'connect ECONNREFUSED');
    const ids = await repo.neverAttempted(100);
    expect(ids).toContain(waiting!.id);
    expect(ids).not.toContain(tried!.id);
  });

  it('lists a user’s notifications newest first, only theirs', async () => {
    const { repo, alice, bob } = await seed();
    await repo.insert([row(alice.id, `a-${alice.id}`, { createdAt: at(1), subject: 'older' })]);
    await repo.insert([row(alice.id, `b-${alice.id}`, { createdAt: at(2), subject: 'newer' })]);
    await repo.insert([row(bob.id, `c-${bob.id}`)]);
    expect((await repo.listForUser(alice.id, 10)).map((r) => r.subject)).toEqual(['newer', 'older']);
    expect(await repo.listForUser(alice.id, 1)).toHaveLength(1);
  });

  it('preferences: defaults until set, then the stored choice per event', async () => {
    const { repo, alice } = await seed();
    const defaults = await repo.preferences(alice.id);
    expect(defaults).toHaveLength(7);
    expect(defaults[0]).toEqual({ event: 'recommendations_digest', email: false, webhook: true });
    expect(defaults.find((p) => p.event === 'fill')).toEqual({ event: 'fill', email: true, webhook: true });
    await repo.setPreferences(alice.id, [{ event: 'fill', email: false, webhook: false }]);
    await repo.setPreferences(alice.id, [{ event: 'fill', email: true, webhook: false }]);
    const after = await repo.preferences(alice.id);
    expect(after.find((p) => p.event === 'fill')).toEqual({ event: 'fill', email: true, webhook: false });
    expect(after.find((p) => p.event === 'risk_alert')).toEqual({ event: 'risk_alert', email: true, webhook: true });
  });

  it('channels: none until set, then the URL and format', async () => {
    const { repo, alice } = await seed();
    expect(await repo.channels(alice.id)).toEqual({ webhookUrl: null, webhookFormat: 'json' });
    await repo.setChannels(alice.id, { webhookUrl: 'https://hooks.example.com/a', webhookFormat: 'slack' });
    await repo.setChannels(alice.id, { webhookUrl: 'https://hooks.example.com/b', webhookFormat: 'discord' });
    expect(await repo.channels(alice.id)).toEqual({
      webhookUrl: 'https://hooks.example.com/b',
      webhookFormat: 'discord',
    });
  });

  it('recipients: an account’s client members, a client, one user, or every enabled user', async () => {
    const { repo, alice, bob, off, client, other, account } = await seed();
    await repo.setChannels(alice.id, { webhookUrl: 'https://hooks.example.com/a', webhookFormat: 'slack' });
    await repo.setPreferences(alice.id, [{ event: 'fill', email: false, webhook: true }]);
    const forAccount = await repo.recipients({ accountId: account.id });
    expect(forAccount.map((r) => r.userId)).toEqual([alice.id]);
    expect(forAccount[0]).toMatchObject({
      email: alice.email,
      channels: { webhookUrl: 'https://hooks.example.com/a', webhookFormat: 'slack' },
    });
    expect(forAccount[0]?.preferences.fill).toEqual({ email: false, webhook: true });
    expect(forAccount[0]?.preferences.daily_summary).toEqual({ email: true, webhook: true });
    expect((await repo.recipients({ clientId: other.id })).map((r) => r.userId)).toEqual([bob.id]);
    expect((await repo.recipients({ clientId: client.id })).map((r) => r.userId)).toEqual([alice.id]);
    expect((await repo.recipients({ userId: off.id })).map((r) => r.userId)).toEqual([]);
    expect((await repo.recipients({ userId: 'nope' })).map((r) => r.userId)).toEqual([]);
    expect(await repo.recipients({ accountId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
    const everyone = (await repo.recipients({ everyone: true })).map((r) => r.userId);
    expect(everyone).toEqual(expect.arrayContaining([alice.id, bob.id]));
    expect(everyone).not.toContain(off.id);
  });
});
