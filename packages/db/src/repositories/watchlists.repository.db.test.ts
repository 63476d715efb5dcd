// Watchlists on a real database (PGlite and PostgreSQL), and which client a new list belongs to.
import { DEFAULT_CLIENT_NAME } from '@optionstrader/application';
import { describeDb } from '@optionstrader/testkit';
import { asc } from 'drizzle-orm';
import { expect, it } from 'vitest';
import * as schema from '../schema/index';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 9, 15, minute));

describeDb('watchlists repository', (use) => {
  it('creates the default client for the first list, then reuses it; reads, updates and deletes lists', async () => {
    const { repositories, database } = use();
    const { watchlists } = repositories;
    const clients = () => database.db.select().from(schema.clients);
    expect(await clients()).toEqual([]);

    const tech = await watchlists.create({ name: 'Tech', symbols: ['AAPL', 'MSFT'] }, at(0));
    expect(tech).toEqual({
      id: expect.any(String),
      name: 'Tech',
      symbols: ['AAPL', 'MSFT'],
      createdAt: at(0),
      updatedAt: at(0),
    });
    const etfs = await watchlists.create({ name: 'ETFs', symbols: [] }, at(1));
    const created = await clients();
    expect(created.map((c) => c.name)).toEqual([DEFAULT_CLIENT_NAME]);
    const owners = await database.db.select({ clientId: schema.watchlists.clientId }).from(schema.watchlists);
    expect(owners).toEqual([{ clientId: created[0]!.id }, { clientId: created[0]!.id }]);

    // By name.
    expect((await watchlists.list()).map((w) => w.name)).toEqual(['ETFs', 'Tech']);
    expect(await watchlists.get(etfs.id)).toEqual(etfs);

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
    expect((await watchlists.list()).map((w) => w.id)).toEqual([etfs.id]);
  });
});

describeDb('watchlists repository with existing clients', (use) => {
  it('puts a new list in the oldest client, whatever its name', async () => {
    const { repositories, database } = use();
    const { db } = database;
    await db.insert(schema.clients).values([
      { name: DEFAULT_CLIENT_NAME, createdAt: at(10) },
      { name: 'Family office', createdAt: at(0) },
    ]);
    const [oldest] = await db.select().from(schema.clients).orderBy(asc(schema.clients.createdAt)).limit(1);
    expect(oldest!.name).toBe('Family office');
    await repositories.watchlists.create({ name: 'Income', symbols: ['SPY'] }, at(20));
    const rows = await db.select().from(schema.watchlists);
    expect(rows.map((w) => [w.name, w.clientId])).toEqual([['Income', oldest!.id]]);
    expect(await db.select().from(schema.clients)).toHaveLength(2);
  });
});
