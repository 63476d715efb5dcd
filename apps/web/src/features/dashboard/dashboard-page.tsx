// Dashboard: the book at a glance (balances, margin, day P&L per account and in total, sync and data freshness),
// polled live; the open alerts; plus who is signed in and whether the server is ready.
import { Alert, Badge, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { DashboardAccount, DashboardResponse, ReadinessResponse } from '@optionstrader/contracts';
import type { ReactNode } from 'react';
import { fetchReadiness } from '../../api/health.api';
import { PageHeader } from '../../components/page-header';
import { useCurrentUser } from '../auth/session';
import { AlertsPanel } from './alerts-panel';
import { AsOf, StaleBadge } from './freshness';
import { fetchDashboard } from './read.api';
import {
  formatAge,
  formatDateTime,
  formatMoney,
  formatPercent,
  formatSignedMoney,
  LIVE_REFETCH_MS,
  pnlColor,
} from './read-format';

export function DashboardPage() {
  const dashboard = useQuery({ queryKey: ['dashboard'], queryFn: fetchDashboard, refetchInterval: LIVE_REFETCH_MS });
  return (
    <Stack gap="md">
      <PageHeader
        title="Dashboard"
        actions={
          dashboard.data && (
            <AsOf
              asOf={dashboard.data.freshness.newestQuoteAt}
              now={Date.parse(dashboard.data.asOf)}
              stale={dashboard.data.freshness.stale}
              prefix="Quotes as of"
            />
          )
        }
      />
      {dashboard.isPending && (
        <Text size="sm" c="dimmed">
          Loading accounts…
        </Text>
      )}
      {dashboard.isError && (
        <Alert color="red" variant="light" title="Could not load the dashboard">
          {dashboard.error.message}
        </Alert>
      )}
      {dashboard.data && <BookOverview data={dashboard.data} />}
      <AlertsPanel />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <SessionCard />
        <ServerHealthCard />
      </SimpleGrid>
    </Stack>
  );
}

function BookOverview({ data }: { data: DashboardResponse }) {
  if (data.accounts.length === 0) {
    return (
      <Paper withBorder p="md" component="section" aria-labelledby="no-accounts-title">
        <Title order={2} size="h5" id="no-accounts-title" mb={4}>
          No broker accounts synced yet
        </Title>
        <Text size="sm" c="dimmed">
          Balances, margin usage, positions and day P&L appear here after the first synchronisation with the broker (the
          simulated broker in the demo, or Interactive Brokers). Nothing is shown until real data arrives.
        </Text>
      </Paper>
    );
  }
  const { totals } = data;
  return (
    <>
      <Paper withBorder p="md" component="section" aria-labelledby="totals-title" data-testid="dashboard-totals">
        <Group justify="space-between" mb="xs" gap="xs">
          <Title order={2} size="h5" id="totals-title">
            All accounts{totals.currency ? ` (${totals.currency})` : ''}
          </Title>
          {!totals.complete && (
            <Badge color="gray" variant="light" size="sm">
              {totals.currency ? 'Partial: some accounts have not reported' : 'Mixed currencies: no totals'}
            </Badge>
          )}
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" verticalSpacing="sm">
          <Stat label="Net liquidation">{formatMoney(totals.netLiquidation)}</Stat>
          <Stat label="Cash">{formatMoney(totals.cash)}</Stat>
          <Stat label="Buying power">{formatMoney(totals.buyingPower)}</Stat>
          <MarginStat usage={totals.marginUsage} />
          <Stat label="Positions">{totals.positionsCount}</Stat>
          <Stat label="Day P&L" color={pnlColor(totals.dayPnl)}>
            {formatSignedMoney(totals.dayPnl)}
          </Stat>
          <Stat label="Last sync" mono={false}>
            {data.lastSyncAt ? `${formatAge(data.lastSyncAt, Date.parse(data.asOf))} ago` : '—'}
          </Stat>
          <Stat label="Data freshness" mono={false}>
            {data.freshness.ageSeconds === null ? (
              'No quotes'
            ) : (
              <>
                {formatAge(data.freshness.newestQuoteAt, Date.parse(data.asOf))} old{' '}
                {data.freshness.stale && <StaleBadge />}
              </>
            )}
          </Stat>
        </SimpleGrid>
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {data.accounts.map((account) => (
          <AccountCard key={account.accountId} account={account} />
        ))}
      </SimpleGrid>
    </>
  );
}

const typeLabels: Record<DashboardAccount['type'], string> = {
  margin_pm: 'Portfolio margin',
  margin_regt: 'Reg T margin',
  cash: 'Cash',
  tfsa: 'TFSA',
  rrsp: 'RRSP',
};

function AccountCard({ account }: { account: DashboardAccount }) {
  const titleId = `account-${account.accountId}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId} data-testid="account-card">
      <Group justify="space-between" gap="xs" mb="xs" wrap="wrap">
        <Title order={2} size="h5" id={titleId}>
          {account.label ? `${account.label} · ${account.accountCode}` : account.accountCode}
        </Title>
        <Group gap={4}>
          <Badge variant="light" size="sm">
            {typeLabels[account.type]}
          </Badge>
          <Badge variant="light" size="sm" color={account.paper ? 'gray' : 'red'}>
            {account.broker === 'sim' ? 'Simulated' : account.paper ? 'Paper' : 'Live'}
          </Badge>
        </Group>
      </Group>
      {account.snapshotAsOf === null ? (
        <Text size="sm" c="dimmed">
          No balances reported yet.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" verticalSpacing="sm">
          <Stat label={`Net liquidation (${account.currency})`}>{formatMoney(account.netLiquidation)}</Stat>
          <Stat label="Cash">{formatMoney(account.cash)}</Stat>
          <Stat label="Buying power">{formatMoney(account.buyingPower)}</Stat>
          <MarginStat usage={account.marginUsage} maint={account.maintMargin} />
          <Stat label="Excess liquidity">{formatMoney(account.excessLiquidity)}</Stat>
          <Stat label="Day P&L" color={pnlColor(account.dayPnl)}>
            {formatSignedMoney(account.dayPnl)}
          </Stat>
        </SimpleGrid>
      )}
      <Group gap="md" mt="sm">
        <Text size="xs" c="dimmed">
          {account.positionsCount} open position{account.positionsCount === 1 ? '' : 's'}
        </Text>
        <Text size="xs" c="dimmed">
          Balances as of {formatDateTime(account.snapshotAsOf)}
        </Text>
        <Text size="xs" c="dimmed">
          Last sync {formatDateTime(account.lastSyncAt)}
        </Text>
      </Group>
    </Paper>
  );
}

function Stat({
  label,
  children,
  color,
  mono = true,
}: {
  label: string;
  children: ReactNode;
  color?: string | undefined;
  mono?: boolean;
}) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="md" fw={600} c={color} ff={mono ? 'monospace' : undefined} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** Margin usage (maintenance ÷ NLV) with a bar that turns orange past 50 % and red past 80 %. */
function MarginStat({ usage, maint }: { usage: number | null; maint?: string | null }) {
  const percent = usage === null ? null : Math.min(100, Math.max(0, usage * 100));
  const color = percent === null ? 'gray' : percent >= 80 ? 'red' : percent >= 50 ? 'orange' : 'teal';
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">
        Margin usage
      </Text>
      <Text size="md" fw={600} ff="monospace" data-testid="margin-usage">
        {formatPercent(usage, 1)}
      </Text>
      <Progress value={percent ?? 0} color={color} size="sm" aria-label="Margin usage" mt={2} />
      {maint !== undefined && (
        <Text size="xs" c="dimmed" mt={2}>
          Maint. {formatMoney(maint)}
        </Text>
      )}
    </div>
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
