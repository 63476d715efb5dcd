// Backtests: a strategy_runs row (mode backtest: status, times, statistics), its equity_curve_points and a
// backtest_results row (request, progress, years, trades, signals). Money is stored exactly: numeric columns for the
// curve, decimal strings inside the JSON documents (statistics, years, trades) — numbers only on the way out.
import type { BacktestDetailRecord, BacktestRecord, BacktestRepository, RunStatus } from '@optionstrader/application';
import type { BacktestStats, BacktestTrade, IsoDate, SignalSummary, YearRow } from '@optionstrader/domain';
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../client';
import { backtestResults, equityCurvePoints, strategyRuns } from '../schema/index';
import { isUuid } from './is-uuid';

const INTERRUPTED = 'interrupted: the process stopped before the backtest finished';
/** Curve points per INSERT statement (PostgreSQL's parameter limit is 65,535). */
const POINTS_PER_INSERT = 2_000;

const cents = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '0.00');
const cents6 = (value: number): string => (Number.isFinite(value) ? value.toFixed(6) : '0');
const num = (value: unknown): number =>
  typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : 0;
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : num(value));

const STAT_MONEY = ['startEquity', 'endEquity', 'averageTrade'] as const;
const COUNTER_MONEY = ['premiumCollected', 'feesPaid', 'dividendsReceived', 'interestEarned'] as const;

/** Money fields as decimal strings; ratios and counts stay numbers. */
function statsToJson(stats: BacktestStats): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stats };
  for (const key of STAT_MONEY) out[key] = stats[key] === null ? null : cents(stats[key]);
  const counters: Record<string, unknown> = { ...stats.counters };
  for (const key of COUNTER_MONEY) counters[key] = cents(stats.counters[key]);
  out.counters = counters;
  return out;
}

function statsFromJson(json: unknown): BacktestStats | null {
  if (json === null || typeof json !== 'object') return null;
  const raw = json as Record<string, unknown>;
  if (!('counters' in raw)) return null;
  const stats = { ...raw } as Record<string, unknown>;
  for (const key of STAT_MONEY) stats[key] = key === 'averageTrade' ? numOrNull(raw[key]) : num(raw[key]);
  const counters = { ...(raw.counters as Record<string, unknown>) };
  for (const key of COUNTER_MONEY) counters[key] = num(counters[key]);
  stats.counters = counters;
  return stats as unknown as BacktestStats;
}

const yearToJson = (y: YearRow) => ({ ...y, premiumCollected: cents(y.premiumCollected), feesPaid: cents(y.feesPaid) });
const yearFromJson = (y: Record<string, unknown>): YearRow =>
  ({ ...y, premiumCollected: num(y.premiumCollected), feesPaid: num(y.feesPaid) }) as unknown as YearRow;
const tradeToJson = (t: BacktestTrade) => ({
  ...t,
  premium: cents(t.premium),
  pnl: cents(t.pnl),
  commissions: cents(t.commissions),
});
const tradeFromJson = (t: Record<string, unknown>): BacktestTrade =>
  ({ ...t, premium: num(t.premium), pnl: num(t.pnl), commissions: num(t.commissions) }) as unknown as BacktestTrade;

const listColumns = {
  id: strategyRuns.id,
  status: strategyRuns.status,
  createdAt: strategyRuns.createdAt,
  startedAt: strategyRuns.startedAt,
  finishedAt: strategyRuns.finishedAt,
  stats: strategyRuns.stats,
  errors: strategyRuns.errors,
  timings: strategyRuns.timings,
  name: backtestResults.name,
  strategySlug: backtestResults.strategySlug,
  request: backtestResults.request,
  progress: backtestResults.progress,
  fromDate: backtestResults.fromDate,
  toDate: backtestResults.toDate,
};

type ListRow = {
  id: string;
  status: RunStatus;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  stats: unknown;
  errors: unknown;
  timings: unknown;
  name: string;
  strategySlug: string;
  request: unknown;
  progress: number;
  fromDate: string | null;
  toDate: string | null;
};

function toRecord(row: ListRow): BacktestRecord {
  const errors = Array.isArray(row.errors) ? (row.errors as string[]) : [];
  const timings = (row.timings ?? {}) as Record<string, number>;
  return {
    id: row.id,
    name: row.name,
    strategySlug: row.strategySlug,
    status: row.status,
    progress: row.progress,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    from: row.fromDate as IsoDate | null,
    to: row.toDate as IsoDate | null,
    request: row.request,
    stats: statsFromJson(row.stats),
    error: errors[0] ?? null,
    durationMs: typeof timings.totalMs === 'number' ? timings.totalMs : null,
  };
}

export function createBacktestsRepository(db: Db): BacktestRepository {
  const select = () =>
    db.select(listColumns).from(strategyRuns).innerJoin(backtestResults, eq(backtestResults.runId, strategyRuns.id));

  return {
    async create(input) {
      return db.transaction(async (tx) => {
        const [run] = await tx
          .insert(strategyRuns)
          .values({
            instanceId: null,
            versionId: input.versionId,
            mode: 'backtest',
            status: 'queued',
            config: input.config,
            createdAt: input.createdAt,
          })
          .returning({ id: strategyRuns.id });
        if (!run) throw new Error('strategy_runs insert returned no row');
        await tx.insert(backtestResults).values({
          runId: run.id,
          name: input.name,
          strategySlug: input.strategySlug,
          request: input.request,
          clientId: input.clientId,
          createdBy: input.createdBy,
        });
        return run;
      });
    },

    async markRunning(id, at) {
      await db.update(strategyRuns).set({ status: 'running', startedAt: at }).where(eq(strategyRuns.id, id));
    },

    async setProgress(id, progress) {
      await db.update(backtestResults).set({ progress }).where(eq(backtestResults.runId, id));
    },

    async complete(id, result) {
      await db.transaction(async (tx) => {
        await tx.delete(equityCurvePoints).where(eq(equityCurvePoints.runId, id));
        for (let i = 0; i < result.equity.length; i += POINTS_PER_INSERT) {
          const chunk = result.equity.slice(i, i + POINTS_PER_INSERT);
          await tx.insert(equityCurvePoints).values(
            chunk.map((p) => ({
              runId: id,
              at: p.date,
              equity: cents6(p.equity),
              cash: cents6(p.cash),
              benchmark: p.benchmark === null ? null : cents6(p.benchmark),
            })),
          );
        }
        await tx
          .update(backtestResults)
          .set({
            progress: 1,
            fromDate: result.from,
            toDate: result.to,
            years: result.years.map(yearToJson),
            trades: result.trades.map(tradeToJson),
            signals: result.signals,
          })
          .where(eq(backtestResults.runId, id));
        await tx
          .update(strategyRuns)
          .set({
            status: 'succeeded',
            finishedAt: result.finishedAt,
            stats: statsToJson(result.stats),
            errors: [],
            timings: { totalMs: result.durationMs },
          })
          .where(eq(strategyRuns.id, id));
      });
    },

    async fail(id, error, at) {
      await db
        .update(strategyRuns)
        .set({ status: 'failed', finishedAt: at, errors: [error] })
        .where(eq(strategyRuns.id, id));
    },

    async cancel(id, reason, at) {
      await db
        .update(strategyRuns)
        .set({ status: 'cancelled', finishedAt: at, errors: [reason] })
        .where(eq(strategyRuns.id, id));
    },

    async list(clientId, limit) {
      if (!isUuid(clientId)) return [];
      const rows = await select()
        .where(and(eq(strategyRuns.mode, 'backtest'), eq(backtestResults.clientId, clientId)))
        .orderBy(desc(strategyRuns.createdAt), desc(strategyRuns.id))
        .limit(limit);
      return rows.map(toRecord);
    },

    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await select().where(eq(strategyRuns.id, id));
      if (!row) return undefined;
      const [extra] = await db
        .select({ years: backtestResults.years, trades: backtestResults.trades, signals: backtestResults.signals })
        .from(backtestResults)
        .where(eq(backtestResults.runId, id));
      const points = await db
        .select({
          at: equityCurvePoints.at,
          equity: equityCurvePoints.equity,
          cash: equityCurvePoints.cash,
          benchmark: equityCurvePoints.benchmark,
        })
        .from(equityCurvePoints)
        .where(eq(equityCurvePoints.runId, id))
        .orderBy(asc(equityCurvePoints.at));
      const detail: BacktestDetailRecord = {
        ...toRecord(row),
        equity: points.map((p) => ({
          date: p.at as IsoDate,
          equity: Number(p.equity),
          cash: p.cash === null ? 0 : Number(p.cash),
          benchmark: p.benchmark === null ? null : Number(p.benchmark),
        })),
        years: Array.isArray(extra?.years) ? (extra.years as Record<string, unknown>[]).map(yearFromJson) : [],
        trades: Array.isArray(extra?.trades) ? (extra.trades as Record<string, unknown>[]).map(tradeFromJson) : [],
        signals: Array.isArray(extra?.signals) ? (extra.signals as SignalSummary[]) : [],
      };
      return detail;
    },

    async delete(id) {
      if (!isUuid(id)) return false;
      const rows = await db
        .delete(strategyRuns)
        .where(and(eq(strategyRuns.id, id), eq(strategyRuns.mode, 'backtest')))
        .returning({ id: strategyRuns.id });
      return rows.length > 0;
    },

    async failInterrupted(before, at) {
      const rows = await db
        .update(strategyRuns)
        .set({ status: 'failed', finishedAt: at, errors: [INTERRUPTED] })
        .where(
          and(
            eq(strategyRuns.mode, 'backtest'),
            inArray(strategyRuns.status, ['queued', 'running']),
            lt(strategyRuns.createdAt, before),
          ),
        )
        .returning({ id: strategyRuns.id });
      return rows.length;
    },
  };
}
