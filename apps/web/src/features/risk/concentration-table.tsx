// Concentration per ticker: notional, delta-adjusted notional and short-put assignment exposure, each also as a share
// of NLV, with the verdict of the concentration rule (per-ticker limit; broad index ETFs have their own, off by default).
import { Badge, Table, Text } from '@mantine/core';
import type { ResolvedRiskLimits, RiskReasonView, RiskStateView } from '@optionstrader/contracts';
import { formatFixed, formatPercent } from '../dashboard/read-format';
import { formatLimit } from './limits';
import { tickerExposureOfNlv, VERDICT_COLOR } from './risk-format';
import { RiskSection } from './risk-section';

interface ConcentrationTableProps {
  rows: RiskStateView['concentration'];
  limits: ResolvedRiskLimits;
  verdicts: readonly RiskReasonView[];
  currency: string;
}

export function ConcentrationTable({ rows, limits, verdicts, currency }: ConcentrationTableProps) {
  const limitText = `warn ${formatLimit('tickerExposureWarn', limits.tickerExposureWarn)} · block ${formatLimit('tickerExposureMax', limits.tickerExposureMax)} of NLV; broad index ETFs: ${formatLimit('indexEtfExposureMax', limits.indexEtfExposureMax)}`;
  return (
    <RiskSection
      title="Concentration by ticker"
      data-testid="risk-concentration"
      aside={
        <Text size="xs" c="dimmed" data-testid="ticker-limit">
          Per-ticker limit: {limitText}
        </Text>
      }
    >
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No positions.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={860} type="native">
          <Table
            fz="sm"
            verticalSpacing={4}
            highlightOnHover
            aria-label="Concentration by ticker"
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Ticker</Table.Th>
                <Table.Th ta="right">Notional ({currency})</Table.Th>
                <Table.Th ta="right">% NLV</Table.Th>
                <Table.Th ta="right">Delta-adjusted</Table.Th>
                <Table.Th ta="right">% NLV</Table.Th>
                <Table.Th ta="right">Short-put assignment</Table.Th>
                <Table.Th ta="right">% NLV</Table.Th>
                <Table.Th ta="right" title="Notional plus short-put assignment, ÷ NLV">
                  Exposure
                </Table.Th>
                <Table.Th>Limit</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => {
                const exposure = tickerExposureOfNlv(row);
                // The server's verdict for the ticker, when the rule reported one, is the authority.
                const verdict = verdicts.find((v) => v.rule === 'ticker_concentration' && v.symbol === row.symbol);
                return (
                  <Table.Tr key={row.symbol} data-testid="concentration-row" data-symbol={row.symbol}>
                    <Table.Td fw={700}>{row.symbol}</Table.Td>
                    <Table.Td ta="right" ff="monospace" data-testid="concentration-notional">
                      {formatFixed(row.notional, 2)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatPercent(row.notionalOfNlv, 1)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatFixed(row.deltaAdjustedNotional, 2)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatPercent(row.deltaAdjustedNotionalOfNlv, 1)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatFixed(row.shortPutAssignment, 2)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatPercent(row.shortPutAssignmentOfNlv, 1)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" fw={600}>
                      {formatPercent(exposure, 1)}
                    </Table.Td>
                    <Table.Td>
                      {verdict ? (
                        <Badge color={VERDICT_COLOR[verdict.verdict]} variant="light" size="sm" title={verdict.message}>
                          {verdict.verdict}
                        </Badge>
                      ) : (
                        // No verdict: the rule is off for this ticker (e.g. a broad index ETF by default).
                        <Badge color="gray" variant="light" size="sm" title="No concentration limit applies">
                          no limit
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </RiskSection>
  );
}
