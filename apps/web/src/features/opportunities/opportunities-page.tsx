// Opportunities: the ranked candidates the strategies' newest runs found, filtered by instance, symbol and right and
// sorted by the server (the choices live in the URL); each row opens the option chain at its expiry.
import {
  Alert,
  Anchor,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { opportunitySortSchema, type OpportunityView } from '@optionstrader/contracts';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api/api-error';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../dashboard/read-format';
import { useStrategyInstances } from '../strategies/strategies.api';
import { useOpportunities, type OpportunitiesFilter } from './opportunities.api';
import { chainLink, nextSort, OPPORTUNITY_COLUMNS, type OpportunitySort, type SortOrder } from './opportunity-columns';

type Right = 'call' | 'put';

export function OpportunitiesPage() {
  const [params, setParams] = useSearchParams();
  const sortParam = opportunitySortSchema.safeParse(params.get('sort'));
  const sort: OpportunitySort = sortParam.success ? sortParam.data : 'score';
  const order: SortOrder = params.get('order') === 'asc' ? 'asc' : 'desc';
  const instanceId = params.get('instanceId') ?? undefined;
  const rightParam = params.get('right');
  const right: Right | undefined = rightParam === 'call' || rightParam === 'put' ? rightParam : undefined;
  const [symbolText, setSymbolText] = useState(params.get('symbol') ?? '');
  const [symbol] = useDebouncedValue(symbolText.trim().toUpperCase(), 400);

  const set = (patch: Record<string, string | null | undefined>) =>
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

  const filter: OpportunitiesFilter = { instanceId, symbol: symbol || undefined, right, sort, order };
  const opportunities = useOpportunities(filter);
  const instances = useStrategyInstances();
  const rows = opportunities.data?.opportunities ?? [];
  const symbolIssue =
    opportunities.isError && isApiError(opportunities.error)
      ? opportunities.error.issues.find((issue) => issue.path.endsWith('symbol'))?.message
      : undefined;

  return (
    <Stack gap="md">
      <PageHeader title="Opportunities" />
      <Group gap="sm" align="end" wrap="wrap">
        <Select
          label="Instance"
          placeholder="All instances"
          data={(instances.data?.instances ?? []).map((i) => ({ value: i.id, label: `${i.name} · ${i.accountCode}` }))}
          value={instanceId ?? null}
          onChange={(value) => set({ instanceId: value })}
          clearable
          size="xs"
          w={260}
        />
        <TextInput
          label="Symbol"
          placeholder="Any"
          value={symbolText}
          onChange={(event) => {
            setSymbolText(event.currentTarget.value);
            set({ symbol: event.currentTarget.value.trim().toUpperCase() });
          }}
          error={symbolIssue}
          size="xs"
          w={110}
        />
        <div>
          <Text size="xs" fw={500} mb={2}>
            Right
          </Text>
          <SegmentedControl
            aria-label="Right"
            size="xs"
            value={right ?? 'any'}
            onChange={(value) => set({ right: value === 'any' ? null : value })}
            data={[
              { value: 'any', label: 'Both' },
              { value: 'put', label: 'Puts' },
              { value: 'call', label: 'Calls' },
            ]}
          />
        </div>
        {opportunities.data && (
          <Text size="xs" c="dimmed" pb={6} data-testid="opportunities-count">
            {rows.length} opportunit{rows.length === 1 ? 'y' : 'ies'}
            {instanceId ? '' : ' · the newest run of each instance'}
            {rows[0] ? ` · found ${formatDateTime(rows[0].createdAt)}` : ''}
          </Text>
        )}
      </Group>
      {opportunities.isError && !symbolIssue && (
        <Alert color="red" variant="light" title="Could not load the opportunities">
          {opportunities.error.message}
        </Alert>
      )}
      {opportunities.isPending && (
        <Text size="sm" c="dimmed">
          Loading opportunities…
        </Text>
      )}
      {opportunities.data && rows.length === 0 && (
        <Paper withBorder p="md">
          <Text fw={600} size="sm">
            No opportunities
          </Text>
          <Text size="sm" c="dimmed">
            Opportunities are what a strategy run finds in the option chains. Run the strategies (Strategies → Run now),
            or loosen the filters.
          </Text>
        </Paper>
      )}
      {rows.length > 0 && (
        <OpportunitiesTable
          rows={rows}
          sort={sort}
          order={order}
          showInstance={!instanceId}
          loading={opportunities.isPlaceholderData}
          onSort={(column) => set(nextSort({ sort, order }, column))}
        />
      )}
    </Stack>
  );
}

interface OpportunitiesTableProps {
  rows: readonly OpportunityView[];
  sort: OpportunitySort;
  order: SortOrder;
  showInstance: boolean;
  /** The rows are the previous query's, shown while the new sort or filter loads. */
  loading: boolean;
  onSort: (column: OpportunitySort) => void;
}

function OpportunitiesTable({ rows, sort, order, showInstance, loading, onSort }: OpportunitiesTableProps) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={1180} type="native">
        <Table
          fz="xs"
          verticalSpacing={4}
          horizontalSpacing="xs"
          striped
          highlightOnHover
          aria-label="Opportunities"
          style={{ fontVariantNumeric: 'tabular-nums' }}
          data-testid="opportunities-table"
          aria-busy={loading}
          // What the rows on screen are sorted by: set once they are the answer to the current sort.
          data-sort={loading ? undefined : sort}
          data-order={loading ? undefined : order}
        >
          <Table.Thead>
            <Table.Tr>
              {OPPORTUNITY_COLUMNS.map((column) => {
                const active = column.sort !== null && column.sort === sort;
                return (
                  <Table.Th
                    key={column.id}
                    ta={column.numeric ? 'right' : 'left'}
                    title={column.title}
                    aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}
                    style={{ whiteSpace: 'nowrap' }}
                  >
                    {column.sort ? (
                      <UnstyledButton
                        onClick={() => column.sort && onSort(column.sort)}
                        fz="xs"
                        fw={700}
                        data-testid={`sort-${column.sort}`}
                        aria-label={`Sort by ${column.title}`}
                      >
                        {column.label}
                        {active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
                      </UnstyledButton>
                    ) : (
                      column.label
                    )}
                  </Table.Th>
                );
              })}
              {showInstance && <Table.Th>Instance</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id} data-testid="opportunity-row" data-symbol={row.symbol} data-right={row.right}>
                {OPPORTUNITY_COLUMNS.map((column) => (
                  <Table.Td
                    key={column.id}
                    ta={column.numeric ? 'right' : 'left'}
                    ff={column.numeric ? 'monospace' : undefined}
                    style={{ whiteSpace: 'nowrap' }}
                    data-col={column.id}
                  >
                    {column.id === 'symbol' ? (
                      <Anchor component={Link} to={chainLink(row)} fw={700} size="xs" data-testid="chain-link">
                        {row.symbol}
                      </Anchor>
                    ) : (
                      column.format(row)
                    )}
                  </Table.Td>
                ))}
                {showInstance && (
                  <Table.Td style={{ whiteSpace: 'nowrap' }} c="dimmed">
                    {row.instanceName ?? ''}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
