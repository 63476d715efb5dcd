// Past backtests, newest first: name, strategy, range, status and headline figures; each opens or is deleted (after a
// confirmation); two ticked are compared side by side.
import { Alert, Anchor, Badge, Button, Checkbox, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { BacktestSummaryView } from '@optionstrader/contracts';
import { useState } from 'react';
import { formatDateTime, pnlColor } from '../dashboard/read-format';
import { formatStat, isActive, progressPercent, rangeLabel, STATUS_COLOR } from './backtest-format';
import { useBacktests, useDeleteBacktest } from './backtests.api';

interface BacktestHistoryProps {
  openId: string | null;
  onOpen: (id: string) => void;
  onCompare: (ids: [string, string]) => void;
  /** Called after a run is deleted, so views showing it can close. */
  onDeleted: (id: string) => void;
}

export function BacktestHistory({ openId, onOpen, onCompare, onDeleted }: BacktestHistoryProps) {
  const list = useBacktests();
  const [ticked, setTicked] = useState<string[]>([]);
  const [deleting, setDeleting] = useState<BacktestSummaryView | null>(null);
  const runs = list.data?.backtests ?? [];
  // A deleted run cannot stay ticked.
  const selected = ticked.filter((id) => runs.some((r) => r.id === id));

  const toggle = (id: string, on: boolean) =>
    setTicked((current) => (on ? [...current.filter((x) => x !== id), id].slice(-2) : current.filter((x) => x !== id)));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="backtest-history-title">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={2} size="h5" id="backtest-history-title">
            History
          </Title>
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              {selected.length}/2 ticked
            </Text>
            <Button
              size="compact-sm"
              variant="light"
              disabled={selected.length !== 2}
              onClick={() => onCompare([selected[0] ?? '', selected[1] ?? ''])}
              data-testid="compare-selected"
            >
              Compare
            </Button>
          </Group>
        </Group>
        {list.isPending && (
          <Text size="sm" c="dimmed">
            Loading backtests…
          </Text>
        )}
        {list.isError && (
          <Alert color="red" variant="light" title="Could not load the backtests">
            {list.error.message}
          </Alert>
        )}
        {list.data && runs.length === 0 && (
          <Text size="sm" c="dimmed">
            No backtests yet. Pick a preset or fill the form above and run one.
          </Text>
        )}
        {runs.length > 0 && (
          <Table.ScrollContainer minWidth={820} type="native">
            <Table
              fz="sm"
              verticalSpacing={4}
              highlightOnHover
              aria-label="Past backtests"
              data-testid="backtests-table"
              style={{ fontVariantNumeric: 'tabular-nums' }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={32}>
                    <Text span size="xs" c="dimmed" title="Tick two to compare">
                      A/B
                    </Text>
                  </Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Strategy</Table.Th>
                  <Table.Th>Range</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Total return</Table.Th>
                  <Table.Th ta="right">CAGR</Table.Th>
                  <Table.Th ta="right">Max DD</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.map((run) => (
                  <Table.Tr
                    key={run.id}
                    data-testid="backtest-row"
                    data-backtest-id={run.id}
                    data-status={run.status}
                    aria-selected={run.id === openId}
                  >
                    <Table.Td>
                      <Checkbox
                        aria-label={`Compare ${run.name} (${formatDateTime(run.createdAt)})`}
                        checked={selected.includes(run.id)}
                        onChange={(event) => toggle(run.id, event.currentTarget.checked)}
                        size="xs"
                      />
                    </Table.Td>
                    <Table.Td maw={240}>
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        onClick={() => onOpen(run.id)}
                        style={{ overflowWrap: 'anywhere', textAlign: 'left' }}
                        data-testid="backtest-open"
                      >
                        {run.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(run.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{run.strategy}</Text>
                      <Text size="xs" c="dimmed">
                        {run.underliers.join(', ')}
                      </Text>
                    </Table.Td>
                    <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {rangeLabel(run)}
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        color={STATUS_COLOR[run.status]}
                        variant="light"
                        size="sm"
                        data-testid="backtest-row-status"
                      >
                        {isActive(run.status) ? `${run.status} ${progressPercent(run.progress)}%` : run.status}
                      </Badge>
                      {run.error && (
                        <Text size="xs" c="red" lineClamp={2} title={run.error}>
                          {run.error}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" c={pnlColor(run.stats?.totalReturn ?? null)}>
                      {formatStat('percent', run.stats?.totalReturn)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatStat('percent', run.stats?.cagr)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatStat('percent', run.stats?.maxDrawdown)}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setDeleting(run)}
                        aria-label={`Delete ${run.name} (${formatDateTime(run.createdAt)})`}
                      >
                        Delete
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <DeleteDialog
        run={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(id) => {
          setTicked((current) => current.filter((x) => x !== id));
          onDeleted(id);
        }}
      />
    </Paper>
  );
}

interface DeleteDialogProps {
  run: BacktestSummaryView | null;
  onClose: () => void;
  onDeleted: (id: string) => void;
}

function DeleteDialog({ run, onClose, onDeleted }: DeleteDialogProps) {
  const remove = useDeleteBacktest();
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal opened={run !== null} onClose={close} title={run ? `Delete ${run.name}?` : ''}>
      {run && (
        <Stack gap="sm">
          <Text size="sm">The backtest, its equity curve and its trades are removed for good.</Text>
          {remove.isError && (
            <Alert color="red" variant="light" title="Not deleted">
              {remove.error.message}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close} data-autofocus>
              Keep it
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(run.id, {
                  onSuccess: () => {
                    onDeleted(run.id);
                    close();
                  },
                })
              }
            >
              Delete backtest
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
