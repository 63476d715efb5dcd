// A 50-underlier option scan through the IBKR adapter and the fake gateway (pacing enforced, as TWS does): the
// pacing test and `npm run bench` run the same scan. The book behind the gateway is synthetic: 50 stocks, each
// with a chain of 2 expirations × 21 strikes and quotes with greeks and open interest.
import { performance } from 'node:perf_hooks';
import type { Broker, BrokerContract, BrokerQuote } from '@optionstrader/application';
import {
  brokerAccount,
  brokerQuote,
  createFakeBroker,
  optionContract,
  stockContract,
} from '@optionstrader/testkit/fake-broker';
import { createIbkrBroker, type IbkrBroker } from '../adapter/ibkr-broker';
import { startFakeGateway, type FakeGateway } from '../fake-gateway/fake-gateway';

export const SCAN_UNDERLIERS = 50;
const AS_OF = new Date('2026-03-03T16:00:00Z');
const EXPIRIES = ['2026-03-20', '2026-04-17'];

function syntheticBook() {
  const chains = [];
  const listed: BrokerContract[] = [];
  const quotes: BrokerQuote[] = [];
  let conId = 5_000_000;
  for (let i = 0; i < SCAN_UNDERLIERS; i++) {
    const symbol = `S${String(i).padStart(2, '0')}`;
    const spot = 20 + i * 7;
    const stock = stockContract(symbol, ++conId);
    quotes.push(
      brokerQuote(stock, AS_OF, {
        bid: spot - 0.01,
        ask: spot + 0.01,
        last: spot,
        mark: spot,
        volume: 1e6,
        impliedVol: 0.3,
      }),
    );
    const strikes = Array.from({ length: 21 }, (_, k) => (spot * (0.8 + k * 0.02)).toFixed(2));
    for (const expiry of EXPIRIES) {
      for (const strike of strikes) {
        for (const right of ['call', 'put'] as const) {
          const option = optionContract(symbol, expiry, right, strike, ++conId);
          listed.push(option);
          quotes.push(
            brokerQuote(option, AS_OF, {
              bid: 1,
              ask: 1.1,
              last: 1.05,
              mark: 1.05,
              volume: 100,
              openInterest: 1000,
              impliedVol: 0.3,
              delta: right === 'call' ? 0.4 : -0.4,
              gamma: 0.05,
              theta: -0.02,
              vega: 0.1,
              underlyingPrice: spot,
            }),
          );
        }
      }
    }
    chains.push({
      underlying: stock,
      tradingClass: symbol,
      exchange: 'SMART',
      multiplier: 100,
      expirations: EXPIRIES.map((e) => e as never),
      strikes,
    });
    listed.push(stock);
  }
  return createFakeBroker({ accounts: [brokerAccount('DU100')], chains, listed, quotes });
}

/**
 * The scan a strategy runs: per underlier its quote, its chain parameters, then quotes of only the puts it can
 * use (nearest expiry, four strikes 3–13% below spot) — never the whole chain.
 */
export async function scanUnderliers(broker: Broker, symbols: string[]): Promise<BrokerQuote[]> {
  const results = await Promise.all(
    symbols.map(async (symbol) => {
      const [stock] = await broker.contractDetails({ secType: 'STK', symbol });
      if (!stock) return [];
      const [quote] = await broker.quotes([stock]);
      const spot = quote?.mark ?? null;
      const [chain] = await broker.optionChainParams(symbol);
      if (!chain || spot === null) return quote ? [quote] : [];
      const expiry = chain.expirations[0];
      const strikes = chain.strikes.filter((s) => Number(s) >= spot * 0.87 && Number(s) <= spot * 0.97).slice(0, 4);
      if (!expiry) return quote ? [quote] : [];
      const puts = strikes.map((strike) => optionContract(symbol, expiry, 'put', strike));
      return [...(quote ? [quote] : []), ...(await broker.quotes(puts))];
    }),
  );
  return results.flat();
}

/** Waits until the gateway has received nothing for 300 ms. */
async function quiet(gateway: FakeGateway): Promise<void> {
  let total = -1;
  while (gateway.messageRate().total !== total) {
    total = gateway.messageRate().total;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

export interface ScanRun {
  quotes: BrokerQuote[];
  durationMs: number;
  /** Messages the gateway received during the scan, and the most in any 1 s window (TWS's rule: < 50). */
  gatewayMessages: number;
  gatewayPeakPerSecond: number;
  adapterPeakPerSecond: number;
  pacingViolations: number;
  adapter: IbkrBroker;
  gateway: FakeGateway;
  close(): Promise<void>;
}

export async function runScan(): Promise<ScanRun> {
  const backend = syntheticBook();
  const gateway = await startFakeGateway({ backend, nextOrderId: 1, clock: () => AS_OF });
  let pacingViolations = 0;
  gateway.on((event) => {
    if (event.type === 'pacing_violation') pacingViolations++;
  });
  const adapter = createIbkrBroker({
    host: gateway.host,
    port: gateway.port,
    clientId: 21,
    clock: { now: () => AS_OF },
    quoteSettleMs: 50,
    connection: { probeIntervalMs: 60_000 },
  });
  await adapter.connect();
  await quiet(gateway); // the connect's re-sync sends its last unsubscribe after connect() resolves
  const before = gateway.messageRate().total;
  const started = performance.now();
  const symbols = Array.from({ length: SCAN_UNDERLIERS }, (_, i) => `S${String(i).padStart(2, '0')}`);
  const quotes = await scanUnderliers(adapter, symbols);
  const durationMs = performance.now() - started;
  // The cancels of the last quotes are still queued behind the pacing limiter: count them too.
  await quiet(gateway);
  const rate = gateway.messageRate();
  return {
    quotes,
    durationMs,
    gatewayMessages: rate.total - before,
    gatewayPeakPerSecond: rate.peakPerSecond,
    adapterPeakPerSecond: adapter.pacingStats().peakPerSecond,
    pacingViolations,
    adapter,
    gateway,
    async close() {
      await adapter.disconnect();
      await gateway.close();
    },
  };
}
