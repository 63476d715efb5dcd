// Broker port values → ingestion inputs: canonical keys, decimals and enums, decided once here.
import {
  canonicalSymbol,
  formatInstrumentKey,
  formatMoney,
  formatStrike,
  occSymbolOf,
  parseInstrumentKey,
  parseMoney,
  rightCode,
  type InstrumentKey,
} from '@optionstrader/domain';
import type {
  AccountSummary,
  BrokerContract,
  BrokerExecution,
  BrokerKind,
  BrokerOrder,
  BrokerOrderStatus,
  BrokerPosition,
  BrokerQuote,
  ContractInput,
  Decimal,
  ExecutionInput,
  InstrumentInput,
  OrderInput,
  PositionInput,
  QuoteValues,
  SnapshotValues,
} from '../ports';

/** Cash-settled indexes whose options list on the index itself; every other underlier is a stock or ETF. */
const INDEX_SYMBOLS = new Set(['SPX', 'XSP', 'NDX', 'XND', 'RUT', 'MRUT', 'VIX', 'DJX', 'OEX', 'XEO']);

/** The canonical decimal ('1.5', '-0.01', '100'); more than 6 significant decimals is corrupt data and throws. */
export function canonicalDecimal(value: Decimal): Decimal {
  return formatMoney(parseMoney(value), 0);
}

export function optionalDecimal(value: Decimal | null | undefined): Decimal | null {
  return value === null || value === undefined ? null : canonicalDecimal(value);
}

/** A market-data number as a decimal rounded to the column's 6 places; NaN and ±∞ are unknown, not 0. */
export function numberToDecimal(value: number | null): Decimal | null {
  return value === null || !Number.isFinite(value) ? null : canonicalDecimal(value.toFixed(6));
}

const finiteOrNull = (value: number | null) => (value === null || !Number.isFinite(value) ? null : value);
/** Volume and open interest are stored as integers. */
const countOrNull = (value: number | null) => (value === null || !Number.isFinite(value) ? null : Math.round(value));

export function isZeroDecimal(value: Decimal): boolean {
  return parseMoney(value) === 0n;
}

/**
 * The underlier of an option contract. Its kind comes from a non-option contract of the same symbol seen in the
 * batch (`kinds`), else from the list of index symbols, else it is a stock.
 */
export function underlyingContractOf(option: BrokerContract, kinds: Map<string, BrokerContract>): BrokerContract {
  const symbol = canonicalSymbol(option.symbol);
  const known = kinds.get(symbol);
  if (known) return known;
  const secType = INDEX_SYMBOLS.has(symbol) ? 'IND' : 'STK';
  return {
    key: formatInstrumentKey({ secType, symbol, currency: option.currency }),
    brokerContractId: null,
    secType,
    symbol,
    currency: option.currency,
    exchange: null,
    primaryExchange: null,
    localSymbol: null,
    tradingClass: null,
    expiry: null,
    strike: null,
    right: null,
    multiplier: null,
  };
}

/** The stored instrument of a contract; identity comes from its canonical key (the domain parses it). */
export function instrumentOf(contract: BrokerContract, underlyingKey: InstrumentKey | null): InstrumentInput {
  const id = parseInstrumentKey(contract.key);
  if (id.secType === 'OPT') {
    if (contract.secType !== 'OPT')
      throw new Error(`Contract ${contract.key} is an option key on a ${contract.secType}`);
    return {
      canonicalKey: contract.key,
      symbol: canonicalSymbol(contract.symbol),
      assetClass: 'OPT',
      underlyingKey,
      expiry: id.expiry,
      strike: formatStrike(id.strike),
      right: rightCode(id.right),
      multiplier: String(id.multiplier),
      currency: id.currency,
      occSymbol: occSymbolOf(id),
    };
  }
  if (contract.secType === 'OPT') throw new Error(`Option contract with a non-option key: ${contract.key}`);
  return {
    canonicalKey: contract.key,
    symbol: id.symbol,
    // STK keys cover ETFs too; the class is the broker's classification.
    assetClass: contract.secType === 'ETF' ? 'ETF' : id.secType,
    underlyingKey: null,
    expiry: null,
    strike: null,
    right: null,
    multiplier: '1',
    currency: id.currency,
    occSymbol: null,
  };
}

/** IBKR con_ids (and sim ids that look like them) are positive integers; anything else has no contract row. */
export function conIdOf(contract: BrokerContract): number | null {
  const id = contract.brokerContractId;
  if (id === null || !/^[1-9]\d{0,15}$/.test(id)) return null;
  const value = Number(id);
  return Number.isSafeInteger(value) ? value : null;
}

export function snapshotValuesOf(summary: AccountSummary): SnapshotValues {
  return {
    currency: summary.currency,
    netLiquidation: optionalDecimal(summary.netLiquidation),
    cash: optionalDecimal(summary.cash),
    buyingPower: optionalDecimal(summary.buyingPower),
    initMargin: optionalDecimal(summary.initialMargin),
    maintMargin: optionalDecimal(summary.maintenanceMargin),
    excessLiquidity: optionalDecimal(summary.excessLiquidity),
    grossPositionValue: optionalDecimal(summary.grossPositionValue),
  };
}

const SNAPSHOT_FIELDS = [
  'currency',
  'netLiquidation',
  'cash',
  'buyingPower',
  'initMargin',
  'maintMargin',
  'excessLiquidity',
  'grossPositionValue',
] as const satisfies readonly (keyof SnapshotValues)[];

/** Snapshots differ when any reported value does; the time alone is not a change. */
export function sameSnapshot(a: SnapshotValues, b: SnapshotValues): boolean {
  return SNAPSHOT_FIELDS.every((field) => a[field] === b[field]);
}

export function positionOf(position: BrokerPosition, instrumentId: string): PositionInput {
  return {
    instrumentId,
    quantity: canonicalDecimal(position.quantity),
    avgCost: optionalDecimal(position.averageCost),
    marketValue: optionalDecimal(position.marketValue),
    unrealizedPnl: optionalDecimal(position.unrealizedPnl),
    realizedPnl: optionalDecimal(position.realizedPnl),
    asOf: position.asOf,
  };
}

export const ORDER_STATUS = {
  pending_submit: 'submitted',
  submitted: 'submitted',
  partially_filled: 'partially_filled',
  filled: 'filled',
  cancelled: 'cancelled',
  rejected: 'rejected',
  inactive: 'inactive',
} as const satisfies Record<BrokerOrderStatus, OrderInput['status']>;

/** Key of an order the app did not place (TWS, another tool): stable per broker order. */
export function externalOrderKey(broker: BrokerKind, order: BrokerOrder): string {
  return `ext:${broker}:${order.accountCode}:${order.permId ?? order.brokerOrderId}`;
}

export function orderOf(broker: BrokerKind, order: BrokerOrder, instrumentIds: Map<string, string>): OrderInput {
  const legs = order.legs.map((leg) => ({
    instrumentId: requireId(instrumentIds, leg.contract.key),
    instrumentKey: leg.contract.key,
    action: leg.action,
    ratio: leg.ratio,
  }));
  return {
    idempotencyKey: order.idempotencyKey ?? externalOrderKey(broker, order),
    brokerOrderId: order.brokerOrderId,
    permId: order.permId,
    ocaGroup: null,
    side: order.legs[0]?.action === 'SELL' ? 'sell' : 'buy',
    orderType: order.orderType === 'MKT' ? 'market' : 'limit',
    limitPrice: optionalDecimal(order.limitPrice),
    tif: order.tif === 'GTC' ? 'gtc' : 'day',
    status: ORDER_STATUS[order.status],
    quantity: canonicalDecimal(String(order.quantity)),
    filledQuantity: canonicalDecimal(String(order.filledQuantity)),
    avgFillPrice: optionalDecimal(order.averageFillPrice),
    // Orders found at a broker reached it: sim orders are 'sim', IBKR ones 'live' ('paper' never leaves the app).
    mode: broker === 'sim' ? 'sim' : 'live',
    legs,
    submittedAt: order.createdAt,
  };
}

export function executionOf(execution: BrokerExecution, instrumentId: string, orderId: string | null): ExecutionInput {
  return {
    execId: execution.execId,
    orderId,
    instrumentId,
    side: execution.side === 'SELL' ? 'sell' : 'buy',
    quantity: canonicalDecimal(execution.quantity),
    price: canonicalDecimal(execution.price),
    commission: optionalDecimal(execution.commission),
    commissionCurrency: execution.commission === null ? null : execution.commissionCurrency,
    executedAt: execution.executedAt,
  };
}

export function quoteValuesOf(quote: BrokerQuote): QuoteValues {
  return {
    bid: numberToDecimal(quote.bid),
    ask: numberToDecimal(quote.ask),
    last: numberToDecimal(quote.last),
    mark: numberToDecimal(quote.mark),
    volume: countOrNull(quote.volume),
    openInterest: countOrNull(quote.openInterest),
    impliedVol: finiteOrNull(quote.impliedVol),
    delta: finiteOrNull(quote.delta),
    gamma: finiteOrNull(quote.gamma),
    theta: finiteOrNull(quote.theta),
    vega: finiteOrNull(quote.vega),
    underlyingPrice: numberToDecimal(quote.underlyingPrice),
    dataType: quote.dataType === 'delayed_frozen' ? 'frozen' : quote.dataType,
  };
}

const QUOTE_FIELDS = [
  'bid',
  'ask',
  'last',
  'mark',
  'volume',
  'openInterest',
  'impliedVol',
  'delta',
  'gamma',
  'theta',
  'vega',
  'underlyingPrice',
  'dataType',
] as const satisfies readonly (keyof QuoteValues)[];

/** A quote equal to the latest stored one in every value is not written again (its time alone is no news). */
export function sameQuote(a: QuoteValues, b: QuoteValues): boolean {
  return QUOTE_FIELDS.every((field) => a[field] === b[field]);
}

export function requireId(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`No stored id for ${key}`);
  return id;
}

/** Instruments and broker contracts of a batch of contracts, options with their underliers (by key). */
export function collectInstruments(contracts: BrokerContract[]) {
  const nonOptions = new Map<string, BrokerContract>();
  for (const c of contracts) if (c.secType !== 'OPT') nonOptions.set(c.symbol, c);
  const byKey = new Map<string, InstrumentInput>();
  const conIds = new Map<number, ContractInput>();
  const underlierOf = new Map<string, BrokerContract>();
  const addContract = (c: BrokerContract, underlyingKey: InstrumentKey | null) => {
    if (!byKey.has(c.key)) byKey.set(c.key, instrumentOf(c, underlyingKey));
    const conId = conIdOf(c);
    if (conId !== null) {
      conIds.set(conId, {
        conId,
        instrumentKey: c.key,
        secType: c.secType,
        localSymbol: c.localSymbol,
        tradingClass: c.tradingClass,
        exchange: c.exchange,
        primaryExchange: c.primaryExchange,
        raw: c.raw ?? null,
      });
    }
  };
  for (const c of contracts) {
    if (c.secType !== 'OPT') continue;
    const underlying = underlyingContractOf(c, nonOptions);
    underlierOf.set(c.key, underlying);
    addContract(underlying, null);
  }
  for (const c of contracts) addContract(c, c.secType === 'OPT' ? (underlierOf.get(c.key)?.key ?? null) : null);
  return { instruments: [...byKey.values()], contracts: [...conIds.values()], underlierOf };
}
