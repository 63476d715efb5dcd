// Broker port values → the TWS wire values the fake gateway sends, and TWS requests → port queries. The fake's
// con_ids are the backend's own contract ids when they are integers (the sim's are), so a contract keeps one id
// through the sim, the fake and the adapter; others get ids from a counter.
import type {
  BrokerContract,
  BrokerOrderStatus,
  ContractQuery,
  OptionChainParams,
  SecurityType,
} from '@optionstrader/application';
import { isoDate, type IsoDate } from '@optionstrader/domain';
import type { WireContract, WireContractDetails } from './wire-types';

export interface ContractRegistry {
  /** The con_id the fake uses for a contract (stable for its key). */
  idOf(contract: BrokerContract): number;
  byId(conId: number): BrokerContract | undefined;
}

export function createContractRegistry(): ContractRegistry {
  const byKey = new Map<string, number>();
  const byId = new Map<number, BrokerContract>();
  let next = 1_000_001;
  return {
    idOf(contract) {
      const known = byKey.get(contract.key);
      if (known !== undefined) {
        byId.set(known, contract);
        return known;
      }
      const own = Number(contract.brokerContractId);
      const id = Number.isSafeInteger(own) && own > 0 && !byId.has(own) ? own : next++;
      byKey.set(contract.key, id);
      byId.set(id, contract);
      return id;
    },
    byId: (conId) => byId.get(conId),
  };
}

const twsDate = (date: IsoDate | null) => (date === null ? '' : date.replaceAll('-', ''));

export function wireContract(contract: BrokerContract, conId: number): WireContract {
  const option = contract.secType === 'OPT';
  return {
    conId,
    symbol: contract.symbol,
    // TWS calls ETFs stocks; contract details' stockType tells them apart.
    secType: contract.secType === 'ETF' ? 'STK' : contract.secType,
    lastTradeDateOrContractMonth: option ? twsDate(contract.expiry) : '',
    strike: option && contract.strike !== null ? Number(contract.strike) : 0,
    right: contract.right === 'call' ? 'C' : contract.right === 'put' ? 'P' : '',
    multiplier: option ? String(contract.multiplier ?? 100) : '',
    exchange: contract.exchange ?? '',
    primaryExchange: contract.primaryExchange ?? '',
    currency: contract.currency,
    localSymbol: contract.localSymbol ?? '',
    tradingClass: contract.tradingClass ?? '',
  };
}

export function wireContractDetails(contract: BrokerContract, conId: number, underConId: number): WireContractDetails {
  const option = contract.secType === 'OPT';
  return {
    contract: wireContract(contract, conId),
    marketName: contract.tradingClass ?? contract.symbol,
    minTick: 0.01,
    longName: contract.symbol,
    stockType: option ? '' : contract.secType === 'ETF' ? 'ETF' : contract.secType === 'IND' ? '' : 'COMMON',
    underConId: option ? underConId : 0,
    underSymbol: option ? contract.symbol : '',
    underSecType: option ? 'STK' : '',
    timeZoneId: 'US/Eastern',
    validExchanges: 'SMART,CBOE,ISE,AMEX',
    orderTypes: 'LMT,MKT',
  };
}

/** A REQ_CONTRACT_DATA / REQ_MKT_DATA contract as the port's query; null for what the fake does not list. */
export function queryOf(contract: WireContract): ContractQuery | null {
  const secType: SecurityType | null =
    contract.secType === 'STK' ? 'STK' : contract.secType === 'OPT' ? 'OPT' : contract.secType === 'IND' ? 'IND' : null;
  if (secType === null || contract.symbol === '') return null;
  const query: ContractQuery = { secType, symbol: contract.symbol, currency: contract.currency || 'USD' };
  if (secType === 'OPT') {
    const match = /^(\d{4})(\d{2})(\d{2})$/.exec(contract.lastTradeDateOrContractMonth);
    if (match) query.expiry = isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
    if (contract.strike > 0) query.strike = String(contract.strike);
    if (contract.right === 'C') query.right = 'call';
    if (contract.right === 'P') query.right = 'put';
    if (contract.tradingClass) query.tradingClass = contract.tradingClass;
  }
  return query;
}

export function wireChain(chain: OptionChainParams, underlyingConId: number) {
  return {
    exchange: chain.exchange,
    underlyingConId,
    tradingClass: chain.tradingClass,
    multiplier: String(chain.multiplier),
    expirations: chain.expirations.map((e) => twsDate(e)),
    strikes: chain.strikes.map(Number),
  };
}

/** The port's status as the TWS status text. */
export function twsStatusOf(status: BrokerOrderStatus): string {
  switch (status) {
    case 'pending_submit':
      return 'PendingSubmit';
    case 'submitted':
    case 'partially_filled':
      return 'Submitted';
    case 'filled':
      return 'Filled';
    case 'cancelled':
      return 'Cancelled';
    case 'rejected':
    case 'inactive':
      return 'Inactive';
  }
}

/** A REQ_EXECUTIONS filter time ('YYYYMMDD-HH:mm:ss' UTC, or 'YYYYMMDD HH:mm:ss' read as UTC); null when absent. */
export function parseFilterTime(text: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})[- ]\s*(\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0));
}
