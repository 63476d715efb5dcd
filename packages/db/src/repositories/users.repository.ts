import type { NewUser, UserRecord, UsersRepository } from '@optionstrader/application';
import { asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { users } from '../schema/index';
import { isUniqueViolation } from '../unique-violation';

type UserRow = typeof users.$inferSelect;

export function toUserRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    passwordHash: row.passwordHash,
    isAdmin: row.isAdmin,
    disabled: row.disabled,
    failedLoginCount: row.failedLoginCount,
    lockedUntil: row.lockedUntil,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function createUsersRepository(db: Db): UsersRepository {
  return {
    async findById(id) {
      const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
      return row ? toUserRecord(row) : undefined;
    },

    async findByEmail(email) {
      const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
      return row ? toUserRecord(row) : undefined;
    },

    async create(user: NewUser) {
      try {
        const [row] = await db
          .insert(users)
          .values({
            email: user.email.toLowerCase(),
            displayName: user.displayName ?? null,
            passwordHash: user.passwordHash,
            isAdmin: user.isAdmin,
          })
          .returning();
        return row ? toUserRecord(row) : undefined;
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_unique')) return undefined;
        throw error;
      }
    },

    async count() {
      const [row] = await db.select({ value: count() }).from(users);
      return row?.value ?? 0;
    },

    async listAll() {
      return (await db.select().from(users).orderBy(asc(users.email))).map(toUserRecord);
    },

    async update(id, patch) {
      if (Object.keys(patch).length === 0) return this.findById(id);
      const [row] = await db
        .update(users)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(users.id, id))
        .returning();
      return row ? toUserRecord(row) : undefined;
    },

    // One statement, so concurrent failures each count.
    async recordFailedLogin(id) {
      const [row] = await db
        .update(users)
        .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
        .where(eq(users.id, id))
        .returning({ failures: users.failedLoginCount });
      return row?.failures ?? 0;
    },
  };
}
