// Notifications: the outbox (one row per recipient × channel), users' preferences and channels, and the senders.
import type {
  NotificationChannel,
  NotificationEvent,
  NotificationPreference,
  NotificationStatus,
  WebhookFormat,
} from '@optionstrader/contracts';

/** An email as the mailer sends it: always a text part, and an HTML alternative. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface Mailer {
  /** Rejects when the message was not accepted (server down, refused recipient, …). */
  send(message: MailMessage): Promise<void>;
  /** Rejects when the transport cannot work (the SMTP server is unreachable or refuses the login). */
  verify(): Promise<void>;
}

export interface WebhookSender {
  /** POSTs `body` as JSON; rejects on a network error, a timeout or a non-2xx answer. */
  post(url: string, body: unknown): Promise<void>;
}

/** `test` is stored like an event but is never a preference. */
export type StoredNotificationEvent = NotificationEvent | 'test';

export interface NotificationRecord {
  id: string;
  userId: string | null;
  event: string;
  channel: NotificationChannel;
  /** Email address or webhook URL. */
  recipient: string;
  subject: string;
  /** The text body (a webhook posts it). */
  body: string;
  html: string | null;
  status: NotificationStatus;
  attempts: number;
  error: string | null;
  dedupeKey: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface NewNotification {
  userId: string;
  event: StoredNotificationEvent;
  channel: NotificationChannel;
  recipient: string;
  subject: string;
  body: string;
  html: string | null;
  /** Unique: a row with a key already stored is skipped (a replayed event is stored once). */
  dedupeKey: string;
  createdAt: Date;
}

export interface NotificationChannels {
  webhookUrl: string | null;
  webhookFormat: WebhookFormat;
}

/** A user who may be notified, with what they chose. */
export interface NotificationRecipient {
  userId: string;
  email: string;
  displayName: string | null;
  /** Every event, defaults filled in. */
  preferences: Record<NotificationEvent, { email: boolean; webhook: boolean }>;
  channels: NotificationChannels;
}

/**
 * Who an event is for: the members of an account's client, of one client, one user, or every enabled user
 * (installation-wide events: connectivity, kill switch). Disabled users are never recipients.
 */
export type RecipientScope = { accountId: string } | { clientId: string } | { userId: string } | { everyone: true };

export interface NotificationsRepository {
  /** Stores the rows whose dedupe key is new; returns only those (the others were stored before). */
  insert(rows: NewNotification[]): Promise<NotificationRecord[]>;
  get(id: string): Promise<NotificationRecord | undefined>;
  markSent(id: string, at: Date): Promise<void>;
  /** Counts one more attempt and keeps its error; status `failed` until a later attempt succeeds. */
  markFailed(id: string, error: string): Promise<void>;
  /** The user's notifications, newest first. */
  listForUser(userId: string, limit: number): Promise<NotificationRecord[]>;
  /** Pending rows no delivery has tried yet (stored while no queue was running), oldest first. */
  neverAttempted(limit: number): Promise<string[]>;
  /** Every event, in the contract's order, defaults filled in. */
  preferences(userId: string): Promise<NotificationPreference[]>;
  /** Upserts the events given; the others keep their choice. */
  setPreferences(userId: string, preferences: NotificationPreference[]): Promise<void>;
  /** No row: no webhook, json. */
  channels(userId: string): Promise<NotificationChannels>;
  setChannels(userId: string, channels: NotificationChannels): Promise<void>;
  recipients(scope: RecipientScope): Promise<NotificationRecipient[]>;
}

/** One account's line of the daily summary; null money is unknown. */
export interface SummaryAccountLine {
  accountCode: string;
  label: string | null;
  currency: string;
  netLiquidation: string | null;
  dayPnl: string | null;
  positionsCount: number;
  snapshotAsOf: Date | null;
}

/** What the daily summary reads: the user's clients, their accounts' book, pending recommendations. */
export interface DailySummarySource {
  clientsOf(userId: string): Promise<{ clientId: string; clientName: string }[]>;
  accounts(clientId: string): Promise<SummaryAccountLine[]>;
  pendingRecommendations(clientId: string): Promise<number>;
}
