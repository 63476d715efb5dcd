// A user's notification choices with the defaults filled in (a missing row means "the event's default").
import {
  notificationDefaults,
  notificationEvents,
  webhookFormatSchema,
  type NotificationPreference,
  type WebhookFormat,
} from '@optionstrader/contracts';
import type { NotificationRecipient } from '../ports';

/** Every event in the contract's order; a stored choice wins over the default, unknown events are ignored. */
export function preferencesWithDefaults(stored: readonly { event: string; email: boolean; webhook: boolean }[]) {
  const byEvent = new Map(stored.map((p) => [p.event, p]));
  return notificationEvents.map((event): NotificationPreference => {
    const row = byEvent.get(event);
    return row ? { event, email: row.email, webhook: row.webhook } : { event, ...notificationDefaults[event] };
  });
}

/** The same, keyed by event (what a recipient carries). */
export function preferenceMap(preferences: NotificationPreference[]): NotificationRecipient['preferences'] {
  const map = { ...notificationDefaults };
  for (const p of preferences) map[p.event] = { email: p.email, webhook: p.webhook };
  return map;
}

/** A stored format, json when missing or unknown. */
export function webhookFormatOf(value: string | null | undefined): WebhookFormat {
  const parsed = webhookFormatSchema.safeParse(value);
  return parsed.success ? parsed.data : 'json';
}
