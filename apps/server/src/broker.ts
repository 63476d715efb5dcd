// Opens the broker adapter that BROKER names. `sim`: the market simulator over the shipped daily history
// (data/prices) with the demo book — rebuilt deterministically at every start, since the sim keeps its
// state in memory; the database keeps what was ingested from it.
import type { Broker, Clock } from '@optionstrader/application';
import { createMarketSimulator, createSimBroker, demoAccounts, loadDefaultHistory } from '@optionstrader/broker-sim';
import type { Config } from './config';

/** Fixed so every installation's demo market is the same, and tests can rely on it. */
const SIM_SEED = 20_261_121;

export interface OpenedBroker {
  broker: Broker;
  /** Moves a simulated broker's book to the clock's time (fills, expirations, dividends); absent for real brokers. */
  advance?: () => Promise<void>;
}

export async function openBroker(config: Pick<Config, 'BROKER'>, clock: Clock): Promise<OpenedBroker> {
  if (config.BROKER === 'none') throw new Error('BROKER=none: no broker is configured');
  if (config.BROKER === 'ibkr') {
    throw new Error('BROKER=ibkr: the IBKR adapter is not available yet; use BROKER=sim (the default)');
  }
  const market = createMarketSimulator({ seed: SIM_SEED, history: await loadDefaultHistory() });
  const broker = createSimBroker({ market, clock, accounts: demoAccounts(market, clock.now().getTime()) });
  return { broker, advance: () => broker.advanceTo(clock.now().getTime()) };
}
