// Fetchers and hooks of the caller's notification settings, the test notification and the history.
import {
  notificationHistorySchema,
  notificationSettingsSchema,
  testNotificationResponseSchema,
  type NotificationItem,
  type NotificationSettings,
  type UpdateNotificationSettings,
} from '@optionstrader/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';

export const NOTIFICATIONS_KEY = ['me', 'notifications'] as const;
export const HISTORY_KEY = ['me', 'notifications', 'history'] as const;

export const fetchNotificationSettings = (): Promise<NotificationSettings> =>
  request('/api/me/notifications', { schema: notificationSettingsSchema });

export const saveNotificationSettings = (body: UpdateNotificationSettings): Promise<NotificationSettings> =>
  request('/api/me/notifications', { method: 'PUT', body, schema: notificationSettingsSchema });

export const fetchNotificationHistory = (): Promise<NotificationItem[]> =>
  request('/api/me/notifications/history?limit=20', { schema: notificationHistorySchema }).then((b) => b.items);

export const sendTestNotification = (): Promise<{ queued: number }> =>
  request('/api/me/notifications/test', { method: 'POST', schema: testNotificationResponseSchema });

export const useNotificationSettings = () =>
  useQuery({ queryKey: NOTIFICATIONS_KEY, queryFn: fetchNotificationSettings });

/** Pending deliveries change on their own (the queue works in the background): the list refreshes while any is. */
export const useNotificationHistory = () =>
  useQuery({
    queryKey: HISTORY_KEY,
    queryFn: fetchNotificationHistory,
    refetchInterval: (query) => (query.state.data?.some((item) => item.status !== 'sent') ? 3_000 : false),
  });

export function useSaveNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveNotificationSettings,
    onSuccess: (settings) => queryClient.setQueryData(NOTIFICATIONS_KEY, settings),
  });
}

export function useSendTestNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendTestNotification,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: HISTORY_KEY }),
  });
}
