// Storage of the order flow: orders (paper and live) with their legs and broker ids, executions, paper positions,
// option events, the decisions on recommendations and the trade journal. Money crosses this port as canonical decimal
// strings (stored as exact numerics); quantities as numbers (whole contracts or shares); null means unknown.
import type { InstrumentKey, IsoDate, JournalEvent, JournalFill, OptionRight } from '@optionstrader/domain';
import type { AuditEntry } from './audit.repository';
import type { RecommendationStatus } from './strategies';

/** paper: the Order Manager simulates fills against current quotes; live: sent through the Broker port (orders found
 * at a broker that the app did not place, stored as mode 'sim' for the sim broker, read back as 'live'). */
export type OrderMode = 'paper' | 'live';
export type OrderStatus =
  | 'created'
  | 'submitted'
  | 'partially_filled'
  | 'filled'
  | 'cancel_requested'
  | 'cancelled'
  | 'rejected'
  | 'inactive'
  | 'expired';
export type OrderTifValue = 'day' | 'gtc';

/** Statuses of an order still at work (a fill or a cancel may still come). */
export const WORKING_ORDER_STATUSES: readonly OrderStatus[] = [
  'created',
  'submitted',
  'partially_filled',
  'cancel_requested',
];

/** One leg as stored in `orders.legs` (jsonb): enough to resolve the contract again without the recommendation. */
export interface OrderLegRecord {
  instrumentId: string;
  key: InstrumentKey;
  /** The underlier (the symbol itself for stock). */
  symbol: string;
  kind: 'option' | 'stock';
  right: OptionRight | null;
  strike: number | null;
  expiry: IsoDate | null;
  multiplier: number;
  side: 'BUY' | 'SELL';
  ratio: number;
  /** IBKR con_id (or the sim's id) when known. */
  brokerContractId: string | null;
}

/** How a working order's limit moves from mid toward the natural price (domain `repriceLadder`); null = no repricing. */
export interface RepricePlan {
  /** Per-share limits, in the order's convention (single leg positive; combos signed net); [0] is the first limit. */
  ladder: string[];
  /** Time each price is given to fill. */
  delayMs: number;
}

export interface NewOrder {
  /** Unique; carried to the broker as IBKR `orderRef`. For a recommendation: `rec:<recommendation id>`. */
  idempotencyKey: string;
  accountId: string;
  portfolioId: string | null;
  recommendationId: string | null;
  mode: OrderMode;
  legs: OrderLegRecord[];
  /** 'buy' for a single BUY leg or a net-debit combo; 'sell' otherwise. */
  side: 'buy' | 'sell';
  /** Per share. Single leg: positive; several legs: net, positive = debit, negative = credit. */
  limitPrice: string;
  tif: OrderTifValue;
  quantity: number;
  ocaGroup: string | null;
  /** Placed by the autotrader rather than a person's click. */
  automated: boolean;
  /** The user who approved; null for the system (autotrade). */
  createdBy: string | null;
  reprice: RepricePlan | null;
}

export interface OrderRecord {
  id: string;
  idempotencyKey: string;
  accountId: string;
  accountCode: string;
  portfolioId: string | null;
  recommendationId: string | null;
  /** The underlier of the first leg (for lists). */
  symbol: string;
  brokerOrderId: string | null;
  permId: string | null;
  mode: OrderMode;
  legs: OrderLegRecord[];
  side: 'buy' | 'sell';
  limitPrice: string | null;
  tif: OrderTifValue;
  status: OrderStatus;
  quantity: number;
  filledQuantity: number;
  avgFillPrice: string | null;
  /** Why the broker (or the paper engine) rejected or cancelled it, or why it still waits. */
  statusMessage: string | null;
  ocaGroup: string | null;
  automated: boolean;
  createdBy: string | null;
  reprice: RepricePlan | null;
  /** Index in `reprice.ladder` of the limit now working (0 = the first). */
  priceAttempt: number;
  submittedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderFilter {
  status?: OrderStatus | 'working' | undefined;
  accountId?: string | undefined;
  mode?: OrderMode | undefined;
  recommendationId?: string | undefined;
  limit: number;
}

export interface ExecutionFilter {
  orderId?: string | undefined;
  accountId?: string | undefined;
  limit: number;
}

export interface ExecutionRecord {
  id: string;
  execId: string;
  orderId: string | null;
  accountId: string;
  accountCode: string;
  instrumentId: string;
  key: InstrumentKey;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: string;
  commission: string | null;
  executedAt: Date;
  /** The order's mode; null for fills of orders placed outside the app. */
  mode: OrderMode | null;
}

export interface NewPaperExecution {
  /** Unique and deterministic: `paper:<order id>:<fill no>:<leg no>` — a retried fill is stored once. */
  execId: string;
  instrumentId: string;
  side: 'buy' | 'sell';
  quantity: number;
  /** Per share. */
  price: string;
  commission: string;
  executedAt: Date;
}

/** A change of a paper position (source 'paper'): signed units and the signed cash paid for them (incl. multiplier). */
export interface PaperPositionDelta {
  instrumentId: string;
  /** Signed: + bought, − sold (contracts or shares). */
  quantity: number;
  /** Signed money paid (+) or received (−) for these units, commissions included: price × multiplier × qty ± fees. */
  cost: string;
}

export interface PaperFill {
  orderId: string;
  executions: NewPaperExecution[];
  positions: PaperPositionDelta[];
  /** The order after this fill. */
  filledQuantity: number;
  avgFillPrice: string;
  status: 'partially_filled' | 'filled';
  at: Date;
}

export interface BrokerOrderState {
  brokerOrderId: string | null;
  permId: string | null;
  status: OrderStatus;
  filledQuantity: number;
  avgFillPrice: string | null;
  statusMessage: string | null;
}

export type OptionEventKind = 'assignment' | 'exercise' | 'expiration' | 'early_assignment';

export interface NewOptionEvent {
  kind: OptionEventKind;
  accountId: string;
  instrumentId: string;
  /** Signed contracts the event closed (short assigned: negative). */
  quantity: number;
  occurredAt: Date;
  /** paper events come from the paper book; broker events from the broker's book. */
  source: 'broker' | 'paper';
  /** Unique: the same event seen twice is stored once (`<source>:<account>:<instrument>:<expiry or date>`). */
  dedupeKey: string;
  raw: Record<string, unknown> | null;
}

export interface OptionEventView {
  id: string;
  kind: OptionEventKind;
  accountId: string;
  accountCode: string;
  instrumentId: string;
  key: InstrumentKey;
  symbol: string;
  quantity: number;
  occurredAt: Date;
  source: 'broker' | 'paper';
}

/** A paper position as the paper engine and the expiry processing need it. */
export interface PaperPositionRecord {
  accountId: string;
  instrumentId: string;
  key: InstrumentKey;
  symbol: string;
  kind: 'option' | 'stock';
  right: OptionRight | null;
  strike: number | null;
  expiry: IsoDate | null;
  multiplier: number;
  quantity: number;
  /** Signed money paid for the open quantity (+ long cost, − short credit), commissions included. */
  costBasis: string;
}

export type DecisionRefusal =
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'not_pending'; status: RecommendationStatus }
  | { ok: false; code: 'expired'; expiresAt: Date };

/** An account's order mode: live only when an operator enabled it (`broker_accounts.live_trading_enabled`). */
export interface AccountTradingRecord {
  accountId: string;
  accountCode: string;
  broker: 'sim' | 'ibkr';
  orderMode: OrderMode;
  updatedAt: Date;
}

export interface OrdersRepository {
  /** One client's broker accounts with their order mode. */
  accountsTrading(clientId: string): Promise<AccountTradingRecord[]>;
  /** Any client's; the API checks the caller's client first. */
  accountTrading(accountId: string): Promise<AccountTradingRecord | undefined>;
  /** Sets `live_trading_enabled` (live ↔ paper) and writes the audit entry, in one transaction. */
  setOrderMode(accountId: string, mode: OrderMode, audit: AuditEntry): Promise<AccountTradingRecord | undefined>;

  /**
   * In one transaction: locks the recommendation (FOR UPDATE), refuses unless it is pending and unexpired at `at`,
   * marks it approved (decided_by/at), inserts the order (status created), writes the audit entry. Two concurrent
   * calls: one order, the other gets `not_pending`.
   */
  approveRecommendation(input: {
    recommendationId: string;
    decidedBy: string | null;
    at: Date;
    order: NewOrder;
    audit: AuditEntry;
  }): Promise<{ ok: true; order: OrderRecord } | DecisionRefusal>;
  /** Same locking and refusals; marks it rejected with the reason and writes the audit entry. */
  rejectRecommendation(input: {
    recommendationId: string;
    decidedBy: string | null;
    reason: string;
    at: Date;
    audit: AuditEntry;
  }): Promise<{ ok: true } | DecisionRefusal>;

  /** Any client's; the API checks the caller's client first. */
  get(id: string): Promise<OrderRecord | undefined>;
  getByKey(idempotencyKey: string): Promise<OrderRecord | undefined>;
  /** Every client's orders: for background work (reconcile, the paper engine, the kill switch), never an API list. */
  list(filter: OrderFilter): Promise<OrderRecord[]>;
  /** One client's orders (those on its broker accounts). */
  listClientOrders(clientId: string, filter: OrderFilter): Promise<OrderRecord[]>;

  /**
   * Broker (or paper engine) state of an order → the row, when it changed; then the linked recommendation follows:
   * submitted/partially_filled → submitted, filled → filled, cancelled/rejected/inactive/expired with nothing
   * filled → cancelled (partly filled and then cancelled → filled). Sets submitted_at on the first submission.
   */
  updateState(id: string, state: BrokerOrderState, at: Date): Promise<OrderRecord | undefined>;
  /** A new working limit (repricing or an operator's replace) and its ladder index. */
  updateLimit(id: string, limitPrice: string, priceAttempt: number, at: Date): Promise<void>;
  /**
   * For live orders the sync writes broker state by idempotency key; this makes every recommendation linked to an
   * order follow that order's status (the rule of `updateState`). Returns how many recommendations changed.
   */
  followRecommendations(at: Date): Promise<number>;

  /**
   * A paper fill in one transaction: executions inserted by exec id (a repeat inserts nothing and changes nothing),
   * the paper positions moved (source 'paper'; a position back at 0 is deleted), the order's fill state, and the
   * recommendation following. Returns false when the executions were already stored.
   */
  recordPaperFill(fill: PaperFill): Promise<boolean>;
  paperPositions(accountId?: string): Promise<PaperPositionRecord[]>;
  /**
   * Expiry of paper positions in one transaction: events stored by dedupe key (repeats ignored), positions moved by
   * the deltas (the option to 0, stock at the strike). Returns false when the events were already stored.
   */
  recordPaperSettlement(input: {
    events: NewOptionEvent[];
    positions: PaperPositionDelta[];
    accountId: string;
  }): Promise<boolean>;

  /** Every client's executions: for background work (the paper engine), never an API list. */
  listExecutions(filter: ExecutionFilter): Promise<ExecutionRecord[]>;
  /** One client's executions (those on its broker accounts). */
  listClientExecutions(clientId: string, filter: ExecutionFilter): Promise<ExecutionRecord[]>;
  /** Option events stored by dedupe key; returns how many were new. */
  recordOptionEvents(events: readonly NewOptionEvent[]): Promise<number>;
  /** One client's option events. */
  listOptionEvents(
    clientId: string,
    filter: { accountId?: string | undefined; limit: number },
  ): Promise<OptionEventView[]>;

  /** Contracts and notional (Σ |limit| × multiplier × ratio × quantity) of automated orders created since `since`. */
  automatedSince(since: Date): Promise<{ contracts: number; notional: number }>;

  /** What one client's journal is built from (domain `buildJournal`): its fills and option events, oldest first. */
  journalInputs(
    clientId: string,
    filter: { accountId?: string | undefined },
  ): Promise<{ fills: JournalFill[]; events: JournalEvent[] }>;
}
