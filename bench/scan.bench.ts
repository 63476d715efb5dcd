// `npm run bench`: the opportunity scanner over 100 underliers × 2,000 contracts (10 expiries × 100 strikes × call
// and put): chain compute (price and delta of every contract, with a bid/ask around it), filter, score and rank
// (scanOptions), then store the ranked opportunities of one run (instruments + opportunities rows) on PGlite and on
// PostgreSQL. Two scans: the Wheel's default put filters (|Δ| 0.15–0.35, 30–45 DTE, OI, spread) and a wide one that
// keeps every priced put and call (the worst case for ranking and storing). Numbers, not assertions.
import { performance } from 'node:perf_hooks';
import { opportunityRow } from '@optionstrader/application';
import { onPostgres } from './on-postgres';
import { createRepositories, IN_MEMORY, migrateDatabase, openDatabase, type Database, schema } from '@optionstrader/db';
import {
  type IsoDate,
  type OptionQuote,
  type ScanFilters,
  type ScoredOpportunity,
  addDays,
  formatInstrumentKey,
  greeksBatch,
  newYorkToUtc,
  onOrBeforeTradingDay,
  parseIsoDate,
  parseStrike,
  scanFiltersFor,
  scanOptions,
  yearFractionToExpiry,
} from '../packages/domain/src/index';

const UNDERLIERS = 100;
const EXPIRIES = 10;
const STRIKES = 100;
const CONTRACTS = EXPIRIES * STRIKES * 2;
const TODAY = parseIsoDate('2026-03-02');
const NOW_MS = newYorkToUtc(TODAY, 12 * 60);
const RATE = 0.04;

function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Underlier {
  symbol: string;
  spot: number;
  vol: number;
}

const rnd = seeded(11);
const underliers: Underlier[] = Array.from({ length: UNDERLIERS }, (_, i) => ({
  symbol: `S${String(i).padStart(3, '0')}`,
  spot: 20 + 480 * rnd(),
  vol: 0.15 + 0.4 * rnd(),
}));
// Fridays (or the trading day before a holiday) from 11 to ~263 days out.
const expiries: IsoDate[] = Array.from({ length: EXPIRIES }, (_, i) =>
  onOrBeforeTradingDay(addDays(TODAY, 11 + i * 28)),
);

/** The chain of one underlier, priced by Black-Scholes in one batch (what a data feed or the sim would give). */
function computeChain(u: Underlier, index: number): OptionQuote[] {
  const liquidity = seeded(1_000 + index); // the same volumes and open interest on every pass
  const right = new Uint8Array(CONTRACTS);
  const K = new Float64Array(CONTRACTS);
  const T = new Float64Array(CONTRACTS);
  let i = 0;
  for (const expiry of expiries) {
    const t = yearFractionToExpiry(NOW_MS, expiry);
    for (let s = 0; s < STRIKES; s++) {
      const strike = Math.round(u.spot * (0.5 + s / STRIKES) * 100) / 100;
      for (const r of [1, 0]) {
        right[i] = r;
        K[i] = strike;
        T[i] = t;
        i++;
      }
    }
  }
  const g = greeksBatch({ right, S: u.spot, K, T, r: RATE, q: 0, sigma: u.vol });
  const out = new Array<OptionQuote>(CONTRACTS);
  for (let j = 0; j < CONTRACTS; j++) {
    const model = g.price[j] ?? 0;
    const half = Math.max(0.01, model * 0.03);
    out[j] = {
      symbol: u.symbol,
      expiry: expiries[Math.floor(j / (STRIKES * 2))] as IsoDate,
      strike: K[j] ?? 0,
      right: right[j] === 1 ? 'call' : 'put',
      multiplier: 100,
      bid: Math.max(0, Math.round((model - half) * 100) / 100),
      ask: Math.round((model + half) * 100) / 100,
      last: null,
      iv: u.vol,
      delta: g.delta[j] ?? null,
      volume: 100 + Math.floor(1000 * liquidity()),
      openInterest: 50 + Math.floor(20_000 * liquidity()),
    };
  }
  return out;
}

function scanAll(filters: ScanFilters): { opportunities: ScoredOpportunity[]; computeMs: number; scanMs: number } {
  let computeMs = 0;
  let scanMs = 0;
  const opportunities: ScoredOpportunity[] = [];
  for (const [index, u] of underliers.entries()) {
    const t0 = performance.now();
    const options = computeChain(u, index);
    const t1 = performance.now();
    const result = scanOptions({
      underlier: {
        symbol: u.symbol,
        kind: 'stock',
        spot: u.spot,
        ivRank: 0.5,
        dividendYield: 0,
        exDividends: [],
        earnings: [],
      },
      options,
      side: 'sell',
      filters,
      score: 'balanced',
      capital: 'cash_secured',
      today: TODAY,
      nowMs: NOW_MS,
      rate: RATE,
    });
    const t2 = performance.now();
    computeMs += t1 - t0;
    scanMs += t2 - t1;
    opportunities.push(...result.opportunities);
  }
  return { opportunities, computeMs, scanMs };
}

/** Stores one run's opportunities (their instruments first), as the strategy runner does; returns ms. */
async function store(
  database: Database,
  opportunities: readonly ScoredOpportunity[],
): Promise<{ totalMs: number; instrumentsMs: number }> {
  const repos = createRepositories(database.db);
  const [run] = await database.db
    .insert(schema.strategyRuns)
    .values({ mode: 'paper', status: 'running', startedAt: new Date(NOW_MS) })
    .returning({ id: schema.strategyRuns.id });
  const runId = run?.id ?? '';
  const started = performance.now();
  const instruments = opportunities.map((o) => {
    const key = formatInstrumentKey({
      secType: 'OPT',
      root: o.symbol,
      expiry: o.expiry,
      right: o.right,
      strike: parseStrike(String(o.strike)),
      multiplier: 100,
      currency: 'USD',
    });
    return {
      canonicalKey: key,
      symbol: o.symbol,
      assetClass: 'OPT' as const,
      underlyingKey: null,
      expiry: o.expiry,
      strike: String(o.strike),
      right: o.right === 'call' ? ('C' as const) : ('P' as const),
      multiplier: '100',
      currency: 'USD',
      occSymbol: null,
    };
  });
  const ids = await repos.ingest.transaction(async (w) => (await w.upsertInstruments(instruments)).ids);
  const instrumentsMs = performance.now() - started;
  const rows = opportunities.map((o, i) => opportunityRow(o, ids.get(instruments[i]?.canonicalKey ?? '') ?? ''));
  await repos.strategies.saveRunOutcome({
    runId,
    instanceId: null as unknown as string,
    signals: [],
    opportunities: rows,
    recommendations: [],
    supersedeExcept: [],
    at: new Date(NOW_MS),
  });
  return { totalMs: performance.now() - started, instrumentsMs };
}

async function main() {
  const total = UNDERLIERS * CONTRACTS;
  process.stdout.write(`Scan: ${UNDERLIERS} underliers × ${CONTRACTS} contracts = ${total.toLocaleString('en-US')}\n`);
  const scans = [
    {
      name: 'wheel puts',
      filters: scanFiltersFor({
        rights: ['put'],
        minAbsDelta: 0.15,
        maxAbsDelta: 0.35,
        minDte: 30,
        maxDte: 45,
        minOpenInterest: 100,
        maxSpreadPct: 0.1,
        minCredit: 0.3,
      }),
    },
    {
      name: 'wide (all)',
      filters: scanFiltersFor({
        rights: ['put', 'call'],
        minAbsDelta: null,
        maxAbsDelta: null,
        minDte: 0,
        maxDte: 400,
        minOpenInterest: null,
        maxSpreadPct: null,
        minCredit: null,
      }),
    },
  ];
  scanAll(scans[0]?.filters as ScanFilters); // warm-up
  for (const { name, filters } of scans) {
    const runs = Array.from({ length: 3 }, () => scanAll(filters));
    const best = runs.reduce((a, b) => (a.computeMs + a.scanMs <= b.computeMs + b.scanMs ? a : b));
    const computeScanMs = best.computeMs + best.scanMs;
    const found = best.opportunities.length;
    const pglite = await openDatabase({ dataDir: IN_MEMORY });
    let pgliteMs = { totalMs: Number.NaN, instrumentsMs: Number.NaN };
    try {
      await migrateDatabase(pglite);
      pgliteMs = await store(pglite, best.opportunities);
    } finally {
      await pglite.close();
    }
    let postgresMs = { totalMs: Number.NaN, instrumentsMs: Number.NaN };
    const outcome = await onPostgres(async (database) => {
      await migrateDatabase(database);
      postgresMs = await store(database, best.opportunities);
    });
    const skipped = typeof outcome === 'string' ? outcome : null;
    const perSecond = (ms: number) => Math.round((found / ms) * 1000).toLocaleString('en-US');
    const stored = (ms: { totalMs: number; instrumentsMs: number }) =>
      `${ms.totalMs.toFixed(0)} ms (instruments ${ms.instrumentsMs.toFixed(0)} ms)`;
    process.stdout.write(
      `${name}: ${found.toLocaleString('en-US')} ranked opportunities; chain compute ${best.computeMs.toFixed(0)} ms, ` +
        `filter+rank ${best.scanMs.toFixed(0)} ms (${Math.round((total / computeScanMs) * 1000).toLocaleString('en-US')} contracts/s)\n` +
        `  + store on PGlite ${stored(pgliteMs)} → ${perSecond(computeScanMs + pgliteMs.totalMs)} ranked opportunities/s end to end\n` +
        (skipped === null
          ? `  + store on PostgreSQL ${stored(postgresMs)} → ${perSecond(computeScanMs + postgresMs.totalMs)} ranked opportunities/s end to end\n`
          : `  PostgreSQL ${skipped}\n`),
    );
  }
}

await main();
