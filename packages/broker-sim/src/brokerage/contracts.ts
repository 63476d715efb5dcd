// Broker contracts of the sim: stocks/ETFs of the market's profiles and options on them (OCC root = symbol).
import type { BrokerContract } from '@optionstrader/application';
import {
  type InstrumentKey,
  type OptionId,
  formatInstrumentKey,
  formatStrike,
  occSymbolOf,
  parseInstrumentKey,
} from '@optionstrader/domain';
import type { UnderlyingProfile } from '../market/market-simulator';

/** A stable con_id-like number for a key (FNV-1a, 48 bits): the sim's own contract id. */
export function simContractId(key: InstrumentKey): string {
  let hash = 0xcbf29ce484222325n;
  for (const char of key) {
    hash ^= BigInt(char.codePointAt(0) ?? 0);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return String(hash & 0xffffffffffffn);
}

export function stockContract(profile: UnderlyingProfile): BrokerContract {
  const key = formatInstrumentKey({ secType: 'STK', symbol: profile.symbol, currency: 'USD' });
  return {
    key,
    brokerContractId: simContractId(key),
    secType: profile.kind === 'index_etf' ? 'ETF' : 'STK',
    symbol: profile.symbol,
    currency: 'USD',
    exchange: 'SMART',
    primaryExchange: profile.primaryExchange,
    localSymbol: profile.symbol,
    tradingClass: profile.symbol,
    expiry: null,
    strike: null,
    right: null,
    multiplier: null,
  };
}

export function optionContract(option: OptionId): BrokerContract {
  const key = formatInstrumentKey(option);
  return {
    key,
    brokerContractId: simContractId(key),
    secType: 'OPT',
    symbol: option.root,
    currency: option.currency,
    exchange: 'SMART',
    primaryExchange: null,
    localSymbol: occSymbolOf(option),
    tradingClass: option.root,
    expiry: option.expiry,
    strike: formatStrike(option.strike),
    right: option.right,
    multiplier: option.multiplier,
  };
}

export type SimInstrument =
  | { kind: 'stock'; key: InstrumentKey; symbol: string }
  | { kind: 'option'; key: InstrumentKey; symbol: string; option: OptionId };

/** What a key names in the sim; null for keys the sim does not trade (indexes, other currencies). */
export function instrumentOfKey(key: string): SimInstrument | null {
  let id;
  try {
    id = parseInstrumentKey(key);
  } catch {
    return null;
  }
  if (id.currency !== 'USD') return null;
  const canonical = formatInstrumentKey(id);
  if (id.secType === 'STK') return { kind: 'stock', key: canonical, symbol: id.symbol };
  if (id.secType === 'OPT') return { kind: 'option', key: canonical, symbol: id.root, option: id };
  return null;
}
