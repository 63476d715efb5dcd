// Running the app: watchlists, alerts, audit log, global settings (kill switch), notifications.
import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
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
    status: notificationStatus('status').notNull().default('pending'),
    sentAt: timestamptz('sent_at'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_status_created_idx').on(t.status, t.createdAt.desc())],
);
