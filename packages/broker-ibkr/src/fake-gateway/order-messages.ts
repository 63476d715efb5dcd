// The order side of the fake gateway at server version 193: PLACE_ORDER, CANCEL_ORDER, REQ_EXECUTIONS and
// REQ_COMPLETED_ORDERS decoded, OPEN_ORDER, ORDER_STATUS, EXECUTION_DATA, COMMISSION_REPORT and COMPLETED_ORDER
// encoded. Layouts follow `@stoqey/ib` 1.6.10's encoder and decoder (ibkr-protocol.md §2.4–2.6); pure, no I/O.
import type { Field } from '../framing';
import type {
  WireComboLeg,
  WireCommissionReport,
  WireContract,
  WireExecution,
  WireExecutionFilter,
  WireOrder,
  WireOrderState,
  WireOrderStatus,
  WirePlaceOrder,
} from './wire-types';

/** Client → server order message ids (`@stoqey/ib` encoder `OUT_MSG_ID`). */
export const OrderOutgoingMsgId = {
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_EXECUTIONS: 7,
  REQ_COMPLETED_ORDERS: 99,
} as const;

/** Server → client order message ids (`@stoqey/ib` decoder `IN_MSG_ID`). */
export const OrderIncomingMsgId = {
  ORDER_STATUS: 3,
  OPEN_ORDER: 5,
  EXECUTION_DATA: 11,
  OPEN_ORDER_END: 53,
  EXECUTION_DATA_END: 55,
  COMMISSION_REPORT: 59,
  COMPLETED_ORDER: 101,
  COMPLETED_ORDERS_END: 102,
} as const;

/** TWS's "no value" double, written as TWS writes it; `@stoqey/ib` reads it back as `undefined`. */
export const UNSET_DOUBLE = '1.7976931348623157E308';
/** TWS's "no value" int; `readIntOrUndefined` reads it back as `undefined`. */
export const UNSET_INT = 2147483647;

// ---------------------------------------------------------------------------------------------------------------
// Decoding (client → server)
// ---------------------------------------------------------------------------------------------------------------

/** A cursor over one message's fields that names the message and field in every error it throws. */
interface FieldReader {
  str(name: string): string;
  /** An integer; the client sends `undefined` as `""`, which TWS reads as 0. */
  int(name: string): number;
  /** A required decimal (`""` is an error). */
  decimal(name: string): number;
  /** A double that may be unset: `""` or the max double → null. */
  optionalDouble(name: string): number | null;
  /** `1` / `0`; `""` (an `undefined` the client sent) reads as false, as TWS reads it. */
  bool(name: string): boolean;
  /** Skips fields this fake does not model; they must still be there. */
  skip(count: number, name: string): void;
  /** Throws when fields are left over: the walk and the layout disagree. */
  end(): void;
}

function fieldReader(message: string, fields: readonly string[], msgId: number): FieldReader {
  let index = 0;
  const fail = (reason: string): never => {
    throw new Error(`malformed ${message}: ${reason}`);
  };
  if (fields[0] !== String(msgId)) fail(`expected message id ${msgId}, got "${fields[0]}"`);
  index = 1;
  const next = (name: string): string => {
    const value = fields[index];
    if (value === undefined) return fail(`missing field ${index} (${name}); the message has ${fields.length} fields`);
    index++;
    return value;
  };
  const invalid = (name: string, value: string, what: string): never =>
    fail(`field ${index - 1} (${name}) is not ${what}: "${value}"`);
  return {
    str: next,
    int(name) {
      const value = next(name);
      if (value === '') return 0;
      return /^-?\d+$/.test(value) ? Number(value) : invalid(name, value, 'an integer');
    },
    decimal(name) {
      const value = next(name);
      const parsed = Number(value);
      return value !== '' && Number.isFinite(parsed) ? parsed : invalid(name, value, 'a number');
    },
    optionalDouble(name) {
      const value = next(name);
      if (value === '') return null;
      const parsed = Number(value);
      // The client's encoder already turns the max double into "", but TWS's own marker means the same.
      if (parsed === Number.MAX_VALUE) return null;
      return Number.isFinite(parsed) ? parsed : invalid(name, value, 'a number');
    },
    bool(name) {
      const value = next(name);
      if (value === '1') return true;
      if (value === '0' || value === '') return false;
      return invalid(name, value, 'a boolean (1 or 0)');
    },
    skip(count, name) {
      for (let i = 0; i < count; i++) next(name);
    },
    end() {
      if (index < fields.length) fail(`${fields.length - index} unexpected field(s) after field ${index - 1}`);
    },
  };
}

function readAction(reader: FieldReader, name: string): 'BUY' | 'SELL' {
  const action = reader.str(name);
  if (action === 'BUY' || action === 'SELL') return action;
  throw new Error(`malformed PLACE_ORDER: ${name} "${action}" is not BUY or SELL`);
}

/** TWS accepts `C`/`P` and the long forms; the wire type keeps the short ones. */
function readRight(reader: FieldReader): WireContract['right'] {
  const right = reader.str('right').toUpperCase();
  if (right === '' || right === 'C' || right === 'P') return right;
  if (right === 'CALL') return 'C';
  if (right === 'PUT') return 'P';
  throw new Error(`malformed PLACE_ORDER: right "${right}" is not C or P`);
}

/** PLACE_ORDER's contract: conId … tradingClass, then secIdType and secId (not modelled). */
function readPlaceOrderContract(reader: FieldReader): WireContract {
  const contract: WireContract = {
    conId: reader.int('conId'),
    symbol: reader.str('symbol'),
    secType: reader.str('secType'),
    lastTradeDateOrContractMonth: reader.str('lastTradeDateOrContractMonth'),
    strike: reader.optionalDouble('strike') ?? 0,
    right: readRight(reader),
    multiplier: reader.str('multiplier'),
    exchange: reader.str('exchange'),
    primaryExchange: reader.str('primaryExch'),
    currency: reader.str('currency'),
    localSymbol: reader.str('localSymbol'),
    tradingClass: reader.str('tradingClass'),
  };
  reader.skip(2, 'secIdType/secId');
  return contract;
}

/** BAG only: the legs, then per-leg prices and smart-combo routing params (both skipped). */
function readPlaceOrderComboLegs(reader: FieldReader): WireComboLeg[] {
  const legs: WireComboLeg[] = [];
  const legCount = reader.int('comboLegCount');
  for (let i = 0; i < legCount; i++) {
    legs.push({
      conId: reader.int(`comboLegs[${i}].conId`),
      ratio: reader.int(`comboLegs[${i}].ratio`),
      action: readAction(reader, `comboLegs[${i}].action`),
      exchange: reader.str(`comboLegs[${i}].exchange`),
    });
    reader.skip(4, `comboLegs[${i}] openClose/shortSaleSlot/designatedLocation/exemptCode`);
  }
  reader.skip(reader.int('orderComboLegCount'), 'orderComboLegs price');
  reader.skip(2 * reader.int('smartComboRoutingParamCount'), 'smartComboRoutingParams tag/value');
  return legs;
}

/**
 * Walks the fields between the combo legs and `whatIf` (sharesAllocation … algoId). Several blocks are
 * present only when a lead field is set, exactly as the client's encoder decides.
 */
function skipPlaceOrderMiddle(reader: FieldReader): void {
  // sharesAllocation … stockRangeUpper, then overridePercentageConstraints, volatility, volatilityType.
  reader.skip(29, 'sharesAllocation … volatilityType');
  const deltaNeutralOrderType = reader.str('deltaNeutralOrderType');
  reader.skip(1, 'deltaNeutralAuxPrice');
  // conId, settlingFirm, clearingAccount, clearingIntent, openClose, shortSale, shortSaleSlot, designatedLocation.
  if (deltaNeutralOrderType !== '') reader.skip(8, 'deltaNeutral order fields');
  // continuousUpdate, referencePriceType, trailStopPrice, trailingPercent, scaleInitLevelSize, scaleSubsLevelSize.
  reader.skip(6, 'continuousUpdate … scaleSubsLevelSize');
  // The client sends the 7 scale extras whenever scalePriceIncrement is defined, i.e. non-empty on the wire.
  if (reader.str('scalePriceIncrement') !== '') reader.skip(7, 'scale order fields');
  reader.skip(3, 'scaleTable/activeStartTime/activeStopTime');
  if (reader.str('hedgeType') !== '') reader.skip(1, 'hedgeParam');
  reader.skip(4, 'optOutSmartRouting/clearingAccount/clearingIntent/notHeld');
  if (reader.bool('deltaNeutralContract')) reader.skip(3, 'deltaNeutralContract conId/delta/price');
  if (reader.str('algoStrategy') !== '') reader.skip(2 * reader.int('algoParamCount'), 'algoParams tag/value');
  reader.skip(1, 'algoId');
}

/** Fields per order condition after its type and conjunction (`encoder.ts` condition switch). */
const CONDITION_FIELD_COUNTS: Readonly<Record<number, number>> = {
  1: 5, // price: isMore, value, conId, exchange, triggerMethod
  3: 2, // time: isMore, value
  4: 2, // margin: isMore, value
  5: 3, // execution: secType, exchange, symbol
  6: 4, // volume: isMore, value, conId, exchange
  7: 4, // percent change: isMore, value, conId, exchange
};

const isOrderType = (orderType: string, spaced: string) =>
  orderType === spaced || orderType === spaced.replace(' ', '');

/** Walks the fields after `whatIf` to the end of the message (orderMiscOptions … manualOrderIndicator). */
function skipPlaceOrderTail(reader: FieldReader, orderType: string, exchange: string): void {
  reader.skip(4, 'orderMiscOptions/solicited/randomizeSize/randomizePrice');
  if (isOrderType(orderType, 'PEG BENCH')) reader.skip(5, 'pegged-to-benchmark fields');
  const conditionCount = reader.int('conditionCount');
  for (let i = 0; i < conditionCount; i++) {
    const type = reader.int(`conditions[${i}].type`);
    const fieldCount = CONDITION_FIELD_COUNTS[type];
    if (fieldCount === undefined) throw new Error(`malformed PLACE_ORDER: unknown order condition type ${type}`);
    reader.skip(1 + fieldCount, `conditions[${i}]`);
  }
  if (conditionCount > 0) reader.skip(2, 'conditionsIgnoreRth/conditionsCancelOrder');
  // adjusted order (7), extOperator, soft dollar tier (2), cashQty, MiFID II (4), then dontUseAutoPriceForHedge,
  // isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo, duration, postToAts, autoCancelParent,
  // advancedErrorOverride, manualOrderTime.
  reader.skip(24, 'adjustedOrderType … manualOrderTime');
  if (exchange === 'IBKRATS') reader.skip(1, 'minTradeQty');
  if (isOrderType(orderType, 'PEG BEST')) {
    reader.skip(1, 'minCompeteSize');
    // The mid offsets follow only for "compete up to mid", which the client encodes as Infinity.
    if (reader.str('competeAgainstBestOffset') === 'Infinity') reader.skip(2, 'midOffsetAtWhole/midOffsetAtHalf');
  } else if (isOrderType(orderType, 'PEG MID')) {
    reader.skip(2, 'midOffsetAtWhole/midOffsetAtHalf');
  }
  reader.skip(4, 'customerAccount/professionalCustomer/includeOvernight/manualOrderIndicator');
}

/**
 * PLACE_ORDER (msg 3, no version at 193) as `IBApi.placeOrder` encodes it: the contract, the order fields the
 * fake models and, for BAG orders, the combo legs. clientId and permId are not on the wire (0). An empty
 * `transmit` (the client's `undefined`) decodes as false, which is how TWS treats it: the order is not sent.
 */
export function decodePlaceOrder(fields: string[]): WirePlaceOrder {
  const reader = fieldReader('PLACE_ORDER', fields, OrderOutgoingMsgId.PLACE_ORDER);
  const orderId = reader.int('orderId');
  const contract = readPlaceOrderContract(reader);
  const action = readAction(reader, 'action');
  const totalQuantity = reader.decimal('totalQuantity');
  const orderType = reader.str('orderType');
  const lmtPrice = reader.optionalDouble('lmtPrice');
  reader.skip(1, 'auxPrice');
  const tif = reader.str('tif');
  const ocaGroup = reader.str('ocaGroup');
  const account = reader.str('account');
  reader.skip(2, 'openClose/origin');
  const orderRef = reader.str('orderRef');
  const transmit = reader.bool('transmit');
  reader.skip(7, 'parentId/blockOrder/sweepToFill/displaySize/triggerMethod/outsideRth/hidden');
  const comboLegs = contract.secType.toUpperCase() === 'BAG' ? readPlaceOrderComboLegs(reader) : [];
  skipPlaceOrderMiddle(reader);
  const whatIf = reader.bool('whatIf');
  skipPlaceOrderTail(reader, orderType, contract.exchange);
  reader.end();
  const order: WireOrder = {
    orderId,
    clientId: 0,
    permId: 0,
    action,
    totalQuantity,
    orderType,
    lmtPrice,
    tif,
    ocaGroup,
    account,
    orderRef,
    whatIf,
    transmit,
  };
  return { order, contract, comboLegs };
}

/** CANCEL_ORDER `[4, orderId, manualOrderCancelTime, extOperator, manualOrderIndicator]` (no version from 192). */
export function decodeCancelOrder(fields: string[]): { orderId: number } {
  const reader = fieldReader('CANCEL_ORDER', fields, OrderOutgoingMsgId.CANCEL_ORDER);
  const orderId = reader.int('orderId');
  reader.skip(3, 'manualOrderCancelTime/extOperator/manualOrderIndicator');
  reader.end();
  return { orderId };
}

/** REQ_EXECUTIONS `[7, 3, reqId, clientId, acctCode, time, symbol, secType, exchange, side]`; empty means "any". */
export function decodeReqExecutions(fields: string[]): { reqId: number; filter: WireExecutionFilter } {
  const reader = fieldReader('REQ_EXECUTIONS', fields, OrderOutgoingMsgId.REQ_EXECUTIONS);
  const version = reader.int('version');
  if (version !== 3) throw new Error(`malformed REQ_EXECUTIONS: version ${version}, expected 3`);
  const reqId = reader.int('reqId');
  const filter: WireExecutionFilter = {
    clientId: reader.int('clientId'),
    acctCode: reader.str('acctCode'),
    time: reader.str('time'),
    symbol: reader.str('symbol'),
    secType: reader.str('secType'),
    exchange: reader.str('exchange'),
    side: reader.str('side'),
  };
  reader.end();
  return { reqId, filter };
}

/** REQ_COMPLETED_ORDERS `[99, apiOnly]` (no version). */
export function decodeReqCompletedOrders(fields: string[]): { apiOnly: boolean } {
  const reader = fieldReader('REQ_COMPLETED_ORDERS', fields, OrderOutgoingMsgId.REQ_COMPLETED_ORDERS);
  const apiOnly = reader.bool('apiOnly');
  reader.end();
  return { apiOnly };
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding (server → client)
// ---------------------------------------------------------------------------------------------------------------

const flag = (value: boolean): Field => (value ? 1 : 0);
const doubleOrUnset = (value: number | null): Field => value ?? UNSET_DOUBLE;

/** What-if margins are decimal strings in the wire type; '' is TWS's unset double. Garbage would reach the client as NaN. */
function marginField(name: string, value: string): Field {
  if (value === '') return UNSET_DOUBLE;
  if (!Number.isFinite(Number(value))) throw new Error(`orderState.${name} "${value}" is not a decimal string`);
  return value;
}

/** The contract as OPEN_ORDER, COMPLETED_ORDER and EXECUTION_DATA carry it: no primaryExch on any of them. */
function contractFields(contract: WireContract): Field[] {
  return [
    contract.conId,
    contract.symbol,
    contract.secType,
    contract.lastTradeDateOrContractMonth,
    contract.strike,
    contract.right,
    contract.multiplier,
    contract.exchange,
    contract.currency,
    contract.localSymbol,
    contract.tradingClass,
  ];
}

/** `conId|signedRatio,…`, the combo description TWS sends with a BAG (a SELL leg has a negative ratio). */
function comboLegsDescription(legs: readonly WireComboLeg[]): string {
  return legs.map((leg) => `${leg.conId}|${leg.action === 'SELL' ? -leg.ratio : leg.ratio}`).join(',');
}

/**
 * comboLegsDescription, the legs (8 fields each), per-leg prices (none) and smart-combo routing params (none).
 * Only a BAG carries legs; legs on any other contract are a caller bug.
 */
function comboLegFields(contract: WireContract, legs: readonly WireComboLeg[]): Field[] {
  if (contract.secType !== 'BAG' && legs.length > 0) {
    throw new Error(`combo legs given for a ${contract.secType} contract; only BAG orders carry legs`);
  }
  const legFields = legs.flatMap((leg) => [leg.conId, leg.ratio, leg.action, leg.exchange, 0, 0, '', -1]);
  return [comboLegsDescription(legs), legs.length, ...legFields, 0, 0];
}

/** The unset volatility-order block: volatility, volatilityType, deltaNeutral type '' (no extras), aux, 2 ints. */
const VOL_ORDER_UNSET: readonly Field[] = [UNSET_DOUBLE, 0, '', UNSET_DOUBLE, 0, 0];
/** The unset scale-order block; an unset increment means no scale extras follow. */
const SCALE_ORDER_UNSET: readonly Field[] = [UNSET_INT, UNSET_INT, UNSET_DOUBLE];
/** minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf, all unset. */
const PEG_BEST_MID_UNSET: readonly Field[] = [UNSET_INT, UNSET_INT, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE];

/** PEG BENCH adds five reference-contract fields the wire types do not model; refuse rather than mis-frame. */
function assertModelledOrderType(order: WireOrder): void {
  if (isOrderType(order.orderType, 'PEG BENCH')) {
    throw new Error(`order type ${order.orderType} is not supported by the fake gateway`);
  }
}

/** The main order fields both OPEN_ORDER and COMPLETED_ORDER start with (action … orderRef). */
function orderHeadFields(order: WireOrder): Field[] {
  // auxPrice unset, openClose '', origin 0 (customer).
  return [
    order.action,
    order.totalQuantity,
    order.orderType,
    doubleOrUnset(order.lmtPrice),
    UNSET_DOUBLE,
    order.tif,
    order.ocaGroup,
    order.account,
    '',
    0,
    order.orderRef,
  ];
}

/**
 * whatIf, status, the 9 margin values (before / change / after), commission, min/max commission, currency and
 * warning (`readWhatIfInfoAndCommission`). The wire type only knows the changes; before/after and min/max go
 * out unset.
 */
function whatIfAndCommissionFields(order: WireOrder, state: WireOrderState): Field[] {
  return [
    flag(order.whatIf),
    state.status,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    marginField('initMarginChange', state.initMarginChange),
    marginField('maintMarginChange', state.maintMarginChange),
    marginField('equityWithLoanChange', state.equityWithLoanChange),
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    doubleOrUnset(state.commission),
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    state.commissionCurrency,
    state.warningText,
  ];
}

/**
 * OPEN_ORDER (msg 5, no version at 193): 133 fields for a non-BAG order, plus 8 per combo leg for a BAG. Field
 * order is `decodeMsg_OPEN_ORDER`'s; everything the wire types do not model goes out empty or unset.
 */
export function openOrder(
  order: WireOrder,
  contract: WireContract,
  comboLegs: WireComboLeg[],
  state: WireOrderState,
): Field[] {
  assertModelledOrderType(order);
  return [
    OrderIncomingMsgId.OPEN_ORDER,
    order.orderId,
    ...contractFields(contract),
    ...orderHeadFields(order),
    order.clientId,
    order.permId,
    // outsideRth, hidden, discretionaryAmt, goodAfterTime, sharesAllocation, faGroup, faMethod, faPercentage,
    // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm.
    0,
    0,
    0,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    UNSET_DOUBLE,
    '',
    // shortSaleSlot, designatedLocation, exemptCode, auctionStrategy, startingPrice, stockRefPrice, delta,
    // stockRangeLower, stockRangeUpper, displaySize.
    0,
    '',
    -1,
    0,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_INT,
    // blockOrder, sweepToFill, allOrNone, minQty, ocaType, eTradeOnly, firmQuoteOnly, nbboPriceCap, parentId,
    // triggerMethod.
    0,
    0,
    0,
    UNSET_INT,
    0,
    0,
    0,
    UNSET_DOUBLE,
    0,
    0,
    ...VOL_ORDER_UNSET,
    // trailStopPrice, trailingPercent, basisPoints, basisPointsType.
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_INT,
    ...comboLegFields(contract, comboLegs),
    ...SCALE_ORDER_UNSET,
    // hedgeType '' (no hedgeParam), optOutSmartRouting, clearingAccount, clearingIntent, notHeld,
    // deltaNeutralContract flag, algoStrategy '' (no params), solicited.
    '',
    0,
    '',
    '',
    0,
    0,
    '',
    0,
    ...whatIfAndCommissionFields(order, state),
    // randomizeSize, randomizePrice, conditionCount.
    0,
    0,
    0,
    // adjustedOrderType, triggerPrice, trailStopPrice, lmtPriceOffset, adjustedStopPrice, adjustedStopLimitPrice,
    // adjustedTrailingAmount, adjustableTrailingUnit.
    '',
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    0,
    // softDollarTier name/value/displayName, cashQty.
    '',
    '',
    '',
    UNSET_DOUBLE,
    // dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo, duration,
    // postToAts, autoCancelParent.
    0,
    0,
    0,
    0,
    0,
    UNSET_INT,
    0,
    ...PEG_BEST_MID_UNSET,
    // customerAccount, professionalCustomer, bondAccruedInterest, includeOvernight, extOperator,
    // manualOrderIndicator.
    '',
    0,
    '',
    0,
    '',
    UNSET_INT,
  ];
}

/** OPEN_ORDER_END `[53, 1]`. */
export function openOrderEnd(): Field[] {
  return [OrderIncomingMsgId.OPEN_ORDER_END, 1];
}

/**
 * ORDER_STATUS `[3, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId,
 * whyHeld, mktCapPrice]`: no version field from server version 131.
 */
export function orderStatus(status: WireOrderStatus): Field[] {
  return [
    OrderIncomingMsgId.ORDER_STATUS,
    status.orderId,
    status.status,
    status.filled,
    status.remaining,
    status.avgFillPrice,
    status.permId,
    status.parentId,
    status.lastFillPrice,
    status.clientId,
    status.whyHeld,
    status.mktCapPrice,
  ];
}

/**
 * EXECUTION_DATA (msg 11, no version from 136), 32 fields. liquidation 0, evRule '', evMultiplier unset,
 * modelCode '', lastLiquidity 0 and pendingPriceRevision 0 are not modelled.
 */
export function executionData(e: WireExecution): Field[] {
  return [
    OrderIncomingMsgId.EXECUTION_DATA,
    e.reqId,
    e.orderId,
    ...contractFields(e.contract),
    e.execId,
    e.time,
    e.account,
    e.exchange,
    e.side,
    e.shares,
    e.price,
    e.permId,
    e.clientId,
    0,
    e.cumQty,
    e.avgPrice,
    e.orderRef,
    '',
    UNSET_DOUBLE,
    '',
    0,
    0,
  ];
}

/** EXECUTION_DATA_END `[55, 1, reqId]`. */
export function executionDataEnd(reqId: number): Field[] {
  return [OrderIncomingMsgId.EXECUTION_DATA_END, 1, reqId];
}

/** COMMISSION_REPORT `[59, 1, execId, commission, currency, realizedPNL, yield, yieldRedemptionDate]`. */
export function commissionReport(r: WireCommissionReport): Field[] {
  return [
    OrderIncomingMsgId.COMMISSION_REPORT,
    1,
    r.execId,
    r.commission,
    r.currency,
    doubleOrUnset(r.realizedPnl),
    UNSET_DOUBLE,
    0,
  ];
}

/**
 * COMPLETED_ORDER (msg 101, no version): the `decodeMsg_COMPLETED_ORDER` layout, 98 fields for a non-BAG order.
 * Unlike OPEN_ORDER it carries no orderId and no clientId (only permId), no margins or commission, and ends with
 * completedTime / completedStatus, and the order's filledQuantity (empty when the order does not say).
 */
export function completedOrder(
  order: WireOrder,
  contract: WireContract,
  comboLegs: WireComboLeg[],
  state: WireOrderState,
): Field[] {
  assertModelledOrderType(order);
  return [
    OrderIncomingMsgId.COMPLETED_ORDER,
    ...contractFields(contract),
    ...orderHeadFields(order),
    order.permId,
    // outsideRth, hidden, discretionaryAmt, goodAfterTime, faGroup, faMethod, faPercentage, modelCode,
    // goodTillDate, rule80A, percentOffset, settlingFirm.
    0,
    0,
    0,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    UNSET_DOUBLE,
    '',
    // shortSaleSlot, designatedLocation, exemptCode, startingPrice, stockRefPrice, delta, stockRangeLower,
    // stockRangeUpper, displaySize, sweepToFill, allOrNone, minQty, ocaType, triggerMethod.
    0,
    '',
    -1,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_INT,
    0,
    0,
    UNSET_INT,
    0,
    0,
    ...VOL_ORDER_UNSET,
    // trailStopPrice, trailingPercent.
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    ...comboLegFields(contract, comboLegs),
    ...SCALE_ORDER_UNSET,
    // hedgeType '', clearingAccount, clearingIntent, notHeld, deltaNeutralContract flag, algoStrategy '',
    // solicited.
    '',
    '',
    '',
    0,
    0,
    '',
    0,
    state.status,
    // randomizeSize, randomizePrice, conditionCount, trailStopPrice, lmtPriceOffset, cashQty,
    // dontUseAutoPriceForHedge, isOmsContainer.
    0,
    0,
    0,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    UNSET_DOUBLE,
    0,
    0,
    // autoCancelDate, filledQuantity, refFuturesConId, autoCancelParent, shareholder, imbalanceOnly,
    // routeMarketableToBbo, parentPermId.
    '',
    order.filledQuantity ?? '',
    0,
    0,
    '',
    0,
    0,
    0,
    state.completedTime,
    state.completedStatus,
    ...PEG_BEST_MID_UNSET,
    // customerAccount, professionalCustomer.
    '',
    0,
  ];
}

/** COMPLETED_ORDERS_END `[102]` (no version). */
export function completedOrdersEnd(): Field[] {
  return [OrderIncomingMsgId.COMPLETED_ORDERS_END];
}
