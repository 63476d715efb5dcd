// Option chain viewer: calls | strike | puts of one expiry from the latest stored quotes, and the IV smile.
import { Alert, Badge, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ChainQuote, ChainResponse } from '@optionstrader/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/api-error';
import { PageHeader } from '../../components/page-header';
import { AsOf } from '../dashboard/freshness';
import { fetchChain, fetchChainUnderlyings } from '../dashboard/read.api';
import {
  formatExpiry,
  formatFixed,
  formatMoney,
  formatPercent,
  LIVE_REFETCH_MS,
  UNKNOWN,
} from '../dashboard/read-format';
import { IvSmileChart } from './iv-smile-chart';

export function ChainPage() {
  const [params, setParams] = useSearchParams();
  const underlyings = useQuery({
    queryKey: ['chain-underlyings'],
    queryFn: fetchChainUnderlyings,
    refetchInterval: 60_000,
  });
  const symbols = underlyings.data?.underlyings.map((u) => u.symbol) ?? [];
  const symbol = params.get('symbol')?.toUpperCase() ?? symbols[0] ?? null;
  const expiry = params.get('expiry');
  const select = (patch: { symbol?: string | null; expiry?: string | null }) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(patch)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  const chain = useQuery({
    queryKey: ['chain', symbol, expiry],
    queryFn: () => fetchChain(symbol ?? '', expiry),
    enabled: symbol !== null,
    refetchInterval: LIVE_REFETCH_MS,
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="md">
      <PageHeader title="Option chain" />
      <Group gap="sm" align="end" wrap="wrap">
        <Select
          label="Underlier"
          placeholder={underlyings.isPending ? 'Loading…' : 'No underliers'}
          data={symbol && !symbols.includes(symbol) ? [symbol, ...symbols] : symbols}
          value={symbol}
          onChange={(value) => select({ symbol: value, expiry: null })}
          searchable
          size="xs"
          w={140}
        />
        <Select
          label="Expiry"
          placeholder="Nearest"
          data={(chain.data?.expirations ?? []).map((e) => ({
            value: e.expiry,
            label: `${formatExpiry(e.expiry)} · ${e.dte} d`,
          }))}
          value={chain.data?.expiry ?? null}
          onChange={(value) => select({ expiry: value })}
          size="xs"
          w={200}
          disabled={!chain.data || chain.data.expirations.length === 0}
        />
        {chain.data && (
          <Text size="xs" c="dimmed" pb={6}>
            {chain.data.symbol} {formatMoney(chain.data.underlyingPrice)}{' '}
            <AsOf
              asOf={chain.data.asOf}
              stale={chain.data.stale}
              now={chain.dataUpdatedAt}
              prefix="· quotes as of"
              none="· no quotes yet"
            />
          </Text>
        )}
      </Group>
      {underlyings.data && symbols.length === 0 && !params.get('symbol') && (
        <Paper withBorder p="md">
          <Text fw={600} size="sm">
            No option chains yet
          </Text>
          <Text size="sm" c="dimmed">
            Chains appear here once option contracts and their quotes have been ingested from the broker.
          </Text>
        </Paper>
      )}
      {chain.isError && (
        <Alert color="red" variant="light" title="Could not load the chain">
          {isApiError(chain.error) && chain.error.status === 404 ? `${chain.error.message}.` : chain.error.message}
        </Alert>
      )}
      {chain.data && <ChainView chain={chain.data} />}
    </Stack>
  );
}

function ChainView({ chain }: { chain: ChainResponse }) {
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  if (chain.expiry === null) {
    return (
      <Text size="sm" c="dimmed">
        No unexpired options on {chain.symbol} in the store.
      </Text>
    );
  }
  const spot = chain.underlyingPrice === null ? null : Number(chain.underlyingPrice);
  return (
    <>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={720} type="native">
          <Table
            fz="xs"
            verticalSpacing={3}
            horizontalSpacing="xs"
            aria-label={`${chain.symbol} options expiring ${chain.expiry}`}
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th colSpan={5} ta="center">
                  Calls
                </Table.Th>
                <Table.Th ta="center">{formatExpiry(chain.expiry)}</Table.Th>
                <Table.Th colSpan={5} ta="center">
                  Puts
                </Table.Th>
              </Table.Tr>
              <Table.Tr>
                {['OI', 'IV', 'Δ', 'Bid', 'Ask'].map((h) => (
                  <Table.Th key={`c-${h}`} ta="right">
                    {h}
                  </Table.Th>
                ))}
                <Table.Th ta="center">Strike</Table.Th>
                {['Bid', 'Ask', 'Δ', 'IV', 'OI'].map((h) => (
                  <Table.Th key={`p-${h}`} ta="right">
                    {h}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {chain.rows.map((row) => {
                const atm = row.strike === chain.atmStrike;
                const strike = Number(row.strike);
                const callItm = spot !== null && strike < spot;
                const putItm = spot !== null && strike > spot;
                return (
                  <Table.Tr
                    key={row.strike}
                    data-testid="chain-row"
                    data-atm={atm || undefined}
                    bg={atm ? 'var(--mantine-primary-color-light)' : undefined}
                  >
                    <QuoteCells quote={row.call} order="call" itm={callItm && !atm} />
                    <Table.Td ta="center" fw={700} ff="monospace" aria-label={atm ? 'At the money' : undefined}>
                      {formatFixed(strike, 2)}
                      {atm && (
                        <Badge size="xs" ml={4} variant="filled">
                          ATM
                        </Badge>
                      )}
                    </Table.Td>
                    <QuoteCells quote={row.put} order="put" itm={putItm && !atm} />
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed" p="xs">
          Bid/ask per share; IV annualised; shaded cells are in the money; faded quotes are stale (older than{' '}
          {Math.round(chain.staleAfterSeconds / 60)} min). Unknown values show “{UNKNOWN}”.
        </Text>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="smile-title">
        <Title order={2} size="h5" id="smile-title" mb="xs">
          IV smile · {formatExpiry(chain.expiry)} ({chain.dte} d)
        </Title>
        {chain.rows.some((row) => row.call?.impliedVol != null || row.put?.impliedVol != null) ? (
          <IvSmileChart
            rows={chain.rows}
            spot={spot}
            height={isPhone ? 240 : 300}
            label={`Implied volatility by strike of ${chain.symbol} options expiring ${chain.expiry}`}
          />
        ) : (
          <Text size="sm" c="dimmed">
            No implied volatilities in these quotes.
          </Text>
        )}
      </Paper>
    </>
  );
}

function QuoteCells({ quote, order, itm }: { quote: ChainQuote | null; order: 'call' | 'put'; itm: boolean }) {
  const oi = { key: 'oi', text: quote?.openInterest == null ? UNKNOWN : quote.openInterest.toLocaleString('en-US') };
  const iv = { key: 'iv', text: formatPercent(quote?.impliedVol, 1) };
  const delta = { key: 'delta', text: formatFixed(quote?.delta, 2) };
  const bid = { key: 'bid', text: formatMoney(quote?.bid) };
  const ask = { key: 'ask', text: formatMoney(quote?.ask) };
  // Mirrored around the strike column: bid and ask sit next to it on both sides.
  const ordered = order === 'call' ? [oi, iv, delta, bid, ask] : [bid, ask, delta, iv, oi];
  const style = { opacity: quote?.stale ? 0.55 : 1 };
  return (
    <>
      {ordered.map((cell) => (
        <Table.Td
          key={cell.key}
          ta="right"
          ff="monospace"
          style={style}
          bg={itm ? 'var(--mantine-color-default-hover)' : undefined}
          title={quote?.stale ? 'Stale quote' : undefined}
        >
          {quote ? cell.text : ''}
        </Table.Td>
      ))}
    </>
  );
}
