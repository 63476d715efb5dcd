// Watchlists on a real database (PGlite and PostgreSQL): each is a client's, and lists never mix clients.
import { describeDb } from '@optionstrader/testkit';
import { expect, it } from 'vitest';
import * as schema from '../schema/index';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 9, 15, minute));

describeDb('watchlists repository', (use) => {
  it("reads, updates and deletes a client's lists; a list and a creation are one client's", async () => {
    const { repositories, database } = use();
    const { db } = database;
    const { watchlists } = repositories;
    const [a, b] = await db
      .insert(schema.clients)
      .values([{ name: 'A' }, { name: 'B' }])
      .returning();

    const tech = await watchlists.create(a!.id, { name: 'Tech', symbols: ['AAPL', 'MSFT'] }, at(0));
    expect(tech).toEqual({
      id: expect.any(String),
      clientId: a!.id,
      name: 'Tech',
      symbols: ['AAPL', 'MSFT'],
      createdAt: at(0),
      updatedAt: at(0),
    });
    const etfs = await watchlists.create(a!.id, { name: 'ETFs', symbols: [] }, at(1));
    const other = await watchlists.create(b!.id, { name: 'Other', symbols: ['SPY'] }, at(2));
    const owners = await db
      .select({ name: schema.watchlists.name, clientId: schema.watchlists.clientId })
      .from(schema.watchlists);
    expect(owners.sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { name: 'ETFs', clientId: a!.id },
      { name: 'Other', clientId: b!.id },
      { name: 'Tech', clientId: a!.id },
    ]);

    // By name, one client's only.
    expect((await watchlists.list(a!.id)).map((w) => w.name)).toEqual(['ETFs', 'Tech']);
    expect((await watchlists.list(b!.id)).map((w) => w.name)).toEqual(['Other']);
    expect(await watchlists.list('not-a-uuid')).toEqual([]);
    expect(await watchlists.get(etfs.id)).toEqual(etfs);
    expect(await watchlists.get(other.id)).toEqual(other);

    const renamed = await watchlists.update(tech.id, { name: 'Big tech' }, at(5));
    expect(renamed).toEqual({ ...tech, name: 'Big tech', updatedAt: at(5) });
    expect(await watchlists.update(tech.id, { symbols: ['NVDA'] }, at(6))).toEqual({
      ...tech,
      name: 'Big tech',
      symbols: ['NVDA'],
      updatedAt: at(6),
    });
    expect(await watchlists.update('00000000-0000-4000-8000-000000000000', { name: 'x' }, at(7))).toBeUndefined();

    expect(await watchlists.delete(tech.id)).toBe(true);
    expect(await watchlists.delete(tech.id)).toBe(false);
    expect(await watchlists.get(tech.id)).toBeUndefined();
    expect(await watchlists.get('not-a-uuid')).toBeUndefined();
    expect(await watchlists.delete('not-a-uuid')).toBe(false);
    expect((await watchlists.list(a!.id)).map((w) => w.id)).toEqual([etfs.id]);
    expect((await watchlists.list(b!.id)).map((w) => w.id)).toEqual([other.id]);
  });

  it("says which watchlists an account's client may use: its own, never another client's", async () => {
    const { repositories, database } = use();
    const { db } = database;
    const { watchlists } = repositories;
    const [a, b] = await db
      .insert(schema.clients)
      .values([{ name: 'C' }, { name: 'D' }])
      .returning();
    const [accountA] = await db
      .insert(schema.brokerAccounts)
      .values({ clientId: a!.id, broker: 'sim', accountCode: 'DU-A', type: 'margin_regt' })
      .returning();
    const mine = await watchlists.create(a!.id, { name: 'Mine', symbols: ['AAPL'] }, at(0));
    const theirs = await watchlists.create(b!.id, { name: 'Theirs', symbols: ['SPY'] }, at(1));
    const unknown = '00000000-0000-4000-8000-000000000000';

    expect(await watchlists.ofAccountClient(accountA!.id, [mine.id, theirs.id, unknown, 'x'])).toEqual([mine.id]);
    expect(await watchlists.ofAccountClient(accountA!.id, [theirs.id])).toEqual([]);
    expect(await watchlists.ofAccountClient(accountA!.id, [])).toEqual([]);
    expect(await watchlists.ofAccountClient(unknown, [mine.id])).toEqual([]);
  });
});
