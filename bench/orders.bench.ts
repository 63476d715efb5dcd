// `npm run bench`: the Order Manager's latency, on PGlite and on PostgreSQL.
// - Paper: the demo book on the sim at a fixed in-session instant, the demo strategies run once, then every pending
//   recommendation is approved at the natural price (preview.natural), so it fills on the first match — inside the
//   approval. Timed: approve (pricing, risk check, the order row, the paper fill) and approve → filled (plus any paper
//   passes a fill larger than the displayed size needs); a few recommendations are approved at the mid instead and
//   left working, to time the paper engine's pass over working orders on its own. The demo book yields about eight
//   recommendations per run, so BENCH_ORDER_ROUNDS (default 4) fresh databases per backend give the samples.
// - Live: approve → broker acknowledgement through the real IBKR adapter and the fake gateway (the sim behind it),
//   for BENCH_LIVE_ORDERS single-put recommendations at the mid (they rest at the broker), after one warm-up.
// Numbers, not assertions.
import { performance } from 'node:perf_hooks';
import { createSyncService, type Clock, type OrderManager, type PaperEngine } from '@optionstrader/application';
import { createMarketSimulator, createSimBroker, demoAccounts } from '@optionstrader/broker-sim';
import { IN_MEMORY, migrateDatabase, openDatabase, queryRows, type Database } from '@optionstrader/db';
import { shippedHistory, simReference, staticReference } from '../apps/server/src/adapters/risk-market-data';
import { simStrategyReference } from '../apps/server/src/adapters/strategy-reference';
import { SIM_SEED } from '../apps/server/src/broker';
import { createServices } from '../apps/server/src/container';
import { seedDemoStrategies } from '../apps/server/src/demo-strategies';
import { insertPutRecommendation } from '../apps/server/src/testing/put-recommendation';
import { startSimGateway } from '@optionstrader/broker-ibkr/testing';
import { onPostgres } from './on-postgres';

const ROUNDS = Number(process.env['BENCH_ORDER_ROUNDS'] ?? 4);
const LIVE_ORDERS = Number(process.env['BENCH_LIVE_ORDERS'] ?? 30);
/** A Friday, 11:00 in New York: the session is open. */
const NOW_MS = Date.parse('2026-11-20T16:00:00Z');
/** Recommendations of each round kept working (approved at the mid) for the paper-pass timing. */
const WORKING = 2;

const print = (line: string) => process.stdout.write(`${line}\n`);

function percentiles(values: readonly number[]): string {
  if (values.length === 0) return 'no samples';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  return `p50 ${ms(at(0.5))}  p95 ${ms(at(0.95))}  max ${ms(sorted[sorted.length - 1] ?? NaN)}  (n=${sorted.length})`;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

interface PaperNumbers {
  approveMs: number[];
  toFilledMs: number[];
  passMs: number[];
  needingPasses: number;
  refused: Map<string, number>;
  notFilled: number;
  working: number;
}

const emptyPaper = (): PaperNumbers => ({
  approveMs: [],
  toFilledMs: [],
  passMs: [],
  needingPasses: 0,
  refused: new Map(),
  notFilled: 0,
  working: 0,
});

/** One round on a fresh, migrated database: the demo book, one strategy run, every pending recommendation approved. */
async function paperRound(database: Database, into: PaperNumbers): Promise<void> {
  await migrateDatabase(database);
  let nowMs = NOW_MS;
  const clock: Clock = { now: () => new Date(nowMs) };
  const market = createMarketSimulator({ seed: SIM_SEED, history: await shippedHistory() });
  const broker = createSimBroker({ market, clock, accounts: demoAccounts(market, NOW_MS) });
  await broker.connect();
  const services = createServices(database, { sessionTtlHours: 1, clock });
  const risk = services.risk(simReference(market), broker);
  const runner = services.strategyRunner(
    risk,
    { reference: simReference(market), strategyReference: simStrategyReference(market) },
    broker,
  );
  const { manager, paper }: { manager: OrderManager; paper: PaperEngine } = services.orderFlow(risk, broker);
  const sync = createSyncService({
    broker,
    ingest: services.repositories.ingest,
    syncRuns: services.repositories.syncRuns,
    clock,
  });
  if ((await sync.run({ trigger: 'cli' })).run.status !== 'succeeded') throw new Error('the demo sync failed');
  await services.strategies.seedDefinitions();
  await seedDemoStrategies({
    strategies: services.strategies,
    accounts: services.reads.queries.accounts,
    settings: services.repositories.appSettings,
    clock,
  });
  await runner.run();
  const pending = await services.repositories.strategies.listRecommendations({ status: 'pending', limit: 1000 });
  const refuse = (code: string) => into.refused.set(code, (into.refused.get(code) ?? 0) + 1);

  for (const [index, rec] of pending.entries()) {
    const keepWorking = index >= pending.length - WORKING;
    const preview = await manager.preview(rec.id, {});
    if (!preview.ok || !preview.value.ok) {
      refuse(preview.ok ? (preview.value.refusal?.code ?? 'unknown') : preview.refusal.code);
      continue;
    }
    const limitPrice = keepWorking ? preview.value.mid : preview.value.natural;
    if (limitPrice === null) {
      refuse('NO_QUOTE');
      continue;
    }
    // The mid is quoted as a magnitude; a combo's limit is a signed net in the order's convention (natural is).
    const signed = keepWorking && (preview.value.natural ?? 0) < 0 ? -limitPrice : limitPrice;
    const approved = await timed(() =>
      manager.approve(rec.id, { limitPrice: signed }, { userId: null, automated: false }),
    );
    if (!approved.value.ok) {
      refuse(approved.value.refusal.code);
      continue;
    }
    if (keepWorking) continue;
    into.approveMs.push(approved.ms);
    let order = approved.value.value.order;
    let total = approved.ms;
    let passes = 0;
    // Larger than the displayed size: the rest fills on later matches (a new minute, a new displayed size).
    while (order.status !== 'filled' && passes < 20) {
      nowMs += 60_000;
      const pass = await timed(() => paper.pass());
      total += pass.ms;
      passes += 1;
      order = (await services.repositories.orders.get(order.id)) ?? order;
    }
    if (passes > 0) into.needingPasses += 1;
    if (order.status === 'filled') into.toFilledMs.push(total);
    else into.notFilled += 1;
  }

  // The paper engine alone: passes over the orders still working (approved at the mid).
  const working = await services.repositories.orders.list({ status: 'working', mode: 'paper', limit: 1000 });
  into.working = Math.max(into.working, working.length);
  for (let i = 0; i < 5; i++) {
    nowMs += 60_000;
    into.passMs.push((await timed(() => paper.pass())).ms);
  }
  await broker.disconnect();
}

function reportPaper(backend: string, numbers: PaperNumbers) {
  print(`Paper orders on ${backend} (demo book, ${ROUNDS} round(s) of one strategy run each):`);
  const label = (text: string) => `  ${text.padEnd(27)}`;
  print(`${label('approve (incl. the fill)')}${percentiles(numbers.approveMs)}`);
  print(
    `${label('approve → filled')}${percentiles(numbers.toFilledMs)}; ${numbers.needingPasses} needed paper passes, ` +
      `${numbers.notFilled} not filled`,
  );
  print(`${label(`paper pass (${numbers.working} working)`)}${percentiles(numbers.passMs)}`);
  if (numbers.refused.size > 0) {
    print(`${label('refused')}${[...numbers.refused].map(([code, n]) => `${code} ×${n}`).join(', ')}`);
  }
}

/** Live: approvals through the IBKR adapter and the fake gateway; the approval returns once the broker acknowledged. */
async function liveRound(database: Database): Promise<number[]> {
  await migrateDatabase(database);
  const rig = await startSimGateway();
  try {
    const adapter = rig.adapter();
    await adapter.connect();
    const services = createServices(database, { sessionTtlHours: 1, clock: rig.clock });
    const sync = createSyncService({
      broker: adapter,
      ingest: services.repositories.ingest,
      syncRuns: services.repositories.syncRuns,
      clock: rig.clock,
    });
    if ((await sync.run({ trigger: 'cli' })).run.status !== 'succeeded') throw new Error('the IBKR sync failed');
    const { manager } = services.orderFlow(services.risk(staticReference, adapter), adapter);
    const [account] = await queryRows<{ id: string }>(
      database.db,
      `select id from broker_accounts where account_code = 'DU-SIM-PM'`,
    );
    if (!account || !(await manager.setOrderMode(account.id, 'live', 'DU-SIM-PM', null)).ok) {
      throw new Error('DU-SIM-PM could not be set live');
    }
    // Thirty one-lot KO puts add up past the per-ticker limit: lifted, this measures latency, not the risk rules.
    await services.repositories.riskLimits.set(
      account.id,
      { tickerExposureWarn: null, tickerExposureMax: null },
      rig.clock.now(),
    );
    const [params] = await rig.sim.optionChainParams('KO');
    const [ko] = await rig.sim.contractDetails({ secType: 'STK', symbol: 'KO' });
    const spot = (ko && (await rig.sim.quotes([ko]))[0]?.mark) ?? 70;
    const listed = await rig.sim.contractDetails({
      secType: 'OPT',
      symbol: 'KO',
      expiry: params?.expirations[1],
      right: 'put',
    });
    const quotes = await rig.sim.quotes(listed);
    const puts = listed.flatMap((contract) => {
      const quote = quotes.find((q) => q.key === contract.key);
      return Number(contract.strike) < spot && quote?.bid && quote.ask
        ? [{ contract, bid: quote.bid, ask: quote.ask }]
        : [];
    });
    if (puts.length === 0) throw new Error('no KO put with a two-sided quote');
    const samples: number[] = [];
    // One more than measured: the first approval warms the adapter's contract cache and the JIT.
    for (let i = 0; i <= LIVE_ORDERS; i++) {
      const pick = puts[i % puts.length];
      if (!pick) continue;
      const { contract: put, ...quote } = pick;
      const recId = await insertPutRecommendation(database.db, {
        accountId: account.id,
        put,
        quote,
        quantity: 1,
        fingerprint: `bench-live-${i}`,
        expiresAt: new Date(rig.clock.t + 86_400_000),
      });
      const approved = await timed(() => manager.approve(recId, {}, { userId: null, automated: false }));
      if (!approved.value.ok) throw new Error(`live approval refused: ${approved.value.refusal.message}`);
      if (i > 0 && approved.value.value.order.brokerOrderId !== null) samples.push(approved.ms);
    }
    return samples;
  } finally {
    await rig.close();
  }
}

async function main() {
  const pglite = emptyPaper();
  for (let round = 0; round < ROUNDS; round++) {
    const database = await openDatabase({ dataDir: IN_MEMORY });
    try {
      await paperRound(database, pglite);
    } finally {
      await database.close();
    }
  }
  reportPaper('PGlite', pglite);

  const postgres = emptyPaper();
  let skipped: string | null = null;
  for (let round = 0; round < ROUNDS && skipped === null; round++) {
    const outcome = await onPostgres((database) => paperRound(database, postgres));
    if (typeof outcome === 'string') skipped = outcome;
  }
  if (skipped === null) reportPaper('PostgreSQL', postgres);
  else print(`Paper orders on PostgreSQL: ${skipped}`);

  const livePglite = await openDatabase({ dataDir: IN_MEMORY });
  let liveSamples: number[] = [];
  try {
    liveSamples = await liveRound(livePglite);
  } finally {
    await livePglite.close();
  }
  print(`Live orders through the fake IBKR gateway (approve → broker ack, at the mid):`);
  print(`  PGlite      ${percentiles(liveSamples)}`);
  const livePostgres = await onPostgres((database) => liveRound(database));
  print(`  PostgreSQL  ${typeof livePostgres === 'string' ? livePostgres : percentiles(livePostgres)}`);
}

await main();
