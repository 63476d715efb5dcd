// The Logs page's installation-wide parts, for admins: the recent errors (strategy runs, syncs, jobs) and the job
// history. Other users do not see them (the API refuses them anyway).
import { Alert as Callout, Anchor, Badge, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ErrorItemView } from '@optionstrader/contracts';
import { Link } from 'react-router';
import { useCan } from '../access/use-access';
import { formatDateTime, LIVE_REFETCH_MS } from '../dashboard/read-format';
import { JobRunsTable } from '../jobs/job-runs-table';
import { ERRORS_KEY, JOBS_KEY, fetchErrors, fetchJobRuns, fetchJobs } from '../jobs/jobs.api';

const SOURCE_LABEL: Record<ErrorItemView['source'], string> = {
  strategy_run: 'Strategy run',
  sync_run: 'Broker sync',
  job_run: 'Job',
};

export function AdminOperationsSections() {
  const isAdmin = useCan('admin');
  if (!isAdmin) return null;
  return (
    <>
      <RecentErrorsSection />
      <JobHistorySection />
    </>
  );
}

function contextOf(item: ErrorItemView): string {
  const { instanceName, accountCode, jobName } = item.context;
  return [instanceName, accountCode, jobName].filter((part): part is string => part !== null).join(' · ');
}

function RecentErrorsSection() {
  const errors = useQuery({ queryKey: ERRORS_KEY, queryFn: () => fetchErrors(50), refetchInterval: LIVE_REFETCH_MS });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="recent-errors-title" data-testid="recent-errors">
      <Title order={2} size="h5" id="recent-errors-title" mb="xs">
        Recent errors
      </Title>
      {errors.isError && (
        <Callout color="red" variant="light" title="Could not load the errors">
          {errors.error.message}
        </Callout>
      )}
      {errors.data && errors.data.errors.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="no-errors">
          No errors recorded.
        </Text>
      )}
      {errors.data && errors.data.errors.length > 0 && (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table striped verticalSpacing={4} fz="sm" data-testid="recent-errors-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>About</Table.Th>
                <Table.Th>Error</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {errors.data.errors.map((item) => (
                <Table.Tr key={`${item.source}:${item.referenceId}`} data-testid="error-row" data-source={item.source}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(item.at)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="red" size="sm">
                      {SOURCE_LABEL[item.source]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{contextOf(item) || '—'}</Table.Td>
                  <Table.Td maw={420}>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }} title={`Reference ${item.referenceId}`}>
                      {item.message}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function JobHistorySection() {
  const jobs = useQuery({ queryKey: JOBS_KEY, queryFn: fetchJobs, refetchInterval: LIVE_REFETCH_MS });
  const runs = useQuery({
    queryKey: ['job-runs', {}, 25],
    queryFn: () => fetchJobRuns({}, 25),
    refetchInterval: LIVE_REFETCH_MS,
  });
  const titles = new Map(jobs.data?.jobs.map((job) => [job.name, job.title]) ?? []);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="job-history-title" data-testid="job-history">
      <Title order={2} size="h5" id="job-history-title" mb="xs">
        Job history{' '}
        <Anchor component={Link} to="/jobs" size="sm" fw={400}>
          (all jobs)
        </Anchor>
      </Title>
      {runs.isError && (
        <Callout color="red" variant="light" title="Could not load the job history">
          {runs.error.message}
        </Callout>
      )}
      {runs.data && runs.data.runs.length === 0 && (
        <Text size="sm" c="dimmed">
          No job has run yet.
        </Text>
      )}
      {runs.data && runs.data.runs.length > 0 && (
        <JobRunsTable runs={runs.data.runs} titleOf={(name) => titles.get(name) ?? name} />
      )}
    </Paper>
  );
}
