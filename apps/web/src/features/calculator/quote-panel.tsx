// Theoretical price and greeks, per share and per contract, with the unit of each greek spelled out.
import { Group, Stack, Table, Text } from '@mantine/core';
import type { Greeks } from '@optionstrader/domain';
import { CONTRACT_MULTIPLIER } from './payoff';
import { UNKNOWN, formatFixed, formatSignificant } from './format-number';

interface GreekRow {
  name: string;
  unit: string;
  /** Per share, in the unit shown. */
  value: (greeks: Greeks) => number;
}

// The domain reports vega and rho per 1.00 (100 vol points, 100% rate) and theta per year; traders read them smaller.
const greekRows: GreekRow[] = [
  { name: 'Delta', unit: 'per 1.00 move in S', value: (g) => g.delta },
  { name: 'Gamma', unit: 'delta change per 1.00 in S', value: (g) => g.gamma },
  { name: 'Vega', unit: 'per 1 vol point (σ +1%)', value: (g) => g.vega / 100 },
  { name: 'Theta', unit: 'per calendar day', value: (g) => g.thetaPerDay },
  { name: 'Rho', unit: 'per 1% in r', value: (g) => g.rho / 100 },
  { name: 'Dividend rho', unit: 'per 1% in q', value: (g) => g.dividendRho / 100 },
];

export function QuotePanel({ price, greeks }: { price: number | null; greeks: Greeks | null }) {
  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" c="dimmed" id="theoretical-price-label">
          Theoretical price
        </Text>
        <Group gap="xs" align="baseline" wrap="wrap">
          <Text
            ff="monospace"
            fz={28}
            fw={600}
            lh={1.2}
            aria-labelledby="theoretical-price-label"
            data-testid="theoretical-price"
          >
            {formatFixed(price, 4)}
          </Text>
          <Text size="sm" c="dimmed">
            per share ·{' '}
            <span data-testid="contract-price">
              {formatFixed(price === null ? null : price * CONTRACT_MULTIPLIER, 2)}
            </span>{' '}
            per contract (×{CONTRACT_MULTIPLIER})
          </Text>
        </Group>
      </div>
      <Table.ScrollContainer minWidth={0}>
        <Table fz="sm" verticalSpacing={4} horizontalSpacing="xs" aria-label="Greeks" data-testid="greeks-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Greek</Table.Th>
              <Table.Th ta="right">Per share</Table.Th>
              <Table.Th ta="right">Per contract</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {greekRows.map((row) => {
              const value = greeks ? row.value(greeks) : null;
              return (
                <Table.Tr key={row.name}>
                  <Table.Td>
                    <Text span size="sm" fw={500}>
                      {row.name}
                    </Text>{' '}
                    <Text span size="xs" c="dimmed">
                      {row.unit}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {formatSignificant(value)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {value === null ? UNKNOWN : formatFixed(value * CONTRACT_MULTIPLIER, 2)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
