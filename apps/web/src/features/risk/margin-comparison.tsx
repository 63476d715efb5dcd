// The estimate of the margin figures by the domain's rules beside what the broker reports, with the difference; and
// the requirement per underlier (for PM, the scan move of its worst loss).
import { Table, Text } from '@mantine/core';
import type { AccountRiskResponse } from '@optionstrader/contracts';
import { formatMoney, formatPercent, formatSignedMoney, UNKNOWN } from '../dashboard/read-format';
import { estimateLabel, formatPointsChange, moneyDifference } from './risk-format';
import { RiskSection } from './risk-section';

interface Row {
  label: string;
  estimate: string;
  broker: string;
  difference: string;
}

function moneyRow(label: string, estimate: string | null, broker: string | null | undefined): Row {
  const reported = broker ?? null;
  return {
    label,
    estimate: formatMoney(estimate),
    broker: formatMoney(reported),
    difference: formatSignedMoney(moneyDifference(estimate, reported)),
  };
}

export function MarginComparison({ data }: { data: AccountRiskResponse }) {
  const margin = data.risk?.margin ?? null;
  const { broker } = data;
  const estimateUsage = data.risk?.marginUsage ?? null;
  const brokerUsage = broker?.marginUsage ?? null;
  const rows: Row[] = [
    moneyRow('Net liquidation', margin?.netLiquidation ?? null, broker?.netLiquidation),
    moneyRow('Initial margin', margin?.initialMargin ?? null, broker?.initMargin),
    moneyRow('Maintenance margin', margin?.maintenanceMargin ?? null, broker?.maintMargin),
    moneyRow('Excess liquidity', margin?.excessLiquidity ?? null, broker?.excessLiquidity),
    moneyRow('Buying power', margin?.buyingPower ?? null, broker?.buyingPower),
    {
      label: 'Margin usage',
      estimate: formatPercent(estimateUsage, 2),
      broker: formatPercent(brokerUsage, 2),
      difference:
        estimateUsage === null || brokerUsage === null ? UNKNOWN : formatPointsChange(estimateUsage - brokerUsage),
    },
  ];
  if (margin && margin.cashReserved !== null) {
    rows.push({
      label: 'Cash reserved',
      estimate: formatMoney(margin.cashReserved),
      broker: UNKNOWN,
      difference: UNKNOWN,
    });
  }
  const estimate = estimateLabel(data.accountType);

  return (
    <RiskSection title="Estimate vs broker" data-testid="margin-comparison">
      <Table.ScrollContainer minWidth={520} type="native">
        <Table
          fz="sm"
          verticalSpacing={4}
          aria-label="Margin estimate and broker figures"
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th ta="right">{estimate}</Table.Th>
              <Table.Th ta="right">Broker-reported</Table.Th>
              <Table.Th ta="right">Difference</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.label} data-testid="margin-comparison-row">
                <Table.Th fw={500}>{row.label}</Table.Th>
                <Table.Td ta="right" ff="monospace">
                  {row.estimate}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {row.broker}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {row.difference}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data.broker === null && (
        <Text size="xs" c="dimmed" mt={4}>
          The broker has not reported balances yet.
        </Text>
      )}
      {margin && margin.requirements.length > 0 && <Requirements requirements={margin.requirements} />}
    </RiskSection>
  );
}

function Requirements({
  requirements,
}: {
  requirements: NonNullable<AccountRiskResponse['risk']>['margin']['requirements'];
}) {
  const hasScan = requirements.some((r) => r.worstMove !== undefined);
  return (
    <Table.ScrollContainer minWidth={420} type="native" mt="sm">
      <Table
        fz="xs"
        verticalSpacing={2}
        aria-label="Margin requirement by underlier"
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Underlier</Table.Th>
            <Table.Th ta="right">Initial</Table.Th>
            <Table.Th ta="right">Maintenance</Table.Th>
            {hasScan && <Table.Th ta="right">Worst scan move</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {requirements.map((r) => (
            <Table.Tr key={r.symbol}>
              <Table.Td fw={600}>{r.symbol}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatMoney(r.initial)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatMoney(r.maintenance)}
              </Table.Td>
              {hasScan && (
                <Table.Td ta="right" ff="monospace">
                  {r.worstMove === undefined ? UNKNOWN : formatPercent(r.worstMove, 0)}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
