// TWS message ids and the server → client layouts the fake gateway emits, at server version 193.
// Layouts are those of ibkr-protocol.md §2.5 (checked against `@stoqey/ib`'s decoder): one place to change them.
import type { Field } from '../framing';

/** The server version the fake pins: `@stoqey/ib` 1.6.10 announces `v100..193` and has no protobuf. */
export const SERVER_VERSION = 193;
/** The lowest version of the v100+ protocol; a client whose maximum is below it is refused. */
export const MIN_CLIENT_VERSION = 100;

/** Client → server message ids (`@stoqey/ib` encoder `OUT_MSG_ID`). */
export const OutgoingMsgId = {
  REQ_MKT_DATA: 1,
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_OPEN_ORDERS: 5,
  REQ_EXECUTIONS: 7,
  REQ_IDS: 8,
  REQ_CONTRACT_DATA: 9,
  REQ_ALL_OPEN_ORDERS: 16,
  REQ_CURRENT_TIME: 49,
  REQ_MARKET_DATA_TYPE: 59,
  REQ_POSITIONS: 61,
  REQ_ACCOUNT_SUMMARY: 62,
  CANCEL_ACCOUNT_SUMMARY: 63,
  CANCEL_POSITIONS: 64,
  START_API: 71,
  REQ_SEC_DEF_OPT_PARAMS: 78,
  REQ_COMPLETED_ORDERS: 99,
} as const;

/** Server → client message ids (`@stoqey/ib` decoder `IN_MSG_ID`). */
export const IncomingMsgId = {
  ERR_MSG: 4,
  NEXT_VALID_ID: 9,
  MANAGED_ACCTS: 15,
  CURRENT_TIME: 49,
  POSITION: 61,
  POSITION_END: 62,
  ACCOUNT_SUMMARY: 63,
  ACCOUNT_SUMMARY_END: 64,
} as const;

/** The first frame the server sends: the negotiated version and the connection time. */
export function versionReply(version: number, connectionTime: Date): Field[] {
  return [version, formatConnectionTime(connectionTime)];
}

/** TWS writes `yyyyMMdd HH:mm:ss <zone>`; the fake always speaks UTC. */
export function formatConnectionTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`;
  return `${date} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} UTC`;
}

/** NEXT_VALID_ID `[9, 1, orderId]`. */
export function nextValidId(orderId: number): Field[] {
  return [IncomingMsgId.NEXT_VALID_ID, 1, orderId];
}

/** MANAGED_ACCTS `[15, 1, "DU1,DU2"]`. */
export function managedAccounts(accounts: readonly string[]): Field[] {
  return [IncomingMsgId.MANAGED_ACCTS, 1, accounts.join(',')];
}

/** CURRENT_TIME `[49, 1, epochSec]`. */
export function currentTime(at: Date): Field[] {
  return [IncomingMsgId.CURRENT_TIME, 1, Math.floor(at.getTime() / 1000)];
}

/** ERR_MSG `[4, 2, id, code, msg, advancedOrderRejectJson]`; id −1 reaches the client as `info`. */
export function errorMessage(id: number, code: number, message: string, advancedOrderRejectJson = ''): Field[] {
  return [IncomingMsgId.ERR_MSG, 2, id, code, message, advancedOrderRejectJson];
}

/** The farm notices TWS sends after START_API (id −1, so `info` events). */
export const farmStatusOk: readonly Field[][] = [
  errorMessage(-1, 2104, 'Market data farm connection is OK:usfarm'),
  errorMessage(-1, 2106, 'HMDS data farm connection is OK:ushmds'),
  errorMessage(-1, 2158, 'Sec-def data farm connection is OK:secdefnj'),
];

/** One account summary value, as `reqAccountSummary` reports it. */
export interface BookSummaryValue {
  tag: string;
  value: string;
  currency: string;
}

/** One position's contract, as TWS describes it in POSITION (unset fields go out empty). */
export interface BookContract {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth?: string;
  strike?: number;
  right?: 'C' | 'P' | undefined;
  multiplier?: string;
  exchange?: string;
  currency: string;
  localSymbol?: string;
  tradingClass?: string;
}

export interface BookPosition {
  account: string;
  contract: BookContract;
  /** A decimal string, as TWS sends sizes. */
  position: string;
  avgCost: number;
}

/** ACCOUNT_SUMMARY `[63, 1, reqId, account, tag, value, currency]`. */
export function accountSummary(reqId: number, account: string, entry: BookSummaryValue): Field[] {
  return [IncomingMsgId.ACCOUNT_SUMMARY, 1, reqId, account, entry.tag, entry.value, entry.currency];
}

/** ACCOUNT_SUMMARY_END `[64, 1, reqId]`. */
export function accountSummaryEnd(reqId: number): Field[] {
  return [IncomingMsgId.ACCOUNT_SUMMARY_END, 1, reqId];
}

/**
 * POSITION `[61, 3, account, conId, symbol, secType, ltdOrMonth, strike, right, multiplier, exchange, currency,
 * localSymbol, tradingClass, position, avgCost]`. TWS sends strike 0 for a stock; an empty multiplier reads as 0.
 */
export function position(entry: BookPosition): Field[] {
  const { contract } = entry;
  return [
    IncomingMsgId.POSITION,
    3,
    entry.account,
    contract.conId,
    contract.symbol,
    contract.secType,
    contract.lastTradeDateOrContractMonth ?? '',
    contract.strike ?? 0,
    contract.right ?? '',
    contract.multiplier ?? '',
    contract.exchange ?? '',
    contract.currency,
    contract.localSymbol ?? '',
    contract.tradingClass ?? '',
    entry.position,
    entry.avgCost,
  ];
}

/** POSITION_END `[62, 1]`. */
export function positionEnd(): Field[] {
  return [IncomingMsgId.POSITION_END, 1];
}
