// The demo's strategy instances (BROKER=sim): once the demo accounts have been synced, one instance of every
// strategy where it applies to the demo book, enabled, so the first run recommends puts on cash (JPM, SPY, QQQ),
// calls on held shares (KO, SPY), a roll of the decayed KO put, TFSA overlay calls and a PMCC short call on the
// MSFT LEAPS. Created once per database (a flag in app_settings): instances the user deletes stay deleted.
import type { AccountsQuery, AppSettingsRepository, Clock, StrategiesService } from '@optionstrader/application';

interface DemoInstance {
  account: 'DU-SIM-PM' | 'DU-SIM-TFSA';
  strategySlug: string;
  name: string;
  config: Record<string, unknown>;
}

const DEMO_INSTANCES: readonly DemoInstance[] = [
  {
    account: 'DU-SIM-PM',
    strategySlug: 'wheel',
    name: 'Wheel — KO, JPM',
    // A portfolio-margin account's buying power is several times its NLV: 2% of it keeps a new put well inside the
    // per-ticker concentration limit; KO's thinner chain quotes wider than the 10% default spread.
    config: { symbols: ['KO', 'JPM'], maxNewPctOfBuyingPower: 0.02, maxSpreadPct: 0.25 },
  },
  { account: 'DU-SIM-PM', strategySlug: 'theta', name: 'Theta — SPY, QQQ', config: { symbols: ['SPY', 'QQQ'] } },
  {
    account: 'DU-SIM-PM',
    strategySlug: 'covered_call',
    name: 'Covered calls — AAPL, SPY',
    config: { symbols: ['AAPL', 'SPY'] },
  },
  {
    account: 'DU-SIM-TFSA',
    strategySlug: 'covered_call_overlay',
    name: 'TFSA overlay — SPY, QQQ',
    config: { symbols: ['SPY', 'QQQ'] },
  },
  {
    account: 'DU-SIM-PM',
    strategySlug: 'synthetic_stock_leaps',
    name: 'PMCC — MSFT',
    // The short strike must clear long strike + debit (~7% above spot for these LEAPS): that is a ~0.15-delta call
    // at 21–45 days, below the 0.25 default.
    config: { symbols: ['MSFT'], shortMinDelta: 0.1 },
  },
];

export interface DemoSeedDeps {
  strategies: StrategiesService;
  accounts: Pick<AccountsQuery, 'list'>;
  settings: AppSettingsRepository;
  clock: Clock;
}

/** Creates the demo instances when the demo accounts exist and it was never done; says what happened. */
export async function seedDemoStrategies(
  deps: DemoSeedDeps,
): Promise<'seeded' | 'already_seeded' | 'no_demo_accounts'> {
  if ((await deps.settings.get('demo_strategies_seeded')) === true) return 'already_seeded';
  const accounts = await deps.accounts.list();
  const idOf = new Map(accounts.filter((a) => a.broker === 'sim').map((a) => [a.accountCode, a.id]));
  if (!DEMO_INSTANCES.every((d) => idOf.has(d.account))) return 'no_demo_accounts';
  for (const demo of DEMO_INSTANCES) {
    const created = await deps.strategies.createInstance(
      {
        strategySlug: demo.strategySlug,
        accountId: idOf.get(demo.account) as string,
        name: demo.name,
        config: demo.config,
        enabled: true,
      },
      null,
    );
    if (!created.ok) throw new Error(`Demo instance ${demo.name}: ${created.message}`);
  }
  await deps.settings.set('demo_strategies_seeded', true, null, deps.clock.now());
  return 'seeded';
}
