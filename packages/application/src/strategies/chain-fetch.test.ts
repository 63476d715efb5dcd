// Fetching what the plugins ask for: only the expirations inside a requested DTE window and the strikes inside its
// band are asked for and quoted; every way a chain can be missing is said in words, never returned as empty.
import { type ChainRequest, type InstrumentKey, type IsoDate, addDays, parseIsoDate } from '@optionstrader/domain';
import { describe, expect, it } from 'vitest';
import {
  BrokerError,
  unknownQuote,
  type BrokerContract,
  type BrokerQuote,
  type ContractQuery,
  type OptionChainParams,
} from '../ports';
import { type ChainBroker, fetchChains, fetchSpots } from './chain-fetch';

const TODAY = parseIsoDate('2026-03-02');
const AT = new Date('2026-03-02T17:00:00Z');
const EXPIRIES = [7, 35, 63, 400].map((d) => addDays(TODAY, d)); // 2026-03-09, 04-06, 05-04, 2027-04-06

function contract(symbol: string, expiry: IsoDate | null = null, strike: number | null = null, right?: 'call' | 'put') {
  const option = expiry !== null;
  return {
    key: (option ? `OPT:${symbol}:${expiry}:${right}:${strike}` : `STK:${symbol}:USD`) as InstrumentKey,
    brokerContractId: null,
    secType: option ? ('OPT' as const) : ('STK' as const),
    symbol,
    currency: 'USD',
    exchange: null,
    primaryExchange: null,
    localSymbol: null,
    tradingClass: option ? symbol : null,
    expiry,
    strike: strike === null ? null : String(strike),
    right: right ?? null,
    multiplier: option ? 100 : null,
  } satisfies BrokerContract;
}

/** KO at 60 (strikes 40–80 every 5 on each expiry), XOM without quotes, NOPE unknown, BAD failing. */
function fakeBroker() {
  const asked = { details: [] as ContractQuery[], quoted: [] as string[] };
  const broker: ChainBroker = {
    async contractDetails(query) {
      asked.details.push(query);
      if (query.symbol === 'NOPE') return [];
      if (query.secType === 'STK') return [contract(query.symbol)];
      const out: BrokerContract[] = [];
      for (let strike = 40; strike <= 80; strike += 5)
        for (const right of ['call', 'put'] as const) out.push(contract(query.symbol, query.expiry, strike, right));
      return out;
    },
    async optionChainParams(symbol): Promise<OptionChainParams[]> {
      if (symbol === 'BAD') throw new BrokerError('unavailable', 'gateway restarting');
      if (symbol === 'NOCHAIN') return [];
      return [
        {
          underlying: contract(symbol),
          tradingClass: symbol,
          exchange: 'SMART',
          multiplier: 100,
          expirations: EXPIRIES,
          strikes: [],
        },
      ];
    },
    async quotes(contracts): Promise<BrokerQuote[]> {
      asked.quoted.push(...contracts.map((c) => c.key));
      return contracts.map((c) => {
        if (c.symbol === 'XOM') return unknownQuote(c.key, AT);
        const spot = c.secType === 'STK' ? (c.symbol === 'NOQUOTE' ? null : 60) : null;
        return {
          ...unknownQuote(c.key, AT),
          bid: c.secType === 'OPT' ? 1 : null,
          ask: c.secType === 'OPT' ? 1.1 : null,
          mark: spot ?? (c.secType === 'OPT' ? 1.05 : null),
          impliedVol: c.secType === 'OPT' ? 0.2 : null,
          delta: c.secType === 'OPT' ? (c.right === 'call' ? 0.4 : -0.3) : null,
          openInterest: c.secType === 'OPT' ? 1200 : null,
        };
      });
    },
  };
  return { broker, asked };
}

const request = (symbol: string, extra: Partial<ChainRequest> = {}): ChainRequest => ({
  symbol,
  rights: ['put'],
  minDte: 30,
  maxDte: 45,
  minMoneyness: 0.8,
  maxMoneyness: 1.0,
  ...extra,
});

describe('fetchChains', () => {
  it('asks only for the expirations in the DTE window and quotes only the strikes in the band', async () => {
    const { broker, asked } = fakeBroker();
    const fetched = await fetchChains(broker, [request('KO')], new Map([['KO', 60]]), TODAY);
    // One expiry (35 DTE) of the four; puts from 48 to 60 → strikes 50, 55, 60.
    expect(asked.details.map((q) => q.expiry)).toEqual([addDays(TODAY, 35)]);
    const slice = fetched.chains.get('KO');
    expect(slice?.missing).toBeNull();
    expect(slice?.options.map((o) => [o.strike, o.right])).toEqual([
      [50, 'put'],
      [55, 'put'],
      [60, 'put'],
    ]);
    expect(fetched.quoted).toBe(3);
    expect(slice?.options[0]).toMatchObject({ bid: 1, ask: 1.1, iv: 0.2, delta: -0.3, openInterest: 1200 });
    expect(fetched.contracts.size).toBe(3);
    expect(fetched.quotes.size).toBe(3);
  });

  it('merges several requests of one symbol (entry puts and a roll window of calls)', async () => {
    const { broker } = fakeBroker();
    const fetched = await fetchChains(
      broker,
      [request('KO'), request('KO', { rights: ['call'], minDte: 50, maxDte: 70, minMoneyness: 1, maxMoneyness: 1.1 })],
      new Map([['KO', 60]]),
      TODAY,
    );
    const options = fetched.chains.get('KO')?.options ?? [];
    expect(options.filter((o) => o.right === 'put')).toHaveLength(3);
    expect(options.filter((o) => o.right === 'call').map((o) => [o.expiry, o.strike])).toEqual([
      [addDays(TODAY, 63), 60],
      [addDays(TODAY, 63), 65],
    ]);
  });

  it('says why a chain is missing: unknown spot, no chain listed, no expiry in the window, broker error, no quotes', async () => {
    const { broker } = fakeBroker();
    const fetched = await fetchChains(
      broker,
      [
        request('KO', { minDte: 100, maxDte: 200 }),
        request('SPOTLESS'),
        request('NOCHAIN'),
        request('BAD'),
        request('XOM'),
      ],
      new Map<string, number | null>([
        ['KO', 60],
        ['SPOTLESS', null],
        ['NOCHAIN', 60],
        ['BAD', 60],
        ['XOM', 60],
      ]),
      TODAY,
    );
    const missing = (symbol: string) => fetched.chains.get(symbol)?.missing;
    expect(missing('KO')).toBe('no KO expiration within 100–200 DTE');
    expect(missing('SPOTLESS')).toBe('spot of SPOTLESS unknown: its chain was not fetched');
    expect(missing('NOCHAIN')).toBe('no option chain listed for NOCHAIN');
    expect(missing('BAD')).toBe('chain of BAD unavailable: gateway restarting');
    expect(missing('XOM')).toBe('no quotes for XOM (3 options asked)');
    // Unknown stays unknown: XOM's options are there with null market fields, not zeros.
    expect(fetched.chains.get('XOM')?.options[0]).toMatchObject({ bid: null, ask: null, iv: null, delta: null });
  });
});

describe('fetchSpots', () => {
  it('quotes the universe in one batch and names what it could not price', async () => {
    const { broker, asked } = fakeBroker();
    const fetched = await fetchSpots(broker, ['KO', 'NOPE', 'NOQUOTE']);
    expect(fetched.spots.get('KO')).toBe(60);
    expect(fetched.spots.get('NOPE')).toBeNull();
    expect(fetched.spots.get('NOQUOTE')).toBeNull();
    expect(fetched.problems.get('NOPE')).toBe('the broker does not list NOPE');
    expect(fetched.problems.get('NOQUOTE')).toBe('no quote for NOQUOTE');
    expect(asked.quoted).toEqual(['STK:KO:USD', 'STK:NOQUOTE:USD']);
  });
});
