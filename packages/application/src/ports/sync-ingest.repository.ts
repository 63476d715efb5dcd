import type { NewOptionEvent } from './orders';
// What the broker sync writes, in storage-neutral terms: every write reports the rows it touched, so a sync
// with nothing new can prove it wrote nothing. Decimals read back are canonical (formatMoney(x, 0): '1.5').
import type { AccountType, BrokerKind, Decimal } from './broker';

export type AssetClass = 'STK' | 'ETF' | 'IND' | 'OPT';
/** The stored kinds of market data; IBKR's `delayed_frozen` is stored as `frozen` (not moving is what matters to readers). */
export type StoredMarketDataType = 'live' | 'delayed' | 'frozen' | 'model';

/** Rows a write inserted, updated or deleted; rows it looked at and left alone are not counted. */
export interface WriteCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

export interface AccountInput {
  accountCode: string;
  type: AccountType;
  baseCurrency: string;
  paper: boolean;
  label: string | null;
}

export interface InstrumentInput {
  canonicalKey: string;
  symbol: string;
  assetClass: AssetClass;
  /** Options: the canonical key of the underlying, which is in the same batch or already stored. */
  underlyingKey: string | null;
  expiry: string | null;
  strike: Decimal | null;
  right: 'C' | 'P' | null;
  multiplier: Decimal;
  currency: string;
  occSymbol: string | null;
}

/** A broker contract id (IBKR con_id) and what the broker says about it. */
export interface ContractInput {
  conId: number;
  instrumentKey: string;
  secType: string;
  localSymbol: string | null;
  tradingClass: string | null;
  exchange: string | null;
  primaryExchange: string | null;
  raw: unknown;
}

export interface SnapshotValues {
  currency: string;
  netLiquidation: Decimal | null;
  cash: Decimal | null;
  buyingPower: Decimal | null;
  initMargin: Decimal | null;
  maintMargin: Decimal | null;
  excessLiquidity: Decimal | null;
  grossPositionValue: Decimal | null;
}

export interface SnapshotInput extends SnapshotValues {
  accountId: string;
  asOf: Date;
  raw: unknown;
}

export interface HeldPositionRow {
  instrumentId: string;
  key: string;
  /** The underlier (the symbol itself for stock). */
  symbol: string;
  kind: 'option' | 'stock';
  right: 'call' | 'put' | null;
  strike: number | null;
  expiry: string | null;
  multiplier: number;
  quantity: number;
  asOf: Date;
}

export interface PositionInput {
  instrumentId: string;
  quantity: Decimal;
  avgCost: Decimal | null;
  marketValue: Decimal | null;
  unrealizedPnl: Decimal | null;
  realizedPnl: Decimal | null;
  asOf: Date;
}

export interface OrderInput {
  idempotencyKey: string;
  brokerOrderId: string;
  permId: string | null;
  ocaGroup: string | null;
  side: 'buy' | 'sell';
  orderType: 'market' | 'limit';
  limitPrice: Decimal | null;
  tif: 'day' | 'gtc';
  status: 'submitted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'inactive';
  quantity: Decimal;
  filledQuantity: Decimal;
  avgFillPrice: Decimal | null;
  mode: 'sim' | 'paper' | 'live';
  legs: { instrumentId: string; instrumentKey: string; action: 'BUY' | 'SELL'; ratio: number }[];
  submittedAt: Date;
}

export interface ExecutionInput {
  execId: string;
  orderId: string | null;
  instrumentId: string;
  side: 'buy' | 'sell';
  quantity: Decimal;
  price: Decimal;
  commission: Decimal | null;
  commissionCurrency: string | null;
  executedAt: Date;
}

export interface QuoteValues {
  bid: Decimal | null;
  ask: Decimal | null;
  last: Decimal | null;
  mark: Decimal | null;
  volume: number | null;
  openInterest: number | null;
  impliedVol: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
  underlyingPrice: Decimal | null;
  dataType: StoredMarketDataType;
}

export interface QuoteInput extends QuoteValues {
  instrumentId: string;
  asOf: Date;
}

/** Writes of one sync step; everything done through one writer commits or rolls back together. */
export interface IngestWriter {
  /** Id of the client named `name`, created when missing (serialized, so concurrent syncs make one). */
  ensureClient(name: string): Promise<{ clientId: string; created: boolean }>;
  /** Ids of the stored accounts among `codes` (code → id). */
  accountIds(broker: BrokerKind, codes: string[]): Promise<Map<string, string>>;
  /** Inserts unknown accounts under `clientIdForNew`; updates the broker-owned fields of known ones. */
  upsertAccounts(
    broker: BrokerKind,
    accounts: AccountInput[],
    clientIdForNew: string | null,
  ): Promise<WriteCounts & { ids: Map<string, string> }>;
  latestSnapshot(accountId: string): Promise<SnapshotValues | undefined>;
  insertSnapshot(snapshot: SnapshotInput): Promise<WriteCounts>;
  /** Insert-or-link by canonical key; returns the ids of every instrument of the batch (key → id). */
  upsertInstruments(instruments: InstrumentInput[]): Promise<WriteCounts & { ids: Map<string, string> }>;
  upsertContracts(contracts: ContractInput[], instrumentIds: Map<string, string>): Promise<WriteCounts>;
  /** Makes the account's positions exactly `positions`: upserts them, deletes instruments no longer held. */
  replacePositions(accountId: string, positions: PositionInput[]): Promise<WriteCounts>;
  /** The account's broker positions as stored now (before a replace), with what option-event detection needs. */
  heldPositions(accountId: string): Promise<HeldPositionRow[]>;
  /** Option events by dedupe key (a repeat is ignored); returns how many were new. */
  insertOptionEvents(events: NewOptionEvent[]): Promise<number>;
  /** Upserts by idempotency key; returns the ids of the batch's orders (idempotency key → id). */
  upsertOrders(accountId: string, orders: OrderInput[]): Promise<WriteCounts & { ids: Map<string, string> }>;
  /** Insert-or-ignore by exec id; a commission (or order link) that arrives later updates the row. */
  upsertExecutions(accountId: string, executions: ExecutionInput[]): Promise<WriteCounts>;
  /** The newest stored quote of each instrument (instrument id → values). */
  latestQuotes(instrumentIds: string[]): Promise<Map<string, QuoteValues>>;
  insertQuotes(quotes: QuoteInput[]): Promise<WriteCounts>;
}

export interface IngestRepository {
  /** Runs `work` in one database transaction. */
  transaction<T>(work: (writer: IngestWriter) => Promise<T>): Promise<T>;
}
