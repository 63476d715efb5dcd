// Settings: the broker connection (read-only; it is configured with environment variables) and, honestly labelled,
// the settings that are not built yet.
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { PageHeader } from '../../components/page-header';
import { BrokerConnectionSection } from '../broker/broker-connection-section';

export function SettingsPage() {
  return (
    <Stack gap="md">
      <PageHeader title="Settings" />
      <BrokerConnectionSection />
      <Paper withBorder p="md" component="section" aria-labelledby="settings-not-built-title">
        <Group gap="xs" mb="xs">
          <Title order={2} size="h5" id="settings-not-built-title">
            Other settings
          </Title>
          <Badge variant="light" color="gray">
            Not built yet
          </Badge>
        </Group>
        <Stack gap="xs">
          <Text size="sm">Account labels, notifications, users, and the global auto-trading kill switch.</Text>
          <Text size="sm" c="dimmed">
            These are not built yet. The broker connection above is set with environment variables (BROKER and IBKR_*)
            and changes with a server restart; this page only shows it.
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
