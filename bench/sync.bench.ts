// `npm run bench`: a full broker sync of a synthetic book (10,000 positions, 50,000 executions) on PGlite and on
// PostgreSQL, then an idempotent re-sync, which must write 0 rows; then the risk of one of its 500-position accounts
// by the API's path (reads from the database, 500 days of history per underlier, risk state with VaR and stress,
// rule verdicts, position states). Numbers, not assertions.
import { performance } from 'node:perf_hooks';
import {
  createRiskService,
  createSyncService,
  rowsWritten,
  type DailyClose,
  type BrokerContract,
  type BrokerExecution,
  type BrokerPosition,
  type BrokerQuote,
  type SyncRunRecord,
} from '@optionstrader/application';
import { createRepositories, IN_MEMORY, migrateDatabase, openDatabase, type Database } from '@optionstrader/db';
import { onPostgres } from './on-postgres';
import { addDays, type IsoDate } from '@optionstrader/domain';
// The fake broker only (the testkit index also loads vitest, which a plain script does not need).
import {
  accountSummary,
  brokerAccount,
  brokerExecution,
  brokerPosition,
  brokerQuote,
  createFakeBroker,
  optionContract,
  stockContract,
} from '../packages/testkit/src/fake-broker';

const ACCOUNTS = 20;
const POSITIONS = 10_000;
const EXECUTIONS = 50_000;
const SYMBOLS = 200;
const T0 = new Date('2026-03-02T15:00:00Z');

/** mulberry32: the same book on every run. */
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

function syntheticBook() {
  const rnd = seeded(42);
  const symbols = Array.from({ length: SYMBOLS }, (_, i) => `S${String(i).padStart(3, '0')}`);
  const expiries = ['2026-03-20', '2026-04-17', '2026-05-15', '2026-06-18', '2026-09-18', '2027-01-15'];
  let conId = 1_000_000;
  const stocks = new Map(symbols.map((s) => [s, stockContract(s, conId++)]));
  const options = new Map<string, BrokerContract>();
  const option = (symbol: string, expiry: string, right: 'call' | 'put', strike: number) => {
    const contract = optionContract(symbol, expiry, right, String(strike), null);
    const known = options.get(contract.key);
    if (known) return known;
    const withId = { ...contract, brokerContractId: String(conId++) };
    options.set(contract.key, withId);
    return withId;
  };
  const randomContract = () => {
    const symbol = symbols[Math.floor(rnd() * SYMBOLS)] ?? 'S000';
    if (rnd() < 0.2) return stocks.get(symbol) ?? stockContract(symbol);
    const expiry = expiries[Math.floor(rnd() * expiries.length)] ?? '2026-03-20';
    const strike = 50 + 2.5 * Math.floor(rnd() * 80);
    return option(symbol, expiry, rnd() < 0.5 ? 'call' : 'put', strike);
  };
  const codes = Array.from({ length: ACCOUNTS }, (_, i) => `DU${1000 + i}`);
  const positions: BrokerPosition[] = [];
  for (const [a, code] of codes.entries()) {
    const held = new Set<string>();
    while (held.size < POSITIONS / ACCOUNTS) {
      const contract = randomContract();
      if (held.has(contract.key)) continue;
      held.add(contract.key);
      const qty = (1 + Math.floor(rnd() * 20)) * (rnd() < 0.7 ? -1 : 1);
      positions.push(
        brokerPosition(code, contract, String(contract.secType === 'OPT' ? qty : qty * 100), T0, {
          averageCost: (rnd() * 500).toFixed(4),
          marketValue: (rnd() * 100_000 - 50_000).toFixed(2),
          unrealizedPnl: (rnd() * 2_000 - 1_000).toFixed(2),
        }),
      );
    }
    void a;
  }
  const executions: BrokerExecution[] = Array.from({ length: EXECUTIONS }, (_, i) =>
    brokerExecution(
      codes[i % ACCOUNTS] ?? 'DU1000',
      `0000e${i.toString(16).padStart(8, '0')}.01.01`,
      randomContract(),
      new Date(T0.getTime() - i * 1000),
      {
        side: rnd() < 0.5 ? 'BUY' : 'SELL',
        quantity: String(1 + Math.floor(rnd() * 10)),
        price: (rnd() * 50).toFixed(2),
        commission: (-(0.65 + rnd())).toFixed(4),
        commissionCurrency: 'USD',
      },
    ),
  );
  const quotes: BrokerQuote[] = [...stocks.values(), ...options.values()].map((c) => {
    const mid = 1 + rnd() * 100;
    return brokerQuote(c, T0, {
      bid: Number((mid - 0.05).toFixed(2)),
      ask: Number((mid + 0.05).toFixed(2)),
      mark: Number(mid.toFixed(3)),
      volume: Math.floor(rnd() * 10_000),
      ...(c.secType === 'OPT'
        ? { impliedVol: 0.1 + rnd(), delta: rnd() - 0.5, openInterest: Math.floor(rnd() * 5000) }
        : {}),
    });
  });
  return createFakeBroker({
    accounts: codes.map((code) => brokerAccount(code)),
    summaries: codes.map((code) => accountSummary(code, T0)),
    positions,
    executions,
    quotes,
  });
}

/** 501 seeded closes per symbol (500 daily returns), ending the day before the book's date; kept, as the app's is. */
const histories = new Map<string, DailyClose[]>();
function syntheticHistory(symbol: string): DailyClose[] {
  const known = histories.get(symbol);
  if (known) return known;
  const rnd = seeded([...symbol].reduce((h, c) => h * 31 + c.charCodeAt(0), 7));
  const closes: DailyClose[] = [];
  let close = 50 + rnd() * 100;
  for (let i = 500; i >= 0; i--) {
    closes.push({ date: addDays('2026-03-01' as IsoDate, -i), close });
    close *= 1 + 0.02 * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  }
  histories.set(symbol, closes);
  return closes;
}

/** Median milliseconds of the risk of one account (GET /api/accounts/{id}/risk without HTTP). */
async function measureRisk(database: Database): Promise<{ positions: number; medianMs: number }> {
  const repositories = createRepositories(database.db);
  const risk = createRiskService({
    queries: repositories.reads,
    limits: repositories.riskLimits,
    history: { closes: async (symbol) => syntheticHistory(symbol) },
    reference: { kind: () => 'stock', dividendYield: () => null, dividends: () => null, rate: () => 0.04 },
    audit: repositories.audit,
    clock: { now: () => T0 },
  });
  const [account] = await repositories.reads.accounts.list();
  if (!account) throw new Error('no account');
  const times: number[] = [];
  let positions = 0;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const result = await risk.accountRisk(account.id);
    times.push(performance.now() - started);
    positions = result?.positions.length ?? 0;
    if (!result?.risk?.var.historical) throw new Error('the risk state has no historical VaR');
  }
  times.sort((a, b) => a - b);
  return { positions, medianMs: times[2] ?? NaN };
}

interface Row {
  backend: string;
  run: string;
  seconds: string;
  rowsWritten: number;
  positions: number;
  executions: number;
  instruments: number;
  quotes: number;
}

async function measure(backend: string, database: Database): Promise<Row[]> {
  await migrateDatabase(database);
  const { ingest, syncRuns } = createRepositories(database.db);
  const sync = createSyncService({ broker: syntheticBook(), ingest, syncRuns, clock: { now: () => new Date() } });
  const rows: Row[] = [];
  for (const run of ['full sync', 're-sync (nothing new)']) {
    const started = performance.now();
    const result = await sync.run({ trigger: 'cli' });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const r: SyncRunRecord = result.run;
    if (r.status !== 'succeeded') throw new Error(`${backend} ${run} failed: ${r.error}`);
    rows.push({
      backend,
      run,
      seconds,
      rowsWritten: rowsWritten(r.counts),
      positions: r.counts.positions.inserted + r.counts.positions.updated,
      executions: r.counts.executions.inserted + r.counts.executions.updated,
      instruments: r.counts.instruments.inserted,
      quotes: r.counts.quotes.inserted,
    });
  }
  const { positions, medianMs } = await measureRisk(database);
  process.stdout.write(
    `${backend}: risk of one account (${positions} positions, from the database): median ${medianMs.toFixed(0)} ms of 5\n`,
  );
  return rows;
}

async function main() {
  process.stdout.write(
    `Broker sync: ${ACCOUNTS} accounts, ${POSITIONS} positions, ${EXECUTIONS} executions, ${SYMBOLS} underliers\n`,
  );
  const rows: Row[] = [];
  const pglite = await openDatabase({ dataDir: IN_MEMORY });
  try {
    rows.push(...(await measure('pglite (memory)', pglite)));
  } finally {
    await pglite.close();
  }
  const postgres = await onPostgres((database) => measure('postgres', database));
  if (typeof postgres === 'string') process.stdout.write(`postgres: ${postgres}\n`);
  else rows.push(...postgres);
  const header = Object.keys(rows[0] ?? {}) as (keyof Row)[];
  const cells = [header.map(String), ...rows.map((row) => header.map((h) => String(row[h])))];
  const widths = header.map((_, i) => Math.max(...cells.map((line) => line[i]?.length ?? 0)));
  for (const line of cells) process.stdout.write(`${line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}\n`);
}

await main();
