// Watchlists (lists of underlier symbols), each a client's.
import type { WatchlistRecord, WatchlistsRepository } from '@optionstrader/application';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { brokerAccounts, watchlists } from '../schema/index';
import { isUuid } from './is-uuid';

type WatchlistRow = typeof watchlists.$inferSelect;

const toRecord = ({ id, clientId, name, symbols, createdAt, updatedAt }: WatchlistRow): WatchlistRecord => ({
  id,
  clientId,
  name,
  symbols,
  createdAt,
  updatedAt,
});

export function createWatchlistsRepository(db: Db): WatchlistsRepository {
  return {
    async list(clientId) {
      if (!isUuid(clientId)) return [];
      const rows = await db
        .select()
        .from(watchlists)
        .where(eq(watchlists.clientId, clientId))
        .orderBy(asc(watchlists.name), asc(watchlists.createdAt));
      return rows.map(toRecord);
    },

    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(watchlists).where(eq(watchlists.id, id));
      return row ? toRecord(row) : undefined;
    },

    async create(clientId, input, at) {
      const [row] = await db
        .insert(watchlists)
        .values({ clientId, name: input.name, symbols: input.symbols, createdAt: at, updatedAt: at })
        .returning();
      if (!row) throw new Error('watchlists insert returned no row');
      return toRecord(row);
    },

    async update(id, patch, at) {
      if (!isUuid(id)) return undefined;
      // drizzle leaves undefined fields out of the SET list: only what is given changes.
      const [row] = await db
        .update(watchlists)
        .set({ name: patch.name, symbols: patch.symbols, updatedAt: at })
        .where(eq(watchlists.id, id))
        .returning();
      return row ? toRecord(row) : undefined;
    },

    async delete(id) {
      if (!isUuid(id)) return false;
      const rows = await db.delete(watchlists).where(eq(watchlists.id, id)).returning({ id: watchlists.id });
      return rows.length > 0;
    },

    async ofAccountClient(accountId, ids) {
      const wanted = ids.filter(isUuid);
      if (!isUuid(accountId) || wanted.length === 0) return [];
      const rows = await db
        .select({ id: watchlists.id })
        .from(watchlists)
        .innerJoin(brokerAccounts, eq(brokerAccounts.clientId, watchlists.clientId))
        .where(and(eq(brokerAccounts.id, accountId), inArray(watchlists.id, wanted)));
      return rows.map((row) => row.id);
    },
  };
}
