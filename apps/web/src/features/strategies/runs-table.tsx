// The recent runs of one instance: when, status, what they produced and their errors; a row opens the run's detail.
import { Alert, Anchor, Badge, Modal, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { formatDateTime } from '../dashboard/read-format';
import { RunDetail } from './run-detail';
import { useStrategyRuns } from './strategies.api';
import { RUN_STATUS_COLOR, runDuration, runStatsSummary } from './strategy-format';

export function RunsTable({ instanceId, instanceName }: { instanceId: string; instanceName: string }) {
  const runs = useStrategyRuns(instanceId);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;

  if (runs.isPending) {
    return (
      <Text size="sm" c="dimmed">
        Loading runs…
      </Text>
    );
  }
  if (runs.isError) {
    return (
      <Alert color="red" variant="light" title="Could not load the runs">
        {runs.error.message}
      </Alert>
    );
  }
  if (runs.data.runs.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Not run yet.
      </Text>
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={560} type="native">
        <Table fz="xs" verticalSpacing={4} aria-label={`Recent runs of ${instanceName}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Started</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Took</Table.Th>
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.data.runs.map((run) => (
              <Table.Tr key={run.id} data-testid="run-row" data-status={run.status}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component="button" type="button" size="xs" onClick={() => setOpenRun(run.id)}>
                    {formatDateTime(run.startedAt)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge color={RUN_STATUS_COLOR[run.status]} variant="light" size="sm">
                    {run.status}
                  </Badge>
                </Table.Td>
                <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {runDuration(run)}
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Text size="xs">{runStatsSummary(run.stats) ?? ''}</Text>
                    {run.errors.map((error, index) => (
                      <Text key={index} size="xs" c="red" style={{ overflowWrap: 'anywhere' }}>
                        {error}
                      </Text>
                    ))}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={openRun !== null}
        onClose={() => setOpenRun(null)}
        title={`Run of ${instanceName}`}
        size="xl"
        fullScreen={isPhone}
      >
        {openRun && <RunDetail runId={openRun} />}
      </Modal>
    </>
  );
}
