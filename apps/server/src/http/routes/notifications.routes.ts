// The caller's own notifications: preferences and webhook (GET/PUT /api/me/notifications), a test, and the history.
import type {
  Clock,
  NotificationRecord,
  NotificationService,
  NotificationsRepository,
} from '@optionstrader/application';
import {
  errorBodySchema,
  notificationHistoryQuerySchema,
  notificationHistorySchema,
  notificationSettingsSchema,
  testNotificationResponseSchema,
  updateNotificationSettingsSchema,
  type NotificationItem,
  type NotificationSettings,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accessOf } from '../access';

export interface NotificationRoutesDeps {
  notifications: Pick<NotificationService, 'notify'>;
  repo: Pick<NotificationsRepository, 'preferences' | 'setPreferences' | 'channels' | 'setChannels' | 'listForUser'>;
  clock: Clock;
}

/** A webhook URL often carries its secret in the path (Slack, Discord): the history shows only where it went. */
function shownRecipient(row: NotificationRecord): string {
  if (row.channel !== 'webhook') return row.recipient;
  try {
    return `${new URL(row.recipient).origin}/…`;
  } catch {
    return 'webhook';
  }
}

const toItem = (row: NotificationRecord): NotificationItem => ({
  id: row.id,
  event: row.event,
  channel: row.channel,
  recipient: shownRecipient(row),
  subject: row.subject,
  status: row.status,
  attempts: row.attempts,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  sentAt: row.sentAt?.toISOString() ?? null,
});

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };

export function notificationsRoutes(deps: NotificationRoutesDeps): FastifyPluginAsyncZod {
  const { repo } = deps;

  async function settingsOf(user: { id: string; email: string }): Promise<NotificationSettings> {
    const [preferences, channels] = await Promise.all([repo.preferences(user.id), repo.channels(user.id)]);
    return {
      email: user.email,
      preferences,
      webhook: { url: channels.webhookUrl, format: channels.webhookFormat },
    };
  }

  return async (app) => {
    app.get(
      '/me/notifications',
      {
        config: { permission: 'user' },
        schema: {
          tags: ['notifications'],
          summary: 'Your notification preferences (per event and channel) and webhook',
          response: { 200: notificationSettingsSchema, ...errors },
        },
      },
      async (request) => settingsOf(accessOf(request).user),
    );

    app.put(
      '/me/notifications',
      {
        config: { permission: 'user' },
        schema: {
          tags: ['notifications'],
          summary: 'Change your notification preferences and webhook (events not named keep their choice)',
          body: updateNotificationSettingsSchema,
          response: { 200: notificationSettingsSchema, ...errors },
        },
      },
      async (request) => {
        const { user } = accessOf(request);
        const { preferences, webhook } = request.body;
        if (preferences) await repo.setPreferences(user.id, preferences);
        if (webhook) await repo.setChannels(user.id, { webhookUrl: webhook.url, webhookFormat: webhook.format });
        return settingsOf(user);
      },
    );

    app.post(
      '/me/notifications/test',
      {
        config: { permission: 'user' },
        schema: {
          tags: ['notifications'],
          summary: 'Send yourself a test notification on every channel you have set up (through the delivery queue)',
          response: { 202: testNotificationResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { user } = accessOf(request);
        const ids = await deps.notifications.notify({
          kind: 'test',
          key: deps.clock.now().toISOString(),
          userId: user.id,
        });
        return reply.status(202).send({ queued: ids.length });
      },
    );

    app.get(
      '/me/notifications/history',
      {
        config: { permission: 'user' },
        schema: {
          tags: ['notifications'],
          summary: 'Your recent notifications, newest first, with their delivery status',
          querystring: notificationHistoryQuerySchema,
          response: { 200: notificationHistorySchema, ...errors },
        },
      },
      async (request) => ({
        items: (await repo.listForUser(accessOf(request).user.id, request.query.limit)).map(toItem),
      }),
    );
  };
}
