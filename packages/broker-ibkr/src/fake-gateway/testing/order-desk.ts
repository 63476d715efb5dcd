// Test helper: teaches a testkit fake broker to take and cancel orders and lets a test push broker events, so the
// fake gateway's order paths (PLACE_ORDER, CANCEL_ORDER, live order and fill events) run against a Broker port.
import { BrokerError, type BrokerEvent, type BrokerOrder, type OrderRequest } from '@optionstrader/application';
import type { FakeBroker } from '@optionstrader/testkit';

export interface OrderDesk {
  /** Every request that reached `placeOrder`, in order. */
  placed: OrderRequest[];
  /** Backend order ids `cancelOrder` was called with. */
  cancelled: string[];
  /** Pushes an event to every subscriber (the gateway's backend), as a live broker would. */
  emit(event: BrokerEvent): void;
}

/**
 * Installs `placeOrder`, `cancelOrder` and an event source on `broker` (call before the gateway subscribes). A
 * placed order is 'submitted' and listed in `broker.data.openOrders`; a cancelled one moves to `completedOrders`
 * and its 'order' event is pushed before `cancelOrder` returns.
 */
export function installOrderDesk(broker: FakeBroker, clock: () => Date): OrderDesk {
  const listeners = new Set<(event: BrokerEvent) => void>();
  const desk: OrderDesk = {
    placed: [],
    cancelled: [],
    emit(event) {
      for (const listener of listeners) listener(event);
    },
  };
  let next = 1;
  broker.subscribe = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  broker.placeOrder = async (request) => {
    desk.placed.push(structuredClone(request));
    const now = clock();
    const order: BrokerOrder = {
      brokerOrderId: `desk-${next++}`,
      permId: null,
      idempotencyKey: request.idempotencyKey,
      accountCode: request.accountCode,
      legs: request.legs,
      quantity: request.quantity,
      orderType: request.orderType,
      limitPrice: request.limitPrice,
      tif: request.tif,
      status: 'submitted',
      filledQuantity: 0,
      averageFillPrice: null,
      statusMessage: null,
      createdAt: now,
      updatedAt: now,
    };
    broker.data.openOrders.push(order);
    return structuredClone(order);
  };
  broker.cancelOrder = async (brokerOrderId) => {
    desk.cancelled.push(brokerOrderId);
    const index = broker.data.openOrders.findIndex((o) => o.brokerOrderId === brokerOrderId);
    const [open] = index < 0 ? [] : broker.data.openOrders.splice(index, 1);
    if (!open) throw new BrokerError('not_found', `order desk: no open order ${brokerOrderId}`);
    const cancelled: BrokerOrder = { ...open, status: 'cancelled', updatedAt: clock() };
    broker.data.completedOrders.push(cancelled);
    desk.emit({ type: 'order', order: structuredClone(cancelled) });
  };
  return desk;
}
