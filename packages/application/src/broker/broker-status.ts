// What the operator sees of the broker connection: its state and since when, the last connection changes and
// operator alerts the adapter raised, and how the adapter is set up (endpoint, accounts, safety switches).
import type { AccountType, Broker, BrokerEvent, BrokerKind, Clock, ConnectionState } from '../ports';

/** How the adapter was configured: shown as is (no secrets live here). */
export interface BrokerSetup {
  endpoint: string | null;
  clientId: number | null;
  marketDataType: string | null;
  readOnly: boolean;
  liveTradingEnabled: boolean;
  /** Accounts the operator listed (empty: every account the broker manages). */
  accounts: { code: string; type: AccountType | null; label: string | null }[];
}

export interface BrokerStatusEvent {
  at: Date;
  kind: 'connection' | 'alert';
  state: ConnectionState | null;
  severity: 'info' | 'warning' | 'error' | 'critical' | null;
  message: string;
}

export interface BrokerStatus {
  kind: BrokerKind;
  state: ConnectionState;
  since: Date;
  setup: BrokerSetup;
  /** Newest first, at most `historySize`. */
  events: BrokerStatusEvent[];
  /** Adapter counters (IBKR: messages sent, peak messages per second, market-data lines at peak). */
  counters: Record<string, number>;
}

export interface BrokerStatusTracker {
  status(): BrokerStatus;
  stop(): void;
}

export function createBrokerStatusTracker(deps: {
  broker: Broker;
  clock: Clock;
  setup: BrokerSetup;
  counters?: () => Record<string, number>;
  historySize?: number;
}): BrokerStatusTracker {
  const { broker, clock } = deps;
  const historySize = deps.historySize ?? 20;
  let since = clock.now();
  let state = broker.connectionState();
  const events: BrokerStatusEvent[] = [];
  const record = (event: BrokerStatusEvent) => {
    events.unshift(event);
    events.length = Math.min(events.length, historySize);
  };
  const unsubscribe = broker.subscribe((event: BrokerEvent) => {
    if (event.type === 'connection') {
      if (event.state !== state) since = event.at;
      state = event.state;
      record({ at: event.at, kind: 'connection', state: event.state, severity: null, message: event.message ?? '' });
    } else if (event.type === 'alert') {
      record({ at: event.at, kind: 'alert', state: null, severity: event.severity, message: event.message });
    }
  });
  return {
    status: () => ({
      kind: broker.kind,
      // The adapter's own word is the truth; events may lag it by a tick.
      state: broker.connectionState(),
      since,
      setup: deps.setup,
      events: events.map((e) => ({ ...e })),
      counters: deps.counters?.() ?? {},
    }),
    stop: unsubscribe,
  };
}
