// Open alerts on the dashboard, newest first, each with its severity and an Acknowledge button; the full history
// lives on Logs & Alerts (same query, so acknowledging here updates that page too).
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { Alert } from '@optionstrader/contracts';
import { Link } from 'react-router';
import { SEVERITY_COLOR } from '../broker/broker-labels';
import { useAcknowledgeAlert, useAlerts } from '../logs/alerts-queries';
import { formatAge, formatDateTime } from './read-format';

/** More than this and the panel points to Logs & Alerts rather than growing the dashboard. */
const SHOWN = 5;

export function AlertsPanel() {
  const alerts = useAlerts();
  const open = (alerts.data?.alerts ?? [])
    .filter((a) => a.acknowledgedAt === null)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const now = alerts.dataUpdatedAt;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="open-alerts-title" data-testid="open-alerts">
      <Group justify="space-between" mb="xs" gap="xs">
        <Title order={2} size="h5" id="open-alerts-title">
          Open alerts{alerts.data ? ` (${open.length})` : ''}
        </Title>
        <Anchor component={Link} to="/logs" size="xs">
          All alerts
        </Anchor>
      </Group>
      {alerts.isPending && (
        <Text size="sm" c="dimmed">
          Loading alerts…
        </Text>
      )}
      {alerts.isError && (
        <Text size="sm" c="red" role="alert">
          Could not load the alerts: {alerts.error.message}
        </Text>
      )}
      {alerts.data && open.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="no-open-alerts">
          No open alerts.
        </Text>
      )}
      <Stack gap="xs">
        {open.slice(0, SHOWN).map((alert) => (
          <OpenAlert key={alert.id} alert={alert} now={now} />
        ))}
      </Stack>
      {open.length > SHOWN && (
        <Text size="xs" c="dimmed" mt="xs">
          {open.length - SHOWN} more on{' '}
          <Anchor component={Link} to="/logs" size="xs">
            Logs & Alerts
          </Anchor>
        </Text>
      )}
    </Paper>
  );
}

function OpenAlert({ alert, now }: { alert: Alert; now: number }) {
  const acknowledge = useAcknowledgeAlert(alert.id);
  const color = SEVERITY_COLOR[alert.severity];
  return (
    <Group
      justify="space-between"
      align="flex-start"
      gap="xs"
      wrap="nowrap"
      data-testid="open-alert"
      data-kind={alert.kind}
      pl="xs"
      style={{ borderLeft: `3px solid var(--mantine-color-${color}-6)` }}
    >
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Group gap="xs">
          <Badge color={color} variant="light" size="sm">
            {alert.severity}
          </Badge>
          <Text size="xs" c="dimmed" title={formatDateTime(alert.createdAt)}>
            {formatDateTime(alert.createdAt)} ({formatAge(alert.createdAt, now)} ago)
          </Text>
        </Group>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {alert.message}
        </Text>
        {acknowledge.isError && (
          <Text size="xs" c="red">
            {acknowledge.error.message}
          </Text>
        )}
      </Stack>
      <Button
        size="compact-sm"
        variant="light"
        color={color}
        loading={acknowledge.isPending}
        style={{ flexShrink: 0 }}
        onClick={() => acknowledge.mutate()}
        aria-label={`Acknowledge: ${alert.message}`}
      >
        Acknowledge
      </Button>
    </Group>
  );
}
