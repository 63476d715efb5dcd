// The caller's notifications: which events reach them by email and by webhook, the webhook itself, a test, and the
// recent deliveries with their status.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  notificationEvents,
  webhookFormatSchema,
  type NotificationEvent,
  type NotificationItem,
  type NotificationPreference,
  type NotificationSettings,
  type WebhookFormat,
} from '@optionstrader/contracts';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/form-errors';
import { formatDateTime } from '../dashboard/read-format';
import {
  useNotificationHistory,
  useNotificationSettings,
  useSaveNotificationSettings,
  useSendTestNotification,
} from './notifications.api';

export const eventLabels: Record<NotificationEvent, string> = {
  recommendations_digest: 'New recommendations',
  fill: 'Fills',
  assignment: 'Assignments and exercises',
  risk_alert: 'Risk alerts',
  connectivity: 'Broker connection and data problems',
  kill_switch: 'Kill switch changes',
  daily_summary: 'Daily summary',
};

const formatLabels: Record<WebhookFormat, string> = {
  slack: 'Slack ({ text })',
  discord: 'Discord ({ content })',
  json: 'JSON (the whole notification)',
};

const statusColors = { pending: 'gray', sent: 'green', failed: 'red' } as const;

export function NotificationsSection() {
  const settings = useNotificationSettings();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="notifications-title">
      <Title order={2} size="h5" id="notifications-title" mb={4}>
        Notifications
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        What reaches you outside the app, and how. Email goes to your sign-in address; a webhook posts to a Slack or
        Discord channel, or any URL that takes JSON.
      </Text>
      {settings.isPending && (
        <Text size="sm" c="dimmed">
          Loading notification settings…
        </Text>
      )}
      {settings.isError && (
        <Alert color="red" variant="light" title="Could not load the notification settings">
          {settings.error.message}
        </Alert>
      )}
      {settings.data && <SettingsForm settings={settings.data} />}
      <History />
    </Paper>
  );
}

/** Starts from the stored settings; a save answers with what was stored, which is what the form already shows. */
function SettingsForm({ settings }: { settings: NotificationSettings }) {
  const save = useSaveNotificationSettings();
  const test = useSendTestNotification();
  const [preferences, setPreferences] = useState<NotificationPreference[]>(settings.preferences);
  const [url, setUrl] = useState(settings.webhook.url ?? '');
  const [format, setFormat] = useState<WebhookFormat>(settings.webhook.format);
  const [saved, setSaved] = useState(false);

  const server = fieldErrors(save.error, ['webhook', 'preferences'] as const);
  const toggle = (event: NotificationEvent, channel: 'email' | 'webhook', on: boolean) => {
    setSaved(false);
    setPreferences((list) => list.map((p) => (p.event === event ? { ...p, [channel]: on } : p)));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    save.mutate(
      { preferences, webhook: { url: url.trim() === '' ? null : url.trim(), format } },
      { onSuccess: () => setSaved(true) },
    );
  };

  const byEvent = new Map(preferences.map((p) => [p.event, p]));
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Notification settings">
      <Stack gap="sm">
        <Table.ScrollContainer minWidth={420} type="native">
          <Table withTableBorder={false} verticalSpacing={4} aria-label="Notifications by event and channel">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Webhook</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {notificationEvents.map((event) => {
                const p = byEvent.get(event);
                return (
                  <Table.Tr key={event}>
                    <Table.Td>{eventLabels[event]}</Table.Td>
                    {(['email', 'webhook'] as const).map((channel) => (
                      <Table.Td key={channel}>
                        <Checkbox
                          aria-label={`${eventLabels[event]} by ${channel}`}
                          checked={p?.[channel] ?? false}
                          onChange={(e) => toggle(event, channel, e.currentTarget.checked)}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed">
          Email goes to {settings.email}.
        </Text>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label="Webhook URL"
            placeholder="https://hooks.slack.com/services/…"
            description="Empty: no webhook"
            value={url}
            onChange={(e) => {
              setSaved(false);
              setUrl(e.currentTarget.value);
            }}
            error={server.fields.webhook}
            style={{ flex: '1 1 320px' }}
          />
          <NativeSelect
            label="Format"
            data={webhookFormatSchema.options.map((value) => ({ value, label: formatLabels[value] }))}
            value={format}
            onChange={(e) => {
              setSaved(false);
              setFormat(webhookFormatSchema.parse(e.currentTarget.value));
            }}
          />
        </Group>
        {server.rest && (
          <Alert color="red" variant="light" title="Could not save" role="alert">
            {server.rest}
          </Alert>
        )}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={save.isPending}>
            Save
          </Button>
          <Button variant="light" size="xs" loading={test.isPending} onClick={() => test.mutate()}>
            Send a test
          </Button>
          {saved && (
            <Text size="sm" c="green" role="status">
              Saved.
            </Text>
          )}
          {test.data && (
            <Text size="sm" role="status">
              {test.data.queued === 0
                ? 'Nothing to send: no channel is set up (email may be turned off on this server).'
                : `Test queued on ${test.data.queued} channel(s); see the history below.`}
            </Text>
          )}
          {test.isError && (
            <Text size="sm" c="red" role="alert">
              {test.error.message}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function History() {
  const history = useNotificationHistory();
  return (
    <Stack gap={4} mt="md">
      <Title order={3} size="h6">
        Recent notifications
      </Title>
      {history.isError && (
        <Alert color="red" variant="light" title="Could not load the history">
          {history.error.message}
        </Alert>
      )}
      {history.data && history.data.length === 0 && (
        <Text size="sm" c="dimmed">
          None yet.
        </Text>
      )}
      {history.data && history.data.length > 0 && <HistoryTable items={history.data} />}
    </Stack>
  );
}

function HistoryTable({ items }: { items: NotificationItem[] }) {
  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table striped verticalSpacing={4} aria-label="Recent notifications">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Subject</Table.Th>
            <Table.Th>Channel</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td>{formatDateTime(item.createdAt)}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{item.subject}</Table.Td>
              <Table.Td>
                {item.channel}{' '}
                <Text span size="xs" c="dimmed">
                  {item.recipient}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={statusColors[item.status]} variant="light" size="sm">
                  {item.status}
                </Badge>
                {item.error && (
                  <Text size="xs" c="red" style={{ overflowWrap: 'anywhere' }}>
                    {item.error}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{item.attempts}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
