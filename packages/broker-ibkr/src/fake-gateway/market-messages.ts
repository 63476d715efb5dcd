// Contract, market-data and account-update codecs of the fake gateway at server version 193: the client → server
// requests it parses and the server → client replies it emits (ibkr-protocol.md §2.4–2.6). Pure: fields in, fields out.
import type { Field } from '../framing';
import { OutgoingMsgId } from './messages';
import type { WireContract, WireContractDetails, WireOptionComputation, WirePortfolioValue } from './wire-types';

/** Client → server ids this module parses; the shared ones come from messages.ts so each id is defined once. */
export const MarketOutgoingMsgId = {
  REQ_MKT_DATA: OutgoingMsgId.REQ_MKT_DATA,
  CANCEL_MKT_DATA: 2,
  REQ_ACCOUNT_DATA: 6,
  REQ_CONTRACT_DATA: OutgoingMsgId.REQ_CONTRACT_DATA,
  REQ_MARKET_DATA_TYPE: OutgoingMsgId.REQ_MARKET_DATA_TYPE,
  REQ_SEC_DEF_OPT_PARAMS: OutgoingMsgId.REQ_SEC_DEF_OPT_PARAMS,
} as const;

/** Server → client ids this module emits (`@stoqey/ib` `IN_MSG_ID`). */
export const MarketIncomingMsgId = {
  TICK_PRICE: 1,
  TICK_SIZE: 2,
  ACCT_VALUE: 6,
  PORTFOLIO_VALUE: 7,
  ACCT_UPDATE_TIME: 8,
  CONTRACT_DATA: 10,
  TICK_OPTION_COMPUTATION: 21,
  TICK_GENERIC: 45,
  CONTRACT_DATA_END: 52,
  ACCT_DOWNLOAD_END: 54,
  TICK_SNAPSHOT_END: 57,
  MARKET_DATA_TYPE: 58,
  SECURITY_DEFINITION_OPTION_PARAMETER: 75,
  SECURITY_DEFINITION_OPTION_PARAMETER_END: 76,
  TICK_REQ_PARAMS: 81,
} as const;

/** Tick ids (`@stoqey/ib` `TickType`); delayed data (reqMarketDataType 3/4) arrives on 66–76 and 80–83. */
export const TickType = {
  BID_SIZE: 0,
  BID: 1,
  ASK: 2,
  ASK_SIZE: 3,
  LAST: 4,
  LAST_SIZE: 5,
  HIGH: 6,
  LOW: 7,
  VOLUME: 8,
  CLOSE: 9,
  BID_OPTION: 10,
  ASK_OPTION: 11,
  LAST_OPTION: 12,
  MODEL_OPTION: 13,
  OPEN: 14,
  OPTION_HISTORICAL_VOL: 23,
  OPTION_IMPLIED_VOL: 24,
  OPTION_CALL_OPEN_INTEREST: 27,
  OPTION_PUT_OPEN_INTEREST: 28,
  OPTION_CALL_VOLUME: 29,
  OPTION_PUT_VOLUME: 30,
  MARK_PRICE: 37,
  DELAYED_BID: 66,
  DELAYED_ASK: 67,
  DELAYED_LAST: 68,
  DELAYED_BID_SIZE: 69,
  DELAYED_ASK_SIZE: 70,
  DELAYED_LAST_SIZE: 71,
  DELAYED_HIGH: 72,
  DELAYED_LOW: 73,
  DELAYED_VOLUME: 74,
  DELAYED_CLOSE: 75,
  DELAYED_OPEN: 76,
  DELAYED_BID_OPTION: 80,
  DELAYED_ASK_OPTION: 81,
  DELAYED_LAST_OPTION: 82,
  DELAYED_MODEL_OPTION: 83,
} as const;

/** A client message whose layout is not the 193 one this module knows: a bug in the fake or a client upgrade. */
export class MessageLayoutError extends Error {
  override name = 'MessageLayoutError';
}

// ---------------------------------------------------------------------------------------------------------------
// Reading client messages
// ---------------------------------------------------------------------------------------------------------------

interface FieldReader {
  str(what: string): string;
  /** The client sends an unset int (`undefined`) as ''; like TWS, read it as 0. */
  int(what: string): number;
  /** Likewise an unset double ('' → 0), so an unset strike reads as 0. */
  double(what: string): number;
  bool(what: string): boolean;
  /** Throws unless every field was read: a longer message means a layout this module does not know. */
  done(): void;
}

/**
 * Opens a message for reading after checking its id and, when the message has one, its version: both decide the
 * layout, so a mismatch must fail loudly rather than shift every later field.
 */
function openMessage(fields: readonly string[], name: string, msgId: number, version?: number): FieldReader {
  let at = 0;
  const next = (what: string): string => {
    const value = fields[at];
    if (value === undefined) throw new MessageLayoutError(`${name}: missing ${what} (field ${at})`);
    at++;
    return value;
  };
  const number = (what: string, text: string): number => {
    const value = text === '' ? 0 : Number(text);
    if (!Number.isFinite(value)) throw new MessageLayoutError(`${name}: ${what} "${text}" is not a number`);
    return value;
  };
  const reader: FieldReader = {
    str: next,
    int(what) {
      const value = number(what, next(what));
      if (!Number.isInteger(value)) throw new MessageLayoutError(`${name}: ${what} ${value} is not an integer`);
      return value;
    },
    double: (what) => number(what, next(what)),
    bool: (what) => reader.int(what) !== 0,
    done() {
      if (at !== fields.length) {
        throw new MessageLayoutError(`${name}: ${fields.length - at} unread field(s) from field ${at}`);
      }
    },
  };
  const id = reader.int('message id');
  if (id !== msgId) throw new MessageLayoutError(`${name}: message id ${id}, expected ${msgId}`);
  if (version !== undefined) {
    const actual = reader.int('version');
    if (actual !== version) throw new MessageLayoutError(`${name}: version ${actual}, expected ${version}`);
  }
  return reader;
}

/** IBApi passes `contract.right` through as given; TWS accepts the long spellings too. */
function readRight(reader: FieldReader): WireContract['right'] {
  const right = reader.str('right').toUpperCase();
  if (right === 'C' || right === 'CALL') return 'C';
  if (right === 'P' || right === 'PUT') return 'P';
  if (right === '' || right === '?' || right === '0') return '';
  throw new MessageLayoutError(`right "${right}" is neither a call nor a put`);
}

/** The contract block REQ_CONTRACT_DATA and REQ_MKT_DATA share, from conId to tradingClass. */
function readContract(reader: FieldReader): WireContract {
  return {
    conId: reader.int('conId'),
    symbol: reader.str('symbol'),
    secType: reader.str('secType'),
    lastTradeDateOrContractMonth: reader.str('lastTradeDateOrContractMonth'),
    strike: reader.double('strike'),
    right: readRight(reader),
    multiplier: reader.str('multiplier'),
    exchange: reader.str('exchange'),
    primaryExchange: reader.str('primaryExch'),
    currency: reader.str('currency'),
    localSymbol: reader.str('localSymbol'),
    tradingClass: reader.str('tradingClass'),
  };
}

/**
 * REQ_CONTRACT_DATA `[9, 8, reqId, <contract>, includeExpired, secIdType, secId, issuerId]`. The tail only narrows
 * a lookup the fake answers from the contract alone, so it is checked for presence and dropped.
 */
export function decodeReqContractData(fields: readonly string[]): { reqId: number; contract: WireContract } {
  const reader = openMessage(fields, 'REQ_CONTRACT_DATA', MarketOutgoingMsgId.REQ_CONTRACT_DATA, 8);
  const reqId = reader.int('reqId');
  const contract = readContract(reader);
  for (const what of ['includeExpired', 'secIdType', 'secId', 'issuerId']) reader.str(what);
  reader.done();
  return { reqId, contract };
}

/** REQ_SEC_DEF_OPT_PARAMS `[78, reqId, underlyingSymbol, futFopExchange, underlyingSecType, underlyingConId]`. */
export function decodeReqSecDefOptParams(fields: readonly string[]): {
  reqId: number;
  underlyingSymbol: string;
  futFopExchange: string;
  underlyingSecType: string;
  underlyingConId: number;
} {
  // No version field: the message was added after IB stopped versioning new ones.
  const reader = openMessage(fields, 'REQ_SEC_DEF_OPT_PARAMS', MarketOutgoingMsgId.REQ_SEC_DEF_OPT_PARAMS);
  const request = {
    reqId: reader.int('reqId'),
    underlyingSymbol: reader.str('underlyingSymbol'),
    futFopExchange: reader.str('futFopExchange'),
    underlyingSecType: reader.str('underlyingSecType'),
    underlyingConId: reader.int('underlyingConId'),
  };
  reader.done();
  return request;
}

/** REQ_MARKET_DATA_TYPE `[59, 1, type]`: 1 live, 2 frozen, 3 delayed, 4 delayed-frozen. */
export function decodeReqMarketDataType(fields: readonly string[]): { marketDataType: number } {
  const reader = openMessage(fields, 'REQ_MARKET_DATA_TYPE', MarketOutgoingMsgId.REQ_MARKET_DATA_TYPE, 1);
  const marketDataType = reader.int('marketDataType');
  reader.done();
  return { marketDataType };
}

/**
 * REQ_MKT_DATA `[1, 11, reqId, <contract>, {BAG: legCount, (conId, ratio, action, exchange)×n},
 * deltaNeutral(0 | 1, conId, delta, price), genericTickList, snapshot, regulatorySnapshot, mktDataOptions]`.
 * BAG legs and the delta-neutral contract are skipped: the fake quotes single contracts only.
 */
export function decodeReqMktData(fields: readonly string[]): {
  reqId: number;
  contract: WireContract;
  genericTicks: string;
  snapshot: boolean;
  regulatorySnapshot: boolean;
} {
  const reader = openMessage(fields, 'REQ_MKT_DATA', MarketOutgoingMsgId.REQ_MKT_DATA, 11);
  const reqId = reader.int('reqId');
  const contract = readContract(reader);
  if (contract.secType.toUpperCase() === 'BAG') {
    const legs = reader.int('legCount');
    for (let leg = 0; leg < legs; leg++) {
      for (const what of ['conId', 'ratio', 'action', 'exchange']) reader.str(`leg ${leg} ${what}`);
    }
  }
  if (reader.bool('deltaNeutralContract')) {
    for (const what of ['conId', 'delta', 'price']) reader.str(`deltaNeutral ${what}`);
  }
  const genericTicks = reader.str('genericTickList');
  const snapshot = reader.bool('snapshot');
  const regulatorySnapshot = reader.bool('regulatorySnapshot');
  reader.str('mktDataOptions');
  reader.done();
  return { reqId, contract, genericTicks, snapshot, regulatorySnapshot };
}

/** CANCEL_MKT_DATA `[2, 1, reqId]`. */
export function decodeCancelMktData(fields: readonly string[]): { reqId: number } {
  const reader = openMessage(fields, 'CANCEL_MKT_DATA', MarketOutgoingMsgId.CANCEL_MKT_DATA, 1);
  const reqId = reader.int('reqId');
  reader.done();
  return { reqId };
}

/** REQ_ACCOUNT_DATA `[6, 2, subscribe, acctCode]`; an omitted account code arrives as ''. */
export function decodeReqAccountUpdates(fields: readonly string[]): { subscribe: boolean; account: string } {
  const reader = openMessage(fields, 'REQ_ACCOUNT_DATA', MarketOutgoingMsgId.REQ_ACCOUNT_DATA, 2);
  const subscribe = reader.bool('subscribe');
  const account = reader.str('acctCode');
  reader.done();
  return { subscribe, account };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing server messages
// ---------------------------------------------------------------------------------------------------------------

/** A NaN or infinite value would reach the client as NaN: a broken simulator, so fail where it is produced. */
function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${value}`);
  return value;
}

/**
 * CONTRACT_DATA, 42 fields for a non-FUND contract (no version since server 164). What the adapter reads comes from
 * `details`; the rest goes out empty or zero, except the size rules, which are 1 for whole shares and contracts.
 */
export function contractData(reqId: number, details: WireContractDetails): Field[] {
  const { contract } = details;
  // A FUND carries 17 extra fields this layout does not write.
  if (contract.secType === 'FUND') throw new RangeError('contractData does not encode FUND contracts');
  return [
    MarketIncomingMsgId.CONTRACT_DATA,
    reqId,
    contract.symbol,
    contract.secType,
    contract.lastTradeDateOrContractMonth,
    // lastTradeDate: for US equity options the same day as the expiry.
    contract.lastTradeDateOrContractMonth,
    finite(contract.strike, 'strike'),
    contract.right,
    contract.exchange,
    contract.currency,
    contract.localSymbol,
    details.marketName,
    contract.tradingClass,
    contract.conId,
    finite(details.minTick, 'minTick'),
    contract.multiplier,
    details.orderTypes,
    details.validExchanges,
    1, // priceMagnifier
    details.underConId,
    details.longName,
    contract.primaryExchange,
    '', // contractMonth
    '', // industry
    '', // category
    '', // subcategory
    details.timeZoneId,
    '', // tradingHours
    '', // liquidHours
    '', // evRule
    '', // evMultiplier
    0, // secIdList count
    0, // aggGroup
    details.underSymbol,
    details.underSecType,
    '', // marketRuleIds
    '', // realExpirationDate
    details.stockType,
    1, // minSize
    1, // sizeIncrement
    1, // suggestedSizeIncrement
    0, // ineligibilityReasonList count
  ];
}

/** CONTRACT_DATA_END `[52, 1, reqId]`. */
export function contractDataEnd(reqId: number): Field[] {
  return [MarketIncomingMsgId.CONTRACT_DATA_END, 1, reqId];
}

/**
 * SECURITY_DEFINITION_OPTION_PARAMETER `[75, reqId, exchange, underlyingConId, tradingClass, multiplier, expCount,
 * exp×n, strikeCount, strike×m]` (no version): TWS sends one per exchange, then the end.
 */
export function secDefOptParam(
  reqId: number,
  p: {
    exchange: string;
    underlyingConId: number;
    tradingClass: string;
    multiplier: string;
    expirations: string[];
    strikes: number[];
  },
): Field[] {
  return [
    MarketIncomingMsgId.SECURITY_DEFINITION_OPTION_PARAMETER,
    reqId,
    p.exchange,
    p.underlyingConId,
    p.tradingClass,
    p.multiplier,
    p.expirations.length,
    ...p.expirations,
    p.strikes.length,
    ...p.strikes.map((strike) => finite(strike, 'strike')),
  ];
}

/** SECURITY_DEFINITION_OPTION_PARAMETER_END `[76, reqId]` (no version). */
export function secDefOptParamEnd(reqId: number): Field[] {
  return [MarketIncomingMsgId.SECURITY_DEFINITION_OPTION_PARAMETER_END, reqId];
}

/** MARKET_DATA_TYPE `[58, 1, reqId, type]`: TWS confirms per ticker which kind of data it is sending. */
export function marketDataType(reqId: number, type: number): Field[] {
  return [MarketIncomingMsgId.MARKET_DATA_TYPE, 1, reqId, type];
}

/**
 * TICK_REQ_PARAMS `[81, reqId, minTick, bboExchange, snapshotPermissions]` (no version). The minTick goes out as the
 * double TWS sends; `@stoqey/ib` reads it with readInt, so 0.01 reaches its listeners as 0.
 */
export function tickReqParams(
  reqId: number,
  minTick: number,
  bboExchange: string,
  snapshotPermissions: number,
): Field[] {
  return [MarketIncomingMsgId.TICK_REQ_PARAMS, reqId, finite(minTick, 'minTick'), bboExchange, snapshotPermissions];
}

/** The version that carries both the size and the attribute bitmask in TICK_PRICE, and a version for the others. */
const TICK_VERSION = 6;

/**
 * TICK_PRICE `[1, 6, reqId, tickType, price, size, attribMask]`. For BID/ASK/LAST (and delayed 66–68) the client
 * also emits a tickSize from `size`; with no size ('' on the wire) that derived tickSize carries `undefined`,
 * which is neither a plausible quantity nor a zero that would wipe a size sent separately. The attribute mask's
 * bit 0 is canAutoExecute (the only attribute `@stoqey/ib` reports); the fake quotes are not auto-executable.
 */
export function tickPrice(reqId: number, tickType: number, price: number, size: number | null = null): Field[] {
  return [
    MarketIncomingMsgId.TICK_PRICE,
    TICK_VERSION,
    reqId,
    tickType,
    finite(price, 'price'),
    size === null ? '' : finite(size, 'size'),
    0,
  ];
}

/** TICK_SIZE `[2, 6, reqId, tickType, size]`; sizes are decimals on the wire. */
export function tickSize(reqId: number, tickType: number, size: number): Field[] {
  return [MarketIncomingMsgId.TICK_SIZE, TICK_VERSION, reqId, tickType, finite(size, 'size')];
}

/** TICK_GENERIC `[45, 6, reqId, tickType, value]`: open interest, option volume, historical/implied vol… */
export function tickGeneric(reqId: number, tickType: number, value: number): Field[] {
  return [MarketIncomingMsgId.TICK_GENERIC, TICK_VERSION, reqId, tickType, finite(value, 'value')];
}

/**
 * TWS's "not computed" markers: −1 for the price-like values (which cannot be negative), −2 for the greeks (delta
 * lies in [−1, 1], gamma and vega are never negative). The client maps exactly these values back to `undefined`,
 * so a real theta of exactly −2 would be reported as unknown too — as with real TWS.
 */
const NOT_COMPUTED = {
  impliedVol: -1,
  delta: -2,
  optPrice: -1,
  pvDividend: -1,
  gamma: -2,
  vega: -2,
  theta: -2,
  undPrice: -1,
} as const satisfies Record<keyof WireOptionComputation, number>;

/**
 * TICK_OPTION_COMPUTATION `[21, reqId, tickType, tickAttrib, impliedVol, delta, optPrice, pvDividend, gamma, vega,
 * theta, undPrice]` (no version since server 156). tickType 10–13 or 80–83; tickAttrib 0 return-based, 1
 * price-based. A null value goes out as its marker — never '' (the client reads '' as 0, a plausible number).
 */
export function tickOptionComputation(
  reqId: number,
  tickType: number,
  tickAttrib: number,
  values: WireOptionComputation,
): Field[] {
  const value = (key: keyof WireOptionComputation): number => {
    const v = values[key];
    return v === null ? NOT_COMPUTED[key] : finite(v, key);
  };
  return [
    MarketIncomingMsgId.TICK_OPTION_COMPUTATION,
    reqId,
    tickType,
    tickAttrib,
    value('impliedVol'),
    value('delta'),
    value('optPrice'),
    value('pvDividend'),
    value('gamma'),
    value('vega'),
    value('theta'),
    value('undPrice'),
  ];
}

/** TICK_SNAPSHOT_END `[57, 1, reqId]`: ends a snapshot request (the client has no timeout of its own). */
export function tickSnapshotEnd(reqId: number): Field[] {
  return [MarketIncomingMsgId.TICK_SNAPSHOT_END, 1, reqId];
}

/** ACCT_VALUE `[6, 2, key, value, currency, account]`; values stay text (some are not numbers). */
export function accountValue(key: string, value: string, currency: string, account: string): Field[] {
  return [MarketIncomingMsgId.ACCT_VALUE, 2, key, value, currency, account];
}

/**
 * PORTFOLIO_VALUE, version 8: `[7, 8, conId, symbol, secType, ltdOrMonth, strike, right, multiplier, primaryExch,
 * currency, localSymbol, tradingClass, position, marketPrice, marketValue, averageCost, unrealizedPNL,
 * realizedPNL, account]`. There is no exchange field: TWS identifies the position by conId and primary exchange.
 */
export function portfolioValue(v: WirePortfolioValue): Field[] {
  const { contract } = v;
  return [
    MarketIncomingMsgId.PORTFOLIO_VALUE,
    8,
    contract.conId,
    contract.symbol,
    contract.secType,
    contract.lastTradeDateOrContractMonth,
    finite(contract.strike, 'strike'),
    contract.right,
    contract.multiplier,
    contract.primaryExchange,
    contract.currency,
    contract.localSymbol,
    contract.tradingClass,
    finite(v.position, 'position'),
    finite(v.marketPrice, 'marketPrice'),
    finite(v.marketValue, 'marketValue'),
    finite(v.averageCost, 'averageCost'),
    finite(v.unrealizedPnl, 'unrealizedPnl'),
    finite(v.realizedPnl, 'realizedPnl'),
    v.account,
  ];
}

/** ACCT_UPDATE_TIME `[8, 1, "HH:MM"]`: when TWS last refreshed the account values. */
export function accountUpdateTime(hhmm: string): Field[] {
  return [MarketIncomingMsgId.ACCT_UPDATE_TIME, 1, hhmm];
}

/** ACCT_DOWNLOAD_END `[54, 1, account]`: the first full set of account values and positions has been sent. */
export function accountDownloadEnd(account: string): Field[] {
  return [MarketIncomingMsgId.ACCT_DOWNLOAD_END, 1, account];
}
