// Notifications outbox, preferences and channels. A replayed event is stored once: the partial unique index on
// dedupe_key makes the insert skip it (ON CONFLICT DO NOTHING), whatever runs concurrently.
import {
  preferenceMap,
  preferencesWithDefaults,
  webhookFormatOf,
  type NotificationChannels,
  type NotificationRecipient,
  type NotificationRecord,
  type NotificationsRepository,
  type RecipientScope,
} from '@optionstrader/application';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import {
  brokerAccounts,
  clientMemberships,
  notificationChannels,
  notificationPreferences,
  notifications,
  users,
} from '../schema/index';
import { isUuid } from './is-uuid';

type NotificationRow = typeof notifications.$inferSelect;
type ChannelRow = typeof notificationChannels.$inferSelect;

const toRecord = (row: NotificationRow): NotificationRecord => ({
  id: row.id,
  userId: row.userId,
  event: row.event,
  channel: row.channel,
  recipient: row.recipient,
  subject: row.subject,
  body: row.body,
  html: row.html,
  status: row.status,
  attempts: row.attempts,
  error: row.error,
  dedupeKey: row.dedupeKey,
  createdAt: row.createdAt,
  sentAt: row.sentAt,
});

function channelsFrom(row: ChannelRow | undefined): NotificationChannels {
  return { webhookUrl: row?.webhookUrl ?? null, webhookFormat: webhookFormatOf(row?.webhookFormat) };
}

/** The users an event is for (enabled only), as a condition on `users`. */
function scopeCondition(scope: RecipientScope): SQL | undefined {
  if ('userId' in scope) return isUuid(scope.userId) ? eq(users.id, scope.userId) : sql`false`;
  if ('everyone' in scope) return undefined;
  const clientIds =
    'clientId' in scope
      ? isUuid(scope.clientId)
        ? sql`select ${scope.clientId}::uuid`
        : undefined
      : isUuid(scope.accountId)
        ? sql`select ${brokerAccounts.clientId} from ${brokerAccounts} where ${brokerAccounts.id} = ${scope.accountId}`
        : undefined;
  if (!clientIds) return sql`false`;
  return inArray(
    users.id,
    sql`(select ${clientMemberships.userId} from ${clientMemberships} where ${clientMemberships.clientId} in (${clientIds}))`,
  );
}

export function createNotificationsRepository(db: Db): NotificationsRepository {
  return {
    async insert(rows) {
      if (rows.length === 0) return [];
      const inserted = await db
        .insert(notifications)
        .values(rows.map((row) => ({ ...row, status: 'pending' as const })))
        .onConflictDoNothing()
        .returning();
      return inserted.map(toRecord);
    },

    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(notifications).where(eq(notifications.id, id)).limit(1);
      return row ? toRecord(row) : undefined;
    },

    async markSent(id, at) {
      await db
        .update(notifications)
        .set({ status: 'sent', sentAt: at, error: null, attempts: sql`${notifications.attempts} + 1` })
        .where(eq(notifications.id, id));
    },

    async markFailed(id, error) {
      await db
        .update(notifications)
        .set({ status: 'failed', error, attempts: sql`${notifications.attempts} + 1` })
        .where(and(eq(notifications.id, id), sql`${notifications.status} <> 'sent'`));
    },

    async neverAttempted(limit) {
      const rows = await db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.status, 'pending'), eq(notifications.attempts, 0)))
        .orderBy(notifications.createdAt)
        .limit(limit);
      return rows.map((r) => r.id);
    },

    async listForUser(userId, limit) {
      if (!isUuid(userId)) return [];
      const rows = await db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, userId))
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(limit);
      return rows.map(toRecord);
    },

    async preferences(userId) {
      if (!isUuid(userId)) return preferencesWithDefaults([]);
      return preferencesWithDefaults(
        await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)),
      );
    },

    async setPreferences(userId, preferences) {
      if (preferences.length === 0) return;
      await db
        .insert(notificationPreferences)
        .values(preferences.map((p) => ({ userId, event: p.event, email: p.email, webhook: p.webhook })))
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.event],
          set: { email: sql`excluded.email`, webhook: sql`excluded.webhook`, updatedAt: new Date() },
        });
    },

    async channels(userId) {
      if (!isUuid(userId)) return channelsFrom(undefined);
      const [row] = await db
        .select()
        .from(notificationChannels)
        .where(eq(notificationChannels.userId, userId))
        .limit(1);
      return channelsFrom(row);
    },

    async setChannels(userId, channels) {
      const values = { webhookUrl: channels.webhookUrl, webhookFormat: channels.webhookFormat };
      await db
        .insert(notificationChannels)
        .values({ userId, ...values })
        .onConflictDoUpdate({ target: notificationChannels.userId, set: { ...values, updatedAt: new Date() } });
    },

    async recipients(scope) {
      const scoped = scopeCondition(scope);
      const rows = await db
        .select({ id: users.id, email: users.email, displayName: users.displayName, channel: notificationChannels })
        .from(users)
        .leftJoin(notificationChannels, eq(notificationChannels.userId, users.id))
        .where(and(eq(users.disabled, false), scoped))
        .orderBy(users.email);
      if (rows.length === 0) return [];
      const preferences = await db
        .select()
        .from(notificationPreferences)
        .where(
          inArray(
            notificationPreferences.userId,
            rows.map((r) => r.id),
          ),
        );
      return rows.map((row): NotificationRecipient => ({
        userId: row.id,
        email: row.email,
        displayName: row.displayName,
        preferences: preferenceMap(preferencesWithDefaults(preferences.filter((p) => p.userId === row.id))),
        channels: channelsFrom(row.channel ?? undefined),
      }));
    },
  };
}
