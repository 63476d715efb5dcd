// The tables of a backtest result: its headline statistics, the per-year table, the trades (a page at a time) and
// what the strategy said (its signals, by kind).
import { Group, Pagination, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { BacktestDetailView, BacktestStatsView } from '@optionstrader/contracts';
import { useState } from 'react';
import { formatFixed, formatPercent } from '../calculator/format-number';
import { pnlColor } from '../dashboard/read-format';
import {
  CLOSED_BY_LABEL,
  formatDollars,
  formatStat,
  STAT_DEFS,
  STAT_GROUP_LABEL,
  tradeInstrument,
  type StatGroup,
} from './backtest-format';

const TABULAR = { fontVariantNumeric: 'tabular-nums' } as const;

export function StatsGrid({ stats }: { stats: BacktestStatsView }) {
  const groups = Object.keys(STAT_GROUP_LABEL) as StatGroup[];
  return (
    <Stack gap="sm" data-testid="backtest-stats">
      {groups.map((group) => {
        const defs = STAT_DEFS.filter((def) => def.group === group);
        return (
          <div key={group}>
            <Title order={3} size="h6" mb={4}>
              {group === 'benchmark' && stats.benchmark
                ? `${STAT_GROUP_LABEL[group]} (${stats.benchmark.symbol})`
                : STAT_GROUP_LABEL[group]}
            </Title>
            <SimpleGrid cols={{ base: 2, xs: 3, md: 6 }} spacing="sm" verticalSpacing="xs">
              {defs.map((def) => {
                const value = def.value(stats);
                return (
                  <div key={def.key} style={{ minWidth: 0 }}>
                    <Text size="xs" c="dimmed" id={`stat-label-${def.key}`}>
                      {def.label}
                    </Text>
                    <Text
                      size="md"
                      fw={600}
                      ff="monospace"
                      style={{ overflowWrap: 'anywhere', ...TABULAR }}
                      aria-labelledby={`stat-label-${def.key}`}
                      data-testid={`stat-${def.key}`}
                      data-value={value === null ? '' : String(value)}
                    >
                      {formatStat(def.unit, value)}
                    </Text>
                  </div>
                );
              })}
            </SimpleGrid>
          </div>
        );
      })}
    </Stack>
  );
}

export function YearsTable({ years }: { years: BacktestDetailView['years'] }) {
  return (
    <Table.ScrollContainer minWidth={560} type="native">
      <Table fz="sm" verticalSpacing={4} striped aria-label="Returns by year" data-testid="years-table" style={TABULAR}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Year</Table.Th>
            <Table.Th ta="right">Return</Table.Th>
            <Table.Th ta="right">Benchmark</Table.Th>
            <Table.Th ta="right">Max drawdown</Table.Th>
            <Table.Th ta="right">Trades</Table.Th>
            <Table.Th ta="right">Premium</Table.Th>
            <Table.Th ta="right">Fees</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {years.map((year) => (
            <Table.Tr key={year.year} data-testid="year-row" data-year={year.year}>
              <Table.Td>{year.year}</Table.Td>
              <Table.Td ta="right" ff="monospace" c={pnlColor(year.return)}>
                {formatPercent(year.return)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatPercent(year.benchmarkReturn)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatPercent(year.maxDrawdown)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatFixed(year.trades, 0)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatDollars(year.premiumCollected)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatDollars(year.feesPaid)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const TRADES_PER_PAGE = 100;

export function TradesTable({ trades }: { trades: BacktestDetailView['trades'] }) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(trades.length / TRADES_PER_PAGE));
  const current = Math.min(page, pages);
  const first = (current - 1) * TRADES_PER_PAGE;
  const shown = trades.slice(first, first + TRADES_PER_PAGE);
  if (trades.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="trades-count">
        No trades.
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed" data-testid="trades-count" data-count={trades.length}>
          {trades.length > TRADES_PER_PAGE
            ? `Trades ${first + 1}–${first + shown.length} of ${trades.length}`
            : `${trades.length} trade${trades.length === 1 ? '' : 's'}`}
        </Text>
        {pages > 1 && (
          <Pagination
            total={pages}
            value={current}
            onChange={setPage}
            size="sm"
            siblings={1}
            aria-label="Pages of trades"
          />
        )}
      </Group>
      <Table.ScrollContainer minWidth={860} type="native">
        <Table fz="xs" verticalSpacing={2} striped aria-label="Trades" data-testid="trades-table" style={TABULAR}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Instrument</Table.Th>
              <Table.Th>Side</Table.Th>
              <Table.Th ta="right">Qty</Table.Th>
              <Table.Th>Opened</Table.Th>
              <Table.Th>Closed</Table.Th>
              <Table.Th>How</Table.Th>
              <Table.Th ta="right">Premium</Table.Th>
              <Table.Th ta="right">Commissions</Table.Th>
              <Table.Th ta="right">P&L</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((trade, index) => (
              <Table.Tr key={first + index} data-testid="trade-row">
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{tradeInstrument(trade)}</Table.Td>
                <Table.Td>{trade.direction}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {trade.quantity.toLocaleString('en-US', { maximumFractionDigits: 4 })}
                </Table.Td>
                <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {trade.openedOn}
                </Table.Td>
                <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {trade.closedOn}
                </Table.Td>
                <Table.Td>{CLOSED_BY_LABEL[trade.closedBy]}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatDollars(trade.premium)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatDollars(trade.commissions)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace" c={pnlColor(trade.pnl)}>
                  {formatDollars(trade.pnl)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

export function SignalsTable({ signals }: { signals: BacktestDetailView['signals'] }) {
  if (signals.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        The strategy raised no signals.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={480} type="native">
      <Table fz="xs" verticalSpacing={2} aria-label="Signals by kind" data-testid="signals-table" style={TABULAR}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Kind</Table.Th>
            <Table.Th ta="right">Count</Table.Th>
            <Table.Th>Example</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {signals.map((signal) => (
            <Table.Tr key={signal.kind} data-testid="signal-row">
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{signal.kind}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatFixed(signal.count, 0)}
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{signal.example}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
