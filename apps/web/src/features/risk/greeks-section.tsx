// Dollar greeks per underlier and for the book: delta $, beta-weighted delta $ (and in SPY shares), gamma $, theta
// per day and vega per vol point.
import { SimpleGrid, Table } from '@mantine/core';
import type { RiskStateView } from '@optionstrader/contracts';
import { formatFixed } from '../dashboard/read-format';
import { Figure, RiskSection } from './risk-section';

const dollars = (value: number | null) => formatFixed(value, 0);

export function GreeksSection({ greeks }: { greeks: RiskStateView['greeks'] }) {
  const { total, byUnderlier } = greeks;
  return (
    <RiskSection title="Greeks" data-testid="risk-greeks">
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm" verticalSpacing="sm" mb="sm">
        <Figure label="Delta $" hint="P&L per +100% move, to first order" data-testid="total-delta">
          {dollars(total.delta$)}
        </Figure>
        <Figure label="Beta-weighted delta $" hint="to SPY" data-testid="total-beta-delta">
          {dollars(total.betaWeightedDelta$)}
        </Figure>
        <Figure label="In SPY shares" data-testid="total-spy-shares">
          {formatFixed(total.betaWeightedDeltaSpyShares, 0)}
        </Figure>
        <Figure label="Gamma $" hint="P&L ≈ Δ$·r + ½·Γ$·r²">
          {dollars(total.gamma$)}
        </Figure>
        <Figure label="Theta / day">{formatFixed(total.thetaPerDay, 2)}</Figure>
        <Figure label="Vega / vol point">{formatFixed(total.vegaPerVolPoint, 2)}</Figure>
      </SimpleGrid>
      <Table.ScrollContainer minWidth={760} type="native">
        <Table
          fz="sm"
          verticalSpacing={4}
          highlightOnHover
          aria-label="Greeks by underlier"
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Underlier</Table.Th>
              <Table.Th ta="right">Spot</Table.Th>
              <Table.Th ta="right">Beta</Table.Th>
              <Table.Th ta="right">Δ (shares)</Table.Th>
              <Table.Th ta="right">Δ $</Table.Th>
              <Table.Th ta="right">β-weighted Δ $</Table.Th>
              <Table.Th ta="right">Γ $</Table.Th>
              <Table.Th ta="right">Θ / day</Table.Th>
              <Table.Th ta="right">Vega / vol pt</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {byUnderlier.map((row) => (
              <Table.Tr key={row.symbol} data-testid="greeks-row" data-symbol={row.symbol}>
                <Table.Td fw={700}>{row.symbol}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatFixed(row.spot, 2)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatFixed(row.beta, 2)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatFixed(row.deltaShares, 1)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {dollars(row.delta$)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {dollars(row.betaWeightedDelta$)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {dollars(row.gamma$)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatFixed(row.thetaPerDay, 2)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatFixed(row.vegaPerVolPoint, 2)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr fw={700}>
              <Table.Td>Total</Table.Td>
              <Table.Td />
              <Table.Td />
              <Table.Td />
              <Table.Td ta="right" ff="monospace">
                {dollars(total.delta$)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {dollars(total.betaWeightedDelta$)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {dollars(total.gamma$)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatFixed(total.thetaPerDay, 2)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatFixed(total.vegaPerVolPoint, 2)}
              </Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </RiskSection>
  );
}
