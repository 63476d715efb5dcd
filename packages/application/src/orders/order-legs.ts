// An order's legs resolved against the broker: the contract of each leg (for its con_id and canonical key), its
// stored instrument id and a fresh quote; and the net market of the whole order from those quotes.
import { formatStrike, parseStrike, type RecommendationLegInput } from '@optionstrader/domain';
import {
  type Broker,
  type BrokerContract,
  type BrokerQuote,
  BrokerError,
  type IngestRepository,
  type OrderLegRecord,
  unknownQuote,
} from '../ports';
import { storeContracts } from '../broker/store-contracts';

export interface ResolvedLeg {
  record: OrderLegRecord;
  contract: BrokerContract;
  quote: BrokerQuote;
}

/** The net market of an order per unit: bid/ask as a debit (+) / credit (−) number, natural = what crossing costs. */
export interface NetMarket {
  bid: number | null;
  ask: number | null;
  mid: number | null;
}

async function contractOf(broker: Pick<Broker, 'contractDetails'>, leg: RecommendationLegInput) {
  const found =
    leg.kind === 'stock'
      ? await broker.contractDetails({ secType: 'STK', symbol: leg.symbol, currency: 'USD' })
      : await broker.contractDetails({
          secType: 'OPT',
          symbol: leg.symbol,
          currency: 'USD',
          ...(leg.expiry ? { expiry: leg.expiry } : {}),
          ...(leg.strike === null ? {} : { strike: formatStrike(parseStrike(String(leg.strike))) }),
          ...(leg.right ? { right: leg.right } : {}),
        });
  const contract = found.find((c) => leg.kind === 'stock' || c.multiplier === leg.multiplier) ?? found[0];
  if (!contract) {
    const what =
      leg.kind === 'stock' ? leg.symbol : `${leg.symbol} ${leg.expiry} ${leg.strike} ${leg.right ?? ''}`.trim();
    throw new BrokerError('not_found', `The broker does not list ${what}`);
  }
  return contract;
}

/** Resolves every leg (contract, instrument id, quote) and stores the instruments and quotes met. */
export async function resolveLegs(
  broker: Pick<Broker, 'contractDetails' | 'quotes'>,
  ingest: IngestRepository,
  legs: readonly RecommendationLegInput[],
  now: Date,
): Promise<ResolvedLeg[]> {
  const contracts = await Promise.all(legs.map((leg) => contractOf(broker, leg)));
  const quotes = await broker.quotes(contracts).catch(() => contracts.map((c) => unknownQuote(c.key, now)));
  const ids = await storeContracts(ingest, contracts, quotes);
  return legs.map((leg, index) => {
    const contract = contracts[index] as BrokerContract; // one per leg, by construction
    const instrumentId = ids.get(contract.key);
    if (instrumentId === undefined) throw new Error(`Instrument ${contract.key} was not stored`);
    return {
      contract,
      quote: quotes.find((q) => q.key === contract.key) ?? unknownQuote(contract.key, now),
      record: {
        instrumentId,
        key: contract.key,
        symbol: leg.symbol,
        kind: leg.kind,
        right: leg.right,
        strike: leg.strike,
        expiry: leg.expiry,
        multiplier: leg.multiplier,
        side: leg.side,
        ratio: leg.ratio,
        brokerContractId: contract.brokerContractId,
      },
    };
  });
}

/** The broker contract of a stored leg, rebuilt for quotes and orders (the adapters key on key and con_id). */
export function contractOfLeg(leg: OrderLegRecord): BrokerContract {
  return {
    key: leg.key,
    brokerContractId: leg.brokerContractId,
    secType: leg.kind === 'option' ? 'OPT' : 'STK',
    symbol: leg.symbol,
    currency: 'USD',
    exchange: 'SMART',
    primaryExchange: null,
    localSymbol: null,
    tradingClass: leg.kind === 'option' ? leg.symbol : null,
    expiry: leg.expiry,
    strike: leg.strike === null ? null : formatStrike(parseStrike(String(leg.strike))),
    right: leg.right,
    multiplier: leg.kind === 'option' ? leg.multiplier : null,
  };
}

/** Net bid/ask/mid per unit as a debit (+) / credit (−); unknown when any leg lacks a side. */
export function netMarket(legs: readonly { side: 'BUY' | 'SELL'; ratio: number; quote: BrokerQuote }[]): NetMarket {
  let bid = 0;
  let ask = 0;
  for (const { side, ratio, quote } of legs) {
    if (quote.bid === null || quote.ask === null) return { bid: null, ask: null, mid: null };
    // Buying pays the ask at worst and the bid at best; selling the reverse, with the sign flipped.
    bid += side === 'BUY' ? ratio * quote.bid : -ratio * quote.ask;
    ask += side === 'BUY' ? ratio * quote.ask : -ratio * quote.bid;
  }
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return { bid: round(bid), ask: round(ask), mid: round((bid + ask) / 2) };
}
