// Storage of the strategy engine: definitions and versions, instances, runs, and each run's signals,
// opportunities and recommendations. Times come from the caller (clock seam); only seeding, which has no time of its
// own, stamps the database's now().
import type {
  OpportunitySort,
  RecommendationFilter,
  StrategyDefinitionRecord,
  StrategyInstanceRecord,
  StrategyRepository,
  StrategyRunRecord,
} from '@optionstrader/application';
import { and, asc, desc, eq, inArray, isNotNull, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import {
  brokerAccounts,
  instruments,
  opportunities,
  recommendations,
  signals,
  strategyDefinitions,
  strategyInstances,
  strategyRuns,
  strategyVersions,
} from '../schema/index';
import { isUuid } from './is-uuid';
import { isPending, saveRunOutcome } from './strategy-outcome';
import { objectOf, objectOrNull, toOpportunityRecord, toRecommendationRecord, toRunRecord } from './strategy-records';

const INTERRUPTED = 'interrupted: the process stopped before the run finished';

const instanceColumns = {
  id: strategyInstances.id,
  name: strategyInstances.name,
  versionId: strategyInstances.versionId,
  strategySlug: strategyDefinitions.slug,
  strategyName: strategyDefinitions.name,
  version: strategyVersions.version,
  codeRef: strategyVersions.codeRef,
  accountId: strategyInstances.accountId,
  accountCode: brokerAccounts.accountCode,
  accountLabel: brokerAccounts.label,
  clientId: brokerAccounts.clientId,
  portfolioId: strategyInstances.portfolioId,
  config: strategyInstances.config,
  enabled: strategyInstances.enabled,
  autotradeEnabled: strategyInstances.autotradeEnabled,
  createdAt: strategyInstances.createdAt,
  updatedAt: strategyInstances.updatedAt,
};

const runColumns = {
  id: strategyRuns.id,
  instanceId: strategyRuns.instanceId,
  instanceName: strategyInstances.name,
  strategySlug: strategyDefinitions.slug,
  versionId: strategyRuns.versionId,
  mode: strategyRuns.mode,
  status: strategyRuns.status,
  config: strategyRuns.config,
  startedAt: strategyRuns.startedAt,
  finishedAt: strategyRuns.finishedAt,
  stats: strategyRuns.stats,
  errors: strategyRuns.errors,
  timings: strategyRuns.timings,
  createdAt: strategyRuns.createdAt,
};

// An option belongs to its underlier by link or, when ingestion did not link it, by carrying its symbol.
const underlier = alias(instruments, 'underlier');
const underlierSymbol = sql<string>`coalesce(${underlier.symbol}, ${instruments.symbol})`;

const opportunityColumns = {
  id: opportunities.id,
  runId: opportunities.runId,
  instanceId: strategyRuns.instanceId,
  instanceName: strategyInstances.name,
  instrumentId: opportunities.instrumentId,
  symbol: underlierSymbol,
  expiry: instruments.expiry,
  strike: instruments.strike,
  right: instruments.right,
  bid: opportunities.bid,
  ask: opportunities.ask,
  mid: opportunities.mid,
  delta: opportunities.delta,
  dte: opportunities.dte,
  iv: opportunities.iv,
  ivRank: opportunities.ivRank,
  ror: opportunities.ror,
  annualizedRor: opportunities.annualizedRor,
  pop: opportunities.pop,
  volume: opportunities.volume,
  openInterest: opportunities.openInterest,
  spreadPct: opportunities.spreadPct,
  score: opportunities.score,
  rank: opportunities.rank,
  details: opportunities.details,
  createdAt: opportunities.createdAt,
};

const sortColumns: Record<OpportunitySort, PgColumn | SQL> = {
  score: opportunities.score,
  annualizedRor: opportunities.annualizedRor,
  ror: opportunities.ror,
  pop: opportunities.pop,
  delta: opportunities.delta,
  dte: opportunities.dte,
  iv: opportunities.iv,
  ivRank: opportunities.ivRank,
  openInterest: opportunities.openInterest,
  spreadPct: opportunities.spreadPct,
  symbol: underlierSymbol,
};

const recommendationColumns = {
  id: recommendations.id,
  instanceId: recommendations.instanceId,
  instanceName: strategyInstances.name,
  strategySlug: strategyDefinitions.slug,
  accountId: recommendations.accountId,
  accountCode: brokerAccounts.accountCode,
  runId: recommendations.runId,
  opportunityId: recommendations.opportunityId,
  fingerprint: recommendations.fingerprint,
  symbol: recommendations.symbol,
  action: recommendations.action,
  legs: recommendations.legs,
  quantity: recommendations.quantity,
  limitPrice: recommendations.limitPrice,
  spread: recommendations.spread,
  rationale: recommendations.rationale,
  confidence: recommendations.confidence,
  params: recommendations.params,
  riskCheck: recommendations.riskCheck,
  status: recommendations.status,
  decidedAt: recommendations.decidedAt,
  decisionReason: recommendations.decisionReason,
  expiresAt: recommendations.expiresAt,
  createdAt: recommendations.createdAt,
};

export function createStrategyRepository(db: Db): StrategyRepository {
  const selectInstances = () =>
    db
      .select(instanceColumns)
      .from(strategyInstances)
      .innerJoin(strategyVersions, eq(strategyVersions.id, strategyInstances.versionId))
      .innerJoin(strategyDefinitions, eq(strategyDefinitions.id, strategyVersions.definitionId))
      .innerJoin(brokerAccounts, eq(brokerAccounts.id, strategyInstances.accountId));

  const toInstanceRecord = (row: Awaited<ReturnType<typeof selectInstances>>[number]): StrategyInstanceRecord => ({
    ...row,
    config: objectOf(row.config, `strategy_instances ${row.id} config`),
  });

  async function listInstances(
    clientId: string | undefined,
    filter: { enabled?: boolean; accountId?: string },
  ): Promise<StrategyInstanceRecord[]> {
    const conditions: SQL[] = [];
    if (clientId !== undefined) conditions.push(eq(brokerAccounts.clientId, clientId));
    if (filter.enabled !== undefined) conditions.push(eq(strategyInstances.enabled, filter.enabled));
    if (filter.accountId !== undefined) conditions.push(eq(strategyInstances.accountId, filter.accountId));
    const rows = await selectInstances()
      .where(and(...conditions))
      .orderBy(asc(strategyInstances.createdAt), asc(strategyInstances.id));
    return rows.map(toInstanceRecord);
  }

  async function listRecommendations(clientId: string | undefined, filter: RecommendationFilter) {
    const rows = await selectRecommendations()
      .where(
        and(
          clientId === undefined ? undefined : eq(brokerAccounts.clientId, clientId),
          filter.status === undefined ? undefined : eq(recommendations.status, filter.status),
          filter.accountId === undefined ? undefined : eq(recommendations.accountId, filter.accountId),
          filter.instanceId === undefined ? undefined : eq(recommendations.instanceId, filter.instanceId),
        ),
      )
      .orderBy(desc(recommendations.createdAt), desc(recommendations.id))
      .limit(filter.limit);
    return rows.map(toRecommendationRecord);
  }

  const selectRecommendations = () =>
    db
      .select(recommendationColumns)
      .from(recommendations)
      .innerJoin(brokerAccounts, eq(brokerAccounts.id, recommendations.accountId))
      .leftJoin(strategyInstances, eq(strategyInstances.id, recommendations.instanceId))
      // The version, not the instance: the slug survives the instance's deletion.
      .leftJoin(strategyVersions, eq(strategyVersions.id, recommendations.versionId))
      .leftJoin(strategyDefinitions, eq(strategyDefinitions.id, strategyVersions.definitionId));

  const repository: StrategyRepository = {
    async seedDefinitions(seeds) {
      // One statement per seed: a multi-row upsert cannot touch the same definition twice (two versions of a slug).
      await db.transaction(async (tx) => {
        for (const seed of seeds) {
          const [definition] = await tx
            .insert(strategyDefinitions)
            .values({ slug: seed.slug, name: seed.name, description: seed.description })
            .onConflictDoUpdate({
              target: strategyDefinitions.slug,
              set: { name: seed.name, description: seed.description, updatedAt: sql`now()` },
            })
            .returning({ id: strategyDefinitions.id });
          if (!definition) throw new Error(`strategy_definitions upsert of ${seed.slug} returned no row`);
          await tx
            .insert(strategyVersions)
            .values({
              definitionId: definition.id,
              version: seed.version,
              codeRef: seed.codeRef,
              configSchema: seed.configSchema,
              defaults: seed.defaults,
            })
            .onConflictDoUpdate({
              target: [strategyVersions.definitionId, strategyVersions.version],
              set: { codeRef: seed.codeRef, configSchema: seed.configSchema, defaults: seed.defaults },
            });
        }
      });
    },

    async listDefinitions() {
      const rows = await db
        .selectDistinctOn([strategyDefinitions.slug], {
          definitionId: strategyDefinitions.id,
          slug: strategyDefinitions.slug,
          name: strategyDefinitions.name,
          description: strategyDefinitions.description,
          versionId: strategyVersions.id,
          version: strategyVersions.version,
          codeRef: strategyVersions.codeRef,
          configSchema: strategyVersions.configSchema,
          defaults: strategyVersions.defaults,
        })
        .from(strategyDefinitions)
        .innerJoin(strategyVersions, eq(strategyVersions.definitionId, strategyDefinitions.id))
        .orderBy(asc(strategyDefinitions.slug), desc(strategyVersions.createdAt), desc(strategyVersions.version));
      return rows.map((row): StrategyDefinitionRecord => ({
        ...row,
        description: row.description ?? '',
        configSchema: objectOrNull(row.configSchema, `strategy_versions ${row.versionId} config_schema`) ?? {},
        defaults: objectOrNull(row.defaults, `strategy_versions ${row.versionId} defaults`) ?? {},
      }));
    },

    listInstances: (filter = {}) => listInstances(undefined, filter),

    listClientInstances: (clientId, filter = {}) => listInstances(clientId, filter),

    async getInstance(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await selectInstances().where(eq(strategyInstances.id, id));
      return row ? toInstanceRecord(row) : undefined;
    },

    async createInstance(input, at) {
      const [row] = await db
        .insert(strategyInstances)
        .values({ ...input, createdAt: at, updatedAt: at })
        .returning({ id: strategyInstances.id });
      const created = row ? await repository.getInstance(row.id) : undefined;
      if (!created) throw new Error('strategy_instances insert returned no row');
      return created;
    },

    async updateInstance(id, patch, at) {
      if (!isUuid(id)) return undefined;
      // Only the fields given change (drizzle leaves out undefined ones); `portfolioId: null` clears the sleeve.
      const { name, portfolioId, config, enabled, autotradeEnabled } = patch;
      const rows = await db
        .update(strategyInstances)
        .set({ name, portfolioId, config, enabled, autotradeEnabled, updatedAt: at })
        .where(eq(strategyInstances.id, id))
        .returning({ id: strategyInstances.id });
      return rows.length > 0 ? repository.getInstance(id) : undefined;
    },

    async deleteInstance(id) {
      if (!isUuid(id)) return false;
      const rows = await db
        .delete(strategyInstances)
        .where(eq(strategyInstances.id, id))
        .returning({ id: strategyInstances.id });
      return rows.length > 0;
    },

    async startRun(input) {
      const [row] = await db
        .insert(strategyRuns)
        // created_at = the caller's start time, so "newest" follows the injected clock.
        .values({ ...input, status: 'running', createdAt: input.startedAt })
        .returning({ id: strategyRuns.id });
      if (!row) throw new Error('strategy_runs insert returned no row');
      return row;
    },

    async finishRun(id, result) {
      const rows = await db
        .update(strategyRuns)
        .set(result)
        .where(eq(strategyRuns.id, id))
        .returning({ id: strategyRuns.id });
      if (rows.length === 0) throw new Error(`No strategy run ${id}`);
    },

    async failInterruptedRuns(before, at) {
      const rows = await db
        .update(strategyRuns)
        .set({ status: 'failed', finishedAt: at, errors: [INTERRUPTED] })
        .where(and(eq(strategyRuns.status, 'running'), lt(strategyRuns.startedAt, before)))
        .returning({ id: strategyRuns.id });
      return rows.length;
    },

    async listRuns(clientId, filter) {
      const rows = await selectRuns(db)
        .innerJoin(brokerAccounts, eq(brokerAccounts.id, strategyInstances.accountId))
        .where(
          and(
            eq(brokerAccounts.clientId, clientId),
            // Backtests are listed by their own API (they carry other statistics).
            ne(strategyRuns.mode, 'backtest'),
            filter.instanceId === undefined ? undefined : eq(strategyRuns.instanceId, filter.instanceId),
          ),
        )
        .orderBy(desc(strategyRuns.createdAt), desc(strategyRuns.id))
        .limit(filter.limit);
      return rows.map(toRunRecord);
    },

    async getRun(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await selectRuns(db).where(and(eq(strategyRuns.id, id), ne(strategyRuns.mode, 'backtest')));
      return row ? toRunRecord(row) : undefined;
    },

    async latestRuns(instanceIds) {
      const latest = new Map<string, StrategyRunRecord>();
      const ids = instanceIds.filter(isUuid);
      if (ids.length === 0) return latest;
      const rows = await db
        .selectDistinctOn([strategyRuns.instanceId], runColumns)
        .from(strategyRuns)
        .leftJoin(strategyInstances, eq(strategyInstances.id, strategyRuns.instanceId))
        .leftJoin(strategyVersions, eq(strategyVersions.id, strategyRuns.versionId))
        .leftJoin(strategyDefinitions, eq(strategyDefinitions.id, strategyVersions.definitionId))
        .where(inArray(strategyRuns.instanceId, ids))
        .orderBy(strategyRuns.instanceId, desc(strategyRuns.createdAt), desc(strategyRuns.id));
      for (const row of rows) if (row.instanceId !== null) latest.set(row.instanceId, toRunRecord(row));
      return latest;
    },

    saveRunOutcome(outcome) {
      return db.transaction((tx) => saveRunOutcome(tx, outcome));
    },

    async listSignals(runId) {
      if (!isUuid(runId)) return [];
      const rows = await db
        .select()
        .from(signals)
        .where(eq(signals.runId, runId))
        // Signals of a run usually share one time; the rest only makes the order stable.
        .orderBy(asc(signals.at), asc(signals.kind), asc(signals.symbol), asc(signals.id));
      return rows.map((row) => ({
        id: row.id,
        runId: row.runId,
        instrumentId: row.instrumentId,
        kind: row.kind,
        symbol: row.symbol,
        message: row.message,
        payload: objectOrNull(row.payload, `signal ${row.id} payload`),
        at: row.at,
      }));
    },

    async listOpportunities(clientId, filter) {
      const conditions: (SQL | undefined)[] = [eq(brokerAccounts.clientId, clientId)];
      if (filter.instanceId !== undefined) conditions.push(eq(strategyRuns.instanceId, filter.instanceId));
      if (filter.symbol !== undefined) conditions.push(sql`${underlierSymbol} = ${filter.symbol}`);
      if (filter.right !== undefined) conditions.push(eq(instruments.right, filter.right === 'call' ? 'C' : 'P'));
      if (filter.runId !== undefined) {
        conditions.push(eq(opportunities.runId, filter.runId));
      } else {
        const newest = db
          .selectDistinctOn([strategyRuns.instanceId], { id: strategyRuns.id })
          .from(strategyRuns)
          .where(
            and(
              eq(strategyRuns.status, 'succeeded'),
              isNotNull(strategyRuns.instanceId),
              filter.instanceId === undefined ? undefined : eq(strategyRuns.instanceId, filter.instanceId),
            ),
          )
          .orderBy(strategyRuns.instanceId, desc(strategyRuns.createdAt), desc(strategyRuns.id));
        conditions.push(inArray(opportunities.runId, newest));
      }
      const direction = sql.raw(filter.order === 'asc' ? 'asc' : 'desc');
      const rows = await db
        .select(opportunityColumns)
        .from(opportunities)
        .innerJoin(strategyRuns, eq(strategyRuns.id, opportunities.runId))
        // A client's through its instance's account (a deleted instance's opportunities belong to no client).
        .innerJoin(strategyInstances, eq(strategyInstances.id, strategyRuns.instanceId))
        .innerJoin(brokerAccounts, eq(brokerAccounts.id, strategyInstances.accountId))
        .innerJoin(instruments, eq(instruments.id, opportunities.instrumentId))
        .leftJoin(underlier, eq(underlier.id, instruments.underlyingInstrumentId))
        .where(and(...conditions))
        .orderBy(
          sql`${sortColumns[filter.sort]} ${direction} nulls last`,
          sql`${opportunities.rank} asc nulls last`,
          asc(instruments.expiry),
          asc(instruments.strike),
          asc(opportunities.id),
        )
        .limit(filter.limit);
      return rows.map(toOpportunityRecord);
    },

    async expireRecommendations(now) {
      const rows = await db
        .update(recommendations)
        .set({ status: 'expired', decidedAt: now, decisionReason: 'expired', updatedAt: now })
        .where(and(isPending, lte(recommendations.expiresAt, now)))
        .returning({ id: recommendations.id });
      return rows.length;
    },

    listRecommendations: (filter) => listRecommendations(undefined, filter),

    listClientRecommendations: (clientId, filter) => listRecommendations(clientId, filter),

    async getRecommendation(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await selectRecommendations().where(eq(recommendations.id, id));
      return row ? toRecommendationRecord(row) : undefined;
    },
  };
  return repository;
}

function selectRuns(db: Db) {
  return db
    .select(runColumns)
    .from(strategyRuns)
    .leftJoin(strategyInstances, eq(strategyInstances.id, strategyRuns.instanceId))
    .leftJoin(strategyVersions, eq(strategyVersions.id, strategyRuns.versionId))
    .leftJoin(strategyDefinitions, eq(strategyDefinitions.id, strategyVersions.definitionId));
}
