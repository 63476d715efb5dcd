// `@stoqey/ib` values ↔ Broker port values, decided once here: contracts and their canonical keys, order
// statuses, times, and numbers where TWS's "unset" markers (max double, −1, NaN) become null — unknown, never 0.
import type {
  BrokerContract,
  BrokerOrderStatus,
  ContractQuery,
  Decimal,
  MarketDataType,
  OrderAction,
  SecurityType,
} from '@optionstrader/application';
import {
  canonicalSymbol,
  formatInstrumentKey,
  formatMoney,
  formatStrike,
  isoDate,
  newYorkToUtc,
  parseInstrumentKey,
  parseMoney,
  parseStrike,
  type IsoDate,
  type OptionRight,
} from '@optionstrader/domain';
import { OptionType, SecType, type Contract, type ContractDetails } from '@stoqey/ib';

/** TWS's unset double (Double.MAX_VALUE) and anything near it. */
const UNSET_DOUBLE = 1e300;

/** A reported number, or null when TWS says it does not know (undefined, NaN, ±∞, max double). */
export function knownNumber(value: number | undefined | null): number | null {
  if (value === undefined || value === null || !Number.isFinite(value) || Math.abs(value) >= UNSET_DOUBLE) return null;
  return value;
}

/** A price tick: TWS sends −1 (and sometimes 0 for a missing bid/ask on a snapshot) for "no price". */
export function knownPrice(value: number | undefined | null): number | null {
  const known = knownNumber(value);
  return known === null || known === -1 ? null : known;
}

/** A money amount as the port's decimal string, rounded to the database's 6 places; unknown stays null. */
export function decimalOf(value: number | undefined | null): Decimal | null {
  const known = knownNumber(value);
  if (known === null) return null;
  return formatMoney(parseMoney(known.toFixed(6)), 0);
}

/** A decimal string TWS sent as text (account summary, what-if margins); '' and unset markers are null. */
export function decimalOfText(value: string | number | undefined | null): Decimal | null {
  if (value === undefined || value === null || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  return decimalOf(number);
}

/** 'YYYYMMDD' (or 'YYYYMMDD HH:mm zone', as some TWS versions send) → IsoDate. */
export function expiryOf(text: string | undefined): IsoDate | null {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(text ?? '');
  if (!match) return null;
  return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** IsoDate → TWS 'YYYYMMDD'. */
export function twsDate(date: IsoDate): string {
  return date.replaceAll('-', '');
}

/**
 * An execution or completion time. TWS sends 'YYYYMMDD-HH:mm:ss' (UTC) or 'YYYYMMDD  HH:mm:ss[ zone]' in the
 * gateway's zone; zones other than UTC and US/Eastern are read as US/Eastern (IBKR's US gateways' default).
 */
export function parseTwsTime(text: string | undefined): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})([- ])\s*(\d{2}):(\d{2}):(\d{2})\s*(\S*)/.exec((text ?? '').trim());
  if (!match) return null;
  const [, y, mo, d, separator, h, mi, s, zone] = match;
  const seconds = Number(h) * 3600 + Number(mi) * 60 + Number(s);
  if (separator === '-' || zone === 'UTC' || zone === 'GMT' || zone === 'Etc/UTC') {
    return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)) + seconds * 1000);
  }
  const date = isoDate(Number(y), Number(mo), Number(d));
  return new Date(newYorkToUtc(date, Math.floor(seconds / 60)) + (seconds % 60) * 1000);
}

/** A time as REQ_EXECUTIONS' filter takes it: 'YYYYMMDD-HH:mm:ss' in UTC. */
export function twsUtcTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}-` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`
  );
}

const orNull = (text: string | undefined) => (text === undefined || text === '' ? null : text);

/**
 * The port's contract of a TWS contract; null for what the port does not model (futures, forex, BAG...).
 * `stockType` from the contract details tells an ETF from a common stock (TWS calls both STK).
 */
export function contractOf(contract: Contract, stockType?: string): BrokerContract | null {
  const currency = contract.currency ?? 'USD';
  const common = {
    brokerContractId: contract.conId ? String(contract.conId) : null,
    currency,
    exchange: orNull(contract.exchange),
    primaryExchange: orNull(contract.primaryExch),
    localSymbol: orNull(contract.localSymbol),
    tradingClass: orNull(contract.tradingClass),
    raw: { conId: contract.conId ?? null, secType: contract.secType ?? null, stockType: stockType ?? null },
  };
  if (!contract.symbol) return null;
  switch (contract.secType) {
    case SecType.STK:
    case SecType.IND: {
      const secType = contract.secType === SecType.IND ? 'IND' : 'STK';
      const symbol = canonicalSymbol(contract.symbol);
      return {
        ...common,
        key: formatInstrumentKey({ secType, symbol, currency }),
        secType: secType === 'STK' && stockType === 'ETF' ? 'ETF' : secType,
        symbol,
        expiry: null,
        strike: null,
        right: null,
        multiplier: null,
      };
    }
    case SecType.OPT: {
      const expiry = expiryOf(contract.lastTradeDateOrContractMonth);
      const right = rightOf(contract.right);
      if (expiry === null || right === null || contract.strike === undefined) return null;
      const strike = parseStrike(contract.strike);
      const multiplier = Number(contract.multiplier ?? 100) || 100;
      const symbol = canonicalSymbol(contract.symbol);
      const root = canonicalSymbol(contract.tradingClass || contract.symbol);
      return {
        ...common,
        key: formatInstrumentKey({ secType: 'OPT', root, expiry, right, strike, multiplier, currency }),
        secType: 'OPT',
        symbol,
        tradingClass: root,
        expiry,
        strike: formatStrike(strike),
        right,
        multiplier,
      };
    }
    default:
      return null;
  }
}

export function contractOfDetails(details: ContractDetails): BrokerContract | null {
  return contractOf({ ...details.contract, primaryExch: details.contract.primaryExch ?? '' }, details.stockType);
}

function rightOf(right: string | undefined): OptionRight | null {
  if (right === OptionType.Call || right === 'CALL') return 'call';
  if (right === OptionType.Put || right === 'PUT') return 'put';
  return null;
}

/**
 * The TWS contract to request a port contract by. The canonical key is the identity: the broker id is used only
 * when the adapter has seen that id describe this very key (a stale or foreign id would quote the wrong thing).
 */
export function ibContractOf(contract: BrokerContract, knownConId: number | null): Contract {
  const id = parseInstrumentKey(contract.key);
  const base: Contract = { exchange: 'SMART', currency: id.currency };
  if (knownConId !== null) base.conId = knownConId;
  if (id.secType === 'OPT') {
    return {
      ...base,
      secType: SecType.OPT,
      symbol: contract.symbol || id.root,
      tradingClass: id.root,
      lastTradeDateOrContractMonth: twsDate(id.expiry),
      strike: Number(formatStrike(id.strike)),
      right: id.right === 'call' ? OptionType.Call : OptionType.Put,
      multiplier: id.multiplier,
    };
  }
  if (id.secType === 'IND')
    return { ...base, secType: SecType.IND, symbol: id.symbol, exchange: contract.exchange ?? 'CBOE' };
  return { ...base, secType: SecType.STK, symbol: id.symbol };
}

/** A contract-details query as a TWS contract (unset fields left out: TWS matches on what is given). */
export function ibQueryOf(query: ContractQuery): Contract {
  const base: Contract = { symbol: canonicalSymbol(query.symbol), currency: query.currency ?? 'USD' };
  if (query.secType === 'OPT') {
    return {
      ...base,
      secType: SecType.OPT,
      exchange: 'SMART',
      ...(query.expiry ? { lastTradeDateOrContractMonth: twsDate(query.expiry) } : {}),
      ...(query.strike ? { strike: Number(query.strike) } : {}),
      ...(query.right ? { right: query.right === 'call' ? OptionType.Call : OptionType.Put } : {}),
      ...(query.tradingClass ? { tradingClass: query.tradingClass } : {}),
    };
  }
  if (query.secType === 'IND') return { ...base, secType: SecType.IND };
  return { ...base, secType: SecType.STK, exchange: 'SMART' };
}

export function securityTypeMatches(query: SecurityType, contract: BrokerContract): boolean {
  if (query === 'STK' || query === 'ETF') return contract.secType === 'STK' || contract.secType === 'ETF';
  return contract.secType === query;
}

/** TWS order status text → the port's status; `filled` splits working orders into (partially) filled. */
export function orderStatusOf(status: string | undefined, filled: number, rejected: boolean): BrokerOrderStatus {
  switch (status) {
    case 'ApiPending':
    case 'PendingSubmit':
      return 'pending_submit';
    case 'PreSubmitted':
    case 'Submitted':
    case 'PendingCancel':
      return filled > 0 ? 'partially_filled' : 'submitted';
    case 'Filled':
      return 'filled';
    case 'ApiCancelled':
    case 'Cancelled':
      return rejected ? 'rejected' : 'cancelled';
    case 'Inactive':
      return rejected ? 'rejected' : 'inactive';
    default:
      return filled > 0 ? 'partially_filled' : 'submitted';
  }
}

/** Whether a status ends the order: no fill or change can follow. */
export function isTerminal(status: BrokerOrderStatus): boolean {
  return status === 'filled' || status === 'cancelled' || status === 'rejected' || status === 'inactive';
}

export function sideOf(side: string | undefined): OrderAction {
  return side === 'SLD' || side === 'SELL' ? 'SELL' : 'BUY';
}

/** TWS market data type codes (reqMarketDataType / marketDataType). */
export const marketDataTypeCode = { live: 1, frozen: 2, delayed: 3, delayed_frozen: 4 } as const;

export function marketDataTypeOf(code: number | undefined): MarketDataType {
  switch (code) {
    case 2:
      return 'frozen';
    case 3:
      return 'delayed';
    case 4:
      return 'delayed_frozen';
    default:
      return 'live';
  }
}
