// What one run's outcome writes, in the caller's transaction: its signals and opportunities, and the changes to the
// instance's pending recommendations (new ones inserted, the same ones kept, the others superseded).
import { randomUUID } from 'node:crypto';
import type { NewOpportunity, NewRecommendation, RunOutcome, RunOutcomeResult } from '@optionstrader/application';
import { and, eq, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { opportunities, recommendations, signals } from '../schema/index';
import { type Scalar, pgArray } from './pg-array';
import { actionOf, finiteOrNull, moneyOrNull, numericOrNull } from './strategy-records';

/** Rows per insert: the widest row here (signals, recommendations) stays far below 65,535 parameters. */
const BATCH = 1_000;
/** Rows per unnest insert (20 array parameters whatever the size). */
const UNNEST_BATCH = 10_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Also the predicate of the partial unique index on (instance_id, fingerprint). */
export const isPending = sql`${recommendations.status} = 'pending'`;

function opportunityValues(runId: string, id: string, o: NewOpportunity, at: Date) {
  const what = (field: string) => `opportunity ${o.key} ${field}`;
  const finite = (value: number | null, field: string) => finiteOrNull(value, what(field));
  return {
    id,
    runId,
    instrumentId: o.instrumentId,
    bid: numericOrNull(o.bid, what('bid')),
    ask: numericOrNull(o.ask, what('ask')),
    mid: numericOrNull(o.mid, what('mid')),
    delta: finite(o.delta, 'delta'),
    dte: finite(o.dte, 'dte'),
    iv: finite(o.iv, 'iv'),
    ivRank: finite(o.ivRank, 'ivRank'),
    ror: finite(o.ror, 'ror'),
    annualizedRor: finite(o.annualizedRor, 'annualizedRor'),
    pop: finite(o.pop, 'pop'),
    volume: finite(o.volume, 'volume'),
    openInterest: finite(o.openInterest, 'openInterest'),
    spreadPct: finite(o.spreadPct, 'spreadPct'),
    score: finite(o.score, 'score'),
    rank: finite(o.rank, 'rank'),
    details: o.details,
    createdAt: at,
  };
}

function recommendationValues(r: NewRecommendation, opportunityId: string | null, at: Date) {
  const what = `recommendation ${r.fingerprint}`;
  return {
    instanceId: r.instanceId,
    versionId: r.versionId,
    accountId: r.accountId,
    portfolioId: r.portfolioId,
    opportunityId,
    runId: r.runId,
    fingerprint: r.fingerprint,
    symbol: r.symbol,
    action: actionOf(r.action),
    legs: r.legs,
    quantity: String(finiteOrNull(r.quantity, `${what} quantity`)),
    limitPrice: moneyOrNull(r.limitPrice),
    spread: { bid: finiteOrNull(r.spread.bid, `${what} bid`), ask: finiteOrNull(r.spread.ask, `${what} ask`) },
    rationale: r.rationale,
    confidence: finiteOrNull(r.confidence, `${what} confidence`),
    params: r.params,
    riskCheck: r.riskCheck,
    status: 'pending' as const,
    expiresAt: r.expiresAt,
    createdAt: at,
    updatedAt: at,
  };
}

export async function saveRunOutcome(tx: Db, outcome: RunOutcome): Promise<RunOutcomeResult> {
  const { runId, instanceId, at } = outcome;

  for (const part of chunks(outcome.signals, BATCH)) {
    await tx.insert(signals).values(part.map((signal) => ({ ...signal, runId })));
  }

  // Ids made here, so each key maps to its row without relying on the order RETURNING gives rows back.
  const opportunityIds = new Map<string, string>();
  const opportunityRows = outcome.opportunities.map((o) => {
    if (opportunityIds.has(o.key)) throw new Error(`Opportunity key ${o.key} appears twice in run ${runId}`);
    const id = randomUUID();
    opportunityIds.set(o.key, id);
    return opportunityValues(runId, id, o, at);
  });
  // One unnest insert per batch: a scan can keep thousands of opportunities, and a few array parameters are far
  // cheaper for both drivers than 20 parameters per row.
  for (const part of chunks(opportunityRows, UNNEST_BATCH)) {
    const column = <K extends keyof (typeof part)[number]>(key: K) => part.map((row) => row[key] as Scalar);
    await tx.execute(
      sql`insert into ${opportunities} (id, run_id, instrument_id, bid, ask, mid, delta, dte, iv, iv_rank, ror,
            annualized_ror, pop, volume, open_interest, spread_pct, score, rank, details, created_at)
          select * from unnest(${pgArray(column('id'))}::uuid[], ${pgArray(column('runId'))}::uuid[],
            ${pgArray(column('instrumentId'))}::uuid[], ${pgArray(column('bid'))}::numeric[],
            ${pgArray(column('ask'))}::numeric[], ${pgArray(column('mid'))}::numeric[],
            ${pgArray(column('delta'))}::float8[], ${pgArray(column('dte'))}::integer[], ${pgArray(column('iv'))}::float8[],
            ${pgArray(column('ivRank'))}::float8[], ${pgArray(column('ror'))}::float8[],
            ${pgArray(column('annualizedRor'))}::float8[], ${pgArray(column('pop'))}::float8[],
            ${pgArray(column('volume'))}::bigint[], ${pgArray(column('openInterest'))}::bigint[],
            ${pgArray(column('spreadPct'))}::float8[], ${pgArray(column('score'))}::float8[],
            ${pgArray(column('rank'))}::integer[], ${pgArray(part.map((row) => (row.details == null ? null : JSON.stringify(row.details))))}::jsonb[],
            ${pgArray(column('createdAt'))}::timestamptz[])`,
    );
  }

  for (const r of outcome.recommendations) {
    // The uniqueness of a pending fingerprint is per instance, so every row must be this instance's.
    if (r.instanceId !== instanceId) {
      throw new Error(`Recommendation of instance ${r.instanceId} in ${instanceId}'s run`);
    }
  }
  // Supersede first, and never what this run produces: only then are the remaining pending fingerprints exactly
  // the ones to keep. Old rows without a fingerprint can never be reproduced, so they go too.
  const keep = [...new Set([...outcome.supersedeExcept, ...outcome.recommendations.map((r) => r.fingerprint)])];
  const superseded = await tx
    .update(recommendations)
    .set({ status: 'superseded', decidedAt: at, decisionReason: `superseded by run ${runId}`, updatedAt: at })
    .where(
      and(
        eq(recommendations.instanceId, instanceId),
        isPending,
        keep.length === 0
          ? undefined
          : or(isNull(recommendations.fingerprint), notInArray(recommendations.fingerprint, keep)),
      ),
    )
    .returning({ id: recommendations.id });

  const pending = await tx
    .select({ fingerprint: recommendations.fingerprint })
    .from(recommendations)
    .where(and(eq(recommendations.instanceId, instanceId), isPending));
  const taken = new Set(pending.map((row) => row.fingerprint));
  const fresh = outcome.recommendations.filter((r) => {
    if (taken.has(r.fingerprint)) return false;
    taken.add(r.fingerprint);
    return true;
  });
  const values = fresh.map((r) => {
    const opportunityId = r.opportunityKey === null ? null : opportunityIds.get(r.opportunityKey);
    if (opportunityId === undefined) {
      throw new Error(`Recommendation refers to unknown opportunity ${r.opportunityKey}`);
    }
    return recommendationValues(r, opportunityId, at);
  });
  let inserted = 0;
  for (const part of chunks(values, BATCH)) {
    // A concurrent run may have inserted the same pending fingerprint since the read above: skipped, not an error.
    const rows = await tx
      .insert(recommendations)
      .values(part)
      .onConflictDoNothing({ target: [recommendations.instanceId, recommendations.fingerprint], where: isPending })
      .returning({ id: recommendations.id });
    inserted += rows.length;
  }
  return { inserted, unchanged: outcome.recommendations.length - inserted, superseded: superseded.length };
}
