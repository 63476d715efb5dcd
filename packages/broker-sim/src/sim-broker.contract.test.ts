// The Broker contract suite against the sim, on the deterministic fake market (and the real simulator when its
// price history is available).
import { describe, expect, it } from 'vitest';
import { brokerContractSuite } from '@optionstrader/testkit';
import { newYorkToUtc, parseIsoDate } from '@optionstrader/domain';
import { demoAccounts } from './brokerage/demo-book';
import { createFakeMarket } from './brokerage/testing/fake-market';
import { createMarketSimulator, loadDefaultHistory } from './market/index';
import type { MarketSimulator } from './market/market-simulator';
import { createSimBroker } from './sim-broker.adapter';

const TUESDAY_11AM = newYorkToUtc(parseIsoDate('2026-03-03'), 11 * 60);

function subjectOn(market: MarketSimulator) {
  return async () => {
    const clock = { t: TUESDAY_11AM, now: () => new Date(clock.t) };
    const broker = createSimBroker({ market, clock, accounts: demoAccounts(market, clock.t), seed: 3 });
    return {
      broker,
      knownAccount: 'DU-SIM-PM',
      knownSymbol: 'KO',
      advance: async (ms: number) => {
        clock.t += ms;
        await broker.advanceTo(clock.t);
      },
      close: async () => {},
    };
  };
}

brokerContractSuite(
  'sim broker on the fake market',
  subjectOn(createFakeMarket({ spots: { AAPL: 200, KO: 60, SPY: 500, QQQ: 450 } })),
);

// The real simulator on the repository's price history; past its end the seeded walk continues.
const history = await loadDefaultHistory();
brokerContractSuite('sim broker on the market simulator', subjectOn(createMarketSimulator({ seed: 11, history })));

describe('demo book on the market simulator', () => {
  it('starts at ~250k NLV and runs through the next expirations', async () => {
    const market = createMarketSimulator({ seed: 11, history });
    const clock = { t: TUESDAY_11AM, now: () => new Date(clock.t) };
    const broker = createSimBroker({ market, clock, accounts: demoAccounts(market, clock.t) });
    await broker.connect();
    expect(Number((await broker.accountSummary('DU-SIM-PM')).netLiquidation)).toBeCloseTo(250_000, -1);
    clock.t += 60 * 86_400_000;
    await broker.advanceTo(clock.t);
    const kinds = broker.optionEvents().map((e) => e.kind);
    expect(kinds).toHaveLength(3); // the two PM options and the TFSA call, each settled once
    const summary = await broker.accountSummary('DU-SIM-PM');
    expect(summary.netLiquidation).toMatch(/^\d+\.\d+$/);
  });
});
