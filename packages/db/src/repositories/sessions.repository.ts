import type { SessionRecord, SessionsRepository } from '@optionstrader/application';
import { and, eq, gt, lte, ne } from 'drizzle-orm';
import type { Db } from '../client';
import { sessions, users } from '../schema/index';
import { toUserRecord } from './users.repository';

type SessionRow = typeof sessions.$inferSelect;

function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    userId: row.userId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastSeenAt: row.lastSeenAt,
    clientId: row.clientId,
  };
}

export function createSessionsRepository(db: Db): SessionsRepository {
  return {
    async create(session) {
      const [row] = await db
        .insert(sessions)
        .values({
          userId: session.userId,
          tokenHash: session.tokenHash,
          createdAt: session.createdAt,
          lastSeenAt: session.createdAt,
          expiresAt: session.expiresAt,
          userAgent: session.userAgent ?? null,
          ip: session.ip ?? null,
        })
        .returning();
      if (!row) throw new Error('Inserting a session returned no row');
      return toSessionRecord(row);
    },

    async findActive(tokenHash, now) {
      const [row] = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.disabled, false)))
        .limit(1);
      return row ? { session: toSessionRecord(row.session), user: toUserRecord(row.user) } : undefined;
    },

    async touch(id, lastSeenAt, expiresAt) {
      await db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id));
    },

    async deleteByTokenHash(tokenHash) {
      await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },

    // Counting returned ids works the same on both drivers (their rowCount types differ).
    async deleteForUser(userId) {
      const deleted = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
      return deleted.length;
    },

    async deleteOthers(userId, keepSessionId) {
      const deleted = await db
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)))
        .returning({ id: sessions.id });
      return deleted.length;
    },

    async deleteExpired(now) {
      const deleted = await db.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ id: sessions.id });
      return deleted.length;
    },
  };
}
