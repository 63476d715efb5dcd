// One run in full: status, timings, errors and every signal it raised (GET /api/strategy-runs/:id).
import { Alert, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { formatDateTime, formatFixed } from '../dashboard/read-format';
import { useStrategyRun } from './strategies.api';
import { RUN_STATUS_COLOR, runDuration, runStatsSummary } from './strategy-format';

export function RunDetail({ runId }: { runId: string }) {
  const run = useStrategyRun(runId);
  if (run.isPending) {
    return (
      <Text size="sm" c="dimmed">
        Loading the run…
      </Text>
    );
  }
  if (run.isError) {
    return (
      <Alert color="red" variant="light" title="Could not load the run">
        {run.error.message}
      </Alert>
    );
  }
  const detail = run.data;
  return (
    <Stack gap="sm" data-testid="run-detail">
      <Group gap="xs">
        <Badge color={RUN_STATUS_COLOR[detail.status]} variant="light">
          {detail.status}
        </Badge>
        <Text size="sm">
          {detail.mode} · started {formatDateTime(detail.startedAt)} · took {runDuration(detail)}
        </Text>
      </Group>
      {runStatsSummary(detail.stats) && <Text size="sm">{runStatsSummary(detail.stats)}</Text>}
      {detail.timings && Object.keys(detail.timings).length > 0 && (
        <Text size="xs" c="dimmed">
          {Object.entries(detail.timings)
            .map(([phase, ms]) => `${phase} ${formatFixed(ms, 0)} ms`)
            .join(' · ')}
        </Text>
      )}
      {detail.errors.length > 0 && (
        <Alert color="red" variant="light" title="Errors" data-testid="run-errors">
          <Stack gap={2}>
            {detail.errors.map((error, index) => (
              <Text key={index} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {error}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {detail.signals.length === 0 ? (
        <Text size="sm" c="dimmed">
          No signals.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={420} type="native">
          <Table fz="xs" verticalSpacing={4} aria-label="Signals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Signal</Table.Th>
                <Table.Th>Symbol</Table.Th>
                <Table.Th>Message</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.signals.map((signal) => (
                <Table.Tr key={signal.id} data-testid="signal-row" data-kind={signal.kind}>
                  <Table.Td>
                    <Badge variant="light" color="gray" size="sm" style={{ textTransform: 'none' }}>
                      {signal.kind}
                    </Badge>
                  </Table.Td>
                  <Table.Td fw={600}>{signal.symbol ?? ''}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{signal.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
