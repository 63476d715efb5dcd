// Jobs (installation admins): the scheduled jobs with their next run and last outcome, Run now, the history of
// attempts (filter by job and status) and the failed list (jobs that used up their retries) with Retry.
import {
  Alert as Callout,
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JobDefinitionView, JobRunView } from '@optionstrader/contracts';
import { useState } from 'react';
import { ConfirmPanel } from '../../components/confirm-panel';
import { PageHeader } from '../../components/page-header';
import { useCurrentUser } from '../auth/session';
import { LIVE_REFETCH_MS } from '../dashboard/read-format';
import {
  JOB_STATUS_COLOR,
  MISSED_RUN_POLICY_LABEL,
  formatJobDuration,
  formatNewYork,
  formatRelative,
} from './job-format';
import { JobRunsTable } from './job-runs-table';
import { JOBS_KEY, fetchJobRuns, fetchJobs, retryJobRun, runJobNow, type JobRunsFilter } from './jobs.api';

export function JobsPage() {
  const user = useCurrentUser();
  return (
    <Stack gap="md">
      <PageHeader title="Jobs" />
      {user.isAdmin ? (
        <JobsSections />
      ) : (
        <Text size="sm" c="dimmed" data-testid="admin-only">
          Only installation admins can see and run jobs.
        </Text>
      )}
    </Stack>
  );
}

function useJobs() {
  return useQuery({ queryKey: JOBS_KEY, queryFn: fetchJobs, refetchInterval: LIVE_REFETCH_MS });
}

function JobsSections() {
  const jobs = useJobs();
  const titles = new Map(jobs.data?.jobs.map((job) => [job.name, job.title]) ?? []);
  const titleOf = (name: string) => titles.get(name) ?? name;
  return (
    <>
      <DefinitionsSection />
      <FailedSection titleOf={titleOf} />
      <AttemptsSection titleOf={titleOf} jobs={jobs.data?.jobs ?? []} />
    </>
  );
}

function DefinitionsSection() {
  const jobs = useJobs();
  const [confirming, setConfirming] = useState<JobDefinitionView | null>(null);
  const [queued, setQueued] = useState<string | null>(null);
  const now = jobs.dataUpdatedAt;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="jobs-title" data-testid="job-definitions">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5" id="jobs-title">
          Scheduled jobs
        </Title>
        {jobs.data && (
          <Text size="xs" c="dimmed" data-testid="queue-state">
            Queue ({jobs.data.queue.backend} on {jobs.data.queue.database}): {jobs.data.queue.queued} waiting,{' '}
            {jobs.data.queue.active} running
          </Text>
        )}
      </Group>
      {jobs.isPending && (
        <Text size="sm" c="dimmed">
          Loading jobs…
        </Text>
      )}
      {jobs.isError && (
        <Callout color="red" variant="light" title="Could not load the jobs">
          {jobs.error.message}
        </Callout>
      )}
      {queued && (
        <Callout
          color="teal"
          variant="light"
          mb="xs"
          data-testid="job-queued"
          withCloseButton
          onClose={() => setQueued(null)}
        >
          {queued}
        </Callout>
      )}
      {jobs.data && (
        <Table.ScrollContainer minWidth={900} type="native">
          <Table striped verticalSpacing={4} fz="sm" data-testid="jobs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>Schedule</Table.Th>
                <Table.Th>Next run</Table.Th>
                <Table.Th>Last run</Table.Th>
                <Table.Th>Missed runs</Table.Th>
                <Table.Th ta="right">Retries</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data.jobs.map((job) => (
                <Table.Tr key={job.name} data-testid="job-row" data-job={job.name}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {job.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {job.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {job.schedule}
                    {!job.enabled && (
                      <Badge ml="xs" size="xs" color="gray" variant="light">
                        schedule off
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="next-run">
                    {job.enabled && job.nextRunAt ? (
                      <>
                        {formatNewYork(job.nextRunAt)}
                        <Text size="xs" c="dimmed">
                          {formatRelative(job.nextRunAt, now)}
                        </Text>
                      </>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td data-testid="last-run">
                    {job.lastRun ? (
                      <LastRun run={job.lastRun} />
                    ) : (
                      <Text size="sm" c="dimmed">
                        never
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{MISSED_RUN_POLICY_LABEL[job.missedRunPolicy]}</Table.Td>
                  <Table.Td ta="right">{job.retryLimit}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="light"
                      onClick={() => setConfirming(job)}
                      aria-label={`Run ${job.title} now`}
                    >
                      Run now
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title="Run this job now?">
        {confirming && (
          <RunNow
            job={confirming}
            onDone={(message) => {
              setConfirming(null);
              if (message) setQueued(message);
            }}
          />
        )}
      </Modal>
    </Paper>
  );
}

function LastRun({ run }: { run: JobRunView }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Badge color={JOB_STATUS_COLOR[run.status]} variant="light" size="sm">
        {run.status}
      </Badge>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {formatNewYork(run.startedAt)} · {formatJobDuration(run.durationMs)}
      </Text>
    </Group>
  );
}

function RunNow({ job, onDone }: { job: JobDefinitionView; onDone: (message?: string) => void }) {
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: () => runJobNow(job.name),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: JOBS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['job-runs'] });
      onDone(`${job.title} is queued; its run appears in the history.`);
    },
  });
  return (
    <ConfirmPanel
      errorTitle="Could not queue the job"
      error={run.error}
      keepLabel="Cancel"
      confirmLabel="Run now"
      pending={run.isPending}
      onKeep={() => onDone()}
      onConfirm={() => run.mutate()}
    >
      {job.title} runs now, outside its schedule ({job.schedule}). {job.description}
    </ConfirmPanel>
  );
}

function FailedSection({ titleOf }: { titleOf: (name: string) => string }) {
  const queryClient = useQueryClient();
  const failed = useQuery({
    queryKey: ['job-runs', { status: 'dead' }, 50],
    queryFn: () => fetchJobRuns({ status: 'dead' }, 50),
    refetchInterval: LIVE_REFETCH_MS,
  });
  const retry = useMutation({
    mutationFn: (run: JobRunView) => retryJobRun(run.id),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['job-runs'] }),
        queryClient.invalidateQueries({ queryKey: JOBS_KEY }),
      ]),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="failed-jobs-title" data-testid="failed-jobs">
      <Title order={2} size="h5" id="failed-jobs-title" mb="xs">
        Failed jobs{failed.data ? ` (${failed.data.runs.length})` : ''}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        Jobs that failed on their last allowed attempt. Retry queues the job again.
      </Text>
      {failed.isError && (
        <Callout color="red" variant="light" title="Could not load the failed jobs">
          {failed.error.message}
        </Callout>
      )}
      {retry.isError && (
        <Callout color="red" variant="light" title="Could not retry" mb="xs" role="alert">
          {retry.error.message}
        </Callout>
      )}
      {retry.isSuccess && (
        <Callout color="teal" variant="light" mb="xs" data-testid="job-retried">
          Queued again; the new attempt appears in the history.
        </Callout>
      )}
      {failed.data && failed.data.runs.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="no-failed-jobs">
          No failed jobs.
        </Text>
      )}
      {failed.data && failed.data.runs.length > 0 && (
        <JobRunsTable
          runs={failed.data.runs}
          titleOf={titleOf}
          onRetry={(run) => retry.mutate(run)}
          retrying={retry.isPending ? (retry.variables?.id ?? null) : null}
          testId="failed-jobs-table"
        />
      )}
    </Paper>
  );
}

const STATUS_OPTIONS: { value: string; label: string; status: JobRunsFilter['status'] }[] = [
  { value: '', label: 'Any status', status: undefined },
  { value: 'running', label: 'Running', status: 'running' },
  { value: 'succeeded', label: 'Succeeded', status: 'succeeded' },
  { value: 'failed', label: 'Failed (any attempt)', status: 'failed' },
  { value: 'dead', label: 'Failed, no retry left', status: 'dead' },
];

function AttemptsSection({ titleOf, jobs }: { titleOf: (name: string) => string; jobs: JobDefinitionView[] }) {
  const [filter, setFilter] = useState<JobRunsFilter>({});
  const runs = useQuery({
    queryKey: ['job-runs', filter, 100],
    queryFn: () => fetchJobRuns(filter, 100),
    refetchInterval: LIVE_REFETCH_MS,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="job-attempts-title" data-testid="job-attempts">
      <Group justify="space-between" mb="xs" align="flex-end">
        <Title order={2} size="h5" id="job-attempts-title">
          History
        </Title>
        <Group gap="xs">
          <NativeSelect
            size="xs"
            label="Job"
            value={filter.name ?? ''}
            onChange={(event) => {
              // Read now: the event's target is gone by the time React runs the updater.
              const name = event.currentTarget.value || undefined;
              setFilter((f) => ({ ...f, name }));
            }}
            data={[{ value: '', label: 'Every job' }, ...jobs.map((job) => ({ value: job.name, label: job.title }))]}
          />
          <NativeSelect
            size="xs"
            label="Status"
            value={filter.status ?? ''}
            onChange={(event) => {
              const status = STATUS_OPTIONS.find((o) => o.value === event.currentTarget.value)?.status;
              setFilter((f) => ({ ...f, status }));
            }}
            data={STATUS_OPTIONS.map(({ value, label }) => ({ value, label }))}
          />
        </Group>
      </Group>
      {runs.isError && (
        <Callout color="red" variant="light" title="Could not load the job history">
          {runs.error.message}
        </Callout>
      )}
      {runs.data && runs.data.runs.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="no-job-runs">
          No attempts match.
        </Text>
      )}
      {runs.data && runs.data.runs.length > 0 && <JobRunsTable runs={runs.data.runs} titleOf={titleOf} />}
    </Paper>
  );
}
