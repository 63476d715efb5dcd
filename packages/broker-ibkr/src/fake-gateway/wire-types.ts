// Plain TWS values as the fake gateway reads and writes them (ibkr-protocol.md §2.5): the codecs in
// `*-messages.ts` turn these into wire fields and back; the gateway translates them to and from the Broker port.

/** A contract as TWS puts it on the wire; unset text is '', an unset strike 0. */
export interface WireContract {
  conId: number;
  symbol: string;
  /** 'STK', 'OPT', 'IND', 'BAG'. */
  secType: string;
  /** 'YYYYMMDD' for options, '' otherwise. */
  lastTradeDateOrContractMonth: string;
  strike: number;
  right: '' | 'C' | 'P';
  /** '100' for US equity options, '' for stocks. */
  multiplier: string;
  exchange: string;
  primaryExchange: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
}

/** CONTRACT_DATA beyond the contract itself: what the adapter reads (the rest of the 42 fields go out empty). */
export interface WireContractDetails {
  contract: WireContract;
  marketName: string;
  minTick: number;
  longName: string;
  /** 'COMMON', 'ETF', ... ('' for options): how an adapter tells an ETF from a stock. */
  stockType: string;
  underConId: number;
  underSymbol: string;
  underSecType: string;
  timeZoneId: string;
  validExchanges: string;
  orderTypes: string;
}

/** A leg of a BAG order, as PLACE_ORDER carries it. */
export interface WireComboLeg {
  conId: number;
  ratio: number;
  action: 'BUY' | 'SELL';
  exchange: string;
}

/** The order fields the fake understands: PLACE_ORDER decoded, OPEN_ORDER / COMPLETED_ORDER encoded. */
export interface WireOrder {
  orderId: number;
  clientId: number;
  permId: number;
  action: 'BUY' | 'SELL';
  totalQuantity: number;
  /** 'LMT' or 'MKT'. */
  orderType: string;
  /** null when the order has no limit (MKT); for BAG orders the signed net (negative = credit). */
  lmtPrice: number | null;
  /** 'DAY' or 'GTC'. */
  tif: string;
  ocaGroup: string;
  account: string;
  orderRef: string;
  whatIf: boolean;
  transmit: boolean;
  /** COMPLETED_ORDER only: how much of it filled. */
  filledQuantity?: number;
}

/** A decoded PLACE_ORDER: the order, its contract and, for BAG orders, the legs. */
export interface WirePlaceOrder {
  order: WireOrder;
  contract: WireContract;
  comboLegs: WireComboLeg[];
}

/** OPEN_ORDER / COMPLETED_ORDER order state; what-if margins are decimal strings, '' when unknown. */
export interface WireOrderState {
  /** TWS status text: 'PreSubmitted', 'Submitted', 'Filled', 'Cancelled', 'Inactive', ... */
  status: string;
  initMarginChange: string;
  maintMarginChange: string;
  equityWithLoanChange: string;
  /** null goes out as the unset double (1.7976931348623157E308). */
  commission: number | null;
  commissionCurrency: string;
  warningText: string;
  /** COMPLETED_ORDER only: when and why it completed ('' otherwise). */
  completedTime: string;
  completedStatus: string;
}

export interface WireOrderStatus {
  orderId: number;
  status: string;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  permId: number;
  parentId: number;
  lastFillPrice: number;
  clientId: number;
  whyHeld: string;
  mktCapPrice: number;
}

export interface WireExecution {
  /** −1 for live fills, the REQ_EXECUTIONS request id in a backfill. */
  reqId: number;
  orderId: number;
  contract: WireContract;
  execId: string;
  /** 'YYYYMMDD-HH:mm:ss' in UTC. */
  time: string;
  account: string;
  exchange: string;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  permId: number;
  clientId: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
}

export interface WireCommissionReport {
  execId: string;
  commission: number;
  currency: string;
  /** null goes out as the unset double. */
  realizedPnl: number | null;
}

/** REQ_EXECUTIONS filter; '' / 0 means "any". `time` is 'YYYYMMDD-HH:mm:ss' (UTC) or 'YYYYMMDD HH:mm:ss [zone]'. */
export interface WireExecutionFilter {
  clientId: number;
  acctCode: string;
  time: string;
  symbol: string;
  secType: string;
  exchange: string;
  side: string;
}

/** One position of reqAccountUpdates (PORTFOLIO_VALUE). */
export interface WirePortfolioValue {
  contract: WireContract;
  position: number;
  marketPrice: number;
  marketValue: number;
  averageCost: number;
  unrealizedPnl: number;
  realizedPnl: number;
  account: string;
}

/** TICK_OPTION_COMPUTATION values; null goes out as TWS's "not computed" marker for that field. */
export interface WireOptionComputation {
  impliedVol: number | null;
  delta: number | null;
  optPrice: number | null;
  pvDividend: number | null;
  gamma: number | null;
  vega: number | null;
  theta: number | null;
  undPrice: number | null;
}
