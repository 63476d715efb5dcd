// Dashboard: what is real today (who is signed in, whether the server and its database are ready); the book overview comes later.
import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReadinessResponse } from '@optionstrader/contracts';
import { fetchReadiness } from '../../api/health.api';
import { PageHeader } from '../../components/page-header';
import { useCurrentUser } from '../auth/session';

export function DashboardPage() {
  return (
    <Stack gap="md">
      <PageHeader title="Dashboard" />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <SessionCard />
        <ServerHealthCard />
      </SimpleGrid>
      <Paper withBorder p="md">
        <Stack gap={6}>
          <Group gap="xs">
            <Title order={2} size="h5">
              Portfolio overview
            </Title>
            <Badge variant="light" color="gray">
              Not built yet
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            Account balances, net liquidation value, margin usage, portfolio greeks and pending recommendations will
            appear here once broker accounts are connected. This part is not built yet.
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}

function SessionCard() {
  const user = useCurrentUser();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="session-card-title">
      <Title order={2} size="h5" id="session-card-title" mb="xs">
        Signed in
      </Title>
      <Table
        variant="vertical"
        withRowBorders={false}
        verticalSpacing={4}
        fz="sm"
        styles={{ th: { whiteSpace: 'nowrap' } }}
      >
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={130}>Email</Table.Th>
            <Table.Td style={{ wordBreak: 'break-all' }}>{user.email}</Table.Td>
          </Table.Tr>
          {user.displayName && (
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Td>{user.displayName}</Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th>Role</Table.Th>
            <Table.Td>{user.isAdmin ? 'Administrator' : 'User'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Member since</Table.Th>
            <Table.Td>{new Date(user.createdAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function ServerHealthCard() {
  const readiness = useQuery({ queryKey: ['readyz'], queryFn: fetchReadiness, refetchInterval: 30_000 });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="health-card-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5" id="health-card-title">
          Server health
        </Title>
        {readiness.data && <ReadinessBadge status={readiness.data.status} />}
      </Group>
      {readiness.isPending && (
        <Text size="sm" c="dimmed">
          Checking…
        </Text>
      )}
      {readiness.isError && (
        <Text size="sm" c="red" role="alert">
          Could not read server health: {readiness.error.message}
        </Text>
      )}
      {readiness.data && <ReadinessChecks checks={readiness.data.checks} />}
    </Paper>
  );
}

function ReadinessBadge({ status }: { status: ReadinessResponse['status'] }) {
  return (
    <Badge color={status === 'ready' ? 'teal' : 'red'} variant="light">
      {status === 'ready' ? 'Ready' : 'Not ready'}
    </Badge>
  );
}

function ReadinessChecks({ checks }: { checks: ReadinessResponse['checks'] }) {
  const entries = Object.entries(checks);
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        The server reports no dependency checks.
      </Text>
    );
  }
  return (
    <Table fz="sm" verticalSpacing={4} aria-label="Readiness checks">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Check</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th ta="right">Latency</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map(([name, check]) => (
          <Table.Tr key={name}>
            <Table.Td style={{ textTransform: 'capitalize' }}>{name}</Table.Td>
            <Table.Td>
              <Text span size="sm" c={check.ok ? 'teal' : 'red'} fw={500}>
                {check.ok ? 'OK' : 'Failing'}
              </Text>
              {check.detail && (
                <Text span size="xs" c="dimmed" ml={6}>
                  {check.detail}
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right" ff="monospace">
              {formatLatency(check.latencyMs)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function formatLatency(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1 ? '<1 ms' : `${Math.round(ms)} ms`;
}
