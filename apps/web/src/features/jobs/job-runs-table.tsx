// A table of job attempts (the Jobs page's history and failed list, the Logs page's job history).
import { Badge, Button, Table, Text } from '@mantine/core';
import type { JobRunView } from '@optionstrader/contracts';
import { formatDateTime } from '../dashboard/read-format';
import { JOB_STATUS_COLOR, formatJobDuration } from './job-format';

export function JobRunsTable({
  runs,
  titleOf,
  onRetry,
  retrying,
  testId = 'job-runs-table',
}: {
  runs: JobRunView[];
  /** The job's title for its name (the name itself when unknown). */
  titleOf: (name: string) => string;
  /** Present: each row gets a Retry button (the failed list). */
  onRetry?: ((run: JobRunView) => void) | undefined;
  retrying?: string | null | undefined;
  testId?: string;
}) {
  return (
    <Table.ScrollContainer minWidth={720} type="native">
      <Table striped highlightOnHover verticalSpacing={4} fz="sm" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Started</Table.Th>
            <Table.Th>Job</Table.Th>
            <Table.Th>Trigger</Table.Th>
            <Table.Th ta="right">Attempt</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Duration</Table.Th>
            <Table.Th>Error</Table.Th>
            {onRetry && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => (
            <Table.Tr key={run.id} data-testid="job-run-row" data-job={run.name} data-status={run.status}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(run.startedAt)}</Table.Td>
              <Table.Td>{titleOf(run.name)}</Table.Td>
              <Table.Td>{run.trigger.replace('_', ' ')}</Table.Td>
              <Table.Td ta="right">{run.attempt}</Table.Td>
              <Table.Td>
                <Badge color={JOB_STATUS_COLOR[run.status]} variant="light" size="sm">
                  {run.status === 'failed' ? (run.willRetry ? 'failed, will retry' : 'failed') : run.status}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{formatJobDuration(run.durationMs)}</Table.Td>
              <Table.Td maw={360}>
                {run.error && (
                  <Text size="sm" c="red" lineClamp={2} title={run.error} style={{ overflowWrap: 'anywhere' }}>
                    {run.error}
                  </Text>
                )}
              </Table.Td>
              {onRetry && (
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="light"
                    loading={retrying === run.id}
                    onClick={() => onRetry(run)}
                    aria-label={`Retry ${titleOf(run.name)} (failed ${formatDateTime(run.startedAt)})`}
                  >
                    Retry
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
