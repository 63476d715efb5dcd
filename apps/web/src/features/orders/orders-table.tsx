// The orders table: one row per order (newest first) with its mode, fills, prices and status; a row opens to its
// details and executions; a working order can be cancelled after a confirmation. Polled while any order works.
import { ActionIcon, Alert, Badge, Button, Group, Modal, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { OrderView } from '@optionstrader/contracts';
import { Fragment, useState } from 'react';
import { formatDateTime, formatFixed, formatQuantity } from '../dashboard/read-format';
import { Guard } from '../access/use-access';
import { ModeBadge, NO_TRUNCATE } from './mode-badge';
import { fillText, ORDER_STATUS_COLOR, orderLegsText, orderPriceText, orderStatusLabel } from './order-format';
import { useCancelOrder, useOrder } from './orders.api';

const COLUMNS = 12;

interface OrdersTableProps {
  orders: readonly OrderView[];
  /** The order opened to its executions (from the URL), or null. */
  openId: string | null;
  onOpen: (id: string | null) => void;
}

export function OrdersTable({ orders, openId, onOpen }: OrdersTableProps) {
  const [cancelling, setCancelling] = useState<OrderView | null>(null);
  return (
    <>
      <Table.ScrollContainer minWidth={960} type="native">
        <Table
          striped
          highlightOnHover
          verticalSpacing={4}
          fz="sm"
          data-testid="orders-table"
          aria-label="Orders"
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={32} />
              <Table.Th>Created</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th>Symbol / legs</Table.Th>
              <Table.Th>Mode</Table.Th>
              <Table.Th>Side</Table.Th>
              <Table.Th ta="right">Filled / qty</Table.Th>
              <Table.Th ta="right">Limit</Table.Th>
              <Table.Th ta="right">Avg fill</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {orders.map((order) => {
              const open = order.id === openId;
              return (
                <Fragment key={order.id}>
                  <Table.Tr
                    data-testid="order-row"
                    data-order-id={order.id}
                    data-status={order.status}
                    data-mode={order.mode}
                    data-working={order.working ? 'true' : 'false'}
                    aria-selected={open}
                  >
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        onClick={() => onOpen(open ? null : order.id)}
                        aria-expanded={open}
                        aria-label={`${open ? 'Hide' : 'Show'} executions of the ${order.symbol} order created ${formatDateTime(order.createdAt)}`}
                      >
                        {open ? '▾' : '▸'}
                      </ActionIcon>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(order.createdAt)}</Table.Td>
                    <Table.Td>{order.accountCode}</Table.Td>
                    <Table.Td maw={280}>
                      <Text size="sm" fw={600}>
                        {order.symbol}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }} data-testid="order-legs">
                        {orderLegsText(order)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ModeBadge mode={order.mode} />
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        size="sm"
                        variant="light"
                        color={order.side === 'sell' ? 'orange' : 'blue'}
                        styles={NO_TRUNCATE}
                      >
                        {order.side}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" data-testid="order-fill">
                      {fillText(order)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" style={{ whiteSpace: 'nowrap' }} data-testid="order-limit">
                      {orderPriceText(order, order.limitPrice)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {orderPriceText(order, order.avgFillPrice)}
                    </Table.Td>
                    <Table.Td maw={200}>
                      <Badge
                        color={ORDER_STATUS_COLOR[order.status]}
                        variant="light"
                        size="sm"
                        styles={NO_TRUNCATE}
                        data-testid="order-status"
                      >
                        {orderStatusLabel(order.status)}
                      </Badge>
                      {order.statusMessage && (
                        <Text size="xs" c="dimmed" lineClamp={open ? undefined : 2} title={order.statusMessage}>
                          {order.statusMessage}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {order.automated ? (
                        <Tooltip label="Placed by a strategy's auto-trading">
                          <Badge
                            size="sm"
                            variant="outline"
                            color="grape"
                            styles={NO_TRUNCATE}
                            data-testid="order-automated"
                          >
                            auto
                          </Badge>
                        </Tooltip>
                      ) : (
                        <Text size="xs" c="dimmed">
                          manual
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {order.working && order.status !== 'cancel_requested' && (
                        <Guard permission="trade" action="cancel orders">
                          {(allowed) => (
                            <Button
                              size="compact-xs"
                              variant="light"
                              color="red"
                              disabled={!allowed}
                              onClick={() => setCancelling(order)}
                              aria-label={`Cancel the ${order.symbol} order created ${formatDateTime(order.createdAt)}`}
                            >
                              Cancel
                            </Button>
                          )}
                        </Guard>
                      )}
                    </Table.Td>
                  </Table.Tr>
                  {open && (
                    <Table.Tr>
                      <Table.Td />
                      <Table.Td colSpan={COLUMNS - 1}>
                        <OrderDetail id={order.id} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <CancelDialog order={cancelling} onClose={() => setCancelling(null)} />
    </>
  );
}

function CancelDialog({ order, onClose }: { order: OrderView | null; onClose: () => void }) {
  const cancel = useCancelOrder();
  const close = () => {
    cancel.reset();
    onClose();
  };
  return (
    <Modal opened={order !== null} onClose={close} title={order ? `Cancel the ${order.symbol} order?` : ''}>
      {order && (
        <Stack gap="sm">
          <Text size="sm">
            {order.side.toUpperCase()} {formatQuantity(String(order.quantity))} {orderLegsText(order)} at{' '}
            {orderPriceText(order, order.limitPrice)} ({order.mode}). {fillText(order)} filled so far; the rest is
            cancelled{order.mode === 'live' ? ' at the broker (a fill may still arrive before it confirms)' : ''}.
          </Text>
          {cancel.isError && (
            <Alert color="red" variant="light" title="Could not cancel" data-testid="cancel-error">
              {cancel.error.message}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close} data-autofocus>
              Keep it
            </Button>
            <Button
              color="red"
              loading={cancel.isPending}
              onClick={() => cancel.mutate(order.id, { onSuccess: close })}
            >
              Cancel order
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** One order in full: its terms, repricing, identifiers and executions (polled while it works). */
function OrderDetail({ id }: { id: string }) {
  const detail = useOrder(id);
  if (detail.isPending) {
    return (
      <Text size="sm" c="dimmed">
        Loading the order…
      </Text>
    );
  }
  if (detail.isError) {
    return (
      <Alert color="red" variant="light" title="Could not load the order">
        {detail.error.message}
      </Alert>
    );
  }
  const order = detail.data;
  return (
    <Stack gap="xs" data-testid="order-detail" data-order-id={order.id}>
      <Group gap="lg" wrap="wrap">
        <Text size="xs">
          <Text span c="dimmed" size="xs">
            TIF{' '}
          </Text>
          {order.tif}
        </Text>
        <Text size="xs">
          <Text span c="dimmed" size="xs">
            Submitted{' '}
          </Text>
          {formatDateTime(order.submittedAt)}
        </Text>
        <Text size="xs">
          <Text span c="dimmed" size="xs">
            Broker order{' '}
          </Text>
          {order.brokerOrderId ?? '—'}
        </Text>
        <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
          <Text span c="dimmed" size="xs">
            Order ref{' '}
          </Text>
          <Text span ff="monospace" size="xs">
            {order.idempotencyKey}
          </Text>
        </Text>
      </Group>
      {order.repriceLadder && order.repriceLadder.length > 0 && (
        <Text size="xs" data-testid="order-ladder">
          <Text span c="dimmed" size="xs">
            Repricing{' '}
          </Text>
          {order.repriceLadder.map((price, index) => (
            <Text
              key={index}
              span
              size="xs"
              ff="monospace"
              fw={index === order.priceAttempt ? 700 : undefined}
              td={index < order.priceAttempt ? 'line-through' : undefined}
            >
              {orderPriceText(order, price)}
              {index < (order.repriceLadder?.length ?? 0) - 1 ? ' → ' : ''}
            </Text>
          ))}
          <Text span c="dimmed" size="xs">
            {' '}
            (step {order.priceAttempt + 1} of {order.repriceLadder.length})
          </Text>
        </Text>
      )}
      {order.executions.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-executions">
          No executions{order.working ? ' yet' : ''}.
        </Text>
      ) : (
        <Table withTableBorder fz="xs" verticalSpacing={2} aria-label="Executions of this order">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Instrument</Table.Th>
              <Table.Th>Side</Table.Th>
              <Table.Th ta="right">Qty</Table.Th>
              <Table.Th ta="right">Price</Table.Th>
              <Table.Th ta="right">Commission</Table.Th>
              <Table.Th>Exec id</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.executions.map((execution) => (
              <Table.Tr key={execution.id} data-testid="order-execution">
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(execution.executedAt)}</Table.Td>
                <Table.Td ff="monospace">{execution.key}</Table.Td>
                <Table.Td>{execution.side}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatQuantity(String(execution.quantity))}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatFixed(Number(execution.price), 2)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {execution.commission === null ? '—' : formatFixed(Number(execution.commission), 2)}
                </Table.Td>
                <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                  {execution.execId}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
