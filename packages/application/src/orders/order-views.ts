// Records of the order flow → the API's views (packages/contracts/src/orders.ts).
import type {
  AccountTradingView,
  ExecutionView,
  JournalResponse,
  OptionEventsResponse,
  OrderView,
} from '@optionstrader/contracts';
import type { JournalTrade } from '@optionstrader/domain';
import {
  type AccountTradingRecord,
  type ExecutionRecord,
  type OptionEventView,
  type OrderRecord,
  WORKING_ORDER_STATUSES,
} from '../ports';

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export function orderView(o: OrderRecord): OrderView {
  return {
    id: o.id,
    idempotencyKey: o.idempotencyKey,
    accountId: o.accountId,
    accountCode: o.accountCode,
    recommendationId: o.recommendationId,
    symbol: o.symbol,
    mode: o.mode,
    legs: o.legs.map((leg) => ({
      key: leg.key,
      symbol: leg.symbol,
      kind: leg.kind,
      right: leg.right,
      strike: leg.strike,
      expiry: leg.expiry,
      multiplier: leg.multiplier,
      side: leg.side,
      ratio: leg.ratio,
    })),
    side: o.side,
    limitPrice: o.limitPrice,
    tif: o.tif === 'gtc' ? 'GTC' : 'DAY',
    status: o.status,
    working: WORKING_ORDER_STATUSES.includes(o.status),
    quantity: o.quantity,
    filledQuantity: o.filledQuantity,
    avgFillPrice: o.avgFillPrice,
    statusMessage: o.statusMessage,
    automated: o.automated,
    brokerOrderId: o.brokerOrderId,
    priceAttempt: o.priceAttempt,
    repriceLadder: o.reprice?.ladder ?? null,
    submittedAt: iso(o.submittedAt),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function executionView(e: ExecutionRecord): ExecutionView {
  return {
    id: e.id,
    execId: e.execId,
    orderId: e.orderId,
    accountId: e.accountId,
    accountCode: e.accountCode,
    key: e.key,
    symbol: e.symbol,
    side: e.side,
    quantity: e.quantity,
    price: e.price,
    commission: e.commission,
    executedAt: e.executedAt.toISOString(),
    mode: e.mode,
  };
}

export function optionEventView(e: OptionEventView): OptionEventsResponse['events'][number] {
  return {
    id: e.id,
    kind: e.kind,
    accountId: e.accountId,
    accountCode: e.accountCode,
    key: e.key,
    symbol: e.symbol,
    quantity: e.quantity,
    occurredAt: e.occurredAt.toISOString(),
    source: e.source,
  };
}

export function journalTradeView(t: JournalTrade): JournalResponse['trades'][number] {
  return {
    accountId: t.accountId,
    accountCode: t.accountCode,
    key: t.key,
    symbol: t.symbol,
    kind: t.kind,
    direction: t.direction,
    quantity: t.quantity,
    openedAt: t.openedAt.toISOString(),
    closedAt: t.closedAt.toISOString(),
    daysHeld: t.daysHeld,
    premium: t.premium,
    commissions: t.commissions,
    realizedPnl: t.realizedPnl,
    closedBy: t.closedBy,
    mode: t.mode,
  };
}

export function accountTradingView(a: AccountTradingRecord): AccountTradingView {
  return {
    accountId: a.accountId,
    accountCode: a.accountCode,
    orderMode: a.orderMode,
    liveEnabledAt: a.orderMode === 'live' ? a.updatedAt.toISOString() : null,
  };
}
