// The orchestrator: for each strategy instance, one StrategyRun row — the account's state, the quotes the plugin asks
// for, the plugin's signals, opportunities and recommendations, each recommendation checked by the risk engine, all
// stored at once. An instance that fails records its error on its run and does not stop the others.
//
// Idempotent: a recommendation's fingerprint (action, legs, quantity) is unique among the instance's pending ones
// (also enforced by the database), so a re-run on the same state keeps the pending row instead of adding one; a
// pending recommendation the new run no longer makes is superseded; pending ones past their expiry are expired.
import {
  type IsoDate,
  type RecommendationDraft,
  type ScoredOpportunity,
  type StrategyInstance,
  type StrategyPlugin,
  type StrategySignal,
  computeRiskState,
  newYorkDateOf,
  parseStrategyConfig,
  pluginFor,
  recommendationFingerprint,
} from '@optionstrader/domain';
import type { RecommendationRiskView, RiskCheckLeg, StrategyRunStats } from '@optionstrader/contracts';
import type {
  BrokerContract,
  BrokerQuote,
  Clock,
  IngestRepository,
  LogPort,
  NewOpportunity,
  NewRecommendation,
  NewSignal,
  RunMode,
  StrategyHistoryQuery,
  StrategyInstanceRecord,
  StrategyReference,
  StrategyRepository,
  StrategyRunRecord,
  UnderlierReference,
  WatchlistsRepository,
} from '../ports';
import type { RiskService } from '../risk/risk.service';
import { storeContracts } from '../broker/store-contracts';
import { type ChainBroker, fetchChains, fetchSpots, optionKey } from './chain-fetch';
import { strategyAccountOf, strategyMarketOf, widenMarginMarket } from './strategy-inputs';

export interface StrategyRunnerDeps {
  strategies: StrategyRepository;
  watchlists: Pick<WatchlistsRepository, 'get'>;
  history: StrategyHistoryQuery;
  risk: Pick<RiskService, 'buildAccountState' | 'orderChecker'>;
  /** Absent (no broker configured): every chain is reported missing. */
  broker: ChainBroker | undefined;
  ingest: IngestRepository;
  reference: UnderlierReference;
  strategyReference: StrategyReference;
  clock: Clock;
  /** Test seam: the plugin of a code_ref (default: the registry). */
  pluginFor?: (codeRef: string) => StrategyPlugin<unknown> | undefined;
  /** Structured log: each run writes through a child carrying its runId, instanceId and accountId. */
  log?: LogPort | undefined;
}

const DAY_MS = 86_400_000;
/** Option premiums this far back lower a Wheel's cost basis (the holding cycle, approximated). */
const PREMIUM_WINDOW_MS = 365 * DAY_MS;
/** Events since the previous run; the first run looks this far back. */
const FIRST_EVENTS_WINDOW_MS = 7 * DAY_MS;

const emptyStats = (): StrategyRunStats => ({
  signals: 0,
  opportunities: 0,
  recommendations: 0,
  unchanged: 0,
  superseded: 0,
  expired: 0,
  riskBlocked: 0,
  contractsQuoted: 0,
});

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The order legs of a draft, signed for the risk engine (+ buys, − sells), priced at their mids. */
export function riskLegsOf(draft: RecommendationDraft): RiskCheckLeg[] {
  return draft.legs.map((leg) => {
    const quantity = (leg.side === 'BUY' ? 1 : -1) * leg.ratio * draft.quantity;
    return {
      symbol: leg.symbol,
      kind: leg.kind,
      ...(leg.kind === 'option'
        ? { right: leg.right ?? 'call', strike: leg.strike ?? 0, expiry: leg.expiry ?? '' }
        : {}),
      multiplier: leg.multiplier,
      quantity,
      ...(leg.mid === null ? {} : { price: leg.mid }),
    };
  });
}

/** A scored opportunity as stored, on its instrument. */
export function opportunityRow(o: ScoredOpportunity, instrumentId: string): NewOpportunity {
  return {
    key: o.key,
    instrumentId,
    bid: o.bid,
    ask: o.ask,
    mid: o.mid,
    delta: o.delta,
    dte: o.dte,
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
  };
}

const formatPrice = (value: number): string => {
  const fixed = value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
};

export type StrategyRunner = ReturnType<typeof createStrategyRunner>;

export function createStrategyRunner(deps: StrategyRunnerDeps) {
  const { strategies, clock } = deps;
  const findPlugin = deps.pluginFor ?? pluginFor;
  const createdAt = clock.now();
  let recovered = false;
  // One run at a time in this process (the scheduler and the API may ask together); the database's unique index
  // covers other processes.
  let queue: Promise<unknown> = Promise.resolve();

  async function watchlistSymbols(config: Record<string, unknown>): Promise<string[]> {
    const ids = Array.isArray(config.watchlistIds) ? (config.watchlistIds as string[]) : [];
    const lists = await Promise.all(ids.map((id) => deps.watchlists.get(id)));
    return lists.flatMap((list) => list?.symbols ?? []);
  }

  async function runInstance(
    instance: StrategyInstanceRecord,
    mode: RunMode,
    expired: number,
  ): Promise<StrategyRunRecord> {
    const startedAt = clock.now();
    const nowMs = startedAt.getTime();
    const previous = (await strategies.latestRuns([instance.id])).get(instance.id);
    const { id: runId } = await strategies.startRun({
      instanceId: instance.id,
      versionId: instance.versionId,
      mode,
      config: instance.config,
      startedAt,
    });
    const log = deps.log?.child({ runId, instanceId: instance.id, accountId: instance.accountId, mode });
    log?.debug({ strategy: instance.codeRef, instance: instance.name }, 'strategy run started');
    const stats = { ...emptyStats(), expired };
    const timings: Record<string, number> = {};
    const lap = (() => {
      let last = clock.now().getTime();
      return (phase: string) => {
        const now = clock.now().getTime();
        timings[phase] = now - last;
        last = now;
      };
    })();
    try {
      const plugin = findPlugin(instance.codeRef);
      if (!plugin) throw new Error(`This build has no strategy plugin ${instance.codeRef}`);
      const parsed = parseStrategyConfig(plugin, instance.config);
      if (!parsed.ok)
        throw new Error(`Invalid config: ${parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const config = parsed.config as Record<string, unknown> & {
        onRiskBlock: 'show' | 'drop';
        recommendationTtlHours: number;
      };

      const state = await deps.risk.buildAccountState(instance.accountId);
      if (!state) throw new Error(`Account ${instance.accountId} does not exist`);
      if (state.cash === null)
        throw new Error(`No balance yet for ${state.account.accountCode}: sync the account before running strategies`);
      const [premiums, events, listed] = await Promise.all([
        deps.history.optionPremiums(instance.accountId, new Date(nowMs - PREMIUM_WINDOW_MS)),
        deps.history.optionEvents(instance.accountId, previous?.startedAt ?? new Date(nowMs - FIRST_EVENTS_WINDOW_MS)),
        watchlistSymbols(config),
      ]);
      const account = strategyAccountOf(state, { portfolioId: instance.portfolioId, premiums, events });
      const view: StrategyInstance<unknown> = {
        id: instance.id,
        name: instance.name,
        accountId: instance.accountId,
        portfolioId: instance.portfolioId,
        config,
        watchlistSymbols: listed,
      };
      const configured = Array.isArray(config.symbols) ? (config.symbols as string[]) : [];
      const universe = [...new Set([...configured, ...listed, ...account.positions.map((p) => p.symbol)])].sort();
      lap('loadMs');

      const signals: StrategySignal[] = [];
      const fetched = deps.broker ? await fetchSpots(deps.broker, universe) : null;
      const spots = new Map<string, number | null>(
        universe.map((symbol) => [symbol, fetched?.spots.get(symbol) ?? state.market.market.spot(symbol)]),
      );
      for (const [symbol, problem] of fetched?.problems ?? [])
        if (spots.get(symbol) === null) signals.push({ kind: 'missing_data', symbol, message: problem });
      const today: IsoDate = newYorkDateOf(nowMs);
      const requests = plugin.dataNeeds({ account, instance: view, asOf: nowMs, spots });
      const chains = deps.broker
        ? await fetchChains(deps.broker, requests, spots, today)
        : {
            chains: new Map(
              requests.map((r) => [
                r.symbol,
                { symbol: r.symbol, options: [], missing: `no broker is configured: no quotes for ${r.symbol}` },
              ]),
            ),
            contracts: new Map<string, BrokerContract>(),
            quotes: new Map<string, BrokerQuote>(),
            quoted: 0,
          };
      stats.contractsQuoted = chains.quoted;
      lap('fetchMs');
      const missingChains = [...chains.chains.values()].filter((c) => c.missing !== null);
      log?.debug(
        {
          universe: universe.length,
          chainsRequested: requests.length,
          contractsQuoted: chains.quoted,
          chainsMissing: missingChains.map((c) => ({ symbol: c.symbol, reason: c.missing })),
          fetchMs: timings.fetchMs,
        },
        'strategy scan',
      );

      const market = strategyMarketOf({
        nowMs,
        symbols: universe,
        spots,
        chains: chains.chains,
        reference: deps.reference,
        strategyReference: deps.strategyReference,
      });
      const marginMarket = widenMarginMarket(state.market.market, spots, chains.chains);
      const riskState = computeRiskState({
        type: state.account.type,
        cash: state.cash,
        positions: state.positions.map((p) => p.position),
        market: marginMarket,
      });
      const output = plugin.generateSignals({
        account,
        riskState,
        marginMarket,
        market,
        instance: view,
        asOf: nowMs,
      });
      signals.push(...output.signals);
      lap('computeMs');

      // Store what the run keeps: the opportunities' and legs' contracts with their quotes, and the underliers'.
      const keep = new Map<string, BrokerContract>();
      const keepQuotes: BrokerQuote[] = [];
      const keepOption = (key: string) => {
        const contract = chains.contracts.get(key);
        if (!contract || keep.has(contract.key)) return;
        keep.set(contract.key, contract);
        const quote = chains.quotes.get(key);
        if (quote) keepQuotes.push(quote);
      };
      for (const o of output.opportunities) keepOption(o.key);
      for (const draft of output.recommendations)
        for (const leg of draft.legs)
          if (leg.kind === 'option' && leg.expiry !== null && leg.strike !== null && leg.right !== null)
            keepOption(optionKey(leg.symbol, leg.expiry, leg.strike, leg.right));
      for (const [symbol, contract] of fetched?.underliers ?? []) {
        keep.set(contract.key, contract);
        const quote = fetched?.quotes.get(symbol);
        if (quote) keepQuotes.push(quote);
      }
      const instrumentIds = await storeContracts(deps.ingest, [...keep.values()], keepQuotes);

      // Each recommendation through the pre-trade check, in order, counting the contracts opened before it.
      const allLegs = output.recommendations.flatMap(riskLegsOf);
      const checker = allLegs.length > 0 ? await deps.risk.orderChecker(instance.accountId, allLegs) : undefined;
      const held = new Set(
        account.positions.flatMap(({ symbol, instrument }) =>
          instrument.kind === 'option'
            ? [optionKey(symbol, instrument.expiry, instrument.strike, instrument.right)]
            : [],
        ),
      );
      let newContracts = 0;
      const recommendations: NewRecommendation[] = [];
      const expiresAt = new Date(nowMs + config.recommendationTtlHours * 3_600_000);
      for (const draft of output.recommendations) {
        let risk: RecommendationRiskView;
        let quantity = draft.quantity;
        if (checker === undefined || !('check' in checker)) {
          risk = {
            verdict: 'warn',
            reasons: [],
            marginUsageBefore: null,
            marginUsageAfter: null,
            quantityScale: null,
            unavailable: checker?.unavailable ?? 'the account could not be read',
          };
        } else {
          const result = checker.check(riskLegsOf(draft), newContracts);
          if (result.quantityScale !== null && result.quantityScale < 1) {
            quantity = Math.floor(draft.quantity * result.quantityScale);
            if (quantity < 1) {
              signals.push({
                kind: 'risk_throttled',
                symbol: draft.symbol,
                message: `${draft.action} ${draft.symbol} dropped: the drawdown throttle scales ${draft.quantity} to 0`,
              });
              continue;
            }
          }
          risk = {
            verdict: result.verdict,
            reasons: result.reasons,
            marginUsageBefore: result.marginUsageBefore,
            marginUsageAfter: result.marginUsageAfter,
            quantityScale: result.quantityScale,
            unavailable: null,
          };
        }
        if (risk.verdict === 'block') {
          stats.riskBlocked += 1;
          if (config.onRiskBlock === 'drop') {
            signals.push({
              kind: 'risk_blocked',
              symbol: draft.symbol,
              message: `${draft.action} ${draft.symbol} not recommended: ${risk.reasons
                .filter((r) => r.verdict === 'block')
                .map((r) => r.message)
                .join('; ')}`,
            });
            continue;
          }
        }
        const adjusted: RecommendationDraft = quantity === draft.quantity ? draft : { ...draft, quantity };
        for (const leg of adjusted.legs)
          if (
            leg.kind === 'option' &&
            !held.has(optionKey(leg.symbol, leg.expiry ?? '', leg.strike ?? 0, leg.right ?? 'call'))
          )
            newContracts += leg.ratio * quantity;
        const rationale =
          quantity === draft.quantity
            ? draft.rationale
            : `${draft.rationale} Quantity ${draft.quantity} → ${quantity}: the drawdown throttle applies.`;
        recommendations.push({
          instanceId: instance.id,
          versionId: instance.versionId,
          accountId: instance.accountId,
          portfolioId: instance.portfolioId,
          runId,
          opportunityKey: adjusted.opportunityKey,
          fingerprint: recommendationFingerprint(adjusted),
          symbol: adjusted.symbol,
          action: adjusted.action,
          legs: adjusted.legs,
          quantity,
          limitPrice: adjusted.limitPrice === null ? null : formatPrice(adjusted.limitPrice),
          spread: adjusted.spread,
          rationale,
          confidence: adjusted.confidence,
          params: adjusted.params,
          riskCheck: risk,
          expiresAt,
        });
      }
      lap('riskMs');

      const at = clock.now();
      const opportunities: NewOpportunity[] = output.opportunities.flatMap((o) => {
        const contract = chains.contracts.get(o.key);
        const instrumentId = contract ? instrumentIds.get(contract.key) : undefined;
        return instrumentId === undefined ? [] : [opportunityRow(o, instrumentId)];
      });
      const storedSignals: NewSignal[] = signals.map((s) => ({
        instrumentId: null,
        kind: s.kind,
        symbol: s.symbol,
        message: s.message,
        payload: s.payload ?? null,
        at,
      }));
      const result = await strategies.saveRunOutcome({
        runId,
        instanceId: instance.id,
        signals: storedSignals,
        opportunities,
        recommendations,
        supersedeExcept: recommendations.map((r) => r.fingerprint),
        at,
      });
      stats.signals = storedSignals.length;
      stats.opportunities = opportunities.length;
      stats.recommendations = result.inserted;
      stats.unchanged = result.unchanged;
      stats.superseded = result.superseded;
      lap('storeMs');
      timings.totalMs = clock.now().getTime() - nowMs;
      await strategies.finishRun(runId, {
        status: 'succeeded',
        finishedAt: clock.now(),
        stats: { ...stats },
        errors: [],
        timings,
      });
      log?.info({ stats, timings }, 'strategy run succeeded');
    } catch (error) {
      timings.totalMs = clock.now().getTime() - nowMs;
      log?.warn({ err: error, stats, timings }, 'strategy run failed');
      await strategies.finishRun(runId, {
        status: 'failed',
        finishedAt: clock.now(),
        stats: { ...stats },
        errors: [errorText(error)],
        timings,
      });
    }
    const run = await strategies.getRun(runId);
    if (!run) throw new Error(`Strategy run ${runId} vanished`);
    return run;
  }

  async function execute(options: { instanceIds?: readonly string[]; mode: RunMode }): Promise<StrategyRunRecord[]> {
    if (!recovered) {
      await strategies.failInterruptedRuns(createdAt, clock.now());
      recovered = true;
    }
    const expired = await strategies.expireRecommendations(clock.now());
    const instances =
      options.instanceIds === undefined
        ? await strategies.listInstances({ enabled: true })
        : (await Promise.all(options.instanceIds.map((id) => strategies.getInstance(id)))).filter(
            (i): i is StrategyInstanceRecord => i !== undefined,
          );
    const runs: StrategyRunRecord[] = [];
    // The expiry sweep is counted on the first run of the batch.
    for (const instance of instances)
      runs.push(await runInstance(instance, options.mode, runs.length === 0 ? expired : 0));
    return runs;
  }

  return {
    /** Runs the given instances (default: every enabled one), one after another; returns their runs. */
    run(options: { instanceIds?: readonly string[]; mode?: RunMode } = {}): Promise<StrategyRunRecord[]> {
      const next = queue.then(() => execute({ ...options, mode: options.mode ?? 'paper' }));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
