// Storage of the strategy engine: definitions and versions (seeded from the plugin registry), instances, runs and
// what a run produces (signals, opportunities, recommendations), watchlists, and the trading history a strategy
// reads (option events, premiums). Money crosses this port as decimal strings or numbers that the adapter stores
// as exact numerics; null always means unknown.

export type RunMode = 'live' | 'paper' | 'backtest';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type RecommendationStatus =
  'pending' | 'approved' | 'rejected' | 'expired' | 'superseded' | 'submitted' | 'filled' | 'cancelled';

export interface StrategyDefinitionSeed {
  slug: string;
  name: string;
  description: string;
  version: string;
  codeRef: string;
  configSchema: Record<string, unknown>;
  defaults: Record<string, unknown>;
}

/** A definition with its newest version. */
export interface StrategyDefinitionRecord extends StrategyDefinitionSeed {
  definitionId: string;
  versionId: string;
}

export interface StrategyInstanceRecord {
  id: string;
  name: string;
  versionId: string;
  strategySlug: string;
  strategyName: string;
  version: string;
  codeRef: string;
  accountId: string;
  accountCode: string;
  accountLabel: string | null;
  /** The client of its broker account: whose instance it is. */
  clientId: string;
  portfolioId: string | null;
  config: Record<string, unknown>;
  enabled: boolean;
  autotradeEnabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewStrategyInstance {
  versionId: string;
  accountId: string;
  portfolioId: string | null;
  name: string;
  config: Record<string, unknown>;
  enabled: boolean;
}

export interface StrategyInstancePatch {
  name?: string;
  portfolioId?: string | null;
  config?: Record<string, unknown>;
  enabled?: boolean;
  autotradeEnabled?: boolean;
}

export interface StrategyRunRecord {
  id: string;
  instanceId: string | null;
  instanceName: string | null;
  strategySlug: string | null;
  versionId: string | null;
  mode: RunMode;
  status: RunStatus;
  config: unknown;
  startedAt: Date | null;
  finishedAt: Date | null;
  stats: Record<string, number> | null;
  errors: string[];
  timings: Record<string, number> | null;
  createdAt: Date;
}

export interface NewSignal {
  /** Resolved by the engine when the signal is about one instrument; null otherwise. */
  instrumentId: string | null;
  kind: string;
  symbol: string | null;
  message: string;
  payload: Record<string, unknown> | null;
  at: Date;
}

export interface SignalRecord extends NewSignal {
  id: string;
  runId: string;
}

/** Market metrics are numbers (null = unknown); the adapter stores them as exact numerics. */
export interface NewOpportunity {
  /** Unique within the run (the plugin's opportunity key). */
  key: string;
  instrumentId: string;
  bid: number | null;
  ask: number | null;
  mid: number | null;
  delta: number | null;
  dte: number | null;
  iv: number | null;
  ivRank: number | null;
  ror: number | null;
  annualizedRor: number | null;
  pop: number | null;
  volume: number | null;
  openInterest: number | null;
  spreadPct: number | null;
  score: number | null;
  rank: number | null;
  details: Record<string, unknown>;
}

export interface OpportunityRecord extends Omit<NewOpportunity, 'key' | 'instrumentId'> {
  id: string;
  runId: string;
  instanceId: string | null;
  instanceName: string | null;
  instrumentId: string;
  symbol: string;
  expiry: string;
  strike: number;
  right: 'call' | 'put';
  createdAt: Date;
}

export type OpportunitySort =
  | 'score'
  | 'annualizedRor'
  | 'ror'
  | 'pop'
  | 'delta'
  | 'dte'
  | 'iv'
  | 'ivRank'
  | 'openInterest'
  | 'spreadPct'
  | 'symbol';

export interface OpportunityFilter {
  /** A given run's; default: the newest succeeded run of each instance (of `instanceId` when set). */
  runId?: string | undefined;
  instanceId?: string | undefined;
  symbol?: string | undefined;
  right?: 'call' | 'put' | undefined;
  sort: OpportunitySort;
  order: 'asc' | 'desc';
  limit: number;
}

export interface NewRecommendation {
  instanceId: string;
  versionId: string;
  accountId: string;
  portfolioId: string | null;
  runId: string;
  /** The opportunity key of this run (resolved to its id by the adapter), or null. */
  opportunityKey: string | null;
  /** Same action on the same legs and quantity: at most one pending per instance (unique in storage). */
  fingerprint: string;
  symbol: string;
  action: string;
  legs: unknown[];
  quantity: number;
  /** Per share, decimal string; null when it could not be priced. */
  limitPrice: string | null;
  spread: { bid: number | null; ask: number | null };
  rationale: string;
  confidence: number;
  params: Record<string, unknown>;
  riskCheck: Record<string, unknown> | null;
  expiresAt: Date;
}

export interface RecommendationRecord {
  id: string;
  instanceId: string | null;
  instanceName: string | null;
  strategySlug: string | null;
  accountId: string;
  accountCode: string;
  runId: string | null;
  opportunityId: string | null;
  fingerprint: string | null;
  symbol: string;
  action: string;
  legs: unknown[];
  quantity: number;
  limitPrice: string | null;
  spread: { bid: number | null; ask: number | null };
  rationale: string | null;
  confidence: number | null;
  params: Record<string, unknown> | null;
  riskCheck: Record<string, unknown> | null;
  status: RecommendationStatus;
  decidedAt: Date | null;
  decisionReason: string | null;
  expiresAt: Date | null;
  createdAt: Date;
}

export interface RecommendationFilter {
  status?: RecommendationStatus | undefined;
  accountId?: string | undefined;
  instanceId?: string | undefined;
  limit: number;
}

/** What one run's outcome does to the instance's pending recommendations, applied in one transaction. */
export interface RunOutcome {
  runId: string;
  instanceId: string;
  signals: NewSignal[];
  opportunities: NewOpportunity[];
  /** Pending recommendations whose fingerprint the run produced again: kept as they are. */
  /** New ones (fingerprints not pending); a concurrent duplicate is skipped, not an error. */
  recommendations: NewRecommendation[];
  /** Pending recommendations of the instance whose fingerprint this run did not produce: → superseded. */
  supersedeExcept: string[];
  at: Date;
}

export interface RunOutcomeResult {
  inserted: number;
  /** Already pending with the same fingerprint (re-run on the same state). */
  unchanged: number;
  superseded: number;
}

export interface StrategyRepository {
  /** Upserts definitions and their versions by slug and version (run on every start). */
  seedDefinitions(seeds: readonly StrategyDefinitionSeed[]): Promise<void>;
  /** Each definition with its newest version, by slug. */
  listDefinitions(): Promise<StrategyDefinitionRecord[]>;

  /** Every client's instances: for background jobs (the runner, the autotrader), never for an API list. */
  listInstances(filter?: { enabled?: boolean; accountId?: string }): Promise<StrategyInstanceRecord[]>;
  /** One client's instances (those on its broker accounts). */
  listClientInstances(
    clientId: string,
    filter?: { enabled?: boolean; accountId?: string },
  ): Promise<StrategyInstanceRecord[]>;
  /** Any client's; the API checks the caller's client first. */
  getInstance(id: string): Promise<StrategyInstanceRecord | undefined>;
  createInstance(input: NewStrategyInstance, at: Date): Promise<StrategyInstanceRecord>;
  updateInstance(id: string, patch: StrategyInstancePatch, at: Date): Promise<StrategyInstanceRecord | undefined>;
  /** False when it does not exist. Runs and recommendations keep their rows (instance set null). */
  deleteInstance(id: string): Promise<boolean>;

  startRun(input: {
    instanceId: string | null;
    versionId: string | null;
    mode: RunMode;
    config: unknown;
    startedAt: Date;
  }): Promise<{ id: string }>;
  finishRun(
    id: string,
    result: {
      status: 'succeeded' | 'failed';
      finishedAt: Date;
      stats: Record<string, number>;
      errors: string[];
      timings: Record<string, number>;
    },
  ): Promise<void>;
  /** Runs left `running` by a crash (started before `before`) → failed with a note. Returns how many. */
  failInterruptedRuns(before: Date, at: Date): Promise<number>;
  /**
   * One client's live and paper runs (those of its instances), newest first. Backtests have their own listing; runs
   * of a deleted instance belong to no client any more.
   */
  listRuns(clientId: string, filter: { instanceId?: string | undefined; limit: number }): Promise<StrategyRunRecord[]>;
  /** A live or paper run (a backtest id is not one). */
  getRun(id: string): Promise<StrategyRunRecord | undefined>;
  /** The newest run of each instance. */
  latestRuns(instanceIds: readonly string[]): Promise<Map<string, StrategyRunRecord>>;

  /** Signals, opportunities and the recommendation changes of one run, in one transaction. */
  saveRunOutcome(outcome: RunOutcome): Promise<RunOutcomeResult>;
  listSignals(runId: string): Promise<SignalRecord[]>;
  /** One client's opportunities (from runs of its instances). */
  listOpportunities(clientId: string, filter: OpportunityFilter): Promise<OpportunityRecord[]>;

  /** Pending recommendations whose expiry has passed → expired. Returns how many. */
  expireRecommendations(now: Date): Promise<number>;
  /** Every client's recommendations: for background jobs (the autotrader), never for an API list. */
  listRecommendations(filter: RecommendationFilter): Promise<RecommendationRecord[]>;
  /** One client's recommendations (those on its broker accounts). */
  listClientRecommendations(clientId: string, filter: RecommendationFilter): Promise<RecommendationRecord[]>;
  /** Any client's; the API checks the caller's client first. */
  getRecommendation(id: string): Promise<RecommendationRecord | undefined>;
}

export interface WatchlistRecord {
  id: string;
  clientId: string;
  name: string;
  symbols: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface WatchlistsRepository {
  /** One client's watchlists, by name. */
  list(clientId: string): Promise<WatchlistRecord[]>;
  /** Any client's (the runner resolves an instance's lists); the API checks the caller's client first. */
  get(id: string): Promise<WatchlistRecord | undefined>;
  create(clientId: string, input: { name: string; symbols: string[] }, at: Date): Promise<WatchlistRecord>;
  update(id: string, patch: { name?: string; symbols?: string[] }, at: Date): Promise<WatchlistRecord | undefined>;
  delete(id: string): Promise<boolean>;
  /** Those of `ids` that are watchlists of the client the broker account belongs to (an instance may name only these). */
  ofAccountClient(accountId: string, ids: readonly string[]): Promise<string[]>;
}

export interface OptionEventRecord {
  kind: 'assignment' | 'exercise' | 'expiration' | 'early_assignment';
  symbol: string;
  right: 'call' | 'put';
  strike: number;
  expiry: string;
  quantity: number;
  at: Date;
}

/** The trading history a strategy reads. */
export interface StrategyHistoryQuery {
  /** Option events of the account at or after `since`, oldest first. */
  optionEvents(accountId: string, since: Date): Promise<OptionEventRecord[]>;
  /**
   * Net premium (sold − bought, less commissions) of option executions per underlier at or after `since`, in
   * account currency (not per share).
   */
  optionPremiums(accountId: string, since: Date): Promise<Map<string, number>>;
}

/** Reference data the strategies read besides quotes; null = this source does not know. */
export interface StrategyReference {
  /** Where the underlier's current ATM IV sits in its one-year range (0..1). */
  ivRank(symbol: string, nowMs: number): number | null;
  /** Earnings dates in [from, to] (ISO dates). */
  earnings(symbol: string, from: string, to: string): readonly string[] | null;
}
