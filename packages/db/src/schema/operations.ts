// Running the app: watchlists, alerts, audit log, global settings (kill switch), notifications, scheduled jobs.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { brokerAccounts, clients, users } from './accounts';
import { createdAt, id, timestamptz, updatedAt } from './columns';

export const alertSeverity = pgEnum('alert_severity', ['info', 'warning', 'error', 'critical']);
export const notificationChannel = pgEnum('notification_channel', ['email', 'webhook']);
export const notificationStatus = pgEnum('notification_status', ['pending', 'sent', 'failed']);

export const watchlists = pgTable(
  'watchlists',
  {
    id: id(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // Underlying symbols only, so an array is enough; no per-item data yet.
    symbols: text('symbols').array().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('watchlists_client_idx').on(t.clientId)],
);

export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').references(() => brokerAccounts.id, { onDelete: 'cascade' }),
    severity: alertSeverity('severity').notNull(),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    payload: jsonb('payload'),
    acknowledgedAt: timestamptz('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('alerts_account_created_idx').on(t.accountId, t.createdAt.desc()),
    // Partial: the alert bell only ever asks for what is still unacknowledged.
    index('alerts_unacknowledged_created_idx')
      .on(t.createdAt.desc())
      .where(sql`${t.acknowledgedAt} is null`),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    // bigint identity: append-only and high-volume; the sequence also gives a stable order.
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    // Set null: the trail must outlive the user who acted.
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    // The client the change belongs to; null for installation-level actions (logins, users, global settings).
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'set null' }),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    at: timestamptz('at').notNull(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_at_idx').on(t.at.desc()),
    index('audit_log_client_id_idx').on(t.clientId, t.id.desc()),
  ],
);

export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
});

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    channel: notificationChannel('channel').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** What happened (a notification event: fill, assignment, risk_alert, daily_summary, …). */
    event: text('event').notNull().default('other'),
    /** The HTML alternative of an email (the text body is always there). */
    html: text('html'),
    status: notificationStatus('status').notNull().default('pending'),
    /** Delivery attempts so far (the queue retries with backoff). */
    attempts: integer('attempts').notNull().default(0),
    /** One notification per (event occurrence, user, channel): a replayed event is not sent twice. */
    dedupeKey: text('dedupe_key'),
    sentAt: timestamptz('sent_at'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_status_created_idx').on(t.status, t.createdAt.desc()),
    uniqueIndex('notifications_dedupe_key_idx')
      .on(t.dedupeKey)
      .where(sql`${t.dedupeKey} is not null`),
  ],
);

/** Which events a user wants, by which channel. No row: the event's default. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    email: boolean('email').notNull(),
    webhook: boolean('webhook').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.event] })],
);

/** A user's delivery addresses: the email is the account's; the webhook (Slack/Discord-compatible) is optional. */
export const notificationChannels = pgTable('notification_channels', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  webhookUrl: text('webhook_url'),
  /** slack | discord | json: the body shape the webhook expects. */
  webhookFormat: text('webhook_format').notNull().default('json'),
  updatedAt: updatedAt(),
});

/** The scheduler's state per job: when it runs next and which occurrence it last queued. */
export const jobSchedules = pgTable('job_schedules', {
  name: text('name').primaryKey(),
  nextRunAt: timestamptz('next_run_at'),
  lastScheduledFor: timestamptz('last_scheduled_for'),
  updatedAt: updatedAt(),
});

export const jobRunStatus = pgEnum('job_run_status', ['running', 'succeeded', 'failed']);

/** One row per attempt of a queued job (the queue keeps its own state; this is the history people read). */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: id(),
    /** The queue's job id: the attempts of one job share it. */
    jobId: text('job_id').notNull(),
    name: text('name').notNull(),
    /** schedule | catch_up | manual | event */
    trigger: text('trigger').notNull(),
    scheduledFor: timestamptz('scheduled_for'),
    attempt: integer('attempt').notNull(),
    status: jobRunStatus('status').notNull(),
    /** A failed attempt the queue will try again; false on the last one (then the job is in the failed list). */
    willRetry: boolean('will_retry').notNull().default(false),
    worker: text('worker').notNull(),
    startedAt: timestamptz('started_at').notNull(),
    finishedAt: timestamptz('finished_at'),
    durationMs: integer('duration_ms'),
    error: text('error'),
    summary: jsonb('summary'),
  },
  (t) => [
    index('job_runs_name_started_idx').on(t.name, t.startedAt.desc()),
    index('job_runs_started_idx').on(t.startedAt.desc()),
    index('job_runs_job_id_idx').on(t.jobId),
  ],
);
