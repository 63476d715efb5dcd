// Backtests as a use case: validate and load (prepare-backtest.ts), store a queued run, simulate it in the
// background a slice of days at a time (yielding to the event loop, so the API stays responsive, and recording
// progress), then store the statistics, curve, years, trades and signals in one transaction. One backtest runs at a
// time per process; the rest wait in order. A run cut off by a stopped process is marked failed on the next start.
import type {
  BacktestDatasetView,
  BacktestDetailView,
  BacktestRequestParsed,
  BacktestSummaryView,
} from '@optionstrader/contracts';
import { type BacktestResult, createBacktest, drawdowns } from '@optionstrader/domain';
import type { BacktestDataSource } from '../ports/backtest-data';
import type { BacktestDetailRecord, BacktestRecord, BacktestRepository } from '../ports/backtests';
import type { Clock } from '../ports/clock';
import type { StrategyRepository } from '../ports/strategies';
import type { Refusal } from '../strategies/strategies.service';
import { type PreparedBacktest, prepareBacktest } from './prepare-backtest';

export interface BacktestServiceDeps {
  data: BacktestDataSource;
  repo: BacktestRepository;
  /** The stored versions, so a run names the version of the plugin it ran. */
  strategies: Pick<StrategyRepository, 'listDefinitions'>;
  clock: Clock;
  /** Trading days simulated between yields to the event loop. */
  sliceDays?: number;
  /** Lets pending I/O (API requests) run between slices: setImmediate in Node. */
  yieldToEventLoop: () => Promise<void>;
  onError?: (id: string, error: unknown) => void;
}

export type BacktestOutcome<T> = { ok: true; value: T } | ({ ok: false } & Refusal);

/** Thrown out of the simulation loop by a cancel; the run is stored as cancelled, not failed. */
class BacktestCancelled extends Error {
  override name = 'BacktestCancelled';
}
const CANCELLED = 'cancelled by the user';

const LIST_LIMIT = 200;
const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());
const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Simulates a prepared backtest, yielding every `sliceDays` and reporting the share done. */
export async function simulatePrepared(
  prepared: PreparedBacktest,
  options: {
    sliceDays: number;
    yieldToEventLoop: () => Promise<void>;
    onProgress?: (share: number) => void | Promise<void>;
  },
): Promise<BacktestResult> {
  const run = createBacktest(prepared.plugin, prepared.config, prepared.inputs, prepared.settings);
  while (run.step(options.sliceDays)) {
    await options.onProgress?.(run.daysDone / Math.max(1, run.totalDays));
    await options.yieldToEventLoop();
  }
  return run.finish();
}

function summaryView(record: BacktestRecord, liveProgress: number | undefined): BacktestSummaryView {
  const request = (record.request ?? {}) as Partial<BacktestRequestParsed>;
  return {
    id: record.id,
    name: record.name,
    strategy: record.strategySlug,
    status: record.status,
    progress: record.status === 'succeeded' ? 1 : Math.min(1, Math.max(0, liveProgress ?? record.progress)),
    createdAt: record.createdAt.toISOString(),
    startedAt: iso(record.startedAt),
    finishedAt: iso(record.finishedAt),
    from: record.from ?? request.from ?? null,
    to: record.to ?? request.to ?? null,
    underliers: Array.isArray(request.underliers) ? request.underliers : [],
    stats: record.stats,
    error: record.error,
    durationMs: record.durationMs,
  };
}

function detailView(record: BacktestDetailRecord, liveProgress: number | undefined): BacktestDetailView {
  const dd = drawdowns(record.equity.map((p) => p.equity));
  return {
    ...summaryView(record, liveProgress),
    request: record.request as BacktestRequestParsed,
    equity: record.equity.map((p, i) => ({
      date: p.date,
      equity: round2(p.equity),
      cash: round2(p.cash),
      benchmark: p.benchmark === null ? null : round2(p.benchmark),
      drawdown: dd[i] ?? 0,
    })),
    years: record.years,
    trades: record.trades.map((t) => ({
      ...t,
      premium: round2(t.premium),
      pnl: round2(t.pnl),
      commissions: round2(t.commissions),
    })),
    signals: record.signals,
  };
}

export type BacktestService = ReturnType<typeof createBacktestService>;

export function createBacktestService(deps: BacktestServiceDeps) {
  const { data, repo, clock } = deps;
  const sliceDays = deps.sliceDays ?? 60;
  const startedAt = clock.now();
  const progress = new Map<string, number>();
  let queue: Promise<void> = Promise.resolve();
  let recovered: Promise<number> | null = null;
  let stopping = false;
  /** Queued or running backtests a user cancelled: checked before the run starts and at every slice. */
  const cancelled = new Set<string>();
  /** Each queued or running backtest's end. */
  const ends = new Map<string, Promise<void>>();
  const recover = () => (recovered ??= repo.failInterrupted(startedAt, clock.now()));

  async function execute(id: string, prepared: PreparedBacktest): Promise<void> {
    const t0 = clock.now().getTime();
    try {
      if (cancelled.has(id)) throw new BacktestCancelled(CANCELLED);
      if (stopping) throw new Error('interrupted: the server stopped before the backtest started');
      await repo.markRunning(id, clock.now());
      let stored = 0;
      const result = await simulatePrepared(prepared, {
        sliceDays,
        yieldToEventLoop: deps.yieldToEventLoop,
        onProgress: async (share) => {
          if (cancelled.has(id)) throw new BacktestCancelled(CANCELLED);
          if (stopping) throw new Error('interrupted: the server stopped before the backtest finished');
          progress.set(id, share);
          // Persist every tenth, so another process (or a restart) sees roughly where it was.
          if (share - stored >= 0.1) {
            stored = share;
            await repo.setProgress(id, share);
          }
        },
      });
      await repo.complete(id, {
        finishedAt: clock.now(),
        durationMs: clock.now().getTime() - t0,
        from: result.from,
        to: result.to,
        stats: result.stats,
        equity: result.equity.map((p) => ({ date: p.date, equity: p.equity, cash: p.cash, benchmark: p.benchmark })),
        years: result.years,
        trades: result.trades,
        signals: result.signals,
      });
    } catch (error) {
      if (error instanceof BacktestCancelled) {
        await repo.cancel(id, error.message, clock.now()).catch((failure: unknown) => deps.onError?.(id, failure));
        return;
      }
      deps.onError?.(id, error);
      await repo
        .fail(id, error instanceof Error ? error.message : String(error), clock.now())
        .catch((failure: unknown) => deps.onError?.(id, failure));
    } finally {
      progress.delete(id);
      cancelled.delete(id);
    }
  }

  return {
    datasets: (): Promise<BacktestDatasetView[]> => data.datasets(),

    /** Validates, loads and stores a queued backtest of the client, then runs it in the background. */
    async start(
      clientId: string,
      request: BacktestRequestParsed,
      createdBy: string | null,
    ): Promise<BacktestOutcome<{ id: string }>> {
      await recover();
      const prepared = await prepareBacktest(data, request);
      if (!prepared.ok) return prepared;
      const { plugin } = prepared.value;
      const definition = (await deps.strategies.listDefinitions()).find(
        (d) => d.slug === plugin.slug && d.version === plugin.version,
      );
      const { id } = await repo.create({
        name: prepared.value.name,
        strategySlug: plugin.slug,
        versionId: definition?.versionId ?? null,
        config: prepared.value.config,
        request: prepared.value.request,
        clientId,
        createdBy,
        createdAt: clock.now(),
      });
      progress.set(id, 0);
      const end = queue.then(() => execute(id, prepared.value));
      queue = end;
      ends.set(id, end);
      void end.finally(() => ends.delete(id));
      return { ok: true, value: { id } };
    },

    /** The client's backtests, newest first. */
    async list(clientId: string): Promise<BacktestSummaryView[]> {
      await recover();
      return (await repo.list(clientId, LIST_LIMIT)).map((r) => summaryView(r, progress.get(r.id)));
    },

    async get(id: string): Promise<BacktestDetailView | undefined> {
      const record = await repo.get(id);
      return record ? detailView(record, progress.get(id)) : undefined;
    },

    /**
     * Stops a queued or running backtest at its next slice (nothing of it is stored but its cancelled status).
     * 'finished' when it had already ended; undefined when there is no such backtest.
     */
    async cancel(id: string): Promise<'cancelling' | 'finished' | undefined> {
      const record = await repo.get(id);
      if (!record) return undefined;
      if (!progress.has(id)) return 'finished';
      cancelled.add(id);
      await ends.get(id);
      return 'cancelling';
    },

    /** A queued or running backtest is cancelled first (its rows would otherwise come back); false when there is none. */
    async remove(id: string): Promise<boolean> {
      if (progress.has(id)) {
        cancelled.add(id);
        await ends.get(id);
      }
      return repo.delete(id);
    },

    /** Resolves when every queued backtest has finished (tests). */
    idle: (): Promise<void> => queue,

    /** Shutdown: the running backtest stops at its next slice and is marked failed; queued ones fail too. */
    async stop(): Promise<void> {
      stopping = true;
      await queue;
    },
  };
}
