// Row ↔ record conversions of the order tables: jsonb legs and repricing plans read back with a shape check (a
// hand-edited row must fail loudly), the stored order modes and time-in-force narrowed to what the app places.
import type { OrderLegRecord, OrderMode, OrderRecord, OrderStatus, RepricePlan } from '@optionstrader/application';
import {
  formatStrike,
  isInstrumentKey,
  isIsoDate,
  parseInstrumentKey,
  type InstrumentKey,
  type OptionRight,
} from '@optionstrader/domain';
import type { orderMode, timeInForce } from '../schema/index';
import { decimal } from './market-data.query';
import { objectOf, objectOrNull } from './strategy-records';

export function instrumentKeyOf(text: string, what: string): InstrumentKey {
  if (!isInstrumentKey(text)) throw new Error(`${what} has a non-canonical instrument key: ${text}`);
  return text;
}

export const rightOf = (right: 'C' | 'P' | null): OptionRight | null =>
  right === null ? null : right === 'C' ? 'call' : 'put';

/**
 * Orders found at the sim broker by the sync are stored as 'sim'; they reached a broker, so for the order flow they
 * are live (paper orders never leave the app).
 */
export const modeOf = (mode: (typeof orderMode.enumValues)[number]): OrderMode => (mode === 'paper' ? 'paper' : 'live');

/** The stored modes an order-flow mode covers. */
export const storedModes = (mode: OrderMode): (typeof orderMode.enumValues)[number][] =>
  mode === 'paper' ? ['paper'] : ['live', 'sim'];

export function tifOf(tif: (typeof timeInForce.enumValues)[number], what: string): OrderRecord['tif'] {
  if (tif !== 'day' && tif !== 'gtc') throw new Error(`${what} has a time in force the app does not place: ${tif}`);
  return tif;
}

const stringOrNull = (value: unknown, what: string): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new Error(`${what} is not a string`);
  return value;
};

const stringOf = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new Error(`${what} is not a string`);
  return value;
};

const numberOf = (value: unknown, what: string): number => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what} is not a number`);
  return value;
};

const sideOf = (value: unknown, what: string): 'BUY' | 'SELL' => {
  if (value !== 'BUY' && value !== 'SELL') throw new Error(`${what} is neither BUY nor SELL`);
  return value;
};

/** A leg the app wrote (application `OrderLegRecord`). */
function appLeg(leg: Record<string, unknown>, what: string): OrderLegRecord {
  const kind = leg['kind'];
  if (kind !== 'option' && kind !== 'stock') throw new Error(`${what}.kind is neither option nor stock`);
  const right = leg['right'] ?? null;
  if (right !== null && right !== 'call' && right !== 'put') throw new Error(`${what}.right is neither call nor put`);
  const expiry = stringOrNull(leg['expiry'], `${what}.expiry`);
  if (expiry !== null && !isIsoDate(expiry)) throw new Error(`${what}.expiry is not an ISO date`);
  const strike = leg['strike'] ?? null;
  return {
    instrumentId: stringOf(leg['instrumentId'], `${what}.instrumentId`),
    key: instrumentKeyOf(stringOf(leg['key'], `${what}.key`), what),
    symbol: stringOf(leg['symbol'], `${what}.symbol`),
    kind,
    right,
    strike: strike === null ? null : numberOf(strike, `${what}.strike`),
    expiry,
    multiplier: numberOf(leg['multiplier'], `${what}.multiplier`),
    side: sideOf(leg['side'], `${what}.side`),
    ratio: numberOf(leg['ratio'], `${what}.ratio`),
    brokerContractId: stringOrNull(leg['brokerContractId'], `${what}.brokerContractId`),
  };
}

/** A leg the sync wrote for an order found at the broker (`{ instrumentId, instrumentKey, action, ratio }`). */
function syncedLeg(leg: Record<string, unknown>, symbol: string, what: string): OrderLegRecord {
  const key = instrumentKeyOf(stringOf(leg['instrumentKey'], `${what}.instrumentKey`), what);
  const id = parseInstrumentKey(key);
  const option = id.secType === 'OPT' ? id : null;
  return {
    instrumentId: stringOf(leg['instrumentId'], `${what}.instrumentId`),
    key,
    symbol,
    kind: option ? 'option' : 'stock',
    right: option?.right ?? null,
    strike: option ? Number(formatStrike(option.strike)) : null,
    expiry: option?.expiry ?? null,
    multiplier: option?.multiplier ?? 1,
    side: sideOf(leg['action'], `${what}.action`),
    ratio: numberOf(leg['ratio'], `${what}.ratio`),
    brokerContractId: null,
  };
}

export function legsOf(value: unknown, symbol: string, what: string): OrderLegRecord[] {
  if (!Array.isArray(value)) throw new Error(`${what} legs is not a list`);
  return value.map((entry, index) => {
    const leg = objectOf(entry, `${what} legs[${index}]`);
    return 'kind' in leg ? appLeg(leg, `${what} legs[${index}]`) : syncedLeg(leg, symbol, `${what} legs[${index}]`);
  });
}

export function repriceOf(value: unknown, what: string): RepricePlan | null {
  const plan = objectOrNull(value, `${what} reprice`);
  if (plan === null) return null;
  const ladder = plan['ladder'];
  if (!Array.isArray(ladder) || !ladder.every((price) => typeof price === 'string')) {
    throw new Error(`${what} reprice.ladder is not a list of decimal strings`);
  }
  return { ladder, delayMs: numberOf(plan['delayMs'], `${what} reprice.delayMs`) };
}

export interface OrderRow {
  id: string;
  idempotencyKey: string;
  accountId: string;
  accountCode: string;
  portfolioId: string | null;
  recommendationId: string | null;
  symbol: string;
  brokerOrderId: string | null;
  permId: string | null;
  mode: (typeof orderMode.enumValues)[number];
  legs: unknown;
  side: 'buy' | 'sell';
  limitPrice: string | null;
  tif: (typeof timeInForce.enumValues)[number];
  status: OrderStatus;
  quantity: string;
  filledQuantity: string;
  avgFillPrice: string | null;
  statusMessage: string | null;
  ocaGroup: string | null;
  automated: boolean;
  createdBy: string | null;
  reprice: unknown;
  priceAttempt: number;
  submittedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toOrderRecord(row: OrderRow): OrderRecord {
  const what = `order ${row.id}`;
  return {
    ...row,
    mode: modeOf(row.mode),
    legs: legsOf(row.legs, row.symbol, what),
    limitPrice: decimal(row.limitPrice),
    tif: tifOf(row.tif, what),
    quantity: Number(row.quantity),
    filledQuantity: Number(row.filledQuantity),
    avgFillPrice: decimal(row.avgFillPrice),
    reprice: repriceOf(row.reprice, what),
  };
}
