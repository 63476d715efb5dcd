import { describe, expect, it } from 'vitest';
import type { Broker, BrokerEvent, BrokerKind, ConnectionState } from '../ports';
import { createBrokerStatusTracker, type BrokerSetup } from './broker-status';

const T0 = new Date('2026-03-09T15:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/**
 * The slice of a Broker the tracker uses (kind, state, events), with a hand-driven event stream. The testkit's fake
 * broker cannot emit events, and the application may not import testkit (see .dependency-cruiser.cjs).
 */
function stubBroker(kind: BrokerKind = 'ibkr') {
  let state: ConnectionState = 'ready';
  const listeners = new Set<(event: BrokerEvent) => void>();
  const unused = () => Promise.reject(new Error('not used by the status tracker'));
  const broker: Broker = {
    kind,
    connect: unused,
    disconnect: unused,
    connectionState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    accounts: unused,
    accountSummary: unused,
    positions: unused,
    contractDetails: unused,
    optionChainParams: unused,
    quotes: unused,
    openOrders: unused,
    completedOrders: unused,
    executions: unused,
    placeOrder: unused,
    cancelOrder: unused,
    whatIf: unused,
  };
  const emit = (event: BrokerEvent) => listeners.forEach((listener) => listener(event));
  return {
    broker,
    listeners,
    emit,
    /** The adapter changes state without (yet) telling its listeners. */
    setState(next: ConnectionState) {
      state = next;
    },
    /** The adapter changes state and says so, as the real ones do. */
    connection(next: ConnectionState, when: Date, message: string | null = null) {
      state = next;
      emit({ type: 'connection', state: next, message, at: when });
    },
    alert(severity: 'info' | 'warning' | 'error' | 'critical', message: string, when: Date) {
      emit({ type: 'alert', kind: 'ibkr_test', severity, message, at: when });
    },
  };
}

const SETUP: BrokerSetup = {
  endpoint: '127.0.0.1:4002',
  clientId: 7,
  marketDataType: 'delayed',
  readOnly: true,
  liveTradingEnabled: false,
  accounts: [{ code: 'DU123', type: 'margin_pm', label: 'Main' }],
};

function tracked(options: { historySize?: number; counters?: () => Record<string, number> } = {}) {
  const stub = stubBroker();
  const tracker = createBrokerStatusTracker({
    broker: stub.broker,
    clock: { now: () => T0 },
    setup: SETUP,
    ...options,
  });
  return { stub, tracker };
}

describe('createBrokerStatusTracker', () => {
  it('starts with the adapter state since its creation, the setup as given, and no events or counters', () => {
    const { tracker } = tracked();
    expect(tracker.status()).toEqual({
      kind: 'ibkr',
      state: 'ready',
      since: T0,
      setup: SETUP,
      events: [],
      counters: {},
    });
  });

  it('records connection changes and alerts, newest first', () => {
    const { stub, tracker } = tracked();
    stub.connection('degraded', at(1), 'Market data farm connection is broken: usfarm');
    stub.alert('warning', 'Gateway unreachable for 2 minutes', at(2));
    stub.connection('ready', at(3));

    expect(tracker.status().events).toEqual([
      { at: at(3), kind: 'connection', state: 'ready', severity: null, message: '' },
      { at: at(2), kind: 'alert', state: null, severity: 'warning', message: 'Gateway unreachable for 2 minutes' },
      {
        at: at(1),
        kind: 'connection',
        state: 'degraded',
        severity: null,
        message: 'Market data farm connection is broken: usfarm',
      },
    ]);
  });

  it('ignores broker events that are neither connection changes nor alerts', () => {
    const { stub, tracker } = tracked();
    stub.emit({ type: 'commission', execId: 'e1', commission: '1.05', currency: 'USD' });
    expect(tracker.status().events).toEqual([]);
  });

  it('moves `since` on a change of state only, not on a repeated state or an alert', () => {
    const { stub, tracker } = tracked();
    stub.connection('ready', at(5), 'reconnected'); // already ready
    stub.alert('error', 'decode error', at(6));
    expect(tracker.status().since).toEqual(T0);
    expect(tracker.status().events).toHaveLength(2);

    stub.connection('disconnected', at(10));
    expect(tracker.status()).toMatchObject({ state: 'disconnected', since: at(10) });
    stub.connection('disconnected', at(20), 'still down');
    expect(tracker.status().since).toEqual(at(10));
    stub.connection('connecting', at(30));
    expect(tracker.status()).toMatchObject({ state: 'connecting', since: at(30) });
  });

  it('keeps the newest `historySize` events (20 unless told)', () => {
    const { stub, tracker } = tracked({ historySize: 3 });
    for (let i = 1; i <= 5; i += 1) stub.alert('info', `alert ${i}`, at(i));
    expect(tracker.status().events.map((e) => e.message)).toEqual(['alert 5', 'alert 4', 'alert 3']);

    const byDefault = tracked();
    for (let i = 1; i <= 25; i += 1) byDefault.stub.alert('info', `alert ${i}`, at(i));
    const events = byDefault.tracker.status().events;
    expect(events).toHaveLength(20);
    expect([events[0]?.message, events[19]?.message]).toEqual(['alert 25', 'alert 6']);
  });

  it("reports the adapter's own state, even before its event arrives", () => {
    const { stub, tracker } = tracked();
    stub.setState('degraded');
    expect(tracker.status().state).toBe('degraded');
    expect(tracker.status().events).toEqual([]);
  });

  it('reads the counters afresh on every status', () => {
    const counters = { sent: 10, peakPerSecond: 3, marketDataLinesPeak: 1 };
    const { tracker } = tracked({ counters: () => ({ ...counters }) });
    expect(tracker.status().counters).toEqual({ sent: 10, peakPerSecond: 3, marketDataLinesPeak: 1 });
    counters.sent = 250;
    counters.peakPerSecond = 45;
    expect(tracker.status().counters).toEqual({ sent: 250, peakPerSecond: 45, marketDataLinesPeak: 1 });
  });

  it('hands out copies: a caller cannot change the history', () => {
    const { stub, tracker } = tracked();
    stub.alert('critical', 'original', at(1));
    const first = tracker.status();
    first.events[0]!.message = 'tampered';
    first.events.length = 0;
    expect(tracker.status().events.map((e) => e.message)).toEqual(['original']);
  });

  it('stops listening when stopped', () => {
    const { stub, tracker } = tracked();
    expect(stub.listeners.size).toBe(1);
    tracker.stop();
    expect(stub.listeners.size).toBe(0);
    stub.connection('disconnected', at(1));
    expect(tracker.status().events).toEqual([]);
    expect(tracker.status().since).toEqual(T0);
  });

  it('reports the kind of the adapter it watches', () => {
    const stub = stubBroker('sim');
    const tracker = createBrokerStatusTracker({ broker: stub.broker, clock: { now: () => T0 }, setup: SETUP });
    expect(tracker.status().kind).toBe('sim');
  });
});
