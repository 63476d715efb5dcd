// Positions: stock and option positions grouped by underlier, valued from the latest quotes and polled live.
import { Alert, Badge, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import type { Position } from '@optionstrader/contracts';
import { addMoney, formatMoney as formatDecimal, parseMoney } from '@optionstrader/domain';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { AsOf, StaleBadge } from '../dashboard/freshness';
import { fetchAccounts, fetchPortfolios, fetchPositions } from '../dashboard/read.api';
import {
  formatAge,
  formatExpiry,
  formatFixed,
  formatMoney,
  formatPercent,
  formatQuantity,
  formatSignedMoney,
  LIVE_REFETCH_MS,
  pnlColor,
  UNKNOWN,
} from '../dashboard/read-format';

interface PositionGroup {
  underlying: string;
  positions: Position[];
  marketValue: string | null;
  unrealizedPnl: string | null;
  delta: number | null;
  spot: string | null;
}

/** Sums that stay exact; null as soon as one part is unknown (a partial sum would read as the whole). */
function sumDecimals(values: (string | null)[]): string | null {
  if (values.some((value) => value === null)) return null;
  return formatDecimal(addMoney(...values.map((value) => parseMoney(value ?? '0'))));
}

export function groupByUnderlying(positions: Position[]): PositionGroup[] {
  const groups = new Map<string, Position[]>();
  for (const position of positions)
    groups.set(position.underlying, [...(groups.get(position.underlying) ?? []), position]);
  return [...groups.entries()].map(([underlying, members]) => ({
    underlying,
    positions: members,
    marketValue: sumDecimals(members.map((p) => p.marketValue)),
    unrealizedPnl: sumDecimals(members.map((p) => p.unrealizedPnl)),
    delta: members.some((p) => p.positionDelta === null)
      ? null
      : members.reduce((sum, p) => sum + (p.positionDelta ?? 0), 0),
    spot:
      members.find((p) => p.assetClass !== 'OPT')?.mark ??
      members.find((p) => p.underlyingPrice)?.underlyingPrice ??
      null,
  }));
}

function instrumentLabel(position: Position): string {
  if (position.assetClass !== 'OPT' || !position.expiry || !position.strike)
    return `${position.symbol} ${position.assetClass}`;
  return `${formatExpiry(position.expiry)} ${formatFixed(Number(position.strike), 2)} ${position.right === 'C' ? 'Call' : 'Put'}`;
}

const COLUMNS = 15;

export function PositionsPage() {
  const [params, setParams] = useSearchParams();
  const accountId = params.get('accountId') ?? undefined;
  const portfolioId = params.get('portfolioId') ?? undefined;
  const setFilter = (key: 'accountId' | 'portfolioId', value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        if (key === 'accountId') next.delete('portfolioId');
        return next;
      },
      { replace: true },
    );

  const accounts = useQuery({ queryKey: ['accounts'], queryFn: fetchAccounts });
  const portfolios = useQuery({ queryKey: ['portfolios'], queryFn: fetchPortfolios });
  const positions = useQuery({
    queryKey: ['positions', accountId ?? null, portfolioId ?? null],
    queryFn: () => fetchPositions({ accountId, portfolioId }),
    refetchInterval: LIVE_REFETCH_MS,
  });
  const groups = useMemo(() => groupByUnderlying(positions.data?.positions ?? []), [positions.data]);

  const accountOptions = (accounts.data?.accounts ?? []).map((a) => ({
    value: a.id,
    label: a.label ? `${a.label} · ${a.accountCode}` : a.accountCode,
  }));
  const portfolioOptions = (portfolios.data?.portfolios ?? [])
    .filter((p) => !accountId || p.accountId === accountId)
    .map((p) => ({ value: p.id, label: `${p.name} · ${p.accountCode}` }));
  const staleCount = positions.data?.positions.filter((p) => p.stale).length ?? 0;

  return (
    <Stack gap="md">
      <PageHeader title="Positions" />
      <Group gap="sm" align="end" wrap="wrap">
        <Select
          label="Account"
          placeholder="All accounts"
          data={accountOptions}
          value={accountId ?? null}
          onChange={(value) => setFilter('accountId', value)}
          clearable
          size="xs"
          w={220}
        />
        <Select
          label="Portfolio"
          placeholder="All portfolios"
          data={portfolioOptions}
          value={portfolioId ?? null}
          onChange={(value) => setFilter('portfolioId', value)}
          clearable
          size="xs"
          w={220}
        />
        {positions.data && (
          <Text size="xs" c="dimmed" pb={6}>
            {positions.data.positions.length} position{positions.data.positions.length === 1 ? '' : 's'} · refreshed{' '}
            <AsOf asOf={positions.data.asOf} stale={false} prefix="at" now={positions.dataUpdatedAt} />
            {staleCount > 0 && ` · ${staleCount} with stale or no quotes`}
          </Text>
        )}
      </Group>
      {positions.isError && (
        <Alert color="red" variant="light" title="Could not load positions">
          {positions.error.message}
        </Alert>
      )}
      {positions.isPending && (
        <Text size="sm" c="dimmed">
          Loading positions…
        </Text>
      )}
      {positions.data && groups.length === 0 && (
        <Paper withBorder p="md">
          <Text fw={600} size="sm">
            No open positions
          </Text>
          <Text size="sm" c="dimmed">
            {accountId || portfolioId
              ? 'Nothing is held in this account or portfolio.'
              : 'Positions appear here after the broker accounts are synchronised.'}
          </Text>
        </Paper>
      )}
      {groups.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={1180} type="native">
            <Table
              fz="xs"
              verticalSpacing={4}
              horizontalSpacing="xs"
              striped={false}
              highlightOnHover
              aria-label="Positions by underlier"
              style={{ fontVariantNumeric: 'tabular-nums' }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Instrument</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th ta="right">Qty</Table.Th>
                  <Table.Th ta="right">Avg price</Table.Th>
                  <Table.Th ta="right">Mark</Table.Th>
                  <Table.Th ta="right">Mkt value</Table.Th>
                  <Table.Th ta="right">Unrl. P&L</Table.Th>
                  <Table.Th ta="right">P&L %</Table.Th>
                  <Table.Th ta="right" title="Share-equivalent delta of the position">
                    Δ (sh)
                  </Table.Th>
                  <Table.Th ta="right">Γ</Table.Th>
                  <Table.Th ta="right" title="Theta per share per day">
                    Θ /day
                  </Table.Th>
                  <Table.Th ta="right">Vega</Table.Th>
                  <Table.Th ta="right">IV</Table.Th>
                  <Table.Th ta="right">DTE (d)</Table.Th>
                  <Table.Th>Moneyness</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {groups.map((group) => (
                  <Fragment key={group.underlying}>
                    <Table.Tr
                      bg="var(--mantine-color-default-hover)"
                      data-testid="position-group"
                      data-underlying={group.underlying}
                    >
                      <Table.Td colSpan={5}>
                        <Text span fw={700} size="sm">
                          {group.underlying}
                        </Text>
                        <Text span size="xs" c="dimmed" ml="xs">
                          {group.spot ? `@ ${formatMoney(group.spot)}` : ''} · {group.positions.length} position
                          {group.positions.length === 1 ? '' : 's'}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace" fw={600}>
                        {formatMoney(group.marketValue)}
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace" fw={600} c={pnlColor(group.unrealizedPnl)}>
                        {formatSignedMoney(group.unrealizedPnl)}
                      </Table.Td>
                      <Table.Td />
                      <Table.Td ta="right" ff="monospace" fw={600}>
                        {formatFixed(group.delta, 0)}
                      </Table.Td>
                      <Table.Td colSpan={COLUMNS - 9} />
                    </Table.Tr>
                    {group.positions.map((position) => (
                      <PositionRow
                        key={position.id}
                        position={position}
                        now={Date.parse(positions.data?.asOf ?? position.positionAsOf)}
                      />
                    ))}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed" p="xs">
            Money in the instrument&apos;s currency. Avg price and mark per share (options: per share of premium); value
            and P&L per position. Greeks from the latest quote; unknown values show “{UNKNOWN}”.
          </Text>
        </Paper>
      )}
    </Stack>
  );
}

function PositionRow({ position, now }: { position: Position; now: number }) {
  const isOption = position.assetClass === 'OPT';
  return (
    <Table.Tr data-testid="position-row">
      <Table.Td miw={190}>
        {instrumentLabel(position)}
        {position.stale && (
          <Text span ml={4} title={position.quoteAsOf ? `Quote ${formatAge(position.quoteAsOf, now)} old` : 'No quote'}>
            <StaleBadge label={position.quoteAsOf ? 'Stale' : 'No quote'} />
          </Text>
        )}
        {position.valuation === 'broker' && (
          <Badge ml={4} size="xs" variant="outline" color="gray" title="Value and P&L as the broker last reported">
            Broker value
          </Badge>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {position.accountCode}
        {position.portfolioName ? ` · ${position.portfolioName}` : ''}
      </Table.Td>
      <Table.Td ta="right" ff="monospace" c={Number(position.quantity) < 0 ? 'red' : undefined}>
        {formatQuantity(position.quantity)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {formatMoney(position.avgPrice)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {formatMoney(position.mark)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {formatMoney(position.marketValue)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace" c={pnlColor(position.unrealizedPnl)} data-testid="position-pnl">
        {formatSignedMoney(position.unrealizedPnl)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace" c={pnlColor(position.unrealizedPnlPercent)}>
        {formatPercent(position.unrealizedPnlPercent, 1)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {formatFixed(position.positionDelta, 0)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {isOption ? formatFixed(position.gamma, 4) : ''}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {isOption ? formatFixed(position.theta, 3) : ''}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {isOption ? formatFixed(position.vega, 3) : ''}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {isOption ? formatPercent(position.impliedVol, 1) : ''}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {isOption ? (position.dte ?? UNKNOWN) : ''}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {isOption
          ? position.moneyness
            ? `${position.moneyness} ${formatPercent(Math.abs(position.moneynessPercent ?? 0), 1)}`
            : UNKNOWN
          : ''}
      </Table.Td>
    </Table.Tr>
  );
}
