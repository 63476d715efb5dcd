// The worst loss at expiry per underlier when the risk is defined; "undefined", with the reason, when it is not.
import { Table, Text } from '@mantine/core';
import type { RiskStateView } from '@optionstrader/contracts';
import { formatFixed } from '../dashboard/read-format';
import { RiskSection } from './risk-section';

export function MaxLossTable({ rows }: { rows: RiskStateView['maxLoss'] }) {
  return (
    <RiskSection title="Max loss by underlier" data-testid="risk-max-loss">
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No positions.
        </Text>
      ) : (
        <Table
          fz="sm"
          verticalSpacing={4}
          aria-label="Max loss by underlier"
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Underlier</Table.Th>
              <Table.Th ta="right">Max loss at expiry</Table.Th>
              <Table.Th>Basis</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.symbol} data-testid="max-loss-row" data-symbol={row.symbol}>
                <Table.Td fw={700}>{row.symbol}</Table.Td>
                <Table.Td ta="right" ff="monospace" fw={600}>
                  {row.definedRisk ? formatFixed(row.maxLoss, 2) : 'undefined'}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c={row.definedRisk ? 'dimmed' : 'orange'}>
                    {row.definedRisk ? row.reason : `undefined — ${row.reason}`}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </RiskSection>
  );
}
