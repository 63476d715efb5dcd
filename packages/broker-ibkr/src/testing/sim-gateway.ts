// Test rig: the sim broker behind the fake gateway, and the real IBKR adapter connected to it — the whole IBKR
// code path over the sim's market and book, on loopback.
import type { BrokerContract, Clock } from '@optionstrader/application';
import { createMarketSimulator, createSimBroker, demoAccounts, loadDefaultHistory } from '@optionstrader/broker-sim';
import type { MarketSimulator, SimBroker } from '@optionstrader/broker-sim';
import { newYorkToUtc, parseIsoDate } from '@optionstrader/domain';
import { createIbkrBroker, type IbkrBroker, type IbkrBrokerOptions } from '../adapter/ibkr-broker';
import { startFakeGateway, type FakeGateway } from '../fake-gateway/fake-gateway';

/** Decodes a PLACE_ORDER the gateway saw (tests count placements by orderRef). */
export { decodePlaceOrder } from '../fake-gateway/order-messages';

/** A Tuesday in regular trading hours, so orders can fill. */
export const TUESDAY_11AM = newYorkToUtc(parseIsoDate('2026-03-03'), 11 * 60);

export interface SimGatewayRig {
  clock: Clock & { t: number };
  market: MarketSimulator;
  sim: SimBroker;
  gateway: FakeGateway;
  /** A new adapter on the gateway (not connected); every one made is disconnected by `close`. */
  adapter(overrides?: Partial<IbkrBrokerOptions>): IbkrBroker;
  /** Moves the sim's time and book forward (fills, expirations). */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

let history: Awaited<ReturnType<typeof loadDefaultHistory>> | null = null;

export async function startSimGateway(options: { seed?: number; startMs?: number } = {}): Promise<SimGatewayRig> {
  history ??= await loadDefaultHistory();
  const market = createMarketSimulator({ seed: options.seed ?? 11, history });
  const clock = { t: options.startMs ?? TUESDAY_11AM, now: () => new Date(clock.t) };
  const sim = createSimBroker({ market, clock, accounts: demoAccounts(market, clock.t), seed: 3 });
  await sim.connect();
  const gateway = await startFakeGateway({ backend: sim, nextOrderId: 1, clock: clock.now });
  const adapters: IbkrBroker[] = [];
  const decodeErrors: string[] = [];
  let nextClientId = 11;
  return {
    clock,
    market,
    sim,
    gateway,
    adapter(overrides = {}) {
      const adapter = createIbkrBroker({
        host: gateway.host,
        port: gateway.port,
        clientId: nextClientId++,
        clock,
        accounts: [
          { code: 'DU-SIM-PM', type: 'margin_pm', label: 'Demo portfolio margin' },
          { code: 'DU-SIM-TFSA', type: 'tfsa', label: 'Demo TFSA' },
        ],
        quoteSettleMs: 25,
        quoteTimeoutMs: 3000,
        requestTimeoutMs: 5000,
        connection: { probeIntervalMs: 1000, probeTimeoutMs: 500, backoff: { initialMs: 20, maxMs: 200 } },
        ...overrides,
      });
      adapters.push(adapter);
      // Every test on this rig also proves the real client decoded everything the gateway sent (no 505).
      adapter.subscribe((event) => {
        if (event.type === 'alert' && event.kind === 'ibkr_decode_error') decodeErrors.push(event.message);
      });
      return adapter;
    },
    async advance(ms) {
      clock.t += ms;
      await sim.advanceTo(clock.t);
    },
    async close() {
      for (const adapter of adapters.splice(0)) await adapter.disconnect();
      await gateway.close();
      await sim.disconnect();
      if (decodeErrors.length > 0) throw new Error(`@stoqey/ib decode errors (505): ${decodeErrors.join('; ')}`);
    },
  };
}

/** A listed KO put about 5% out of the money, the second expiry out: the order the exactly-once tests place. */
export async function koPut(
  sim: Pick<SimBroker, 'optionChainParams' | 'contractDetails' | 'quotes'>,
): Promise<BrokerContract> {
  const [params] = await sim.optionChainParams('KO');
  const [ko] = await sim.contractDetails({ secType: 'STK', symbol: 'KO' });
  const [quote] = ko ? await sim.quotes([ko]) : [];
  const spot = quote?.mark ?? 70;
  const strike = [...(params?.strikes ?? [])].sort(
    (a, b) => Math.abs(Number(a) - spot * 0.95) - Math.abs(Number(b) - spot * 0.95),
  )[0];
  const [put] = await sim.contractDetails({
    secType: 'OPT',
    symbol: 'KO',
    ...(params?.expirations[1] ? { expiry: params.expirations[1] } : {}),
    ...(strike ? { strike } : {}),
    right: 'put',
  });
  if (!put) throw new Error('no KO put listed');
  return put;
}
