// Settings: the auto-trading kill switch first (with reduce-only), the automation limits and the order policy, each
// account's order mode (paper or live), the broker connection (read-only; set with environment variables) and,
// honestly labelled, the settings that are not built yet.
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { PageHeader } from '../../components/page-header';
import { BrokerConnectionSection } from '../broker/broker-connection-section';
import { AccountModesSection } from './account-modes-section';
import { AutomationSettings } from './automation-forms';
import { KillSwitchSection } from './kill-switch-section';

export function SettingsPage() {
  return (
    <Stack gap="md">
      <PageHeader title="Settings" />
      <KillSwitchSection />
      <AccountModesSection />
      <AutomationSettings />
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
          <Text size="sm">Account labels and notifications. (People and their roles: the Members page.)</Text>
          <Text size="sm" c="dimmed">
            These are not built yet. The broker connection above is set with environment variables (BROKER and IBKR_*)
            and changes with a server restart; this page only shows it.
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
