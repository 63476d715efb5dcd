// The Broker port: what every broker adapter (sim now, IBKR next) offers the application, in domain terms.
// Conventions: money that is accounted (balances, costs, order and fill prices, commissions) is a canonical
// decimal string (`Decimal`, as `formatMoney` writes it); market data is `number | null`, where null means
// unknown — never 0. Times are `Date`s from the adapter's clock. Contracts are identified by the domain's
// canonical `InstrumentKey`; the broker's own id (IBKR con_id) travels beside it.
import type { AccountType, InstrumentKey, IsoDate, OptionRight } from '@optionstrader/domain';

/** A canonical decimal string: '1234.5', '-0.01'. */
export type Decimal = string;

export type BrokerKind = 'sim' | 'ibkr';
export type ConnectionState = 'disconnected' | 'connecting' | 'ready' | 'degraded';
export type { AccountType };
/** How fresh a quote is: IBKR's market data types, plus `model` for simulated or computed values. */
export type MarketDataType = 'live' | 'frozen' | 'delayed' | 'delayed_frozen' | 'model';
export type SecurityType = 'STK' | 'ETF' | 'IND' | 'OPT';

export interface BrokerAccount {
  code: string;
  type: AccountType;
  baseCurrency: string;
  /** A paper-trading account at the broker (IBKR paper, or any sim account). */
  paper: boolean;
  label: string | null;
}

export interface AccountSummary {
  accountCode: string;
  currency: string;
  asOf: Date;
  netLiquidation: Decimal | null;
  cash: Decimal | null;
  buyingPower: Decimal | null;
  initialMargin: Decimal | null;
  maintenanceMargin: Decimal | null;
  excessLiquidity: Decimal | null;
  grossPositionValue: Decimal | null;
  /** The adapter's own payload, kept for audit and debugging (stored as jsonb). */
  raw?: unknown;
}

/** A contract as the broker knows it, translated: enough to create or find the instrument. */
export interface BrokerContract {
  key: InstrumentKey;
  /** The broker's id: IBKR con_id as a decimal string; the sim's own id. */
  brokerContractId: string | null;
  secType: SecurityType;
  /** The underlying's symbol for options, the symbol itself otherwise. */
  symbol: string;
  currency: string;
  exchange: string | null;
  primaryExchange: string | null;
  localSymbol: string | null;
  /** Options: OCC root / IBKR trading class. */
  tradingClass: string | null;
  expiry: IsoDate | null;
  strike: Decimal | null;
  right: OptionRight | null;
  multiplier: number | null;
  raw?: unknown;
}

export interface BrokerPosition {
  accountCode: string;
  contract: BrokerContract;
  /** Signed: negative is short. Decimal because shares can be fractional. */
  quantity: Decimal;
  /** Per share/contract unit as the broker reports it (IBKR: per contract incl. multiplier). */
  averageCost: Decimal | null;
  marketPrice: number | null;
  marketValue: Decimal | null;
  unrealizedPnl: Decimal | null;
  realizedPnl: Decimal | null;
  asOf: Date;
}

/** Expirations and strikes listed for one trading class of an underlying. */
export interface OptionChainParams {
  underlying: BrokerContract;
  tradingClass: string;
  exchange: string;
  multiplier: number;
  expirations: IsoDate[];
  strikes: Decimal[];
}

export interface BrokerQuote {
  key: InstrumentKey;
  asOf: Date;
  dataType: MarketDataType;
  bid: number | null;
  ask: number | null;
  last: number | null;
  /** Mid of a two-sided market, else the broker's mark; null when there is no sound price. */
  mark: number | null;
  volume: number | null;
  openInterest: number | null;
  /**
   * Options: implied vol and model greeks as brokers report them (IBKR's units, unlike the domain's):
   * delta per share, gamma per $1, theta per calendar day, vega per 1 vol point (domain vega / 100).
   */
  impliedVol: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
  underlyingPrice: number | null;
}

export type OrderAction = 'BUY' | 'SELL';
export type OrderType = 'LMT' | 'MKT';
export type TimeInForce = 'DAY' | 'GTC';
export type BrokerOrderStatus =
  'pending_submit' | 'submitted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'inactive';

export interface OrderLeg {
  contract: BrokerContract;
  action: OrderAction;
  /** Units of this leg per unit of the order (1 for single-leg orders and simple rolls). */
  ratio: number;
}

export interface OrderRequest {
  accountCode: string;
  /** Carried to the broker (IBKR orderRef): one key, at most one broker order, across restarts. */
  idempotencyKey: string;
  legs: OrderLeg[];
  /** Units of the order (contracts, or shares for stock). */
  quantity: number;
  orderType: OrderType;
  /** Per unit; for combos the net price, positive = debit paid, negative = credit received. */
  limitPrice: Decimal | null;
  tif: TimeInForce;
  ocaGroup?: string | null;
}

export interface BrokerOrder {
  brokerOrderId: string;
  permId: string | null;
  idempotencyKey: string | null;
  accountCode: string;
  legs: OrderLeg[];
  quantity: number;
  orderType: OrderType;
  limitPrice: Decimal | null;
  tif: TimeInForce;
  status: BrokerOrderStatus;
  filledQuantity: number;
  averageFillPrice: Decimal | null;
  /** Why the broker rejected or cancelled it, in its words. */
  statusMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface BrokerExecution {
  /** Unique per fill at the broker (IBKR execId). */
  execId: string;
  brokerOrderId: string;
  idempotencyKey: string | null;
  accountCode: string;
  contract: BrokerContract;
  side: OrderAction;
  quantity: Decimal;
  price: Decimal;
  executedAt: Date;
  /** Often arrives after the fill (IBKR commissionReport): null until known. */
  commission: Decimal | null;
  commissionCurrency: string | null;
}

export interface WhatIfResult {
  initialMarginChange: Decimal | null;
  maintenanceMarginChange: Decimal | null;
  equityWithLoanChange: Decimal | null;
  commission: Decimal | null;
  warning: string | null;
}

export type BrokerEvent =
  | { type: 'connection'; state: ConnectionState; message: string | null; at: Date }
  | { type: 'order'; order: BrokerOrder }
  | { type: 'execution'; execution: BrokerExecution }
  | { type: 'commission'; execId: string; commission: Decimal; currency: string }
  | { type: 'position'; position: BrokerPosition }
  | { type: 'account'; summary: AccountSummary }
  | { type: 'quote'; quote: BrokerQuote }
  /**
   * Something an operator must act on that no request failed with: the gateway unreachable for minutes (its daily
   * restart, or a login waiting for 2FA), a competing session holding market data, a protocol decode error.
   * `kind` is stable (it names the condition; alerts of one kind are one condition).
   */
  | { type: 'alert'; kind: string; severity: 'info' | 'warning' | 'error' | 'critical'; message: string; at: Date };

export interface ContractQuery {
  secType: SecurityType;
  symbol: string;
  currency?: string;
  expiry?: IsoDate;
  strike?: Decimal;
  right?: OptionRight;
  tradingClass?: string;
}

/** Broker failures the application reacts to by class, not by number (adapters classify once). */
export class BrokerError extends Error {
  override name = 'BrokerError';
  constructor(
    readonly kind: 'unavailable' | 'rejected' | 'not_found' | 'invalid_request' | 'pacing',
    message: string,
  ) {
    super(message);
  }
}

export interface Broker {
  readonly kind: BrokerKind;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  connectionState(): ConnectionState;
  /** Pushes connection, order, execution, commission, position, account and quote events; returns unsubscribe. */
  subscribe(listener: (event: BrokerEvent) => void): () => void;

  accounts(): Promise<BrokerAccount[]>;
  accountSummary(accountCode: string): Promise<AccountSummary>;
  positions(accountCode?: string): Promise<BrokerPosition[]>;
  contractDetails(query: ContractQuery): Promise<BrokerContract[]>;
  optionChainParams(underlyingSymbol: string): Promise<OptionChainParams[]>;
  /** Snapshot quotes; a contract without data gets a quote whose fields are null, never an omission. */
  quotes(contracts: BrokerContract[]): Promise<BrokerQuote[]>;

  openOrders(): Promise<BrokerOrder[]>;
  completedOrders(): Promise<BrokerOrder[]>;
  executions(filter?: { accountCode?: string; since?: Date }): Promise<BrokerExecution[]>;
  /** Idempotent by `idempotencyKey`: placing the same key again returns the existing order. */
  placeOrder(request: OrderRequest): Promise<BrokerOrder>;
  cancelOrder(brokerOrderId: string): Promise<void>;
  whatIf(request: OrderRequest): Promise<WhatIfResult>;
}

/** A quote that knows nothing: every market field null (unknown), never 0. */
export function unknownQuote(key: InstrumentKey, asOf: Date, dataType: MarketDataType = 'model'): BrokerQuote {
  return {
    key,
    asOf,
    dataType,
    bid: null,
    ask: null,
    last: null,
    mark: null,
    volume: null,
    openInterest: null,
    impliedVol: null,
    delta: null,
    gamma: null,
    theta: null,
    vega: null,
    underlyingPrice: null,
  };
}
