// What the adapter knows of orders and fills, whoever placed them: orders by TWS order id (and by orderRef, the
// idempotency key), executions by exec id with commissions joined in. TWS repeats ORDER_STATUS, re-sends
// executions on every backfill and sends a BAG combo's fill once per leg plus once for the BAG: each change is
// reported once, each exec id stored once, and the BAG's own execution is not a fill of any instrument.
import type {
  BrokerExecution,
  BrokerOrder,
  BrokerOrderStatus,
  Decimal,
  OrderLeg,
  OrderType,
  TimeInForce,
} from '@optionstrader/application';
import { isTerminal, orderStatusOf } from './translate';

export interface TrackedOrder {
  orderId: number;
  permId: number | null;
  orderRef: string | null;
  accountCode: string;
  legs: OrderLeg[];
  quantity: number;
  orderType: OrderType;
  limitPrice: Decimal | null;
  tif: TimeInForce;
  twsStatus: string;
  filled: number;
  averageFillPrice: Decimal | null;
  statusMessage: string | null;
  rejected: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderBook {
  byId(orderId: number): TrackedOrder | undefined;
  byRef(orderRef: string): TrackedOrder | undefined;
  byPermId(permId: number): TrackedOrder | undefined;
  /** Inserts or merges what an OPEN_ORDER / COMPLETED_ORDER / placement said; returns the order if it changed. */
  upsert(order: TrackedOrder): BrokerOrder | null;
  /** Applies an ORDER_STATUS; null when it repeats what is known (TWS sends duplicates). */
  status(
    orderId: number,
    update: { status: string; filled: number; avgFillPrice: Decimal | null; permId: number | null },
    at: Date,
  ): BrokerOrder | null;
  /** Marks an order rejected (ERR 201 and friends) with the broker's words. */
  reject(orderId: number, message: string, at: Date): BrokerOrder | null;
  all(): BrokerOrder[];
  /** Drops an order TWS never took (ERR 103: its id was in use), so its key can be placed under a new id. */
  forget(orderId: number): void;
  /** Stores an execution; false when its exec id is known already (a repeat or a backfill). */
  addExecution(execution: BrokerExecution): boolean;
  /** Joins a commission to its execution; the execution with it, or null when the fill has not arrived yet. */
  addCommission(execId: string, commission: Decimal, currency: string): BrokerExecution | null;
  execution(execId: string): BrokerExecution | undefined;
  executions(): BrokerExecution[];
  /** The newest execution time seen: a reconnect backfills from there. */
  lastExecutionAt(): Date | null;
}

export function toBrokerOrder(order: TrackedOrder): BrokerOrder {
  return {
    brokerOrderId: String(order.orderId),
    permId: order.permId === null ? null : String(order.permId),
    idempotencyKey: order.orderRef,
    accountCode: order.accountCode,
    legs: order.legs,
    quantity: order.quantity,
    orderType: order.orderType,
    limitPrice: order.limitPrice,
    tif: order.tif,
    status: statusOf(order),
    filledQuantity: order.filled,
    averageFillPrice: order.averageFillPrice,
    statusMessage: order.statusMessage,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

function statusOf(order: TrackedOrder): BrokerOrderStatus {
  return orderStatusOf(order.twsStatus, order.filled, order.rejected);
}

const sameOrder = (a: BrokerOrder, b: BrokerOrder) =>
  a.status === b.status &&
  a.filledQuantity === b.filledQuantity &&
  a.averageFillPrice === b.averageFillPrice &&
  a.permId === b.permId &&
  a.statusMessage === b.statusMessage &&
  a.legs.length === b.legs.length &&
  a.limitPrice === b.limitPrice &&
  a.quantity === b.quantity;

export function createOrderBook(): OrderBook {
  const orders = new Map<number, TrackedOrder>();
  const refs = new Map<string, number>();
  const perms = new Map<number, number>();
  const fills = new Map<string, BrokerExecution>();
  /** Commissions that came before their execution (TWS may send them in either order). */
  const earlyCommissions = new Map<string, { commission: Decimal; currency: string }>();
  let newestFill: Date | null = null;

  const index = (order: TrackedOrder) => {
    if (order.orderRef) refs.set(order.orderRef, order.orderId);
    if (order.permId !== null) perms.set(order.permId, order.orderId);
  };

  /** Applies `change` to an order and reports the result only if something a consumer sees changed. */
  const change = (order: TrackedOrder, apply: (o: TrackedOrder) => void): BrokerOrder | null => {
    const before = toBrokerOrder(order);
    // A terminal order does not come back to life on a late duplicate status.
    if (isTerminal(before.status)) {
      const probe = { ...order };
      apply(probe);
      const after = toBrokerOrder(probe);
      if (!isTerminal(after.status) || after.filledQuantity < before.filledQuantity) return null;
    }
    apply(order);
    index(order);
    const after = toBrokerOrder(order);
    return sameOrder(before, after) ? null : after;
  };

  return {
    byId: (orderId) => orders.get(orderId),
    byRef: (orderRef) => {
      const id = refs.get(orderRef);
      return id === undefined ? undefined : orders.get(id);
    },
    byPermId: (permId) => {
      const id = perms.get(permId);
      return id === undefined ? undefined : orders.get(id);
    },
    upsert(incoming) {
      const known = orders.get(incoming.orderId);
      if (!known) {
        orders.set(incoming.orderId, incoming);
        index(incoming);
        return toBrokerOrder(incoming);
      }
      return change(known, (order) => {
        order.permId = incoming.permId ?? order.permId;
        order.orderRef = incoming.orderRef ?? order.orderRef;
        if (incoming.legs.length > 0) order.legs = incoming.legs;
        order.quantity = incoming.quantity;
        order.orderType = incoming.orderType;
        order.limitPrice = incoming.limitPrice;
        order.tif = incoming.tif;
        // OPEN_ORDER's state is older news than a fill already counted by ORDER_STATUS.
        if (incoming.filled >= order.filled) {
          order.twsStatus = incoming.twsStatus;
          order.filled = incoming.filled;
          order.averageFillPrice = incoming.averageFillPrice ?? order.averageFillPrice;
        }
        order.statusMessage = incoming.statusMessage ?? order.statusMessage;
        order.rejected = order.rejected || incoming.rejected;
        order.updatedAt = incoming.updatedAt;
      });
    },
    status(orderId, update, at) {
      const order = orders.get(orderId);
      if (!order) return null;
      return change(order, (o) => {
        if (update.filled < o.filled) return; // reordered: an older status after a newer fill
        o.twsStatus = update.status;
        o.filled = update.filled;
        o.averageFillPrice = update.avgFillPrice ?? o.averageFillPrice;
        o.permId = update.permId ?? o.permId;
        o.updatedAt = at;
      });
    },
    reject(orderId, message, at) {
      const order = orders.get(orderId);
      if (!order) return null;
      return change(order, (o) => {
        o.rejected = true;
        o.twsStatus = 'Inactive';
        o.statusMessage = message;
        o.updatedAt = at;
      });
    },
    all: () => [...orders.values()].map(toBrokerOrder),
    forget(orderId) {
      const order = orders.get(orderId);
      if (!order) return;
      orders.delete(orderId);
      if (order.orderRef && refs.get(order.orderRef) === orderId) refs.delete(order.orderRef);
      if (order.permId !== null && perms.get(order.permId) === orderId) perms.delete(order.permId);
    },
    addExecution(execution) {
      if (fills.has(execution.execId)) return false;
      const early = earlyCommissions.get(execution.execId);
      earlyCommissions.delete(execution.execId);
      fills.set(
        execution.execId,
        early ? { ...execution, commission: early.commission, commissionCurrency: early.currency } : execution,
      );
      if (newestFill === null || execution.executedAt > newestFill) newestFill = execution.executedAt;
      return true;
    },
    addCommission(execId, commission, currency) {
      const fill = fills.get(execId);
      if (!fill) {
        earlyCommissions.set(execId, { commission, currency });
        return null;
      }
      const joined = { ...fill, commission, commissionCurrency: currency };
      fills.set(execId, joined);
      return joined;
    },
    execution: (execId) => fills.get(execId),
    executions: () => [...fills.values()],
    lastExecutionAt: () => newestFill,
  };
}
