// Words and colours for the broker connection section: states, kinds, market data types and adapter counters.
import type { BrokerStatusResponse } from '@optionstrader/contracts';

type State = NonNullable<BrokerStatusResponse['state']>;
type Kind = NonNullable<BrokerStatusResponse['kind']>;
type Severity = NonNullable<BrokerStatusResponse['events'][number]['severity']>;
type AccountType = NonNullable<NonNullable<BrokerStatusResponse['setup']>['accounts'][number]['type']>;

export const KIND_LABEL: Record<Kind, string> = { sim: 'Simulated broker', ibkr: 'Interactive Brokers' };

export const STATE_LABEL: Record<State, string> = {
  ready: 'Ready',
  degraded: 'Degraded',
  connecting: 'Connecting',
  disconnected: 'Disconnected',
};

// Teal is the app's "ok" colour (readiness, succeeded sync runs).
export const STATE_COLOR: Record<State, string> = {
  ready: 'teal',
  degraded: 'orange',
  connecting: 'blue',
  disconnected: 'red',
};

export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: 'red',
  error: 'red',
  warning: 'orange',
  info: 'blue',
};

export const ACCOUNT_TYPE_LABEL: Record<AccountType, string> = {
  margin_pm: 'Portfolio margin',
  margin_regt: 'Reg T margin',
  cash: 'Cash',
  tfsa: 'TFSA',
  rrsp: 'RRSP',
};

const MARKET_DATA_LABEL: Record<string, string> = {
  live: 'Live',
  frozen: 'Frozen (last values when the market is closed)',
  delayed: 'Delayed',
  delayed_frozen: 'Delayed, frozen',
  model: 'Model prices (simulated)',
};

/** Date and time to the second: connection changes can come seconds apart. */
export const formatInstant = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A market data type in words; an unknown one is shown as the server sent it. */
export const marketDataLabel = (type: string): string => MARKET_DATA_LABEL[type] ?? type;

/** TWS answers more than 50 messages a second with error 100 (a pacing violation); the adapter aims for 45. */
export const TWS_MESSAGES_PER_SECOND_LIMIT = 50;

export interface CounterRow {
  key: string;
  label: string;
  value: string;
  hint: string | null;
  /** Past a limit the broker enforces. */
  over: boolean;
}

const KNOWN_COUNTERS: { key: string; label: string; hint?: string; limit?: number }[] = [
  { key: 'sent', label: 'Messages sent' },
  {
    key: 'peakPerSecond',
    label: 'Peak messages/s',
    hint: `TWS limit ${TWS_MESSAGES_PER_SECOND_LIMIT}`,
    limit: TWS_MESSAGES_PER_SECOND_LIMIT,
  },
  { key: 'marketDataLinesPeak', label: 'Market-data lines at peak' },
];

/** The adapter's counters in a stable order: the known ones labelled, any other shown under its own name. */
export function counterRows(counters: Record<string, number>): CounterRow[] {
  const format = (n: number) => n.toLocaleString('en-US');
  const known = KNOWN_COUNTERS.filter((c) => c.key in counters).map((c) => {
    const value = counters[c.key] ?? 0;
    return {
      key: c.key,
      label: c.label,
      value: format(value),
      hint: c.hint ?? null,
      over: c.limit !== undefined && value > c.limit,
    };
  });
  const others = Object.keys(counters)
    .filter((key) => !KNOWN_COUNTERS.some((c) => c.key === key))
    .sort()
    .map((key) => ({ key, label: key, value: format(counters[key] ?? 0), hint: null, over: false }));
  return [...known, ...others];
}
