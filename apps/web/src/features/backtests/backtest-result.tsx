// One backtest: its progress while it runs (polled about every half second), then its statistics, equity curve
// against the benchmark, drawdown, per-year table, trades and signals; or why it failed.
import { Alert, Badge, Button, Group, Paper, Progress, Stack, Switch, Text, Title } from '@mantine/core';
import type { BacktestDetailView } from '@optionstrader/contracts';
import { useState, type ReactNode } from 'react';
import { DrawdownChart, EquityChart } from './backtest-charts';
import { formatRunDuration, isActive, progressPercent, rangeLabel, STATUS_COLOR } from './backtest-format';
import { SignalsTable, StatsGrid, TradesTable, YearsTable } from './backtest-tables';
import { useBacktest, useCancelBacktest } from './backtests.api';

interface BacktestResultProps {
  id: string;
  /** Started from this page just now: until its first report arrives, it is known to be queued. */
  justStarted: boolean;
  /** Loads the run's request into the form, to run it again or change it. */
  onEdit: (run: BacktestDetailView) => void;
  onClose: () => void;
}

export function BacktestResult({ id, justStarted, onEdit, onClose }: BacktestResultProps) {
  const run = useBacktest(id);
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="backtest-result-title"
      data-testid="backtest-result"
      data-backtest-id={id}
    >
      <Stack gap="md">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={2} size="h5" id="backtest-result-title" style={{ overflowWrap: 'anywhere' }}>
            {run.data?.name ?? 'Backtest'}
          </Title>
          <Group gap="xs">
            {run.data && !isActive(run.data.status) && (
              <Button size="compact-sm" variant="default" onClick={() => onEdit(run.data)}>
                Edit as new
              </Button>
            )}
            <Button size="compact-sm" variant="subtle" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Group>
        {run.isPending &&
          (justStarted ? (
            <RunProgress status="queued" progress={0} />
          ) : (
            <Text size="sm" c="dimmed">
              Loading the backtest…
            </Text>
          ))}
        {run.isError && (
          <Alert color="red" variant="light" title="Could not load the backtest">
            {run.error.message}
          </Alert>
        )}
        {run.data && <RunBody run={run.data} />}
      </Stack>
    </Paper>
  );
}

function RunBody({ run }: { run: BacktestDetailView }) {
  const [log, setLog] = useState(false);
  return (
    <>
      <Group gap="xs" wrap="wrap">
        <Badge color={STATUS_COLOR[run.status]} variant="light" data-testid="backtest-status" data-status={run.status}>
          {run.status}
        </Badge>
        <Text size="sm">
          {run.strategy} · {run.underliers.join(', ')} · {rangeLabel(run)}
          {run.durationMs !== null && ` · took ${formatRunDuration(run.durationMs)}`}
        </Text>
      </Group>
      {isActive(run.status) && (
        <Group gap="sm" align="flex-end" wrap="nowrap">
          <div style={{ flex: 1 }}>
            <RunProgress status={run.status} progress={run.progress} />
          </div>
          <CancelButton id={run.id} />
        </Group>
      )}
      {run.status === 'failed' && (
        <Alert color="red" variant="light" title="The backtest failed" data-testid="backtest-error">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {run.error ?? 'No reason was given.'}
          </Text>
        </Alert>
      )}
      {run.status === 'cancelled' && (
        <Text size="sm" c="dimmed">
          The backtest was cancelled before it finished.
        </Text>
      )}
      {run.status === 'succeeded' && run.stats && (
        <>
          <StatsGrid stats={run.stats} />
          <Part
            title="Equity"
            aside={
              <Switch
                label="Log scale"
                checked={log}
                onChange={(event) => setLog(event.currentTarget.checked)}
                size="xs"
              />
            }
          >
            <EquityChart points={run.equity} benchmark={run.stats.benchmark?.symbol ?? null} log={log} />
          </Part>
          <Part title="Drawdown">
            <DrawdownChart points={run.equity} />
          </Part>
          <Part title="By year">
            <YearsTable years={run.years} />
          </Part>
          <Part title="Trades">
            <TradesTable trades={run.trades} />
          </Part>
          <Part title="Signals">
            <SignalsTable signals={run.signals} />
          </Part>
        </>
      )}
    </>
  );
}

function CancelButton({ id }: { id: string }) {
  const cancel = useCancelBacktest();
  return (
    <Button
      size="compact-sm"
      variant="default"
      color="red"
      loading={cancel.isPending}
      onClick={() => cancel.mutate(id)}
      data-testid="backtest-cancel"
    >
      Cancel
    </Button>
  );
}

function RunProgress({ status, progress }: { status: BacktestDetailView['status']; progress: number }) {
  const percent = progressPercent(progress);
  return (
    <Stack gap={4}>
      <Progress
        value={percent}
        size="lg"
        striped
        animated
        aria-label="Backtest progress"
        data-testid="backtest-progress"
      />
      <Text size="xs" c="dimmed" aria-live="polite">
        {status === 'queued' ? 'Waiting to start…' : `Simulating… ${percent}% of the trading days`}
      </Text>
    </Stack>
  );
}

function Part({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap={4} component="section" aria-label={title}>
      <Group justify="space-between" gap="xs">
        <Title order={3} size="h6">
          {title}
        </Title>
        {aside}
      </Group>
      {children}
    </Stack>
  );
}
