// The broker connection as the server sees it: state and since when, how the adapter is set up (endpoint, accounts,
// safety switches), recent connection changes and alerts, and the adapter's counters. Polled like other live data.
import { Alert as Callout, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { BrokerStatusResponse } from '@optionstrader/contracts';
import type { ReactNode } from 'react';
import { formatAge, formatDateTime, LIVE_REFETCH_MS, UNKNOWN } from '../dashboard/read-format';
import { fetchBrokerStatus } from './broker.api';
import {
  ACCOUNT_TYPE_LABEL,
  counterRows,
  formatInstant,
  KIND_LABEL,
  marketDataLabel,
  SEVERITY_COLOR,
  STATE_COLOR,
  STATE_LABEL,
} from './broker-labels';

type Setup = NonNullable<BrokerStatusResponse['setup']>;
type BrokerEvent = BrokerStatusResponse['events'][number];

export function BrokerConnectionSection() {
  const status = useQuery({ queryKey: ['broker'], queryFn: fetchBrokerStatus, refetchInterval: LIVE_REFETCH_MS });
  const data = status.data;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="broker-title" data-testid="broker-connection">
      <Group justify="space-between" mb="xs" gap="xs">
        <Title order={2} size="h5" id="broker-title">
          Broker connection
        </Title>
        {data?.state && data.since && <StateBadge state={data.state} since={data.since} now={status.dataUpdatedAt} />}
      </Group>
      {status.isPending && (
        <Text size="sm" c="dimmed">
          Loading the broker connection…
        </Text>
      )}
      {status.isError && (
        <Callout color="red" variant="light" title="Could not load the broker connection">
          {status.error.message}
        </Callout>
      )}
      {data && data.kind === null && (
        <Text size="sm" c="dimmed" data-testid="no-broker">
          No broker configured (BROKER=none). Set BROKER=sim or BROKER=ibkr and restart the server.
        </Text>
      )}
      {data && data.kind !== null && data.setup && (
        <Stack gap="md">
          <SetupTable kind={data.kind} setup={data.setup} />
          <AccountsTable accounts={data.setup.accounts} />
          <EventsList events={data.events} />
          <Counters counters={data.counters} />
        </Stack>
      )}
    </Paper>
  );
}

function StateBadge({ state, since, now }: { state: keyof typeof STATE_LABEL; since: string; now: number }) {
  return (
    <Group gap="xs" data-testid="broker-state" data-state={state}>
      <Badge color={STATE_COLOR[state]} variant="light">
        {STATE_LABEL[state]}
      </Badge>
      <Text size="xs" c="dimmed" title={since}>
        since {formatDateTime(since)} ({formatAge(since, now)} ago)
      </Text>
    </Group>
  );
}

function SetupTable({ kind, setup }: { kind: keyof typeof KIND_LABEL; setup: Setup }) {
  const rows: [string, ReactNode][] = [['Broker', KIND_LABEL[kind]]];
  if (kind === 'ibkr') {
    rows.push(
      [
        'Endpoint',
        <Text span size="sm" ff="monospace" key="endpoint">
          {setup.endpoint ?? UNKNOWN}
        </Text>,
      ],
      ['Client id', setup.clientId ?? UNKNOWN],
    );
  }
  if (setup.marketDataType !== null) rows.push(['Market data', marketDataLabel(setup.marketDataType)]);
  if (kind === 'ibkr') {
    rows.push(
      ['Read-only', setup.readOnly ? 'Yes: orders, cancels and what-ifs are refused' : 'No'],
      ['Live trading', <LiveTrading enabled={setup.liveTradingEnabled} key="live" />],
    );
  }
  return (
    <Table fz="sm" verticalSpacing={4} aria-label="Broker setup" data-testid="broker-setup">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={140} fw={500}>
              {label}
            </Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function LiveTrading({ enabled }: { enabled: boolean }) {
  return enabled ? (
    <Group gap="xs" data-testid="live-trading" data-enabled="true">
      <Badge color="red" variant="filled" size="sm">
        Enabled
      </Badge>
      <Text span size="sm" c="red" fw={500}>
        Orders to live (real-money) accounts are allowed.
      </Text>
    </Group>
  ) : (
    <Group gap="xs" data-testid="live-trading" data-enabled="false">
      <Badge color="gray" variant="light" size="sm">
        Disabled
      </Badge>
      <Text span size="sm" c="dimmed">
        Orders to live (non-paper) accounts are refused.
      </Text>
    </Group>
  );
}

function AccountsTable({ accounts }: { accounts: Setup['accounts'] }) {
  return (
    <div>
      <Title order={3} size="h6" mb={4} id="broker-accounts-title">
        Accounts
      </Title>
      {accounts.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="broker-all-accounts">
          None listed: all managed accounts are used.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={320} type="native">
          <Table fz="sm" verticalSpacing={4} aria-labelledby="broker-accounts-title" data-testid="broker-accounts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Label</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {accounts.map((account) => (
                <Table.Tr key={account.code}>
                  <Table.Td ff="monospace">{account.code}</Table.Td>
                  <Table.Td>{account.type ? ACCOUNT_TYPE_LABEL[account.type] : UNKNOWN}</Table.Td>
                  <Table.Td>{account.label ?? UNKNOWN}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </div>
  );
}

/** A list rather than a table: a long gateway message wraps under its time and badge, also at phone width. */
function EventsList({ events }: { events: BrokerEvent[] }) {
  return (
    <div>
      <Title order={3} size="h6" mb={4} id="broker-events-title">
        Recent events
      </Title>
      {events.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="broker-no-events">
          No connection changes or broker alerts yet.
        </Text>
      ) : (
        <Stack
          component="ul"
          gap={0}
          aria-labelledby="broker-events-title"
          data-testid="broker-events"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {events.map((event, index) => (
            <li
              key={`${event.at}-${index}`}
              data-testid="broker-event"
              data-kind={event.kind}
              style={{
                padding: '6px 0',
                borderTop: index === 0 ? undefined : '1px solid var(--mantine-color-default-border)',
              }}
            >
              <Group gap="xs">
                <Text size="sm" title={event.at} style={{ whiteSpace: 'nowrap' }}>
                  {formatInstant(event.at)}
                </Text>
                <EventBadge event={event} />
              </Group>
              {event.message && (
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {event.message}
                </Text>
              )}
            </li>
          ))}
        </Stack>
      )}
    </div>
  );
}

function EventBadge({ event }: { event: BrokerEvent }) {
  if (event.kind === 'connection' && event.state) {
    return (
      <Badge color={STATE_COLOR[event.state]} variant="light" size="sm">
        {STATE_LABEL[event.state]}
      </Badge>
    );
  }
  const severity = event.severity ?? 'info';
  return (
    <Badge color={SEVERITY_COLOR[severity]} variant="outline" size="sm">
      Alert: {severity}
    </Badge>
  );
}

function Counters({ counters }: { counters: Record<string, number> }) {
  const rows = counterRows(counters);
  if (rows.length === 0) return null;
  return (
    <div>
      <Title order={3} size="h6" mb={4} id="broker-counters-title">
        Counters since start
      </Title>
      <Table fz="sm" verticalSpacing={4} aria-labelledby="broker-counters-title" data-testid="broker-counters">
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key} data-counter={row.key}>
              <Table.Th w={200} fw={500}>
                {row.label}
              </Table.Th>
              <Table.Td ff="monospace" c={row.over ? 'red' : undefined}>
                {row.value}
                {row.hint && (
                  <>
                    {' '}
                    <Text span size="xs" c="dimmed" ff="text">
                      ({row.hint})
                    </Text>
                  </>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
