// The account's positions as the risk engine sees them: DTE, moneyness, greeks and the risk of early assignment.
import { Badge, Table, Text, Tooltip } from '@mantine/core';
import type { PositionStateView } from '@optionstrader/contracts';
import {
  formatFixed,
  formatMoney,
  formatPercent,
  formatQuantity,
  formatSignedMoney,
  pnlColor,
  UNKNOWN,
} from '../dashboard/read-format';
import { ASSIGNMENT_COLOR } from './risk-format';
import { RiskSection } from './risk-section';

export function RiskPositionsTable({ positions }: { positions: readonly PositionStateView[] }) {
  return (
    <RiskSection title="Positions" data-testid="risk-positions">
      {positions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No open positions.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={1180} type="native">
          <Table
            fz="xs"
            verticalSpacing={4}
            horizontalSpacing="xs"
            highlightOnHover
            aria-label="Positions with greeks and assignment risk"
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Position</Table.Th>
                <Table.Th ta="right">Qty</Table.Th>
                <Table.Th ta="right">Mark</Table.Th>
                <Table.Th ta="right">Mkt value</Table.Th>
                <Table.Th ta="right">Unrl. P&L</Table.Th>
                <Table.Th ta="right">DTE (d)</Table.Th>
                <Table.Th>Moneyness</Table.Th>
                <Table.Th ta="right" title="Share-equivalent delta">
                  Δ (sh)
                </Table.Th>
                <Table.Th ta="right" title="Change of Δ (sh) per +1.00 in the underlier">
                  Γ (sh)
                </Table.Th>
                <Table.Th ta="right">Θ / day</Table.Th>
                <Table.Th ta="right">Vega / vol pt</Table.Th>
                <Table.Th>Assignment risk</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {positions.map((position) => (
                <PositionRow key={position.positionId} position={position} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </RiskSection>
  );
}

function PositionRow({ position }: { position: PositionStateView }) {
  const isOption = position.kind === 'option';
  const { assignmentRisk } = position;
  return (
    <Table.Tr data-testid="risk-position-row" data-symbol={position.symbol} data-kind={position.kind}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{position.description}</Table.Td>
      <Table.Td ta="right" ff="monospace" c={position.quantity < 0 ? 'red' : undefined}>
        {formatQuantity(String(position.quantity))}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {formatFixed(position.mark, 2)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {formatMoney(position.marketValue)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace" c={pnlColor(position.unrealizedPnl)}>
        {formatSignedMoney(position.unrealizedPnl)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {isOption ? (position.dte ?? UNKNOWN) : ''}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {isOption
          ? position.moneyness
            ? `${position.moneyness.toUpperCase()} ${formatPercent(position.moneynessPct, 1)}`
            : UNKNOWN
          : ''}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {formatFixed(position.deltaShares, 1)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {isOption ? formatFixed(position.gammaShares, 2) : ''}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {isOption ? formatFixed(position.thetaPerDay, 2) : ''}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {isOption ? formatFixed(position.vegaPerVolPoint, 2) : ''}
      </Table.Td>
      <Table.Td>
        {isOption && (
          <Tooltip label={assignmentRisk.reason} multiline maw={320} withArrow>
            <Badge
              color={ASSIGNMENT_COLOR[assignmentRisk.level]}
              variant="light"
              size="sm"
              data-testid="assignment-risk"
              data-level={assignmentRisk.level}
              aria-label={`Assignment risk ${assignmentRisk.level}: ${assignmentRisk.reason}`}
            >
              {assignmentRisk.level}
            </Badge>
          </Tooltip>
        )}
        {isOption && assignmentRisk.level !== 'none' && (
          <Text size="xs" c="dimmed" maw={280} lineClamp={2} title={assignmentRisk.reason}>
            {assignmentRisk.reason}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
