// Stress scenarios: the P&L of each, and NLV, maintenance margin and excess liquidity right after it; with a bar
// chart of the P&L (the chart library loads only here, lazily).
import { Badge, Skeleton, Table, Text } from '@mantine/core';
import type { RiskStateView } from '@optionstrader/contracts';
import { lazy, Suspense } from 'react';
import { formatMoney, pnlColor } from '../dashboard/read-format';
import { formatSignedMoney } from '../calculator/format-number';
import { RiskSection } from './risk-section';

const StressChart = lazy(() => import('./stress-chart'));

interface StressSectionProps {
  stress: RiskStateView['stress'];
  worst: RiskStateView['worstStress'];
}

export function StressSection({ stress, worst }: StressSectionProps) {
  return (
    <RiskSection
      title="Stress scenarios"
      data-testid="risk-stress"
      aside={
        <Text size="xs" c="dimmed">
          Instantaneous moves, repriced in full
        </Text>
      }
    >
      {stress.length === 0 ? (
        <Text size="sm" c="dimmed">
          No scenarios were run.
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={680} type="native">
            <Table
              fz="sm"
              verticalSpacing={4}
              highlightOnHover
              aria-label="Stress scenarios"
              style={{ fontVariantNumeric: 'tabular-nums' }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Scenario</Table.Th>
                  <Table.Th ta="right">P&L</Table.Th>
                  <Table.Th ta="right">NLV after</Table.Th>
                  <Table.Th ta="right">Maint. margin after</Table.Th>
                  <Table.Th ta="right">Excess liquidity after</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {stress.map((row) => (
                  <Table.Tr key={row.scenarioId} data-testid="stress-row" data-scenario={row.scenarioId}>
                    <Table.Td>
                      {row.label}
                      {worst?.scenarioId === row.scenarioId && (
                        <Badge ml={6} size="xs" color="red" variant="light">
                          worst
                        </Badge>
                      )}
                      {row.unpricedSymbols.length > 0 && (
                        <Text size="xs" c="orange">
                          Not priced: {row.unpricedSymbols.join(', ')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" fw={600} c={pnlColor(row.pnl)} data-testid="stress-pnl">
                      {formatSignedMoney(row.pnl)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatMoney(row.netLiquidationAfter)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatMoney(row.maintenanceMarginAfter)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" c={Number(row.excessLiquidityAfter) < 0 ? 'red' : undefined}>
                      {formatMoney(row.excessLiquidityAfter)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Suspense fallback={<Skeleton height={160} mt="sm" />}>
            <div style={{ marginTop: 'var(--mantine-spacing-sm)' }}>
              <StressChart stress={stress} />
            </div>
          </Suspense>
        </>
      )}
    </RiskSection>
  );
}
