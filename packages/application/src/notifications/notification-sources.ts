// Where notifications come from: the order flow's trading events and newly raised alerts, turned into notify() calls.
import { newYorkDateOf } from '@optionstrader/domain';
import type { TradingEvent, TradingEvents } from '../orders/order-events';
import type {
  AccountsQuery,
  AlertRecord,
  AlertsRepository,
  OrdersRepository,
  RaiseAlert,
  StrategyRepository,
} from '../ports';
import type { NotificationService } from './notification.service';
import type { NotifyEvent } from './templates';

const DIGEST_ITEMS = 20;

export interface TradingNotificationDeps {
  notifications: Pick<NotificationService, 'notify'>;
  orders: Pick<OrdersRepository, 'get'>;
  accounts: Pick<AccountsQuery, 'get'>;
  strategies: Pick<StrategyRepository, 'getInstance' | 'listRecommendations'>;
  onError?: (error: unknown) => void;
}

/** The notification a trading event stands for, or null (submissions, cancels and rejects are not notified). */
export async function tradingEventNotification(
  event: TradingEvent,
  deps: Omit<TradingNotificationDeps, 'notifications' | 'onError'>,
): Promise<NotifyEvent | null> {
  switch (event.type) {
    case 'order_filled': {
      const order = await deps.orders.get(event.orderId);
      if (!order) return null;
      const quantity = Math.abs(event.quantity);
      return {
        kind: 'fill',
        key: `order:${event.orderId}`,
        accountId: order.accountId,
        accountCode: event.accountCode,
        orderId: event.orderId,
        symbol: event.symbol,
        quantity: order.side === 'sell' ? -quantity : quantity,
        price: order.avgFillPrice,
      };
    }
    case 'option_event': {
      const account = await deps.accounts.get(event.accountId);
      return {
        kind: 'assignment',
        key: `${event.accountId}:${event.kind}:${event.symbol}:${newYorkDateOf(event.at.getTime())}`,
        accountId: event.accountId,
        accountCode: account?.accountCode ?? event.accountId,
        what: event.kind,
        contract: event.symbol,
        quantity: event.quantity,
      };
    }
    case 'kill_switch_changed':
      return {
        kind: 'kill_switch',
        key: event.at.toISOString(),
        autotradeEnabled: event.enabled,
        changedBy: event.by,
        cancelledOrders: event.cancelledOrders,
      };
    case 'recommendations_created': {
      if (event.count <= 0) return null;
      const instance = await deps.strategies.getInstance(event.instanceId);
      if (!instance) return null;
      const pending = await deps.strategies.listRecommendations({
        instanceId: event.instanceId,
        status: 'pending',
        limit: DIGEST_ITEMS,
      });
      return {
        kind: 'recommendations_digest',
        key: `${event.instanceId}:${event.at.toISOString()}`,
        accountId: instance.accountId,
        accountCode: instance.accountCode,
        strategy: instance.name,
        count: event.count,
        items: pending.map((r) => ({
          symbol: r.symbol,
          action: r.action,
          quantity: r.quantity,
          limitPrice: r.limitPrice,
        })),
      };
    }
    default:
      return null;
  }
}

/** Notifies what the order flow publishes; returns the unsubscribe function. */
export function notifyTradingEvents(events: TradingEvents, deps: TradingNotificationDeps): () => void {
  return events.subscribe((event) => {
    void tradingEventNotification(event, deps)
      .then((notification) => (notification ? deps.notifications.notify(notification) : undefined))
      .catch((error: unknown) => deps.onError?.(error));
  });
}

/** `risk_*` alerts are risk alerts; every other kind the system raises is about the broker feed or connection. */
export function alertNotification(alert: AlertRecord, raised: RaiseAlert): NotifyEvent {
  if (alert.kind.startsWith('risk_')) {
    return {
      kind: 'risk_alert',
      key: alert.id,
      accountId: raised.accountId ?? null,
      clientId: raised.clientId ?? null,
      severity: alert.severity,
      alertKind: alert.kind,
      message: alert.message,
    };
  }
  return { kind: 'connectivity', key: alert.id, message: alert.message, recovered: alert.severity === 'info' };
}

/**
 * The alerts repository, notifying each alert it newly raises (an alert already open is not notified again). The
 * notification never fails or delays the raise.
 */
export function notifyingAlerts(
  alerts: AlertsRepository,
  notifications: Pick<NotificationService, 'notify'>,
): AlertsRepository {
  return {
    ...alerts,
    async raise(input) {
      const result = await alerts.raise(input);
      // Not awaited: the monitor that raised it goes on at once (notify() stores, queues and never throws).
      if (result.created) void notifications.notify(alertNotification(result.alert, input));
      return result;
    },
  };
}
