// The strategy engine's use cases besides running: the definitions (seeded from the plugin registry), instances
// (created from a definition, config validated by the plugin's schema, audited), runs, opportunities,
// recommendations and watchlists as the API shows them. Every list is one client's; reads by id are not (the API
// checks that the id is the caller's client's before it asks).
import type {
  CreateStrategyInstance,
  CreateWatchlist,
  OpportunitiesQuery,
  OpportunityView,
  RecommendationView,
  RecommendationsQuery,
  StrategyDefinitionView,
  StrategyInstanceView,
  StrategyRunDetail,
  StrategyRunStats,
  StrategyRunView,
  UpdateStrategyInstance,
  UpdateWatchlist,
  WatchlistView,
} from '@optionstrader/contracts';
import {
  STRATEGY_PLUGINS,
  type StrategyPlugin,
  codeRefOf,
  configSchemaOf,
  parseStrategyConfig,
  pluginFor,
} from '@optionstrader/domain';
import type {
  AccountsQuery,
  AuditRepository,
  Clock,
  PortfoliosQuery,
  RecommendationRecord,
  StrategyInstanceRecord,
  StrategyRepository,
  StrategyRunRecord,
  WatchlistRecord,
  WatchlistsRepository,
} from '../ports';

export interface StrategiesServiceDeps {
  strategies: StrategyRepository;
  watchlists: WatchlistsRepository;
  accounts: Pick<AccountsQuery, 'get'>;
  portfolios: Pick<PortfoliosQuery, 'exists'>;
  audit: AuditRepository;
  clock: Clock;
  plugins?: readonly StrategyPlugin<unknown>[];
}

/** A refusal the API maps to 404 / 400 with the field that is wrong. */
export type Refusal =
  | { kind: 'not_found'; message: string }
  | { kind: 'invalid'; message: string; issues: { path: string; message: string }[] };

export type Outcome<T> = { ok: true; value: T } | ({ ok: false } & Refusal);

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

const STAT_KEYS: (keyof StrategyRunStats)[] = [
  'signals',
  'opportunities',
  'recommendations',
  'unchanged',
  'superseded',
  'expired',
  'riskBlocked',
  'contractsQuoted',
];

export function runView(run: StrategyRunRecord): StrategyRunView {
  return {
    id: run.id,
    instanceId: run.instanceId,
    instanceName: run.instanceName,
    strategySlug: run.strategySlug,
    mode: run.mode,
    status: run.status,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    stats: run.stats ? (Object.fromEntries(STAT_KEYS.map((k) => [k, run.stats?.[k] ?? 0])) as StrategyRunStats) : null,
    errors: run.errors,
    timings: run.timings,
  };
}

function recommendationView(r: RecommendationRecord): RecommendationView {
  const risk = r.riskCheck as RecommendationView['risk'];
  return {
    id: r.id,
    instanceId: r.instanceId,
    instanceName: r.instanceName,
    strategySlug: r.strategySlug,
    accountId: r.accountId,
    accountCode: r.accountCode,
    runId: r.runId,
    opportunityId: r.opportunityId,
    symbol: r.symbol,
    action: r.action as RecommendationView['action'],
    legs: r.legs as RecommendationView['legs'],
    quantity: r.quantity,
    limitPrice: r.limitPrice,
    spread: r.spread,
    rationale: r.rationale,
    confidence: r.confidence,
    params: r.params,
    risk: risk ?? null,
    status: r.status,
    decidedAt: iso(r.decidedAt),
    decisionReason: r.decisionReason,
    expiresAt: iso(r.expiresAt),
    createdAt: r.createdAt.toISOString(),
  };
}

const watchlistView = (w: WatchlistRecord): WatchlistView => ({
  id: w.id,
  name: w.name,
  symbols: w.symbols,
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
});

export type StrategiesService = ReturnType<typeof createStrategiesService>;

export function createStrategiesService(deps: StrategiesServiceDeps) {
  const { strategies, clock } = deps;
  const plugins = deps.plugins ?? STRATEGY_PLUGINS;

  function instanceView(record: StrategyInstanceRecord, lastRun: StrategyRunRecord | undefined): StrategyInstanceView {
    return {
      id: record.id,
      name: record.name,
      strategySlug: record.strategySlug,
      strategyName: record.strategyName,
      version: record.version,
      accountId: record.accountId,
      accountCode: record.accountCode,
      accountLabel: record.accountLabel,
      portfolioId: record.portfolioId,
      config: record.config,
      enabled: record.enabled,
      autotradeEnabled: record.autotradeEnabled,
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
      lastRun: lastRun ? runView(lastRun) : null,
    };
  }

  async function withLastRun(record: StrategyInstanceRecord): Promise<StrategyInstanceView> {
    return instanceView(record, (await strategies.latestRuns([record.id])).get(record.id));
  }

  /** The config as stored: validated by the plugin and completed with its defaults. */
  function validConfig(codeRef: string, raw: unknown): Outcome<Record<string, unknown>> {
    const plugin = pluginFor(codeRef);
    if (!plugin) return { ok: false, kind: 'invalid', message: `No plugin ${codeRef} in this build`, issues: [] };
    const parsed = parseStrategyConfig(plugin, raw);
    if (parsed.ok) return { ok: true, value: parsed.config as unknown as Record<string, unknown> };
    return {
      ok: false,
      kind: 'invalid',
      message: 'The strategy config is not valid',
      issues: parsed.issues.map((i) => ({ path: ['body', 'config', ...i.path].join('.'), message: i.message })),
    };
  }

  /** An instance may add only its own client's watchlists (those of its account's client) to its universe. */
  async function checkWatchlists(accountId: string, config: Record<string, unknown>): Promise<Refusal | null> {
    const ids = Array.isArray(config.watchlistIds)
      ? config.watchlistIds.filter((id): id is string => typeof id === 'string')
      : [];
    if (ids.length === 0) return null;
    const usable = new Set(await deps.watchlists.ofAccountClient(accountId, ids));
    const issues = ids.flatMap((id, index) =>
      usable.has(id) ? [] : [{ path: `body.config.watchlistIds.${index}`, message: `No watchlist ${id}` }],
    );
    return issues.length === 0 ? null : { kind: 'invalid', message: 'Unknown watchlist', issues };
  }

  async function checkPortfolio(portfolioId: string | null | undefined): Promise<Refusal | null> {
    if (portfolioId === null || portfolioId === undefined) return null;
    if (await deps.portfolios.exists(portfolioId)) return null;
    return {
      kind: 'invalid',
      message: 'Unknown portfolio',
      issues: [{ path: 'body.portfolioId', message: `No portfolio ${portfolioId}` }],
    };
  }

  return {
    /** Definitions and versions of every plugin of this build, upserted (run on start). */
    async seedDefinitions(): Promise<void> {
      await strategies.seedDefinitions(
        plugins.map((plugin) => {
          const { jsonSchema, defaults } = configSchemaOf(plugin);
          return {
            slug: plugin.slug,
            name: plugin.name,
            description: plugin.description,
            version: plugin.version,
            codeRef: codeRefOf(plugin),
            configSchema: jsonSchema,
            defaults,
          };
        }),
      );
    },

    async definitions(): Promise<StrategyDefinitionView[]> {
      return (await strategies.listDefinitions()).map((d) => ({
        slug: d.slug,
        name: d.name,
        description: d.description,
        version: d.version,
        codeRef: d.codeRef,
        configSchema: d.configSchema,
        defaults: d.defaults,
      }));
    },

    /** The client's instances. */
    async instances(clientId: string, filter: { accountId?: string } = {}): Promise<StrategyInstanceView[]> {
      const records = await strategies.listClientInstances(clientId, filter);
      const runs = await strategies.latestRuns(records.map((r) => r.id));
      return records.map((r) => instanceView(r, runs.get(r.id)));
    },

    async instance(id: string): Promise<StrategyInstanceView | undefined> {
      const record = await strategies.getInstance(id);
      return record && withLastRun(record);
    },

    async createInstance(input: CreateStrategyInstance, actor: string | null): Promise<Outcome<StrategyInstanceView>> {
      const definition = (await strategies.listDefinitions()).find((d) => d.slug === input.strategySlug);
      if (!definition)
        return {
          ok: false,
          kind: 'invalid',
          message: `Unknown strategy ${input.strategySlug}`,
          issues: [{ path: 'body.strategySlug', message: `No strategy ${input.strategySlug}` }],
        };
      if (!(await deps.accounts.get(input.accountId)))
        return {
          ok: false,
          kind: 'invalid',
          message: 'Unknown account',
          issues: [{ path: 'body.accountId', message: `No account ${input.accountId}` }],
        };
      const portfolio = await checkPortfolio(input.portfolioId);
      if (portfolio) return { ok: false, ...portfolio };
      const config = validConfig(definition.codeRef, input.config ?? {});
      if (!config.ok) return config;
      const watchlists = await checkWatchlists(input.accountId, config.value);
      if (watchlists) return { ok: false, ...watchlists };
      const at = clock.now();
      const created = await strategies.createInstance(
        {
          versionId: definition.versionId,
          accountId: input.accountId,
          portfolioId: input.portfolioId ?? null,
          name: input.name,
          config: config.value,
          enabled: input.enabled ?? false,
        },
        at,
      );
      await deps.audit.record({
        actorUserId: actor,
        action: 'strategy_instance.create',
        entityType: 'strategy_instance',
        entityId: created.id,
        before: null,
        after: { name: created.name, strategy: created.strategySlug, config: created.config, enabled: created.enabled },
        at,
      });
      return { ok: true, value: instanceView(created, undefined) };
    },

    async updateInstance(
      id: string,
      patch: UpdateStrategyInstance,
      actor: string | null,
    ): Promise<Outcome<StrategyInstanceView>> {
      const existing = await strategies.getInstance(id);
      if (!existing) return { ok: false, kind: 'not_found', message: `No strategy instance ${id}` };
      const portfolio = await checkPortfolio(patch.portfolioId);
      if (portfolio) return { ok: false, ...portfolio };
      let config: Record<string, unknown> | undefined;
      if (patch.config !== undefined) {
        const checked = validConfig(existing.codeRef, patch.config);
        if (!checked.ok) return checked;
        const watchlists = await checkWatchlists(existing.accountId, checked.value);
        if (watchlists) return { ok: false, ...watchlists };
        config = checked.value;
      }
      const at = clock.now();
      const updated = await strategies.updateInstance(
        id,
        {
          ...(patch.name === undefined ? {} : { name: patch.name }),
          ...(patch.portfolioId === undefined ? {} : { portfolioId: patch.portfolioId }),
          ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
          ...(patch.autotradeEnabled === undefined ? {} : { autotradeEnabled: patch.autotradeEnabled }),
          ...(config === undefined ? {} : { config }),
        },
        at,
      );
      if (!updated) return { ok: false, kind: 'not_found', message: `No strategy instance ${id}` };
      await deps.audit.record({
        actorUserId: actor,
        action: 'strategy_instance.update',
        entityType: 'strategy_instance',
        entityId: id,
        before: {
          name: existing.name,
          config: existing.config,
          enabled: existing.enabled,
          autotradeEnabled: existing.autotradeEnabled,
        },
        after: {
          name: updated.name,
          config: updated.config,
          enabled: updated.enabled,
          autotradeEnabled: updated.autotradeEnabled,
        },
        at,
      });
      return { ok: true, value: await withLastRun(updated) };
    },

    async deleteInstance(id: string, actor: string | null): Promise<boolean> {
      const existing = await strategies.getInstance(id);
      if (!existing || !(await strategies.deleteInstance(id))) return false;
      await deps.audit.record({
        actorUserId: actor,
        action: 'strategy_instance.delete',
        entityType: 'strategy_instance',
        entityId: id,
        before: { name: existing.name, strategy: existing.strategySlug, config: existing.config },
        after: null,
        at: clock.now(),
      });
      return true;
    },

    /** The client's live and paper runs, newest first. */
    async runs(
      clientId: string,
      filter: { instanceId?: string | undefined; limit: number },
    ): Promise<StrategyRunView[]> {
      return (await strategies.listRuns(clientId, filter)).map(runView);
    },

    async run(id: string): Promise<StrategyRunDetail | undefined> {
      const run = await strategies.getRun(id);
      if (!run) return undefined;
      const signals = await strategies.listSignals(id);
      return {
        ...runView(run),
        signals: signals.map((s) => ({
          id: s.id,
          kind: s.kind,
          symbol: s.symbol,
          message: s.message,
          payload: s.payload,
          at: s.at.toISOString(),
        })),
      };
    },

    async opportunities(clientId: string, query: OpportunitiesQuery): Promise<OpportunityView[]> {
      const rows = await strategies.listOpportunities(clientId, query);
      return rows.map((o) => ({
        id: o.id,
        runId: o.runId,
        instanceId: o.instanceId,
        instanceName: o.instanceName,
        symbol: o.symbol,
        expiry: o.expiry,
        strike: o.strike,
        right: o.right,
        dte: o.dte,
        bid: o.bid,
        ask: o.ask,
        mid: o.mid,
        delta: o.delta,
        iv: o.iv,
        ivRank: o.ivRank,
        ror: o.ror,
        annualizedRor: o.annualizedRor,
        pop: o.pop,
        volume: o.volume,
        openInterest: o.openInterest,
        spreadPct: o.spreadPct,
        score: o.score,
        rank: o.rank,
        details: o.details,
        createdAt: o.createdAt.toISOString(),
      }));
    },

    async recommendations(clientId: string, query: RecommendationsQuery): Promise<RecommendationView[]> {
      const rows = await strategies.listClientRecommendations(clientId, {
        ...query,
        status: query.status ?? 'pending',
      });
      return rows.map(recommendationView);
    },

    /** Every client's pending recommendations of these runs: the CLI's summary of what it just ran, not an API list. */
    async pendingOfRuns(runIds: readonly string[]): Promise<RecommendationView[]> {
      const runs = new Set(runIds);
      const rows = await strategies.listRecommendations({ status: 'pending', limit: 1000 });
      return rows.filter((r) => r.runId !== null && runs.has(r.runId)).map(recommendationView);
    },

    async recommendation(id: string): Promise<RecommendationView | undefined> {
      const row = await strategies.getRecommendation(id);
      return row && recommendationView(row);
    },

    watchlists: {
      async list(clientId: string): Promise<WatchlistView[]> {
        return (await deps.watchlists.list(clientId)).map(watchlistView);
      },
      async get(id: string): Promise<WatchlistView | undefined> {
        const found = await deps.watchlists.get(id);
        return found && watchlistView(found);
      },
      async create(clientId: string, input: CreateWatchlist): Promise<WatchlistView> {
        return watchlistView(await deps.watchlists.create(clientId, input, clock.now()));
      },
      async update(id: string, patch: UpdateWatchlist): Promise<WatchlistView | undefined> {
        const updated = await deps.watchlists.update(
          id,
          {
            ...(patch.name === undefined ? {} : { name: patch.name }),
            ...(patch.symbols === undefined ? {} : { symbols: patch.symbols }),
          },
          clock.now(),
        );
        return updated && watchlistView(updated);
      },
      delete: (id: string) => deps.watchlists.delete(id),
    },
  };
}
