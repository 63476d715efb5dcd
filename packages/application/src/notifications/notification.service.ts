// Notifications: an event becomes one outbox row per recipient × channel (deduplicated), each delivered by a queued job.
//
// Decisions:
// - notify() stores, then enqueues; it never sends. Sending is deliver(), run by the durable queue, which retries a
//   failed delivery with backoff: an SMTP server that is down delays mail and blocks nothing else.
// - notify() never throws: a notification problem must not fail the fill, alert or setting change that caused it.
//   Problems go to `onError`.
// - deliver() throws on failure (after recording the attempt and its error) so the queue retries; a row already
//   sent is not sent again (a retried job after a crash between send and mark can still send twice: at-least-once).
// - `failed` is the status of a row whose last attempt failed; a later successful attempt makes it `sent`.
// - Webhook bodies are built at delivery from the user's current format (slack {text}, discord {content}, json).
import type { NotificationChannel, WebhookFormat } from '@optionstrader/contracts';
import { newYorkDateOf } from '@optionstrader/domain';
import type {
  Clock,
  DailySummarySource,
  Mailer,
  NewNotification,
  NotificationRecipient,
  NotificationRecord,
  NotificationsRepository,
  RecipientScope,
  WebhookSender,
} from '../ports';
import { renderNotification, type NotifyEvent, type SummaryClient } from './templates';

export interface NotificationServiceDeps {
  repo: NotificationsRepository;
  mailer: Mailer;
  /** False when email is turned off (MAIL_TRANSPORT=none): no email rows are stored at all. Default true. */
  emailEnabled?: boolean;
  webhook: WebhookSender;
  clock: Clock;
  /** Puts one delivery on the durable queue (the queue calls deliver(id), retrying on failure). */
  enqueueDelivery: (notificationId: string) => Promise<void>;
  /** Links in messages point here. */
  appUrl: string;
  /** What the daily summary reads; without it dailySummary() does nothing. */
  summary?: DailySummarySource;
  /** Where a problem notify() swallows is reported (logged by the composition). */
  onError?: (error: unknown, context: { event: string; key?: string; notificationId?: string }) => void;
}

export type NotificationService = ReturnType<typeof createNotificationService>;

/** Discord refuses content over 2000 characters. */
const DISCORD_LIMIT = 2000;

function scopeOf(event: NotifyEvent): RecipientScope {
  switch (event.kind) {
    case 'fill':
    case 'assignment':
    case 'recommendations_digest':
      return { accountId: event.accountId };
    case 'risk_alert':
      if (event.accountId) return { accountId: event.accountId };
      return event.clientId ? { clientId: event.clientId } : { everyone: true };
    case 'connectivity':
    case 'kill_switch':
      return { everyone: true };
    case 'daily_summary':
    case 'test':
      return { userId: event.userId };
  }
}

/** The channels this recipient gets this event on: their choice, and only channels they have an address for. */
function channelsFor(
  event: NotifyEvent,
  recipient: NotificationRecipient,
  emailEnabled: boolean,
): NotificationChannel[] {
  const wants = event.kind === 'test' ? { email: true, webhook: true } : recipient.preferences[event.kind];
  const channels: NotificationChannel[] = [];
  if (emailEnabled && wants.email && recipient.email) channels.push('email');
  if (wants.webhook && recipient.channels.webhookUrl) channels.push('webhook');
  return channels;
}

export function webhookBody(row: NotificationRecord, format: WebhookFormat): unknown {
  const text = `*${row.subject}*\n${row.body}`;
  switch (format) {
    case 'slack':
      return { text };
    case 'discord':
      return { content: text.length > DISCORD_LIMIT ? `${text.slice(0, DISCORD_LIMIT - 1)}…` : text };
    case 'json':
      return {
        id: row.id,
        event: row.event,
        subject: row.subject,
        text: row.body,
        createdAt: row.createdAt.toISOString(),
      };
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

export function createNotificationService(deps: NotificationServiceDeps) {
  const { repo, clock } = deps;
  const emailEnabled = deps.emailEnabled ?? true;
  const report = (error: unknown, context: { event: string; key?: string; notificationId?: string }) => {
    try {
      deps.onError?.(error, context);
    } catch {
      // A failing reporter must not turn into the caller's failure either.
    }
  };

  /** Stores and queues the event's notifications; the ids of the rows stored now (none for a replay). */
  async function notify(event: NotifyEvent): Promise<string[]> {
    try {
      const recipients = await repo.recipients(scopeOf(event));
      const rendered = renderNotification(event, deps.appUrl);
      const now = clock.now();
      const rows: NewNotification[] = recipients.flatMap((recipient) =>
        channelsFor(event, recipient, emailEnabled).map((channel) => ({
          userId: recipient.userId,
          event: event.kind,
          channel,
          recipient: channel === 'email' ? recipient.email : (recipient.channels.webhookUrl ?? ''),
          subject: rendered.subject,
          body: rendered.text,
          html: channel === 'email' ? rendered.html : null,
          dedupeKey: `${event.kind}:${event.key}:${recipient.userId}:${channel}`,
          createdAt: now,
        })),
      );
      if (rows.length === 0) return [];
      const stored = await repo.insert(rows);
      const ids: string[] = [];
      for (const row of stored) {
        try {
          await deps.enqueueDelivery(row.id);
          ids.push(row.id);
        } catch (error) {
          // The row stays pending in the outbox; the history shows it never went.
          report(error, { event: event.kind, key: event.key, notificationId: row.id });
        }
      }
      return ids;
    } catch (error) {
      report(error, { event: event.kind, key: event.key });
      return [];
    }
  }

  /** Sends one stored notification; throws (after recording the attempt) when it could not. */
  async function deliver(id: string): Promise<'sent' | 'already_sent' | 'unknown'> {
    const row = await repo.get(id);
    if (!row) return 'unknown';
    if (row.status === 'sent') return 'already_sent';
    try {
      if (row.channel === 'email') {
        await deps.mailer.send({ to: row.recipient, subject: row.subject, text: row.body, html: row.html });
      } else {
        const format = row.userId ? (await repo.channels(row.userId)).webhookFormat : 'json';
        await deps.webhook.post(row.recipient, webhookBody(row, format));
      }
    } catch (error) {
      await repo.markFailed(id, messageOf(error));
      throw error;
    }
    await repo.markSent(id, clock.now());
    return 'sent';
  }

  /** The daily summary of every enabled user: their clients' book and pending recommendations. */
  async function dailySummary(asOf: Date): Promise<{ users: number; queued: number }> {
    const source = deps.summary;
    if (!source) return { users: 0, queued: 0 };
    const date = newYorkDateOf(asOf.getTime());
    const users = await repo.recipients({ everyone: true });
    let queued = 0;
    for (const user of users) {
      const prefs = user.preferences.daily_summary;
      if (!(emailEnabled && prefs.email) && !(prefs.webhook && user.channels.webhookUrl)) continue;
      const clients: SummaryClient[] = [];
      for (const client of await source.clientsOf(user.userId)) {
        const [accounts, pendingRecommendations] = await Promise.all([
          source.accounts(client.clientId),
          source.pendingRecommendations(client.clientId),
        ]);
        clients.push({ clientName: client.clientName, accounts, pendingRecommendations });
      }
      // Someone in no client has no book to summarise.
      if (clients.length === 0) continue;
      queued += (await notify({ kind: 'daily_summary', key: date, userId: user.userId, date, clients })).length;
    }
    return { users: users.length, queued };
  }

  return { notify, deliver, dailySummary };
}
