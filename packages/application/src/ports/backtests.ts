// Stored backtests: a strategy_runs row (mode backtest) with the run's statistics, its equity curve, and a
// backtest_results row with the request, progress, per-year table, trades and signals.
import type { BacktestStats, BacktestTrade, IsoDate, SignalSummary, YearRow } from '@optionstrader/domain';
import type { RunStatus } from './strategies';

export interface NewBacktest {
  name: string;
  strategySlug: string;
  /** The strategy version it runs (null when the definitions are not seeded). */
  versionId: string | null;
  /** The strategy config as run. */
  config: unknown;
  /** The whole request as accepted (defaults filled). */
  request: unknown;
  /** The client whose users see it. */
  clientId: string;
  createdBy: string | null;
  createdAt: Date;
}

export interface BacktestRecord {
  id: string;
  name: string;
  strategySlug: string;
  status: RunStatus;
  progress: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  from: IsoDate | null;
  to: IsoDate | null;
  request: unknown;
  stats: BacktestStats | null;
  error: string | null;
  durationMs: number | null;
}

export interface BacktestCurvePoint {
  date: IsoDate;
  equity: number;
  cash: number;
  benchmark: number | null;
}

export interface BacktestDetailRecord extends BacktestRecord {
  equity: BacktestCurvePoint[];
  years: YearRow[];
  trades: BacktestTrade[];
  signals: SignalSummary[];
}

export interface CompletedBacktest {
  finishedAt: Date;
  durationMs: number;
  from: IsoDate | null;
  to: IsoDate | null;
  stats: BacktestStats;
  equity: readonly BacktestCurvePoint[];
  years: readonly YearRow[];
  trades: readonly BacktestTrade[];
  signals: readonly SignalSummary[];
}

export interface BacktestRepository {
  /** A queued run. */
  create(input: NewBacktest): Promise<{ id: string }>;
  markRunning(id: string, at: Date): Promise<void>;
  setProgress(id: string, progress: number): Promise<void>;
  /** Statistics, curve, years, trades and signals in one transaction; status succeeded. */
  complete(id: string, result: CompletedBacktest): Promise<void>;
  fail(id: string, error: string, at: Date): Promise<void>;
  /** Status cancelled, with the reason as its error. */
  cancel(id: string, reason: string, at: Date): Promise<void>;
  /** One client's backtests, newest first. */
  list(clientId: string, limit: number): Promise<BacktestRecord[]>;
  /** Any client's; the API checks the caller's client first. */
  get(id: string): Promise<BacktestDetailRecord | undefined>;
  /** False when there is no such backtest. */
  delete(id: string): Promise<boolean>;
  /** Backtests left queued or running by a stopped process (created before `before`) → failed. */
  failInterrupted(before: Date, at: Date): Promise<number>;
}
