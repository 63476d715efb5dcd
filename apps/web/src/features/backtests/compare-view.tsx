// Two backtests side by side: every headline statistic of each with the difference (B − A, coloured by which is
// better), what their requests differ in, and both equity curves on one chart.
import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { BacktestDetailView } from '@optionstrader/contracts';
import { useMemo } from 'react';
import { CompareChart } from './backtest-charts';
import {
  differenceColor,
  formatStat,
  formatStatDifference,
  rangeLabel,
  requestDifferences,
  STAT_DEFS,
  STAT_GROUP_LABEL,
  STATUS_COLOR,
} from './backtest-format';
import { useBacktest } from './backtests.api';

export function CompareView({ ids, onClose }: { ids: [string, string]; onClose: () => void }) {
  const a = useBacktest(ids[0]);
  const b = useBacktest(ids[1]);
  const error = a.error ?? b.error;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="compare-title" data-testid="compare-view">
      <Stack gap="md">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h5" id="compare-title">
            Comparison
          </Title>
          <Button size="compact-sm" variant="subtle" onClick={onClose}>
            Close
          </Button>
        </Group>
        {error && (
          <Alert color="red" variant="light" title="Could not load both backtests">
            {error.message}
          </Alert>
        )}
        {(a.isPending || b.isPending) && !error && (
          <Text size="sm" c="dimmed">
            Loading both backtests…
          </Text>
        )}
        {a.data && b.data && <Comparison a={a.data} b={b.data} />}
      </Stack>
    </Paper>
  );
}

function RunLine({ label, run }: { label: string; run: BacktestDetailView }) {
  return (
    <Group gap="xs" wrap="wrap">
      <Badge variant="outline" size="sm">
        {label}
      </Badge>
      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
        {run.name}
      </Text>
      <Text size="xs" c="dimmed">
        {run.strategy} · {run.underliers.join(', ')} · {rangeLabel(run)} · seed {run.request.seed}
      </Text>
      {run.status !== 'succeeded' && (
        <Badge color={STATUS_COLOR[run.status]} variant="light" size="sm">
          {run.status}
        </Badge>
      )}
    </Group>
  );
}

function Comparison({ a, b }: { a: BacktestDetailView; b: BacktestDetailView }) {
  const differences = requestDifferences(a.request, b.request);
  // Stable props: the chart re-renders its option only when a run changes.
  const curveA = useMemo(() => ({ name: a.name, equity: a.equity }), [a.name, a.equity]);
  const curveB = useMemo(() => ({ name: b.name, equity: b.equity }), [b.name, b.equity]);
  const differentStart = a.stats !== null && b.stats !== null && a.stats.startEquity !== b.stats.startEquity;
  return (
    <>
      <Stack gap={4}>
        <RunLine label="A" run={a} />
        <RunLine label="B" run={b} />
        <Text size="xs" c="dimmed" data-testid="compare-request-differences">
          {differences.length === 0
            ? 'Same request (name aside).'
            : `Requests differ in ${differences.map((d) => `${d.key} (A ${d.a}, B ${d.b})`).join('; ')}.`}
        </Text>
      </Stack>
      <Table.ScrollContainer minWidth={520} type="native">
        <Table
          fz="sm"
          verticalSpacing={2}
          striped
          aria-label="Statistics of A and B"
          data-testid="compare-table"
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Statistic</Table.Th>
              <Table.Th ta="right">A</Table.Th>
              <Table.Th ta="right">B</Table.Th>
              <Table.Th ta="right">B − A</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {STAT_DEFS.map((def, index) => {
              const va = a.stats ? def.value(a.stats) : null;
              const vb = b.stats ? def.value(b.stats) : null;
              const groupStart = index === 0 || STAT_DEFS[index - 1]?.group !== def.group;
              return (
                <Table.Tr key={def.key} data-testid="compare-row" data-stat={def.key}>
                  <Table.Td>
                    {groupStart && (
                      <Text span size="xs" c="dimmed" display="block">
                        {STAT_GROUP_LABEL[def.group]}
                      </Text>
                    )}
                    {def.label}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" data-testid="compare-a">
                    {formatStat(def.unit, va)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" data-testid="compare-b">
                    {formatStat(def.unit, vb)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" c={differenceColor(def, va, vb)} data-testid="compare-diff">
                    {formatStatDifference(def.unit, va, vb)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {differentStart && (
        <Text size="xs" c="dimmed">
          They started with different equity: the chart shows each as growth of 100.
        </Text>
      )}
      {a.equity.length > 0 && b.equity.length > 0 && <CompareChart a={curveA} b={curveB} />}
    </>
  );
}
