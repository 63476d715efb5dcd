// The account the figures are for: code and label, account type, currency, when they were computed and from which
// balance snapshot, and the drawdown from the highest recorded NLV.
import { Badge, Group, Paper, Text, Title } from '@mantine/core';
import type { AccountRiskResponse } from '@optionstrader/contracts';
import type { ReactNode } from 'react';
import { ACCOUNT_TYPE_LABEL } from '../broker/broker-labels';
import { formatDateTime, formatPercent } from '../dashboard/read-format';
import { ACCOUNT_TYPE_SHORT } from './risk-format';

export function RiskHeader({ data, aside }: { data: AccountRiskResponse; aside?: ReactNode }) {
  return (
    <Paper withBorder p="md" data-testid="risk-header">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs" wrap="wrap">
          <Title order={2} size="h4" data-testid="risk-account-title">
            {data.label ? `${data.label} · ${data.accountCode}` : data.accountCode}
          </Title>
          <Badge variant="light" size="md" title={ACCOUNT_TYPE_LABEL[data.accountType]} data-testid="risk-account-type">
            {ACCOUNT_TYPE_SHORT[data.accountType]}
          </Badge>
          <Badge variant="outline" color="gray" size="md">
            {data.currency}
          </Badge>
        </Group>
        {aside}
      </Group>
      <Group gap="md" mt={6}>
        <Text size="xs" c="dimmed">
          {ACCOUNT_TYPE_LABEL[data.accountType]} account
        </Text>
        <Text size="xs" c="dimmed" data-testid="risk-as-of">
          Risk as of {formatDateTime(data.asOf)}
        </Text>
        <Text size="xs" c="dimmed" data-testid="risk-snapshot-as-of">
          {data.snapshotAsOf ? `Balances as of ${formatDateTime(data.snapshotAsOf)}` : 'No balances reported yet'}
        </Text>
        <Text size="xs" c="dimmed">
          Drawdown from peak NLV {formatPercent(data.drawdown, 1)}
        </Text>
      </Group>
    </Paper>
  );
}
