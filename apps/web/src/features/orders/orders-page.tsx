// Orders & Executions: the orders (working ones by default, polled while any works), each opening to its executions
// and cancellable while it works; every execution; option events; and the trade journal of closed trades. The tab,
// filters and the opened order live in the URL, so a link can point at one order.
import { Alert, Group, Paper, Select, Stack, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { fetchAccounts } from '../dashboard/read.api';
import { ExecutionsTable, JournalTable, OptionEventsTable } from './activity-tables';
import { ORDER_FILTERS, parseOrderFilter, statusQuery, type OrderFilter } from './order-format';
import { OrdersTable } from './orders-table';
import { useOrders } from './orders.api';

const TABS = ['orders', 'executions', 'events', 'journal'] as const;
type Tab = (typeof TABS)[number];
const parseTab = (value: string | null): Tab => TABS.find((t) => t === value) ?? 'orders';

export function OrdersPage() {
  const [params, setParams] = useSearchParams();
  const tab = parseTab(params.get('tab'));
  const filter = parseOrderFilter(params.get('status'));
  const accountId = params.get('accountId') ?? undefined;
  const openId = params.get('order');

  const set = (patch: Record<string, string | null>) =>
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

  const accounts = useQuery({ queryKey: ['accounts'], queryFn: fetchAccounts });

  return (
    <Stack gap="md">
      <PageHeader title="Orders" />
      <Group gap="sm" align="end" wrap="wrap">
        <Select
          label="Account"
          placeholder="All accounts"
          data={(accounts.data?.accounts ?? []).map((a) => ({
            value: a.id,
            label: a.label ? `${a.label} · ${a.accountCode}` : a.accountCode,
          }))}
          value={accountId ?? null}
          onChange={(value) => set({ accountId: value })}
          clearable
          size="xs"
          w={220}
        />
        {tab === 'orders' && (
          <Select
            label="Status"
            data={ORDER_FILTERS.map((f) => ({ value: f.value, label: f.label }))}
            value={filter}
            onChange={(value) => set({ status: value === 'working' ? null : value, order: null })}
            allowDeselect={false}
            size="xs"
            w={140}
          />
        )}
      </Group>
      <Tabs value={tab} onChange={(value) => set({ tab: value === 'orders' ? null : value })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="orders">Orders</Tabs.Tab>
          <Tabs.Tab value="executions">Executions</Tabs.Tab>
          <Tabs.Tab value="events">Option events</Tabs.Tab>
          <Tabs.Tab value="journal">Trade journal</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="orders" pt="sm">
          <OrdersSection filter={filter} accountId={accountId} openId={openId} onOpen={(id) => set({ order: id })} />
        </Tabs.Panel>
        <Tabs.Panel value="executions" pt="sm">
          <ExecutionsTable accountId={accountId} />
        </Tabs.Panel>
        <Tabs.Panel value="events" pt="sm">
          <OptionEventsTable accountId={accountId} />
        </Tabs.Panel>
        <Tabs.Panel value="journal" pt="sm">
          <JournalTable accountId={accountId} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

interface OrdersSectionProps {
  filter: OrderFilter;
  accountId: string | undefined;
  openId: string | null;
  onOpen: (id: string | null) => void;
}

function OrdersSection({ filter, accountId, openId, onOpen }: OrdersSectionProps) {
  const orders = useOrders({ status: statusQuery(filter), accountId });
  const list = orders.data?.orders ?? [];
  const working = list.filter((o) => o.working).length;
  const label = ORDER_FILTERS.find((f) => f.value === filter)?.label.toLowerCase() ?? filter;
  return (
    <Stack gap="xs">
      {orders.isError && (
        <Alert color="red" variant="light" title="Could not load the orders">
          {orders.error.message}
        </Alert>
      )}
      {orders.isPending && (
        <Text size="sm" c="dimmed">
          Loading orders…
        </Text>
      )}
      {orders.data && (
        <Text size="xs" c="dimmed" data-testid="orders-count">
          {list.length} {filter === 'all' ? '' : `${label} `}order{list.length === 1 ? '' : 's'}
          {working > 0 ? ` · ${working} working, refreshed every few seconds` : ''}
        </Text>
      )}
      {orders.data && list.length === 0 && (
        <Paper withBorder p="md">
          <Text fw={600} size="sm">
            No {filter === 'all' ? '' : `${label} `}orders
          </Text>
          <Text size="sm" c="dimmed">
            Orders appear when a recommendation is approved (Recommendations → Approve) or a strategy trades
            automatically.
          </Text>
        </Paper>
      )}
      {list.length > 0 && <OrdersTable orders={list} openId={openId} onOpen={onOpen} />}
    </Stack>
  );
}
