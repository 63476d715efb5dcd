// One-day value at risk and expected shortfall (CVaR) at 95% and 99%: historical simulation over the shipped price
// history and the delta-gamma (Cornish-Fisher) estimate, with what each had to leave out.
import { SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { RiskStateView } from '@optionstrader/contracts';
import { formatExpiry, formatFixed, UNKNOWN } from '../dashboard/read-format';
import { RiskSection } from './risk-section';

const loss = (value: number | null | undefined) => formatFixed(value ?? null, 2);

interface VarSectionProps {
  value: RiskStateView['var'];
  /** Last day of the price history the historical VaR used. */
  historyThrough: string | null;
}

export function VarSection({ value, historyThrough }: VarSectionProps) {
  const { historical, deltaGamma, historicalSkipped, deltaGammaMissing } = value;
  return (
    <RiskSection
      title="Value at risk (1 day)"
      data-testid="risk-var"
      aside={
        <Text size="xs" c="dimmed">
          Positive = loss
        </Text>
      }
    >
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap={4} data-testid="var-historical">
          <Text size="sm" fw={600}>
            Historical simulation
          </Text>
          <Text size="xs" c="dimmed" data-testid="var-observations">
            {historical
              ? `${historical.observations.toLocaleString('en-US')} daily observations · history through ${historyThrough ? formatExpiry(historyThrough) : UNKNOWN}`
              : 'Not computed'}
          </Text>
          <VarTable
            label="Historical VaR and CVaR"
            columns={['VaR', 'CVaR']}
            rows={[
              ['95%', loss(historical?.var95), loss(historical?.cvar95)],
              ['99%', loss(historical?.var99), loss(historical?.cvar99)],
            ]}
          />
          {historicalSkipped.length > 0 && (
            <Text size="xs" c="orange" data-testid="var-skipped">
              Left out: {historicalSkipped.map((s) => `${s.symbol} (${s.reason.replaceAll('_', ' ')})`).join(', ')}
            </Text>
          )}
        </Stack>
        <Stack gap={4} data-testid="var-delta-gamma">
          <Text size="sm" fw={600}>
            Delta-gamma (Cornish-Fisher)
          </Text>
          <Text size="xs" c="dimmed">
            {deltaGamma ? 'From dollar delta, gamma and daily vols; one factor' : 'Not computed'}
          </Text>
          <VarTable
            label="Delta-gamma VaR"
            columns={['VaR', 'Delta-normal VaR']}
            rows={[
              ['95%', loss(deltaGamma?.var95), loss(deltaGamma?.deltaNormalVar95)],
              ['99%', loss(deltaGamma?.var99), loss(deltaGamma?.deltaNormalVar99)],
            ]}
          />
          {deltaGammaMissing.length > 0 && (
            <Text size="xs" c="orange" data-testid="var-missing">
              Missing spot or vol: {deltaGammaMissing.join(', ')}
            </Text>
          )}
        </Stack>
      </SimpleGrid>
    </RiskSection>
  );
}

function VarTable({
  label,
  columns,
  rows,
}: {
  label: string;
  columns: [string, string];
  rows: [string, string, string][];
}) {
  return (
    <Table fz="sm" verticalSpacing={4} aria-label={label} style={{ fontVariantNumeric: 'tabular-nums' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Confidence</Table.Th>
          <Table.Th ta="right">{columns[0]}</Table.Th>
          <Table.Th ta="right">{columns[1]}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([confidence, first, second]) => (
          <Table.Tr key={confidence} data-testid="var-row" data-confidence={confidence}>
            <Table.Td>{confidence}</Table.Td>
            <Table.Td ta="right" ff="monospace" fw={600}>
              {first}
            </Table.Td>
            <Table.Td ta="right" ff="monospace">
              {second}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
