// Watchlists (lists of underlier symbols). Single-tenant for now: new lists go to the default client — the oldest
// one, or the sync's default client, created the same way the sync creates it when there is none yet.
import { DEFAULT_CLIENT_NAME, type WatchlistRecord, type WatchlistsRepository } from '@optionstrader/application';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { clients, watchlists } from '../schema/index';
import { isUuid } from './is-uuid';
import { createIngestRepository } from './sync-ingest.repository';

type WatchlistRow = typeof watchlists.$inferSelect;

const toRecord = ({ id, name, symbols, createdAt, updatedAt }: WatchlistRow): WatchlistRecord => ({
  id,
  name,
  symbols,
  createdAt,
  updatedAt,
});

export function createWatchlistsRepository(db: Db): WatchlistsRepository {
  async function defaultClientId(): Promise<string> {
    const [oldest] = await db
      .select({ id: clients.id })
      .from(clients)
      .orderBy(asc(clients.createdAt), asc(clients.id))
      .limit(1);
    if (oldest) return oldest.id;
    // The sync's own helper (under its lock), so a sync running now and this end up with one client, not two.
    const { clientId } = await createIngestRepository(db).transaction((writer) =>
      writer.ensureClient(DEFAULT_CLIENT_NAME),
    );
    return clientId;
  }

  return {
    async list() {
      const rows = await db.select().from(watchlists).orderBy(asc(watchlists.name), asc(watchlists.createdAt));
      return rows.map(toRecord);
    },

    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(watchlists).where(eq(watchlists.id, id));
      return row ? toRecord(row) : undefined;
    },

    async create(input, at) {
      const clientId = await defaultClientId();
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
  };
}
