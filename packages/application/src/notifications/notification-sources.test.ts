import { describe, expect, it } from 'vitest';
import { createTradingEvents } from '../orders/order-events';
import type { OrderRecord, RecommendationRecord, SnapshotRecord, StrategyInstanceRecord } from '../ports';
import { inMemoryAlerts } from '../testing/in-memory-alerts';
import { dayPnlOf } from './daily-summary-source';
import { notifyingAlerts, notifyTradingEvents, tradingEventNotification } from './notification-sources';
import type { NotifyEvent } from './templates';

const at = new Date('2026-03-09T15:00:00Z');

const lookups = {
  orders: {
    get: async (id: string) =>
      id === 'o-1'
        ? ({ id, accountId: 'acc-1', side: 'sell', avgFillPrice: '2.10' } as unknown as OrderRecord) // only what is read
        : undefined,
  },
  accounts: { get: async () => undefined },
  strategies: {
    getInstance: async (id: string) =>
      ({ id, name: 'Wheel SPY', accountId: 'acc-1', accountCode: 'DU111' }) as unknown as StrategyInstanceRecord,
    listRecommendations: async () =>
      [{ symbol: 'SPY', action: 'sell_put', quantity: 1, limitPrice: '1.05' }] as unknown as RecommendationRecord[],
  },
};

describe('trading events → notifications', () => {
  it('a fill names the order’s account and side, priced at its average fill', async () => {
    const event = await tradingEventNotification(
      { type: 'order_filled', orderId: 'o-1', accountCode: 'DU111', symbol: 'SPY', quantity: 2, at },
      lookups,
    );
    expect(event).toEqual({
      kind: 'fill',
      key: 'order:o-1',
      accountId: 'acc-1',
      accountCode: 'DU111',
      orderId: 'o-1',
      symbol: 'SPY',
      quantity: -2,
      price: '2.10',
    });
  });

  it('option events, the kill switch and new recommendations; submissions are not notified', async () => {
    expect(
      await tradingEventNotification(
        { type: 'option_event', kind: 'assignment', accountId: 'acc-1', symbol: 'SPY P500', quantity: 1, at },
        lookups,
      ),
    ).toMatchObject({ kind: 'assignment', key: 'acc-1:assignment:SPY P500:2026-03-09', accountCode: 'acc-1' });
    expect(
      await tradingEventNotification(
        { type: 'kill_switch_changed', enabled: false, by: 'u1', cancelledOrders: 1, at },
        lookups,
      ),
    ).toMatchObject({ kind: 'kill_switch', autotradeEnabled: false, key: at.toISOString() });
    expect(
      await tradingEventNotification({ type: 'recommendations_created', instanceId: 'i-1', count: 1, at }, lookups),
    ).toMatchObject({ kind: 'recommendations_digest', accountId: 'acc-1', strategy: 'Wheel SPY', count: 1 });
    expect(
      await tradingEventNotification(
        { type: 'order_submitted', orderId: 'o-1', accountCode: 'DU1', mode: 'paper', automated: false, at },
        lookups,
      ),
    ).toBeNull();
  });

  it('subscribes to the bus; a failing lookup is reported, never thrown into the publisher', async () => {
    const events = createTradingEvents();
    const notified: NotifyEvent[] = [];
    const errors: unknown[] = [];
    // Both outcomes (one notified, one reported) arrive asynchronously; wait for the two.
    let outcomes = 0;
    let settle: () => void = () => {};
    const done = new Promise<void>((resolve) => (settle = resolve));
    const count = () => {
      outcomes += 1;
      if (outcomes === 2) settle();
    };
    notifyTradingEvents(events, {
      ...lookups,
      orders: {
        get: async () => {
          throw new Error('db down');
        },
      },
      notifications: {
        notify: async (event) => {
          notified.push(event);
          count();
          return [];
        },
      },
      onError: (error) => {
        errors.push(error);
        count();
      },
    });
    events.publish({ type: 'order_filled', orderId: 'o-1', accountCode: 'DU1', symbol: 'SPY', quantity: 1, at });
    events.publish({ type: 'kill_switch_changed', enabled: true, by: null, cancelledOrders: 0, at });
    await done;
    expect(notified.map((e) => e.kind)).toEqual(['kill_switch']);
    expect(errors).toHaveLength(1);
  });
});

describe('alerts → notifications', () => {
  it('notifies a newly raised alert once, as a risk alert or a connectivity problem', async () => {
    const store = inMemoryAlerts();
    const notified: NotifyEvent[] = [];
    const alerts = notifyingAlerts(store.repo, {
      notify: async (event) => {
        notified.push(event);
        return [];
      },
    });
    await alerts.raise({ kind: 'risk_rule', severity: 'warning', message: 'm', at, accountId: 'acc-1' });
    await alerts.raise({ kind: 'risk_rule', severity: 'warning', message: 'm', at, accountId: 'acc-1' });
    await alerts.raise({ kind: 'broker_sync_failed', severity: 'critical', message: 'down', at });
    expect(notified).toEqual([
      {
        kind: 'risk_alert',
        key: 'a1',
        accountId: 'acc-1',
        clientId: null,
        severity: 'warning',
        alertKind: 'risk_rule',
        message: 'm',
      },
      { kind: 'connectivity', key: 'a2', message: 'down', recovered: false },
    ]);
  });
});

describe('day P&L of the daily summary', () => {
  const snapshot = (asOf: string, nlv: string | null) =>
    ({ asOf: new Date(asOf), netLiquidation: nlv }) as SnapshotRecord;

  it('latest minus the last snapshot of an earlier New York day; unknown without one', async () => {
    const latest = snapshot('2026-03-09T20:00:00Z', '101000.50');
    const before: Date[] = [];
    const accounts = {
      snapshotBefore: async (_id: string, b: Date) => {
        before.push(b);
        return snapshot('2026-03-06T21:00:00Z', '100000');
      },
    };
    expect(await dayPnlOf(accounts, 'a', latest)).toBe('1000.50');
    // Midnight in New York (EDT started 2026-03-08: UTC−4).
    expect(before).toEqual([new Date('2026-03-09T04:00:00Z')]);
    expect(await dayPnlOf({ snapshotBefore: async () => undefined }, 'a', latest)).toBeNull();
    expect(await dayPnlOf(accounts, 'a', snapshot('2026-03-09T20:00:00Z', null))).toBeNull();
    expect(await dayPnlOf(accounts, 'a', null)).toBeNull();
  });
});
