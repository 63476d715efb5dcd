// Test code: the notifications repository contract in memory, with recipients set by the test.
import type { NotificationPreference } from '@optionstrader/contracts';
import { preferenceMap, preferencesWithDefaults } from '../notifications/preferences';
import type {
  NotificationChannels,
  NotificationRecipient,
  NotificationRecord,
  NotificationsRepository,
  RecipientScope,
} from '../ports';

export interface FakeUser {
  userId: string;
  email: string;
  /** Clients the user is a member of. */
  clients: string[];
  disabled?: boolean;
}

export function inMemoryNotifications(users: FakeUser[], accountClients: Record<string, string> = {}) {
  const rows: NotificationRecord[] = [];
  const prefs = new Map<string, Map<string, NotificationPreference>>();
  const channels = new Map<string, NotificationChannels>();

  const preferencesOf = (userId: string): NotificationPreference[] =>
    preferencesWithDefaults([...(prefs.get(userId)?.values() ?? [])]);
  const channelsOf = (userId: string): NotificationChannels =>
    channels.get(userId) ?? { webhookUrl: null, webhookFormat: 'json' };

  const inScope = (user: FakeUser, scope: RecipientScope) => {
    if ('userId' in scope) return user.userId === scope.userId;
    if ('clientId' in scope) return user.clients.includes(scope.clientId);
    if ('accountId' in scope) {
      const client = accountClients[scope.accountId];
      return client !== undefined && user.clients.includes(client);
    }
    return true;
  };

  const repo: NotificationsRepository = {
    async insert(newRows) {
      const stored: NotificationRecord[] = [];
      for (const row of newRows) {
        if (rows.some((r) => r.dedupeKey === row.dedupeKey)) continue;
        const record: NotificationRecord = {
          ...row,
          id: `n${rows.length + 1}`,
          status: 'pending',
          attempts: 0,
          error: null,
          sentAt: null,
        };
        rows.push(record);
        stored.push(record);
      }
      return stored;
    },
    async get(id) {
      return rows.find((r) => r.id === id);
    },
    async neverAttempted(limit) {
      return rows
        .filter((r) => r.status === 'pending' && r.attempts === 0)
        .slice(0, limit)
        .map((r) => r.id);
    },
    async markSent(id, at) {
      const row = rows.find((r) => r.id === id);
      if (row) Object.assign(row, { status: 'sent', sentAt: at, attempts: row.attempts + 1, error: null });
    },
    async markFailed(id, error) {
      const row = rows.find((r) => r.id === id);
      if (row) Object.assign(row, { status: 'failed', attempts: row.attempts + 1, error });
    },
    async listForUser(userId, limit) {
      return rows
        .filter((r) => r.userId === userId)
        .reverse()
        .slice(0, limit);
    },
    async preferences(userId) {
      return preferencesOf(userId);
    },
    async setPreferences(userId, list) {
      const mine = prefs.get(userId) ?? new Map<string, NotificationPreference>();
      for (const p of list) mine.set(p.event, p);
      prefs.set(userId, mine);
    },
    async channels(userId) {
      return channelsOf(userId);
    },
    async setChannels(userId, value) {
      channels.set(userId, value);
    },
    async recipients(scope) {
      return users
        .filter((u) => !u.disabled && inScope(u, scope))
        .map((u): NotificationRecipient => ({
          userId: u.userId,
          email: u.email,
          displayName: null,
          preferences: preferenceMap(preferencesOf(u.userId)),
          channels: channelsOf(u.userId),
        }));
    },
  };
  return { repo, rows };
}
