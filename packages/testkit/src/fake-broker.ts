// A programmable in-memory Broker: tests set plain arrays, the broker serves them; failures are injected per method.
import {
  BrokerError,
  unknownQuote,
  type AccountSummary,
  type Broker,
  type BrokerAccount,
  type BrokerContract,
  type BrokerEvent,
  type BrokerExecution,
  type BrokerKind,
  type BrokerOrder,
  type BrokerPosition,
  type BrokerQuote,
  type ConnectionState,
  type Decimal,
  type OptionChainParams,
} from '@optionstrader/application';
import { formatInstrumentKey, parseIsoDate, parseStrike, type OptionRight } from '@optionstrader/domain';

export interface FakeBrokerData {
  accounts: BrokerAccount[];
  summaries: AccountSummary[];
  positions: BrokerPosition[];
  openOrders: BrokerOrder[];
  completedOrders: BrokerOrder[];
  executions: BrokerExecution[];
  /** Quotes by contract; contracts without one get an all-null quote (never an omission). */
  quotes: BrokerQuote[];
  /** Option chain parameters per underlier, and the listed option contracts contractDetails can find. */
  chains: OptionChainParams[];
  listed: BrokerContract[];
}

type Method = {
  [K in keyof Broker]: Broker[K] extends (...args: never[]) => unknown ? K : never;
}[keyof Broker];

export interface FakeBroker extends Broker {
  data: FakeBrokerData;
  /** The next call of `method` (or every call, with `{ always: true }`) throws `error`. */
  fail(method: Method, error?: Error, options?: { always?: boolean }): void;
  /** Calls per method, for asserting what a use case asked. */
  calls: Map<Method, number>;
}

export function createFakeBroker(initial: Partial<FakeBrokerData> = {}, kind: BrokerKind = 'ibkr'): FakeBroker {
  const data: FakeBrokerData = {
    accounts: [],
    summaries: [],
    positions: [],
    openOrders: [],
    completedOrders: [],
    executions: [],
    quotes: [],
    chains: [],
    listed: [],
    ...initial,
  };
  const failures = new Map<Method, { error: Error; always: boolean }>();
  const calls = new Map<Method, number>();
  const listeners = new Set<(event: BrokerEvent) => void>();
  let state: ConnectionState = 'ready';

  const enter = async (method: Method) => {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    const failure = failures.get(method);
    if (failure) {
      if (!failure.always) failures.delete(method);
      throw failure.error;
    }
  };

  const broker: FakeBroker = {
    kind,
    data,
    calls,
    fail(method, error = new BrokerError('unavailable', `fake broker: ${method} failed`), options = {}) {
      failures.set(method, { error, always: options.always ?? false });
    },
    async connect() {
      await enter('connect');
      state = 'ready';
    },
    async disconnect() {
      await enter('disconnect');
      state = 'disconnected';
    },
    connectionState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async accounts() {
      await enter('accounts');
      return structuredClone(data.accounts);
    },
    async accountSummary(accountCode) {
      await enter('accountSummary');
      const summary = data.summaries.find((s) => s.accountCode === accountCode);
      if (!summary) throw new BrokerError('not_found', `fake broker: no summary for ${accountCode}`);
      return structuredClone(summary);
    },
    async positions(accountCode) {
      await enter('positions');
      return structuredClone(data.positions.filter((p) => accountCode === undefined || p.accountCode === accountCode));
    },
    async contractDetails(query) {
      await enter('contractDetails');
      const known = [
        ...data.positions.map((p) => p.contract),
        ...data.executions.map((e) => e.contract),
        ...data.openOrders.flatMap((o) => o.legs.map((l) => l.contract)),
        ...data.listed,
      ];
      return structuredClone(
        [...new Map(known.map((c) => [c.key, c])).values()].filter(
          (c) =>
            c.secType === query.secType &&
            c.symbol === query.symbol &&
            (query.expiry === undefined || c.expiry === query.expiry) &&
            (query.tradingClass === undefined || c.tradingClass === query.tradingClass),
        ),
      );
    },
    async optionChainParams(underlyingSymbol) {
      await enter('optionChainParams');
      return structuredClone(data.chains.filter((c) => c.underlying.symbol === underlyingSymbol));
    },
    async quotes(contracts) {
      await enter('quotes');
      const byKey = new Map(data.quotes.map((q) => [q.key, q]));
      return contracts.map((c) => structuredClone(byKey.get(c.key) ?? emptyQuote(c)));
    },
    async openOrders() {
      await enter('openOrders');
      return structuredClone(data.openOrders);
    },
    async completedOrders() {
      await enter('completedOrders');
      return structuredClone(data.completedOrders);
    },
    async executions(filter = {}) {
      await enter('executions');
      return structuredClone(
        data.executions.filter(
          (e) =>
            (filter.accountCode === undefined || e.accountCode === filter.accountCode) &&
            (filter.since === undefined || e.executedAt >= filter.since),
        ),
      );
    },
    async placeOrder() {
      await enter('placeOrder');
      throw new BrokerError('rejected', 'fake broker: placing orders is not programmed');
    },
    async cancelOrder() {
      await enter('cancelOrder');
      throw new BrokerError('rejected', 'fake broker: cancelling orders is not programmed');
    },
    async whatIf() {
      await enter('whatIf');
      throw new BrokerError('rejected', 'fake broker: what-if is not programmed');
    },
  };
  return broker;
}

const emptyQuote = (contract: BrokerContract): BrokerQuote => unknownQuote(contract.key, new Date(0), 'frozen');

// Builders for the values a fake broker serves.

export function stockContract(
  symbol: string,
  conId: number | null = null,
  secType: 'STK' | 'ETF' = 'STK',
): BrokerContract {
  return {
    key: formatInstrumentKey({ secType: 'STK', symbol, currency: 'USD' }),
    brokerContractId: conId === null ? null : String(conId),
    secType,
    symbol,
    currency: 'USD',
    exchange: 'SMART',
    primaryExchange: 'NASDAQ',
    localSymbol: symbol,
    tradingClass: symbol,
    expiry: null,
    strike: null,
    right: null,
    multiplier: null,
  };
}

export function optionContract(
  root: string,
  expiry: string,
  right: OptionRight,
  strike: Decimal,
  conId: number | null = null,
  underlyingSymbol: string = root,
): BrokerContract {
  const key = formatInstrumentKey({
    secType: 'OPT',
    root,
    expiry: parseIsoDate(expiry),
    right,
    strike: parseStrike(strike),
    multiplier: 100,
    currency: 'USD',
  });
  return {
    key,
    brokerContractId: conId === null ? null : String(conId),
    secType: 'OPT',
    symbol: underlyingSymbol,
    currency: 'USD',
    exchange: 'SMART',
    primaryExchange: null,
    localSymbol: null,
    tradingClass: root,
    expiry: parseIsoDate(expiry),
    strike,
    right,
    multiplier: 100,
  };
}

export function brokerAccount(code: string, overrides: Partial<BrokerAccount> = {}): BrokerAccount {
  return { code, type: 'margin_regt', baseCurrency: 'USD', paper: true, label: null, ...overrides };
}

export function accountSummary(
  accountCode: string,
  asOf: Date,
  overrides: Partial<AccountSummary> = {},
): AccountSummary {
  return {
    accountCode,
    currency: 'USD',
    asOf,
    netLiquidation: '100000',
    cash: '50000',
    buyingPower: '200000',
    initialMargin: '10000',
    maintenanceMargin: '8000',
    excessLiquidity: '92000',
    grossPositionValue: '50000',
    ...overrides,
  };
}

export function brokerPosition(
  accountCode: string,
  contract: BrokerContract,
  quantity: Decimal,
  asOf: Date,
  overrides: Partial<BrokerPosition> = {},
): BrokerPosition {
  return {
    accountCode,
    contract,
    quantity,
    averageCost: '100',
    marketPrice: null,
    marketValue: null,
    unrealizedPnl: null,
    realizedPnl: null,
    asOf,
    ...overrides,
  };
}

export function brokerExecution(
  accountCode: string,
  execId: string,
  contract: BrokerContract,
  executedAt: Date,
  overrides: Partial<BrokerExecution> = {},
): BrokerExecution {
  return {
    execId,
    brokerOrderId: `order-${execId}`,
    idempotencyKey: null,
    accountCode,
    contract,
    side: 'BUY',
    quantity: '1',
    price: '1.25',
    executedAt,
    commission: null,
    commissionCurrency: null,
    ...overrides,
  };
}

export function brokerQuote(contract: BrokerContract, asOf: Date, overrides: Partial<BrokerQuote> = {}): BrokerQuote {
  return { ...emptyQuote(contract), asOf, dataType: 'live', ...overrides };
}
