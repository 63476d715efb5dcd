// The strategy repository on a real database (PGlite and PostgreSQL): seeding, instances, runs, and what a run's
// outcome does to signals, opportunities and pending recommendations.
import type {
  NewOpportunity,
  NewRecommendation,
  StrategyDefinitionSeed,
  StrategyRepository,
} from '@optionstrader/application';
import { describeDb, testBackend, type TestDatabase } from '@optionstrader/testkit';
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { driverOf, type Db } from '../client';
import { queryRows } from '../query-rows';
import * as schema from '../schema/index';
import { isUniqueViolation } from '../unique-violation';

const T0 = new Date('2026-03-02T15:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const WHEEL: StrategyDefinitionSeed = {
  slug: 'wheel',
  name: 'Wheel',
  description: 'Sell puts, then calls on assignment',
  version: '1',
  codeRef: 'wheel@1',
  configSchema: { type: 'object' },
  defaults: { targetDelta: 0.3 },
};
const THETA: StrategyDefinitionSeed = {
  slug: 'theta',
  name: 'Theta',
  description: 'Short premium',
  version: '1',
  codeRef: 'theta@1',
  configSchema: { type: 'object' },
  defaults: { dte: 45 },
};

let sequence = 0;
const unique = (prefix: string) => `${prefix}${(sequence += 1)}`;

async function insertAccount(db: Db, label: string | null = null) {
  const [client] = await db
    .insert(schema.clients)
    .values({ name: unique('client-') })
    .returning();
  const [account] = await db
    .insert(schema.brokerAccounts)
    .values({ clientId: client!.id, broker: 'sim', accountCode: unique('DU'), type: 'margin_regt', label })
    .returning();
  return account!;
}

async function insertOption(db: Db, symbol: string, expiry: string, right: 'C' | 'P', strike: string) {
  const [row] = await db
    .insert(schema.instruments)
    .values({
      symbol,
      assetClass: 'OPT',
      expiry,
      right,
      strike,
      multiplier: '100',
      canonicalKey: `OPT:${symbol}:${expiry}:${right}:${strike}:${unique('')}`,
    })
    .returning();
  return row!;
}

/** Seeds the definitions and returns the wheel's version id. */
async function wheelVersion(strategies: StrategyRepository): Promise<string> {
  await strategies.seedDefinitions([WHEEL, THETA]);
  const wheel = (await strategies.listDefinitions()).find((d) => d.slug === 'wheel');
  return wheel!.versionId;
}

function opportunity(key: string, instrumentId: string, overrides: Partial<NewOpportunity> = {}): NewOpportunity {
  return {
    key,
    instrumentId,
    bid: 2.3,
    ask: 2.4,
    mid: 2.35,
    delta: -0.21,
    dte: 46,
    iv: 0.2871,
    ivRank: 0.4,
    ror: 0.0131,
    annualizedRor: 0.104,
    pop: 0.78,
    volume: 1200,
    openInterest: 5400,
    spreadPct: 0.0426,
    score: 0.5,
    rank: 1,
    details: { basis: 'cash' },
    ...overrides,
  };
}

interface Scope {
  instanceId: string;
  versionId: string;
  accountId: string;
}

function recommendation(
  scope: Scope,
  runId: string,
  fingerprint: string,
  overrides: Partial<NewRecommendation> = {},
): NewRecommendation {
  return {
    instanceId: scope.instanceId,
    versionId: scope.versionId,
    accountId: scope.accountId,
    portfolioId: null,
    runId,
    opportunityKey: null,
    fingerprint,
    symbol: 'AAPL',
    action: 'sell_put',
    legs: [{ symbol: 'AAPL', kind: 'option', right: 'put', strike: 180, expiry: '2026-04-17', side: 'SELL' }],
    quantity: 1,
    limitPrice: '2.35',
    spread: { bid: 2.3, ask: 2.4 },
    rationale: 'Delta 0.21 put, 46 days',
    confidence: 0.7,
    params: { targetDelta: 0.2 },
    riskCheck: null,
    expiresAt: at(60),
    ...overrides,
  };
}

/** Polls `condition` (a state of the database, not a duration) for up to 10 s. */
async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 1_000; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('waitUntil: the condition never held');
}

/** A wheel instance in a new account. */
async function instanceIn({ repositories, database }: TestDatabase, name: string) {
  const versionId = await wheelVersion(repositories.strategies);
  const account = await insertAccount(database.db);
  const instance = await repositories.strategies.createInstance(
    { versionId, accountId: account.id, portfolioId: null, name, config: { symbols: ['AAPL'] }, enabled: true },
    T0,
  );
  return {
    instanceId: instance.id,
    versionId,
    accountId: account.id,
    accountCode: account.accountCode,
    clientId: account.clientId,
  };
}

async function succeededRunIn(strategies: StrategyRepository, instanceId: string, versionId: string, startedAt: Date) {
  const run = await strategies.startRun({ instanceId, versionId, mode: 'paper', config: {}, startedAt });
  await strategies.finishRun(run.id, {
    status: 'succeeded',
    finishedAt: startedAt,
    stats: {},
    errors: [],
    timings: {},
  });
  return run.id;
}

describeDb('strategy repository: seeding', (use) => {
  it('seeds definitions idempotently, updating what changed, and lists each with its newest version', async () => {
    const { repositories, database } = use();
    const { strategies } = repositories;
    await strategies.seedDefinitions([WHEEL, THETA]);
    await strategies.seedDefinitions([WHEEL, THETA]);
    const count = async (table: string) =>
      (await queryRows<{ n: number }>(database.db, `select count(*)::int as n from ${table}`))[0]!.n;
    expect(await count('strategy_definitions')).toBe(2);
    expect(await count('strategy_versions')).toBe(2);
    const first = await strategies.listDefinitions();
    expect(first.map((d) => d.slug)).toEqual(['theta', 'wheel']);
    expect(first[1]).toMatchObject({ ...WHEEL, definitionId: expect.any(String), versionId: expect.any(String) });

    // A new build renames the plugin, changes version 1's defaults and ships version 2.
    await strategies.seedDefinitions([
      { ...WHEEL, name: 'The Wheel', defaults: { targetDelta: 0.25 } },
      { ...WHEEL, name: 'The Wheel', version: '2', codeRef: 'wheel@2', defaults: { targetDelta: 0.2 } },
      THETA,
    ]);
    expect(await count('strategy_definitions')).toBe(2);
    expect(await count('strategy_versions')).toBe(3);
    const [, wheel] = await strategies.listDefinitions();
    expect(wheel).toMatchObject({
      definitionId: first[1]!.definitionId,
      name: 'The Wheel',
      version: '2',
      codeRef: 'wheel@2',
      defaults: { targetDelta: 0.2 },
    });
    const [v1] = await database.db
      .select()
      .from(schema.strategyVersions)
      .where(eq(schema.strategyVersions.id, first[1]!.versionId));
    expect(v1).toMatchObject({ version: '1', defaults: { targetDelta: 0.25 } });
  });
});

describeDb('strategy repository', (use) => {
  const newInstance = (name: string) => instanceIn(use(), name);
  const succeededRun = (instanceId: string, versionId: string, startedAt: Date) =>
    succeededRunIn(use().repositories.strategies, instanceId, versionId, startedAt);

  it('creates, lists, updates and deletes instances; runs outlive their instance', async () => {
    const { repositories, database } = use();
    const { strategies } = repositories;
    const versionId = await wheelVersion(strategies);
    const account = await insertAccount(database.db, 'Main');
    const other = await insertAccount(database.db);
    const [portfolio] = await database.db
      .insert(schema.portfolios)
      .values({ accountId: account.id, name: 'Income' })
      .returning();

    const created = await strategies.createInstance(
      { versionId, accountId: account.id, portfolioId: portfolio!.id, name: 'Wheel', config: { a: 1 }, enabled: true },
      at(0),
    );
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Wheel',
      versionId,
      strategySlug: 'wheel',
      strategyName: 'Wheel',
      version: '1',
      codeRef: 'wheel@1',
      accountId: account.id,
      accountCode: account.accountCode,
      accountLabel: 'Main',
      clientId: account.clientId,
      portfolioId: portfolio!.id,
      config: { a: 1 },
      enabled: true,
      autotradeEnabled: false,
      createdAt: at(0),
      updatedAt: at(0),
    });
    const disabled = await strategies.createInstance(
      { versionId, accountId: other.id, portfolioId: null, name: 'Off', config: {}, enabled: false },
      at(1),
    );

    expect(await strategies.getInstance(created.id)).toEqual(created);
    expect((await strategies.listInstances({ accountId: account.id })).map((i) => i.id)).toEqual([created.id]);
    expect((await strategies.listInstances({ enabled: false })).map((i) => i.id)).toContain(disabled.id);
    expect((await strategies.listInstances({ enabled: false })).map((i) => i.id)).not.toContain(created.id);
    expect((await strategies.listInstances({ accountId: other.id, enabled: true })).length).toBe(0);
    // One client's: the instances on its accounts only.
    expect((await strategies.listClientInstances(account.clientId)).map((i) => i.id)).toEqual([created.id]);
    expect((await strategies.listClientInstances(other.clientId)).map((i) => i.id)).toEqual([disabled.id]);
    expect(await strategies.listClientInstances(other.clientId, { enabled: true })).toEqual([]);
    expect(await strategies.listClientInstances(account.clientId, { accountId: other.id })).toEqual([]);

    const updated = await strategies.updateInstance(created.id, { name: 'Wheel 2', portfolioId: null }, at(5));
    // Only what the patch names changes.
    expect(updated).toEqual({ ...created, name: 'Wheel 2', portfolioId: null, updatedAt: at(5) });
    expect(await strategies.updateInstance(created.id, { config: { b: 2 }, enabled: false }, at(6))).toMatchObject({
      name: 'Wheel 2',
      config: { b: 2 },
      enabled: false,
      updatedAt: at(6),
    });
    expect(await strategies.updateInstance('00000000-0000-4000-8000-000000000000', { name: 'x' }, at(7))).toBe(
      undefined,
    );

    const runId = await succeededRun(created.id, versionId, at(8));
    expect(await strategies.deleteInstance(created.id)).toBe(true);
    expect(await strategies.deleteInstance(created.id)).toBe(false);
    expect(await strategies.getInstance(created.id)).toBeUndefined();
    expect(await strategies.getInstance('not-a-uuid')).toBeUndefined();
    expect(await strategies.getRun(runId)).toMatchObject({
      instanceId: null,
      instanceName: null,
      strategySlug: 'wheel',
    });
  });

  it('starts, finishes, lists runs newest first and fails the ones a crash left running', async () => {
    const { strategies } = use().repositories;
    const { instanceId, versionId, clientId } = await newInstance('Runs');
    const old = await succeededRun(instanceId, versionId, at(10));
    const crashed = await strategies.startRun({
      instanceId,
      versionId,
      mode: 'paper',
      config: { x: 1 },
      startedAt: at(20),
    });
    const current = await strategies.startRun({ instanceId, versionId, mode: 'live', config: null, startedAt: at(30) });

    const runs = await strategies.listRuns(clientId, { instanceId, limit: 10 });
    expect(runs.map((r) => r.id)).toEqual([current.id, crashed.id, old]);
    expect(runs[2]).toEqual({
      id: old,
      instanceId,
      instanceName: 'Runs',
      strategySlug: 'wheel',
      versionId,
      mode: 'paper',
      status: 'succeeded',
      config: {},
      startedAt: at(10),
      finishedAt: at(10),
      stats: {},
      errors: [],
      timings: {},
      createdAt: at(10),
    });
    expect((await strategies.listRuns(clientId, { instanceId, limit: 1 })).map((r) => r.id)).toEqual([current.id]);

    // Started before the process (re)started at minute 25: interrupted. The one started at 30 is this process's.
    expect(await strategies.failInterruptedRuns(at(25), at(26))).toBe(1);
    expect(await strategies.getRun(crashed.id)).toMatchObject({
      status: 'failed',
      finishedAt: at(26),
      errors: ['interrupted: the process stopped before the run finished'],
      config: { x: 1 },
    });
    expect(await strategies.getRun(current.id)).toMatchObject({ status: 'running', finishedAt: null, errors: [] });
    expect(await strategies.getRun(old)).toMatchObject({ status: 'succeeded' });

    await strategies.finishRun(current.id, {
      status: 'failed',
      finishedAt: at(31),
      stats: { opportunities: 0 },
      errors: ['no chains'],
      timings: { fetch: 120 },
    });
    expect(await strategies.getRun(current.id)).toMatchObject({
      status: 'failed',
      stats: { opportunities: 0 },
      errors: ['no chains'],
      timings: { fetch: 120 },
    });

    const other = await newInstance('Other');
    const otherRun = await succeededRun(other.instanceId, other.versionId, at(5));
    const latest = await strategies.latestRuns([instanceId, other.instanceId]);
    expect(latest.size).toBe(2);
    expect(latest.get(instanceId)?.id).toBe(current.id);
    expect(latest.get(other.instanceId)?.id).toBe(otherRun);
    expect((await strategies.latestRuns([])).size).toBe(0);

    // One client's runs: those of its instances; another client's never, filtered or not.
    expect((await strategies.listRuns(clientId, { limit: 10 })).map((r) => r.id)).toEqual([
      current.id,
      crashed.id,
      old,
    ]);
    expect((await strategies.listRuns(other.clientId, { limit: 10 })).map((r) => r.id)).toEqual([otherRun]);
    expect(await strategies.listRuns(other.clientId, { instanceId, limit: 10 })).toEqual([]);
    // A deleted instance's runs belong to no client any more.
    expect(await strategies.deleteInstance(other.instanceId)).toBe(true);
    expect(await strategies.listRuns(other.clientId, { limit: 10 })).toEqual([]);
  });

  it('saves a run outcome: inserts new recommendations, keeps the same pending ones, supersedes the rest', async () => {
    const { repositories, database } = use();
    const { strategies } = repositories;
    const { accountCode, ...scope } = await newInstance('Outcome');
    const put = await insertOption(database.db, 'AAPL', '2026-04-17', 'P', '180');
    const put2 = await insertOption(database.db, 'AAPL', '2026-04-17', 'P', '175');

    const run1 = await succeededRun(scope.instanceId, scope.versionId, at(0));
    const first = await strategies.saveRunOutcome({
      runId: run1,
      instanceId: scope.instanceId,
      signals: [
        { instrumentId: null, kind: 'skipped', symbol: 'MSFT', message: 'no chain', payload: null, at: at(0) },
        {
          instrumentId: put.id,
          kind: 'earnings_guard',
          symbol: 'AAPL',
          message: 'earnings',
          payload: { d: 3 },
          at: at(0),
        },
      ],
      opportunities: [opportunity('A', put.id), opportunity('B', put2.id, { rank: 2, score: 0.4 })],
      recommendations: [
        recommendation(scope, run1, 'F1', { opportunityKey: 'A', limitPrice: '1.23' }),
        recommendation(scope, run1, 'F2', { limitPrice: null, spread: { bid: null, ask: 0.5 } }),
      ],
      supersedeExcept: ['F1', 'F2'],
      at: at(0),
    });
    expect(first).toEqual({ inserted: 2, unchanged: 0, superseded: 0 });

    expect(await strategies.listSignals(run1)).toEqual([
      {
        id: expect.any(String),
        runId: run1,
        instrumentId: put.id,
        kind: 'earnings_guard',
        symbol: 'AAPL',
        message: 'earnings',
        payload: { d: 3 },
        at: at(0),
      },
      expect.objectContaining({ kind: 'skipped', symbol: 'MSFT', instrumentId: null, payload: null }),
    ]);

    const opportunities = await strategies.listOpportunities(scope.clientId, {
      runId: run1,
      sort: 'score',
      order: 'desc',
      limit: 10,
    });
    expect(opportunities).toEqual([
      {
        id: expect.any(String),
        runId: run1,
        instanceId: scope.instanceId,
        instanceName: 'Outcome',
        instrumentId: put.id,
        symbol: 'AAPL',
        expiry: '2026-04-17',
        strike: 180,
        right: 'put',
        bid: 2.3,
        ask: 2.4,
        mid: 2.35,
        delta: -0.21,
        dte: 46,
        iv: 0.2871,
        ivRank: 0.4,
        ror: 0.0131,
        annualizedRor: 0.104,
        pop: 0.78,
        volume: 1200,
        openInterest: 5400,
        spreadPct: 0.0426,
        score: 0.5,
        rank: 1,
        details: { basis: 'cash' },
        createdAt: at(0),
      },
      expect.objectContaining({ instrumentId: put2.id, strike: 175, rank: 2 }),
    ]);

    const pending = await strategies.listRecommendations({
      instanceId: scope.instanceId,
      status: 'pending',
      limit: 10,
    });
    const byFingerprint = new Map(pending.map((r) => [r.fingerprint, r]));
    expect(byFingerprint.get('F1')).toEqual({
      id: expect.any(String),
      instanceId: scope.instanceId,
      instanceName: 'Outcome',
      strategySlug: 'wheel',
      accountId: scope.accountId,
      accountCode,
      runId: run1,
      opportunityId: opportunities[0]!.id,
      fingerprint: 'F1',
      symbol: 'AAPL',
      action: 'sell_put',
      legs: [{ symbol: 'AAPL', kind: 'option', right: 'put', strike: 180, expiry: '2026-04-17', side: 'SELL' }],
      quantity: 1,
      // Money is exact: what was written comes back, not a float's neighbour.
      limitPrice: '1.23',
      spread: { bid: 2.3, ask: 2.4 },
      rationale: 'Delta 0.21 put, 46 days',
      confidence: 0.7,
      params: { targetDelta: 0.2 },
      riskCheck: null,
      status: 'pending',
      decidedAt: null,
      decisionReason: null,
      expiresAt: at(60),
      createdAt: at(0),
    });
    expect(byFingerprint.get('F2')).toMatchObject({
      limitPrice: null,
      spread: { bid: null, ask: 0.5 },
      opportunityId: null,
    });
    const [stored] = await queryRows<{ limit_price: string }>(
      database.db,
      `select limit_price::text as limit_price from recommendations where fingerprint = 'F1'`,
    );
    expect(stored?.limit_price).toBe('1.230000');

    // Re-run on the same state for F1, a new F3; F2 was not produced again.
    const run2 = await succeededRun(scope.instanceId, scope.versionId, at(10));
    const second = await strategies.saveRunOutcome({
      runId: run2,
      instanceId: scope.instanceId,
      signals: [],
      opportunities: [],
      recommendations: [recommendation(scope, run2, 'F1'), recommendation(scope, run2, 'F3')],
      supersedeExcept: ['F1', 'F3'],
      at: at(10),
    });
    expect(second).toEqual({ inserted: 1, unchanged: 1, superseded: 1 });
    const after = await strategies.listRecommendations({ instanceId: scope.instanceId, limit: 10 });
    expect(after.map((r) => [r.fingerprint, r.status, r.runId])).toEqual(
      expect.arrayContaining([
        ['F1', 'pending', run1],
        ['F2', 'superseded', run1],
        ['F3', 'pending', run2],
      ]),
    );
    expect(after).toHaveLength(3);
    expect(after.find((r) => r.fingerprint === 'F2')).toMatchObject({
      decidedAt: at(10),
      decisionReason: `superseded by run ${run2}`,
    });
    // The kept F1 is the original row: its price and time are those of run 1.
    expect(after.find((r) => r.fingerprint === 'F1')).toMatchObject({
      id: byFingerprint.get('F1')!.id,
      limitPrice: '1.23',
    });

    // A run that produces nothing supersedes every pending one.
    const run3 = await succeededRun(scope.instanceId, scope.versionId, at(20));
    expect(
      await strategies.saveRunOutcome({
        runId: run3,
        instanceId: scope.instanceId,
        signals: [],
        opportunities: [],
        recommendations: [],
        supersedeExcept: [],
        at: at(20),
      }),
    ).toEqual({ inserted: 0, unchanged: 0, superseded: 2 });
  });

  it('rolls the whole outcome back when a part of it is corrupt', async () => {
    const { repositories, database } = use();
    const { strategies } = repositories;
    const { accountCode: _, ...scope } = await newInstance('Corrupt');
    const put = await insertOption(database.db, 'AAPL', '2026-04-17', 'P', '170');
    const runId = await succeededRun(scope.instanceId, scope.versionId, at(0));
    await expect(
      strategies.saveRunOutcome({
        runId,
        instanceId: scope.instanceId,
        signals: [{ instrumentId: null, kind: 'skipped', symbol: null, message: 'x', payload: null, at: at(0) }],
        opportunities: [opportunity('A', put.id)],
        recommendations: [recommendation(scope, runId, 'F1', { opportunityKey: 'missing' })],
        supersedeExcept: ['F1'],
        at: at(0),
      }),
    ).rejects.toThrow('unknown opportunity missing');
    expect(await strategies.listSignals(runId)).toEqual([]);
    expect(
      await strategies.listOpportunities(scope.clientId, { runId, sort: 'score', order: 'desc', limit: 10 }),
    ).toEqual([]);
    await expect(
      strategies.saveRunOutcome({
        runId,
        instanceId: scope.instanceId,
        signals: [],
        opportunities: [opportunity('A', put.id, { iv: Number.NaN })],
        recommendations: [],
        supersedeExcept: [],
        at: at(0),
      }),
    ).rejects.toThrow('opportunity A iv is not a finite number');
  });

  it('lets the database refuse a second pending duplicate, but not one beside a decided recommendation', async () => {
    const { repositories, database } = use();
    const { db } = database;
    const { strategies } = repositories;
    const { accountCode: _, ...scope } = await newInstance('Unique');
    const row = {
      instanceId: scope.instanceId,
      versionId: scope.versionId,
      accountId: scope.accountId,
      fingerprint: 'DUP',
      action: 'sell_put' as const,
      legs: [],
      quantity: '1',
    };
    await db.insert(schema.recommendations).values(row);
    await expect(db.insert(schema.recommendations).values(row)).rejects.toSatisfy((error) =>
      isUniqueViolation(error, 'recommendations_instance_fingerprint_pending_unique'),
    );
    // Decided ones with the same fingerprint are history, not duplicates.
    await db.insert(schema.recommendations).values({ ...row, status: 'rejected' });
    await db.insert(schema.recommendations).values({ ...row, status: 'approved' });

    // A run producing DUP again keeps the pending one (inserted above, outside any run) and adds nothing.
    const run1 = await succeededRun(scope.instanceId, scope.versionId, at(0));
    expect(
      await strategies.saveRunOutcome({
        runId: run1,
        instanceId: scope.instanceId,
        signals: [],
        opportunities: [],
        recommendations: [recommendation(scope, run1, 'DUP'), recommendation(scope, run1, 'DUP')],
        supersedeExcept: ['DUP'],
        at: at(0),
      }),
    ).toEqual({ inserted: 0, unchanged: 2, superseded: 0 });

    // Once the pending one is rejected, the only DUP rows are decided: the next run's DUP is new again.
    await db
      .update(schema.recommendations)
      .set({ status: 'rejected' })
      .where(
        and(eq(schema.recommendations.instanceId, scope.instanceId), eq(schema.recommendations.status, 'pending')),
      );
    const run2 = await succeededRun(scope.instanceId, scope.versionId, at(5));
    expect(
      await strategies.saveRunOutcome({
        runId: run2,
        instanceId: scope.instanceId,
        signals: [],
        opportunities: [],
        recommendations: [recommendation(scope, run2, 'DUP')],
        supersedeExcept: ['DUP'],
        at: at(5),
      }),
    ).toEqual({ inserted: 1, unchanged: 0, superseded: 0 });
    const statuses = (await strategies.listRecommendations({ instanceId: scope.instanceId, limit: 10 }))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual(['approved', 'pending', 'rejected', 'rejected']);
  });

  // Two connections are needed to interleave transactions, so only on PostgreSQL (PGlite has one).
  it.runIf(testBackend() === 'postgres')(
    'skips, not fails, a pending duplicate that a concurrent run commits while this one inserts',
    async () => {
      const database = use();
      const { strategies } = database.repositories;
      const handle = driverOf(database.database);
      if (handle.kind !== 'postgres') throw new Error('expected the PostgreSQL driver');
      const { accountCode: _, ...scope } = await newInstance('Race');
      const runId = await succeededRun(scope.instanceId, scope.versionId, at(0));

      const other = await handle.pool.connect();
      let open = true;
      try {
        await other.query('begin');
        await other.query(
          `insert into recommendations (instance_id, version_id, account_id, fingerprint, action, legs, quantity)
           values ($1, $2, $3, 'RACE', 'sell_put', '[]', 1)`,
          [scope.instanceId, scope.versionId, scope.accountId],
        );
        // This run cannot see the uncommitted row, so its insert waits on the unique index entry.
        const saving = strategies.saveRunOutcome({
          runId,
          instanceId: scope.instanceId,
          signals: [],
          opportunities: [],
          recommendations: [recommendation(scope, runId, 'RACE')],
          supersedeExcept: ['RACE'],
          at: at(0),
        });
        // Polled from a third connection: inside a transaction pg_stat_activity is a snapshot.
        await waitUntil(async () => {
          const { rows } = await handle.pool.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock'`,
          );
          return rows[0]!.n > 0;
        });
        await other.query('commit');
        open = false;
        expect(await saving).toEqual({ inserted: 0, unchanged: 1, superseded: 0 });
      } finally {
        if (open) await other.query('rollback');
        other.release();
      }
      const rows = await strategies.listRecommendations({ instanceId: scope.instanceId, limit: 10 });
      expect(rows.map((r) => [r.fingerprint, r.status, r.runId])).toEqual([['RACE', 'pending', null]]);
    },
  );
});

// Its own database: expiry sweeps every instance's pending recommendations.
describeDb('strategy repository: expiry', (use) => {
  it('expires pending recommendations whose time has come, and lists with the filters given', async () => {
    const { strategies } = use().repositories;
    const { accountCode: _, ...scope } = await instanceIn(use(), 'Expiry');
    const runId = await succeededRunIn(strategies, scope.instanceId, scope.versionId, at(0));
    await strategies.saveRunOutcome({
      runId,
      instanceId: scope.instanceId,
      signals: [],
      opportunities: [],
      recommendations: [
        recommendation(scope, runId, 'E1', { expiresAt: at(30) }),
        recommendation(scope, runId, 'E2', { expiresAt: at(60) }),
        recommendation(scope, runId, 'E3', { expiresAt: at(61) }),
      ],
      supersedeExcept: ['E1', 'E2', 'E3'],
      at: at(0),
    });
    // At minute 60: E1 (30) and E2 (exactly 60) are due, E3 (61) is not.
    expect(await strategies.expireRecommendations(at(60))).toBe(2);
    expect(await strategies.expireRecommendations(at(60))).toBe(0);
    const all = await strategies.listRecommendations({ instanceId: scope.instanceId, limit: 10 });
    expect(Object.fromEntries(all.map((r) => [r.fingerprint, r.status]))).toEqual({
      E1: 'expired',
      E2: 'expired',
      E3: 'pending',
    });
    expect(all.find((r) => r.fingerprint === 'E1')).toMatchObject({ decidedAt: at(60) });

    const pending = await strategies.listRecommendations({
      instanceId: scope.instanceId,
      status: 'pending',
      limit: 10,
    });
    expect(pending.map((r) => r.fingerprint)).toEqual(['E3']);
    expect(
      await strategies.listRecommendations({ accountId: scope.accountId, status: 'expired', limit: 1 }),
    ).toHaveLength(1);
    // One client's: its recommendations, never another client's.
    const other = await instanceIn(use(), 'Elsewhere');
    const otherRun = await succeededRunIn(strategies, other.instanceId, other.versionId, at(0));
    await strategies.saveRunOutcome({
      runId: otherRun,
      instanceId: other.instanceId,
      signals: [],
      opportunities: [],
      recommendations: [recommendation(other, otherRun, 'O1', { expiresAt: at(90) })],
      supersedeExcept: ['O1'],
      at: at(0),
    });
    const fingerprints = async (
      clientId: string,
      filter: Partial<Parameters<typeof strategies.listRecommendations>[0]>,
    ) =>
      (await strategies.listClientRecommendations(clientId, { limit: 10, ...filter })).map((r) => r.fingerprint).sort();
    expect(await fingerprints(scope.clientId, {})).toEqual(['E1', 'E2', 'E3']);
    expect(await fingerprints(scope.clientId, { status: 'pending' })).toEqual(['E3']);
    expect(await fingerprints(other.clientId, {})).toEqual(['O1']);
    expect(await fingerprints(other.clientId, { instanceId: scope.instanceId })).toEqual([]);
    expect(await fingerprints(other.clientId, { accountId: scope.accountId })).toEqual([]);
    // Every client's (the autotrader's view).
    expect(
      (await strategies.listRecommendations({ status: 'pending', limit: 10 })).map((r) => r.fingerprint).sort(),
    ).toEqual(['E3', 'O1']);

    const recommendationId = pending[0]!.id;
    expect(await strategies.getRecommendation(recommendationId)).toEqual(pending[0]);
    expect(await strategies.getRecommendation('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await strategies.getRecommendation('nope')).toBeUndefined();
  });
});

describeDb('strategy repository: opportunities of the newest succeeded runs', (use) => {
  it('defaults to the newest succeeded run of each instance and sorts with unknowns last', async () => {
    const { repositories, database } = use();
    const { db } = database;
    const { strategies } = repositories;
    await strategies.seedDefinitions([WHEEL]);
    const [wheel] = await strategies.listDefinitions();
    const account = await insertAccount(db);
    const instance = (name: string) =>
      strategies.createInstance(
        { versionId: wheel!.versionId, accountId: account.id, portfolioId: null, name, config: {}, enabled: true },
        T0,
      );
    const i1 = await instance('One');
    const i2 = await instance('Two');
    const p180 = await insertOption(db, 'AAPL', '2026-04-17', 'P', '180');
    const p175 = await insertOption(db, 'AAPL', '2026-04-17', 'P', '175');
    const c200 = await insertOption(db, 'AAPL', '2026-04-17', 'C', '200');
    const m300 = await insertOption(db, 'MSFT', '2026-04-17', 'P', '300');

    const run = async (instanceId: string, minute: number, status: 'succeeded' | 'failed', rows: NewOpportunity[]) => {
      const { id } = await strategies.startRun({
        instanceId,
        versionId: wheel!.versionId,
        mode: 'paper',
        config: {},
        startedAt: at(minute),
      });
      await strategies.saveRunOutcome({
        runId: id,
        instanceId,
        signals: [],
        opportunities: rows,
        recommendations: [],
        supersedeExcept: [],
        at: at(minute),
      });
      await strategies.finishRun(id, { status, finishedAt: at(minute), stats: {}, errors: [], timings: {} });
      return id;
    };
    const old = await run(i1.id, 0, 'succeeded', [opportunity('old', p180.id, { score: 0.99 })]);
    const newest = await run(i1.id, 10, 'succeeded', [
      opportunity('a', p180.id, { score: 0.5, rank: 2, annualizedRor: null }),
      opportunity('b', p175.id, { score: null, rank: 3, annualizedRor: 0.2 }),
      opportunity('c', c200.id, { score: 0.9, rank: 1, annualizedRor: 0.1 }),
    ]);
    // Newer, but failed: its opportunities are not the current ones.
    await run(i1.id, 20, 'failed', [opportunity('failed', p180.id, { score: 0.95 })]);
    const other = await run(i2.id, 5, 'succeeded', [opportunity('m', m300.id, { score: 0.7, rank: 1 })]);

    // An instance of another client, whose opportunities never show in this client's list.
    const stranger = await insertAccount(db);
    const i3 = await strategies.createInstance(
      {
        versionId: wheel!.versionId,
        accountId: stranger.id,
        portfolioId: null,
        name: 'Three',
        config: {},
        enabled: true,
      },
      T0,
    );
    const strangers = await run(i3.id, 30, 'succeeded', [opportunity('s', m300.id, { score: 1, rank: 1 })]);
    expect(
      (await strategies.listOpportunities(stranger.clientId, { sort: 'score', order: 'desc', limit: 50 })).map(
        (o) => o.runId,
      ),
    ).toEqual([strangers]);

    const list = (filter: Partial<Parameters<StrategyRepository['listOpportunities']>[1]> = {}) =>
      strategies.listOpportunities(account.clientId, { sort: 'score', order: 'desc', limit: 50, ...filter });
    const keyed = (rows: { instrumentId: string; runId: string }[]) =>
      rows.map(
        (r) =>
          `${r.runId === newest ? 'new' : r.runId === other ? 'other' : r.runId === old ? 'old' : '?'}:${
            { [p180.id]: 'p180', [p175.id]: 'p175', [c200.id]: 'c200', [m300.id]: 'm300' }[r.instrumentId]
          }`,
      );

    expect(keyed(await list())).toEqual(['new:c200', 'other:m300', 'new:p180', 'new:p175']);
    // Ascending still puts the unknown score last.
    expect(keyed(await list({ order: 'asc' }))).toEqual(['new:p180', 'other:m300', 'new:c200', 'new:p175']);
    expect(keyed(await list({ sort: 'annualizedRor', instanceId: i1.id }))).toEqual([
      'new:p175',
      'new:c200',
      'new:p180',
    ]);
    expect(keyed(await list({ sort: 'annualizedRor', order: 'asc', instanceId: i1.id }))).toEqual([
      'new:c200',
      'new:p175',
      'new:p180',
    ]);
    // Same symbol: the rank decides.
    expect(keyed(await list({ sort: 'symbol', order: 'asc' }))).toEqual([
      'new:c200',
      'new:p180',
      'new:p175',
      'other:m300',
    ]);
    expect(keyed(await list({ instanceId: i2.id }))).toEqual(['other:m300']);
    expect(keyed(await list({ symbol: 'AAPL', right: 'put' }))).toEqual(['new:p180', 'new:p175']);
    expect(keyed(await list({ limit: 1 }))).toEqual(['new:c200']);
    expect(keyed(await list({ runId: old }))).toEqual(['old:p180']);
    expect(await list({ runId: strangers })).toEqual([]);
    expect(await list({ instanceId: i3.id })).toEqual([]);
    expect((await list({ instanceId: i2.id }))[0]).toMatchObject({ instanceName: 'Two', symbol: 'MSFT', right: 'put' });
  });
});
