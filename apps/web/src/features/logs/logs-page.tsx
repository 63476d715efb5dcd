// Logs & Alerts: open alerts to acknowledge (acknowledged ones folded away) and the log of broker sync runs, with
// per-entity counts, errors, and a "Sync now" button. Both poll, so a new run or alert shows without a reload.
// Admins also see the installation's recent errors and the job history.
import {
  ActionIcon,
  Alert as Callout,
  Badge,
  Button,
  Collapse,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Alert, SyncRun, SyncRunsResponse } from '@optionstrader/contracts';
import { Fragment, useState } from 'react';
import { PageHeader } from '../../components/page-header';
import { formatAge, formatDateTime, LIVE_REFETCH_MS } from '../dashboard/read-format';
import { Guard } from '../access/use-access';
import { SEVERITY_COLOR } from '../broker/broker-labels';
import { ALERTS_KEY, useAcknowledgeAlert, useAlerts } from './alerts-queries';
import { fetchSyncRuns, runSyncNow } from './logs.api';
import { AdminOperationsSections } from './operations-sections';

const ENTITIES = [
  'accounts',
  'snapshots',
  'instruments',
  'contracts',
  'positions',
  'orders',
  'executions',
  'quotes',
] as const satisfies ReadonlyArray<keyof SyncRun['counts']>;

const SYNC_RUNS_KEY = ['sync-runs'] as const;

export function LogsPage() {
  return (
    <Stack gap="md">
      <PageHeader title="Logs & Alerts" />
      <AlertsSection />
      <AdminOperationsSections />
      <SyncRunsSection />
    </Stack>
  );
}

function AlertsSection() {
  const alerts = useAlerts();
  const [showAcknowledged, setShowAcknowledged] = useState(false);
  const open = alerts.data?.alerts.filter((a) => a.acknowledgedAt === null) ?? [];
  const acknowledged = alerts.data?.alerts.filter((a) => a.acknowledgedAt !== null) ?? [];
  // Ages are measured from when the list was fetched (set whenever there is data to show).
  const now = alerts.dataUpdatedAt;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="alerts-title" data-testid="alerts">
      <Group justify="space-between" mb="xs" gap="xs">
        <Title order={2} size="h5" id="alerts-title">
          Alerts{alerts.data ? ` (${open.length} open)` : ''}
        </Title>
      </Group>
      {alerts.isPending && (
        <Text size="sm" c="dimmed">
          Loading alerts…
        </Text>
      )}
      {alerts.isError && (
        <Callout color="red" variant="light" title="Could not load the alerts">
          {alerts.error.message}
        </Callout>
      )}
      {alerts.data && open.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="no-open-alerts">
          {acknowledged.length === 0 ? 'No alerts' : 'No open alerts'}
        </Text>
      )}
      <Stack gap="xs">
        {open.map((alert) => (
          <AlertItem key={alert.id} alert={alert} now={now} />
        ))}
      </Stack>
      {acknowledged.length > 0 && (
        <>
          <Button
            variant="subtle"
            size="compact-sm"
            mt="sm"
            onClick={() => setShowAcknowledged((v) => !v)}
            aria-expanded={showAcknowledged}
            aria-controls="acknowledged-alerts"
          >
            {showAcknowledged ? 'Hide' : 'Show'} acknowledged ({acknowledged.length})
          </Button>
          <Collapse expanded={showAcknowledged}>
            <Stack gap="xs" mt="xs" id="acknowledged-alerts" data-testid="acknowledged-alerts">
              {acknowledged.map((alert) => (
                <AlertItem key={alert.id} alert={alert} now={now} />
              ))}
            </Stack>
          </Collapse>
        </>
      )}
    </Paper>
  );
}

function AlertItem({ alert, now }: { alert: Alert; now: number }) {
  const acknowledge = useAcknowledgeAlert(alert.id);
  const color = SEVERITY_COLOR[alert.severity];
  const isOpen = alert.acknowledgedAt === null;
  return (
    <Paper
      withBorder
      p="xs"
      data-testid="alert-item"
      data-kind={alert.kind}
      style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)`, opacity: isOpen ? 1 : 0.7 }}
    >
      <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Badge color={color} variant="light" size="sm">
              {alert.severity}
            </Badge>
            <Text size="xs" c="dimmed">
              {alert.kind}
            </Text>
          </Group>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {alert.message}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(alert.createdAt)} ({formatAge(alert.createdAt, now)} ago)
            {alert.acknowledgedAt &&
              ` · acknowledged ${formatDateTime(alert.acknowledgedAt)}${alert.acknowledgedBy ? '' : ' by the system'}`}
          </Text>
          {acknowledge.isError && (
            <Text size="xs" c="red">
              {acknowledge.error.message}
            </Text>
          )}
        </Stack>
        {isOpen && (
          <Guard permission="trade" action="acknowledge alerts">
            {(allowed) => (
              <Button
                size="compact-sm"
                variant="light"
                color={color}
                loading={acknowledge.isPending}
                disabled={!allowed}
                onClick={() => acknowledge.mutate()}
                aria-label={`Acknowledge: ${alert.message}`}
              >
                Acknowledge
              </Button>
            )}
          </Guard>
        )}
      </Group>
    </Paper>
  );
}

function SyncRunsSection() {
  const queryClient = useQueryClient();
  const runs = useQuery({ queryKey: SYNC_RUNS_KEY, queryFn: () => fetchSyncRuns(), refetchInterval: LIVE_REFETCH_MS });
  const syncNow = useMutation({
    mutationFn: runSyncNow,
    onSuccess: ({ run }) => {
      // Show the new run at once; the next poll brings the authoritative list.
      queryClient.setQueryData<SyncRunsResponse | null>(SYNC_RUNS_KEY, (old) =>
        old ? { runs: [run, ...old.runs.filter((r) => r.id !== run.id)] } : old,
      );
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: SYNC_RUNS_KEY }),
        queryClient.invalidateQueries({ queryKey: ALERTS_KEY }),
      ]),
  });
  const noBroker = runs.data === null;
  const running = syncNow.isPending || (runs.data?.runs.some((r) => r.status === 'running') ?? false);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sync-runs-title" data-testid="sync-runs">
      <Group justify="space-between" mb="xs" gap="xs">
        <Title order={2} size="h5" id="sync-runs-title">
          Broker sync runs
        </Title>
        {runs.data && (
          <Guard permission="trade" action="start a sync">
            {(allowed) => (
              <Button
                size="compact-sm"
                onClick={() => syncNow.mutate()}
                disabled={!allowed || running}
                loading={syncNow.isPending}
              >
                Sync now
              </Button>
            )}
          </Guard>
        )}
      </Group>
      {runs.isPending && (
        <Text size="sm" c="dimmed">
          Loading sync runs…
        </Text>
      )}
      {runs.isError && (
        <Callout color="red" variant="light" title="Could not load the sync runs">
          {runs.error.message}
        </Callout>
      )}
      {syncNow.isError && (
        <Callout color="red" variant="light" title="Could not start a sync" mb="xs">
          {syncNow.error.message}
        </Callout>
      )}
      {noBroker && (
        <Text size="sm" c="dimmed" data-testid="no-broker">
          No broker configured (BROKER=none): there is nothing to sync. Set BROKER=sim or BROKER=ibkr and restart.
        </Text>
      )}
      {runs.data && runs.data.runs.length === 0 && (
        <Text size="sm" c="dimmed">
          No sync runs yet.
        </Text>
      )}
      {runs.data && runs.data.runs.length > 0 && <SyncRunsTable runs={runs.data.runs} />}
    </Paper>
  );
}

const STATUS_COLOR: Record<SyncRun['status'], string> = { succeeded: 'teal', failed: 'red', running: 'blue' };

function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function SyncRunsTable({ runs }: { runs: SyncRun[] }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table striped highlightOnHover verticalSpacing={4} fz="sm" data-testid="sync-runs-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={32} />
            <Table.Th>Started</Table.Th>
            <Table.Th>Trigger</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Duration</Table.Th>
            <Table.Th ta="right">Rows written</Table.Th>
            <Table.Th>Error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => {
            const isExpanded = expanded.has(run.id);
            return (
              <Fragment key={run.id}>
                <Table.Tr data-testid="sync-run-row" data-status={run.status}>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      size="sm"
                      onClick={() => toggle(run.id)}
                      aria-expanded={isExpanded}
                      aria-label={`${isExpanded ? 'Hide' : 'Show'} counts of the run started ${formatDateTime(run.startedAt)}`}
                    >
                      {isExpanded ? '▾' : '▸'}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(run.startedAt)}</Table.Td>
                  <Table.Td>{run.trigger}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[run.status]} variant="light" size="sm">
                      {run.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{formatDuration(run.durationMs)}</Table.Td>
                  <Table.Td ta="right" data-testid="rows-written">
                    {run.rowsWritten.toLocaleString('en-US')}
                  </Table.Td>
                  <Table.Td maw={320}>
                    {run.error && (
                      <Text size="sm" c="red" lineClamp={isExpanded ? undefined : 1} title={run.error}>
                        {run.error}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
                {isExpanded && (
                  <Table.Tr>
                    <Table.Td />
                    <Table.Td colSpan={6}>
                      <EntityCounts run={run} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function EntityCounts({ run }: { run: SyncRun }) {
  return (
    <Table withTableBorder verticalSpacing={2} fz="xs" data-testid="entity-counts" aria-label="Counts per entity">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Entity</Table.Th>
          <Table.Th ta="right">Seen</Table.Th>
          <Table.Th ta="right">Inserted</Table.Th>
          <Table.Th ta="right">Updated</Table.Th>
          <Table.Th ta="right">Deleted</Table.Th>
          <Table.Th ta="right">Unchanged</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {ENTITIES.map((entity) => {
          const c = run.counts[entity];
          return (
            <Table.Tr key={entity} data-entity={entity}>
              <Table.Td>{entity}</Table.Td>
              <Table.Td ta="right">{c.seen}</Table.Td>
              <Table.Td ta="right">{c.inserted}</Table.Td>
              <Table.Td ta="right">{c.updated}</Table.Td>
              <Table.Td ta="right">{c.deleted}</Table.Td>
              <Table.Td ta="right">{c.unchanged}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
