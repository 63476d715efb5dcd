// The Orders page's other tabs: every execution (fills, paper and live, and those of orders placed outside the app),
// option events (assignments, exercises, expirations) and the trade journal of closed round trips with their totals.
import { Alert, Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import {
  formatDateTime,
  formatFixed,
  formatQuantity,
  formatSignedMoney,
  pnlColor,
  UNKNOWN,
} from '../dashboard/read-format';
import { ModeBadge } from './mode-badge';
import { CLOSED_BY_LABEL, daysHeldText, journalTotals } from './order-format';
import { fetchExecutions, fetchJournal, fetchOptionEvents } from './orders.api';

/** Fills and events arrive as orders work; a slow poll keeps these tabs current without a reload. */
const ACTIVITY_REFETCH_MS = 15_000;

function Loading({
  what,
  query,
}: {
  what: string;
  query: { isPending: boolean; isError: boolean; error: Error | null };
}) {
  if (query.isPending) {
    return (
      <Text size="sm" c="dimmed">
        Loading {what}…
      </Text>
    );
  }
  if (query.isError) {
    return (
      <Alert color="red" variant="light" title={`Could not load the ${what}`}>
        {query.error?.message}
      </Alert>
    );
  }
  return null;
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed" data-testid="activity-empty">
      {children}
    </Text>
  );
}

const money = (value: string | null) => (value === null ? UNKNOWN : formatFixed(Number(value), 2));

export function ExecutionsTable({ accountId }: { accountId: string | undefined }) {
  const executions = useQuery({
    queryKey: ['executions', accountId ?? null],
    queryFn: () => fetchExecutions({ accountId }),
    refetchInterval: ACTIVITY_REFETCH_MS,
  });
  if (!executions.data) return <Loading what="executions" query={executions} />;
  const rows = executions.data.executions;
  if (rows.length === 0) return <Empty>No executions yet.</Empty>;
  return (
    <Table.ScrollContainer minWidth={880} type="native">
      <Table
        striped
        verticalSpacing={4}
        fz="sm"
        aria-label="Executions"
        data-testid="executions-table"
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Account</Table.Th>
            <Table.Th>Instrument</Table.Th>
            <Table.Th>Side</Table.Th>
            <Table.Th ta="right">Qty</Table.Th>
            <Table.Th ta="right">Price</Table.Th>
            <Table.Th ta="right">Commission</Table.Th>
            <Table.Th>Mode</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Table.Tr key={e.id} data-testid="execution-row" data-order-id={e.orderId ?? ''}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.executedAt)}</Table.Td>
              <Table.Td>{e.accountCode}</Table.Td>
              <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                {e.key}
              </Table.Td>
              <Table.Td>{e.side}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatQuantity(String(e.quantity))}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {money(e.price)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {money(e.commission)}
              </Table.Td>
              <Table.Td>
                {e.mode ? (
                  <ModeBadge mode={e.mode} />
                ) : (
                  <Text size="xs" c="dimmed">
                    outside the app
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const EVENT_LABEL = {
  assignment: 'assignment',
  exercise: 'exercise',
  expiration: 'expiration',
  early_assignment: 'early assignment',
} as const;

export function OptionEventsTable({ accountId }: { accountId: string | undefined }) {
  const events = useQuery({
    queryKey: ['option-events', accountId ?? null],
    queryFn: () => fetchOptionEvents({ accountId }),
    refetchInterval: ACTIVITY_REFETCH_MS,
  });
  if (!events.data) return <Loading what="option events" query={events} />;
  const rows = events.data.events;
  if (rows.length === 0) return <Empty>No assignments, exercises or expirations yet.</Empty>;
  return (
    <Table.ScrollContainer minWidth={700} type="native">
      <Table striped verticalSpacing={4} fz="sm" aria-label="Option events" data-testid="option-events-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Account</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>Contract</Table.Th>
            <Table.Th ta="right">Contracts</Table.Th>
            <Table.Th>Source</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Table.Tr key={e.id} data-testid="option-event-row" data-kind={e.kind}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.occurredAt)}</Table.Td>
              <Table.Td>{e.accountCode}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={e.kind === 'expiration' ? 'gray' : 'orange'}>
                  {EVENT_LABEL[e.kind]}
                </Badge>
              </Table.Td>
              <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                {e.key}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatQuantity(String(e.quantity))}
              </Table.Td>
              <Table.Td>{e.source}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function JournalTable({ accountId }: { accountId: string | undefined }) {
  const journal = useQuery({
    queryKey: ['journal', accountId ?? null],
    queryFn: () => fetchJournal({ accountId }),
    refetchInterval: ACTIVITY_REFETCH_MS,
  });
  if (!journal.data) return <Loading what="trade journal" query={journal} />;
  const trades = journal.data.trades;
  if (trades.length === 0) {
    return (
      <Empty>No closed trades yet: a trade appears here once its position is closed, expires or is assigned.</Empty>
    );
  }
  const totals = journalTotals(trades);
  const signed = (value: string) => (
    <Text span size="sm" ff="monospace" c={pnlColor(value)}>
      {formatSignedMoney(value)}
    </Text>
  );
  return (
    <Table.ScrollContainer minWidth={1100} type="native">
      <Table
        striped
        verticalSpacing={4}
        fz="sm"
        aria-label="Trade journal"
        data-testid="journal-table"
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Symbol</Table.Th>
            <Table.Th>Contract</Table.Th>
            <Table.Th>Direction</Table.Th>
            <Table.Th ta="right">Qty</Table.Th>
            <Table.Th>Opened</Table.Th>
            <Table.Th>Closed</Table.Th>
            <Table.Th ta="right">Days held</Table.Th>
            <Table.Th ta="right">Premium</Table.Th>
            <Table.Th ta="right">Commissions</Table.Th>
            <Table.Th ta="right">Realized P&amp;L</Table.Th>
            <Table.Th>Closed by</Table.Th>
            <Table.Th>Mode</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {trades.map((t, index) => (
            <Table.Tr key={`${t.accountId}-${t.key}-${t.openedAt}-${index}`} data-testid="journal-row">
              <Table.Td fw={600}>{t.symbol}</Table.Td>
              <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                {t.key}
                <Text size="xs" c="dimmed">
                  {t.accountCode}
                </Text>
              </Table.Td>
              <Table.Td>{t.direction}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatQuantity(String(t.quantity))}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(t.openedAt)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(t.closedAt)}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {daysHeldText(t.daysHeld)}
              </Table.Td>
              <Table.Td ta="right">{signed(t.premium)}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {money(t.commissions)}
              </Table.Td>
              <Table.Td ta="right" data-testid="journal-pnl">
                {signed(t.realizedPnl)}
              </Table.Td>
              <Table.Td>{CLOSED_BY_LABEL[t.closedBy]}</Table.Td>
              <Table.Td>
                <ModeBadge mode={t.mode} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr data-testid="journal-totals">
            <Table.Th colSpan={7}>
              Total · {totals.trades} trade{totals.trades === 1 ? '' : 's'}
            </Table.Th>
            <Table.Th ta="right">{signed(totals.premium)}</Table.Th>
            <Table.Th ta="right" ff="monospace">
              {money(totals.commissions)}
            </Table.Th>
            <Table.Th ta="right" data-testid="journal-total-pnl">
              {signed(totals.realizedPnl)}
            </Table.Th>
            <Table.Th colSpan={2} />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
