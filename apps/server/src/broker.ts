// Opens the broker adapter that BROKER names.
// - `sim`: the market simulator over the shipped daily history (data/prices) with the demo book — rebuilt
//   deterministically at every start, since the sim keeps its state in memory; the database keeps what was
//   ingested from it.
// - `ibkr`: TWS / IB Gateway at IBKR_HOST:IBKR_PORT through the IBKR adapter (or `optionstrader fake-gateway`,
//   the sim behind a TWS-protocol server, for a dry run of the same code path).
import type {
  AppSettingsRepository,
  Broker,
  BrokerSetup,
  Clock,
  StrategyReference,
  UnderlierReference,
} from '@optionstrader/application';
import { createIbkrBroker, type OrderIdStore } from '@optionstrader/broker-ibkr';
import {
  createMarketSimulator,
  createSimBroker,
  demoAccounts,
  type SimBroker,
  type SimulatedMarket,
} from '@optionstrader/broker-sim';
import { shippedHistory, simReference, staticReference } from './adapters/risk-market-data';
import { simStrategyReference, unknownStrategyReference } from './adapters/strategy-reference';
import { ibkrAccountsOf, type Config } from './config';

/** Fixed so every installation's demo market is the same, and tests can rely on it. */
export const SIM_SEED = 20_261_121;

export interface OpenedBroker {
  broker: Broker;
  /** Moves a simulated broker's book to the clock's time (fills, expirations, dividends); absent for real brokers. */
  advance?: () => Promise<void>;
  /** Adapter counters for the status page (IBKR: messages sent, peak per second, market-data lines). */
  counters?: () => Record<string, number>;
  /** Reference data for the risk engine (kinds, dividends, rate) that goes with this broker. */
  reference: UnderlierReference;
  /** IV ranks and earnings dates for the strategies (unknown where the broker has no source). */
  strategyReference: StrategyReference;
}

export interface OpenBrokerDeps {
  /** Where the IBKR order-id high-water mark lives; without it ids come from the gateway alone. */
  settings?: AppSettingsRepository;
}

type BrokerConfig = Pick<
  Config,
  | 'BROKER'
  | 'IBKR_HOST'
  | 'IBKR_PORT'
  | 'IBKR_CLIENT_ID'
  | 'IBKR_ACCOUNTS'
  | 'IBKR_MARKET_DATA_TYPE'
  | 'IBKR_READ_ONLY'
  | 'IBKR_LIVE_TRADING'
  | 'IBKR_START_TIMEOUT_SECONDS'
>;

/** How the configured adapter is set up, for the operator's status page. */
export function brokerSetupOf(config: BrokerConfig): BrokerSetup {
  if (config.BROKER !== 'ibkr') {
    return {
      endpoint: null,
      clientId: null,
      marketDataType: 'model',
      readOnly: false,
      liveTradingEnabled: false,
      accounts: [],
    };
  }
  return {
    endpoint: `${config.IBKR_HOST}:${config.IBKR_PORT}`,
    clientId: config.IBKR_CLIENT_ID,
    marketDataType: config.IBKR_MARKET_DATA_TYPE,
    readOnly: config.IBKR_READ_ONLY === 'true',
    liveTradingEnabled: config.IBKR_LIVE_TRADING === 'true',
    accounts: ibkrAccountsOf(config).map((a) => ({ code: a.code, type: a.type ?? null, label: a.label })),
  };
}

/** The demo sim: the same market and book on every start. */
export async function openDemoSim(clock: Clock): Promise<SimBroker> {
  return (await demoSim(clock)).broker;
}

async function demoSim(clock: Clock): Promise<{ market: SimulatedMarket; broker: SimBroker }> {
  const market = createMarketSimulator({ seed: SIM_SEED, history: await shippedHistory() });
  return { market, broker: createSimBroker({ market, clock, accounts: demoAccounts(market, clock.now().getTime()) }) };
}

export async function openBroker(config: BrokerConfig, clock: Clock, deps: OpenBrokerDeps = {}): Promise<OpenedBroker> {
  if (config.BROKER === 'none') throw new Error('BROKER=none: no broker is configured');
  if (config.BROKER === 'ibkr') {
    const { settings } = deps;
    const orderIds: OrderIdStore | undefined = settings && {
      load: async () => (await settings.get('ibkr_next_order_id')) ?? null,
      save: (next) => settings.set('ibkr_next_order_id', next, null, clock.now()),
    };
    const broker = createIbkrBroker({
      host: config.IBKR_HOST,
      port: config.IBKR_PORT,
      clientId: config.IBKR_CLIENT_ID,
      accounts: ibkrAccountsOf(config),
      marketDataType: config.IBKR_MARKET_DATA_TYPE,
      readOnly: config.IBKR_READ_ONLY === 'true',
      liveTradingEnabled: config.IBKR_LIVE_TRADING === 'true',
      clock,
      connection: { startTimeoutMs: config.IBKR_START_TIMEOUT_SECONDS * 1000 },
      ...(orderIds ? { orderIds } : {}),
    });
    return {
      broker,
      counters: () => ({ ...broker.pacingStats() }),
      reference: staticReference,
      strategyReference: unknownStrategyReference,
    };
  }
  const { market, broker } = await demoSim(clock);
  return {
    broker,
    advance: () => broker.advanceTo(clock.now().getTime()),
    reference: simReference(market),
    strategyReference: simStrategyReference(market),
  };
}
