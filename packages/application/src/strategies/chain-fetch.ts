// Fetches what the plugins asked for (ChainRequests) through the Broker port: the spots of the universe, then per
// underlier only the expirations inside a requested DTE window and the strikes inside its band, quoted in one batch.
// Anything that could not be had is said in plain words on the slice (`missing`), never left as an empty chain.
import {
  type ChainRequest,
  type ChainSlice,
  type IsoDate,
  type OptionQuote,
  canonicalSymbol,
  daysBetween,
} from '@optionstrader/domain';
import { BrokerError, type Broker, type BrokerContract, type BrokerQuote } from '../ports';

export type ChainBroker = Pick<Broker, 'quotes' | 'optionChainParams' | 'contractDetails'>;

export const optionKey = (symbol: string, expiry: string, strike: number, right: 'call' | 'put'): string =>
  `${symbol}|${expiry}|${strike}|${right}`;

export interface FetchedChains {
  chains: Map<string, ChainSlice>;
  /** The broker contract of every fetched option, by `optionKey`. */
  contracts: Map<string, BrokerContract>;
  /** The broker's quote of every fetched option, by `optionKey`. */
  quotes: Map<string, BrokerQuote>;
  quoted: number;
}

export interface FetchedSpots {
  spots: Map<string, number | null>;
  underliers: Map<string, BrokerContract>;
  /** The broker's quote of each underlier, by symbol. */
  quotes: Map<string, BrokerQuote>;
  /** Symbols the broker does not know or could not quote, with why. */
  problems: Map<string, string>;
}

const errorText = (error: unknown): string =>
  error instanceof BrokerError ? error.message : error instanceof Error ? error.message : String(error);

const spotOf = (quote: BrokerQuote | undefined): number | null => {
  const value = quote?.mark ?? quote?.last ?? null;
  return value !== null && value > 0 ? value : null;
};

/** Live spots of the symbols (the stock/ETF contract first, then one batch of quotes). */
export async function fetchSpots(broker: ChainBroker, symbols: readonly string[]): Promise<FetchedSpots> {
  const underliers = new Map<string, BrokerContract>();
  const problems = new Map<string, string>();
  await Promise.all(
    symbols.map(async (symbol) => {
      try {
        const [contract] = await broker.contractDetails({ secType: 'STK', symbol, currency: 'USD' });
        if (contract) underliers.set(symbol, contract);
        else problems.set(symbol, `the broker does not list ${symbol}`);
      } catch (error) {
        problems.set(symbol, `contract of ${symbol} unavailable: ${errorText(error)}`);
      }
    }),
  );
  const spots = new Map<string, number | null>(symbols.map((s) => [s, null]));
  const underlierQuotes = new Map<string, BrokerQuote>();
  const contracts = [...underliers.values()];
  if (contracts.length > 0) {
    try {
      const quotes = await broker.quotes(contracts);
      const byKey = new Map(quotes.map((q) => [q.key, q]));
      for (const [symbol, contract] of underliers) {
        const quote = byKey.get(contract.key);
        if (quote) underlierQuotes.set(symbol, quote);
        const spot = spotOf(quote);
        spots.set(symbol, spot);
        if (spot === null) problems.set(symbol, `no quote for ${symbol}`);
      }
    } catch (error) {
      for (const symbol of underliers.keys()) problems.set(symbol, `quotes unavailable: ${errorText(error)}`);
    }
  }
  return { spots, underliers, quotes: underlierQuotes, problems };
}

function quoteOf(contract: BrokerContract, quote: BrokerQuote | undefined): OptionQuote {
  return {
    symbol: canonicalSymbol(contract.symbol),
    expiry: contract.expiry as IsoDate,
    strike: Number(contract.strike),
    right: contract.right as 'call' | 'put',
    multiplier: contract.multiplier ?? 100,
    bid: quote?.bid ?? null,
    ask: quote?.ask ?? null,
    last: quote?.last ?? null,
    iv: quote?.impliedVol ?? null,
    delta: quote?.delta ?? null,
    volume: quote?.volume ?? null,
    openInterest: quote?.openInterest ?? null,
  };
}

const wants = (request: ChainRequest, dte: number, strike: number, spot: number, right: 'call' | 'put') =>
  request.rights.includes(right) &&
  dte >= request.minDte &&
  dte <= request.maxDte &&
  strike >= spot * request.minMoneyness &&
  strike <= spot * request.maxMoneyness;

/** The requested parts of the chains; one slice per requested underlier. */
export async function fetchChains(
  broker: ChainBroker,
  requests: readonly ChainRequest[],
  spots: ReadonlyMap<string, number | null>,
  today: IsoDate,
): Promise<FetchedChains> {
  const bySymbol = new Map<string, ChainRequest[]>();
  for (const request of requests) {
    const list = bySymbol.get(request.symbol);
    if (list) list.push(request);
    else bySymbol.set(request.symbol, [request]);
  }
  const chains = new Map<string, ChainSlice>();
  const contracts = new Map<string, BrokerContract>();
  const wanted: { symbol: string; contract: BrokerContract }[] = [];

  await Promise.all(
    [...bySymbol].map(async ([symbol, symbolRequests]) => {
      const spot = spots.get(symbol) ?? null;
      if (spot === null) {
        chains.set(symbol, { symbol, options: [], missing: `spot of ${symbol} unknown: its chain was not fetched` });
        return;
      }
      try {
        const params = await broker.optionChainParams(symbol);
        const chain = params.find((p) => p.tradingClass === symbol) ?? params[0];
        if (!chain) {
          chains.set(symbol, { symbol, options: [], missing: `no option chain listed for ${symbol}` });
          return;
        }
        const expiries = chain.expirations.filter((expiry) => {
          const dte = daysBetween(today, expiry);
          return symbolRequests.some((r) => dte >= r.minDte && dte <= r.maxDte);
        });
        if (expiries.length === 0) {
          const windows = symbolRequests.map((r) => `${r.minDte}–${r.maxDte}`).join(', ');
          chains.set(symbol, { symbol, options: [], missing: `no ${symbol} expiration within ${windows} DTE` });
          return;
        }
        for (const expiry of expiries) {
          const dte = daysBetween(today, expiry);
          const listed = await broker.contractDetails({
            secType: 'OPT',
            symbol,
            expiry,
            tradingClass: chain.tradingClass,
          });
          for (const contract of listed) {
            if (contract.strike === null || contract.right === null) continue;
            const strike = Number(contract.strike);
            if (!symbolRequests.some((r) => wants(r, dte, strike, spot, contract.right as 'call' | 'put'))) continue;
            wanted.push({ symbol, contract });
          }
        }
        chains.set(symbol, { symbol, options: [], missing: null });
      } catch (error) {
        chains.set(symbol, { symbol, options: [], missing: `chain of ${symbol} unavailable: ${errorText(error)}` });
      }
    }),
  );

  let quotes: Map<string, BrokerQuote> = new Map();
  let quoteError: string | null = null;
  if (wanted.length > 0) {
    try {
      quotes = new Map((await broker.quotes(wanted.map((w) => w.contract))).map((q) => [q.key, q]));
    } catch (error) {
      quoteError = errorText(error);
    }
  }
  const optionsBySymbol = new Map<string, OptionQuote[]>();
  const quotesByOption = new Map<string, BrokerQuote>();
  for (const { symbol, contract } of wanted) {
    const quote = quotes.get(contract.key);
    const option = quoteOf(contract, quote);
    const key = optionKey(option.symbol, option.expiry, option.strike, option.right);
    contracts.set(key, contract);
    if (quote) quotesByOption.set(key, quote);
    const list = optionsBySymbol.get(symbol);
    if (list) list.push(option);
    else optionsBySymbol.set(symbol, [option]);
  }
  for (const [symbol, slice] of chains) {
    if (slice.missing !== null) continue;
    const options = optionsBySymbol.get(symbol) ?? [];
    const quotedCount = options.filter((o) => o.bid !== null || o.ask !== null).length;
    let missing: string | null = null;
    if (options.length === 0) missing = `no listed ${symbol} options in the requested strikes and expirations`;
    else if (quoteError !== null) missing = `no quotes for ${symbol}: ${quoteError}`;
    else if (quotedCount === 0) missing = `no quotes for ${symbol} (${options.length} options asked)`;
    chains.set(symbol, { symbol, options, missing });
  }
  return { chains, contracts, quotes: quotesByOption, quoted: wanted.length };
}
