// Notifications: the events a user can be told about, by which channel (email, webhook), their preferences and history.
import { z } from 'zod';

/** What can be notified. `test` is not a preference: it goes to every channel the caller has set up. */
export const notificationEvents = [
  'recommendations_digest',
  'fill',
  'assignment',
  'risk_alert',
  'connectivity',
  'kill_switch',
  'daily_summary',
] as const;
export const notificationEventSchema = z.enum(notificationEvents);
export type NotificationEvent = z.infer<typeof notificationEventSchema>;

export const notificationChannelSchema = z.enum(['email', 'webhook']);
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

export const notificationStatusSchema = z.enum(['pending', 'sent', 'failed']);
export type NotificationStatus = z.infer<typeof notificationStatusSchema>;

export const webhookFormatSchema = z.enum(['slack', 'discord', 'json']);
export type WebhookFormat = z.infer<typeof webhookFormatSchema>;

/**
 * A user's choice when they have made none. Email is on for everything that needs a person's attention and off for
 * the recommendations digest (every strategy run can produce one: the inbox would drown; the UI shows them anyway).
 * Webhook is on for everything: nothing is posted until the user sets a webhook URL, and a chat channel is where a
 * running feed belongs.
 */
export const notificationDefaults: Readonly<Record<NotificationEvent, { email: boolean; webhook: boolean }>> = {
  recommendations_digest: { email: false, webhook: true },
  fill: { email: true, webhook: true },
  assignment: { email: true, webhook: true },
  risk_alert: { email: true, webhook: true },
  connectivity: { email: true, webhook: true },
  kill_switch: { email: true, webhook: true },
  daily_summary: { email: true, webhook: true },
};

export const notificationPreferenceSchema = z
  .strictObject({ event: notificationEventSchema, email: z.boolean(), webhook: z.boolean() })
  .describe('NotificationPreference');
export type NotificationPreference = z.infer<typeof notificationPreferenceSchema>;

// http(s), a host, no user:password@ (a secret in a URL ends up in logs and the history list).
const httpUrl = /^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i;

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .regex(httpUrl, 'A webhook URL is an http(s) address without user or password');

export const webhookSettingsSchema = z
  .strictObject({
    url: webhookUrlSchema.nullable().describe('Where to POST; null: no webhook'),
    format: webhookFormatSchema.describe('slack: {text}; discord: {content}; json: the whole notification'),
  })
  .describe('WebhookSettings');
export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

export const notificationSettingsSchema = z
  .object({
    email: z.string().describe("The address email goes to (the user's sign-in email)"),
    preferences: z.array(notificationPreferenceSchema).describe('One per event, in the order of the event list'),
    webhook: webhookSettingsSchema,
  })
  .describe('NotificationSettings');
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const updateNotificationSettingsSchema = z
  .strictObject({
    /** Only the events named change; the others keep their choice. */
    preferences: z.array(notificationPreferenceSchema).max(notificationEvents.length).optional(),
    webhook: webhookSettingsSchema.optional(),
  })
  .describe('UpdateNotificationSettings');
export type UpdateNotificationSettings = z.infer<typeof updateNotificationSettingsSchema>;

export const notificationItemSchema = z
  .object({
    id: z.uuid(),
    event: z.string().describe('A notification event, or test'),
    channel: notificationChannelSchema,
    recipient: z.string().describe('Email address or webhook URL'),
    subject: z.string(),
    status: notificationStatusSchema.describe('failed: the last attempt failed (the queue may still retry it)'),
    attempts: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.iso.datetime(),
    sentAt: z.iso.datetime().nullable(),
  })
  .describe('NotificationItem');
export type NotificationItem = z.infer<typeof notificationItemSchema>;

export const notificationHistoryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const notificationHistorySchema = z
  .object({ items: z.array(notificationItemSchema) })
  .describe('NotificationHistory');
export type NotificationHistory = z.infer<typeof notificationHistorySchema>;

export const testNotificationResponseSchema = z
  .object({ queued: z.number().int().describe('Notifications stored and queued for delivery (one per channel)') })
  .describe('TestNotificationResponse');
export type TestNotificationResponse = z.infer<typeof testNotificationResponseSchema>;
