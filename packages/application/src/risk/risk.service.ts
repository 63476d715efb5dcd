// The risk engine's use cases: an account's state from the ingested book (`buildAccountState`), its risk
// (`accountRisk`: RiskState, position states, the rules against the book), the pre-trade check of a proposed order
// (`checkOrder`, for the recommendations and the order manager) and the per-account limits.
//
// The measures themselves are the domain's (packages/domain/src/risk); this layer gathers their inputs: the latest
// snapshot's cash, positions with their latest quotes, spots, the shipped price history (VaR scenarios, beta,
// realized vol), reference data (kind, dividends, rate) and the limits stored for the account.
import type {
  AccountRiskResponse,
  PositionStateView,
  RiskCheckLeg,
  RiskCheckResponse,
  RiskLimitsInput,
  RiskLimitsResponse,
} from '@optionstrader/contracts';
import {
  type AccountType,
  type IsoDate,
  type MarginInstrument,
  type MarginMarket,
  type MarginPosition,
  type Micros,
  type RiskLimits,
  addDays,
  checkBook,
  checkOrder as checkDomainOrder,
  computeRiskState,
  formatMarginSummary,
  isReduceOnly,
  marginUsage,
  newYorkDateOf,
  parseMoney,
  positionRisk,
  resolveLimits,
} from '@optionstrader/domain';
import type {
  AccountRecord,
  AuditRepository,
  Broker,
  Clock,
  DailyClose,
  PositionRecord,
  PriceHistory,
  QuoteRecord,
  ReadQueries,
  RiskLimitsRepository,
  UnderlierReference,
} from '../ports';
import { brokerWhatIf, type WhatIfOutcome } from './broker-what-if';
import { historyInputs } from './history-inputs';
import { type MarketInputs, type OptionPoint, buildMarketInputs } from './market-inputs';

export interface RiskServiceDeps {
  queries: Pick<ReadQueries, 'accounts' | 'positions' | 'chains'>;
  /** Asked for its own what-if margin of a checked order; absent when no broker is configured. */
  broker?: Pick<Broker, 'connectionState' | 'contractDetails' | 'whatIf'> | undefined;
  limits: RiskLimitsRepository;
  history: PriceHistory;
  reference: UnderlierReference;
  audit: AuditRepository;
  clock: Clock;
}

/** One position of the book: the stored record and its form for the risk rules. */
export interface BookPosition {
  record: PositionRecord;
  position: MarginPosition;
}

/** Everything the risk measures of one account are computed from. */
export interface AccountState {
  account: AccountRecord;
  asOfMs: number;
  /** The latest snapshot's cash; null before the first sync (then no risk state can be computed). */
  cash: Micros | null;
  positions: BookPosition[];
  /** Positions the risk rules do not model (futures, index positions), by symbol. */
  unsupported: string[];
  market: MarketInputs;
  history: { through: IsoDate | null; returnsBySymbol: Record<string, number[]> };
  drawdown: number | null;
  overrides: RiskLimits;
}

export type LimitsUpdate = { ok: true; limits: RiskLimitsResponse } | { ok: false; message: string } | null;

const number = (text: string | null): number | null => (text === null ? null : Number(text));
const BENCHMARK = 'SPY';

function instrumentOf(record: PositionRecord): MarginInstrument | null {
  if (record.assetClass === 'STK' || record.assetClass === 'ETF') return { kind: 'stock' };
  if (record.assetClass !== 'OPT' || record.strike === null || record.expiry === null || record.right === null)
    return null;
  return {
    kind: 'option',
    right: record.right === 'C' ? 'call' : 'put',
    strike: Number(record.strike),
    expiry: record.expiry as IsoDate,
    multiplier: Number(record.multiplier),
  };
}

const quoteSpot = (quote: QuoteRecord | null): number | null => {
  const text = quote?.mark ?? quote?.last ?? null;
  const value = text === null ? null : Number(text);
  return value !== null && value > 0 ? value : null;
};

function legInstrument(leg: RiskCheckLeg): MarginInstrument {
  if (leg.kind === 'stock') return { kind: 'stock' };
  return {
    kind: 'option',
    right: leg.right ?? 'call',
    strike: leg.strike ?? 0,
    expiry: (leg.expiry ?? '') as IsoDate,
    multiplier: leg.multiplier,
  };
}

const whatIfFields = (outcome: WhatIfOutcome): Pick<RiskCheckResponse, 'brokerWhatIf' | 'brokerWhatIfError'> =>
  'result' in outcome
    ? { brokerWhatIf: outcome.result, brokerWhatIfError: null }
    : { brokerWhatIf: null, brokerWhatIfError: outcome.error };

export type RiskService = ReturnType<typeof createRiskService>;

/** Checks orders against one read of an account (see `orderChecker`). */
export interface OrderChecker {
  accountCode: string;
  asOfMs: number;
  check(
    legs: readonly RiskCheckLeg[],
    newContractsThisRun: number,
  ): Omit<RiskCheckResponse, 'brokerWhatIf' | 'brokerWhatIfError'>;
  /** Every leg closes part of a held position and none opens or flips one (the reduce-only state allows these). */
  reducesOnly(legs: readonly RiskCheckLeg[]): boolean;
}

export function createRiskService(deps: RiskServiceDeps) {
  const { queries, clock } = deps;

  async function findAccount(accountId: string): Promise<AccountRecord | undefined> {
    return queries.accounts.get(accountId);
  }

  async function limitsView(account: AccountRecord, overrides: RiskLimits): Promise<RiskLimitsResponse> {
    return {
      accountId: account.id,
      accountType: account.type,
      defaults: resolveLimits(account.type),
      overrides,
      effective: resolveLimits(account.type, overrides),
    };
  }

  /**
   * The account's state from the ingested data; `legs` add the underliers and options of a proposed order to the
   * market (their spots and quotes). Undefined when the account does not exist.
   */
  async function buildAccountState(accountId: string, legs: readonly RiskCheckLeg[] = []) {
    const account = await findAccount(accountId);
    if (!account) return undefined;
    const nowMs = clock.now().getTime();
    const [records, overrides, peak] = await Promise.all([
      queries.positions.list({ accountId }),
      deps.limits.get(accountId),
      queries.accounts.peakNetLiquidation(accountId),
    ]);

    const positions: BookPosition[] = [];
    const unsupported: string[] = [];
    const spots = new Map<string, { spot: number; source: 'position' | 'quote' }>();
    const options: OptionPoint[] = [];
    for (const record of records) {
      const instrument = instrumentOf(record);
      if (instrument === null) {
        unsupported.push(record.symbol);
        continue;
      }
      const mark = number(record.mark);
      positions.push({
        record,
        position: { symbol: record.underlying, quantity: Number(record.quantity), mark, instrument },
      });
      const underlierPrice = instrument.kind === 'stock' ? mark : number(record.underlyingPrice);
      if (underlierPrice !== null && underlierPrice > 0 && !spots.has(record.underlying))
        spots.set(record.underlying, { spot: underlierPrice, source: 'position' });
      if (instrument.kind === 'option')
        options.push({
          symbol: record.underlying,
          expiry: instrument.expiry,
          strike: instrument.strike,
          right: instrument.right,
          impliedVol: record.quote?.impliedVol ?? null,
          mark,
        });
    }

    const bookSymbols = [...new Set(positions.map((p) => p.position.symbol))].sort();
    const symbols = [...new Set([...bookSymbols, ...legs.map((leg) => leg.symbol), BENCHMARK])].sort();
    // Spots the book does not carry (the benchmark, an order's new underlier) come from the stored quotes.
    await Promise.all(
      symbols
        .filter((symbol) => !spots.has(symbol))
        .map(async (symbol) => {
          const spot = quoteSpot(await queries.chains.underlyingQuote(symbol));
          if (spot !== null) spots.set(symbol, { spot, source: 'quote' });
        }),
    );
    // An order's options: their stored quotes give the vol and the default price.
    await Promise.all(
      legs
        .filter((leg) => leg.kind === 'option' && leg.expiry !== undefined)
        .map(async (leg) => {
          const chain = await queries.chains.options(leg.symbol, leg.expiry as string);
          const listed = chain.find(
            (o) => Number(o.strike) === leg.strike && (o.right === 'C' ? 'call' : 'put') === leg.right,
          );
          options.push({
            symbol: leg.symbol,
            expiry: leg.expiry as IsoDate,
            strike: leg.strike ?? 0,
            right: leg.right ?? 'call',
            impliedVol: listed?.quote?.impliedVol ?? null,
            mark: number(listed?.quote?.mark ?? null),
          });
        }),
    );

    const closes = new Map<string, readonly DailyClose[] | null>();
    await Promise.all([...symbols, 'VIX'].map(async (symbol) => closes.set(symbol, await deps.history.closes(symbol))));
    const fromHistory = historyInputs(closes, bookSymbols, { benchmark: BENCHMARK });
    const vixCloses = closes.get('VIX');
    const lastExpiry = options.reduce<IsoDate | null>(
      (latest, o) => (latest === null || o.expiry > latest ? o.expiry : latest),
      null,
    );
    const market = buildMarketInputs({
      nowMs,
      reference: deps.reference,
      symbols,
      spots,
      options,
      dailyVolBySymbol: fromHistory.dailyVolBySymbol,
      betaBySymbol: fromHistory.betaBySymbol,
      vix: vixCloses?.[vixCloses.length - 1]?.close ?? null,
      dividendHorizon: lastExpiry ?? addDays(newYorkDateOf(nowMs), 365),
    });

    const snapshot = account.latestSnapshot;
    const latestNlv = number(snapshot?.netLiquidation ?? null);
    const peakNlv = number(peak);
    const drawdown =
      latestNlv !== null && peakNlv !== null && peakNlv > 0 ? Math.max(0, 1 - latestNlv / peakNlv) : null;
    const state: AccountState = {
      account,
      asOfMs: nowMs,
      cash: snapshot?.cash == null ? null : parseMoney(snapshot.cash),
      positions,
      unsupported,
      market,
      history: { through: fromHistory.through, returnsBySymbol: fromHistory.returnsBySymbol },
      drawdown,
      overrides: overrides ?? {},
    };
    return state;
  }

  function positionView(book: BookPosition, market: MarginMarket, state: AccountState): PositionStateView {
    const { record, position } = book;
    const instrument = position.instrument;
    const risk = positionRisk({
      position,
      market,
      dividends: state.market.dividends.get(position.symbol) ?? null,
    });
    return {
      positionId: record.id,
      symbol: position.symbol,
      description:
        instrument.kind === 'stock'
          ? position.symbol
          : `${position.symbol} ${instrument.expiry} ${instrument.strike} ${instrument.right}`,
      kind: instrument.kind,
      right: instrument.kind === 'option' ? instrument.right : null,
      strike: instrument.kind === 'option' ? instrument.strike : null,
      expiry: instrument.kind === 'option' ? instrument.expiry : null,
      multiplier: instrument.kind === 'option' ? instrument.multiplier : 1,
      quantity: position.quantity,
      mark: position.mark,
      avgPrice: record.avgPrice,
      costBasis: record.costBasis,
      marketValue: record.marketValue,
      unrealizedPnl: record.unrealizedPnl,
      ...risk,
    };
  }

  function unavailableReason(state: AccountState): string | null {
    if (state.cash !== null) return null;
    return state.account.latestSnapshot === null
      ? `No balance yet for ${state.account.accountCode}: the account has not been synced`
      : `The broker reported no cash balance for ${state.account.accountCode}`;
  }

  /**
   * Checks many orders against one read of the account (a strategy run checks each of its recommendations); the
   * market includes the options of every leg given here. Undefined when the account does not exist.
   */
  async function orderChecker(
    accountId: string,
    legsOfAll: readonly RiskCheckLeg[],
  ): Promise<OrderChecker | { unavailable: string } | undefined> {
    const state = await buildAccountState(accountId, legsOfAll);
    if (!state) return undefined;
    const cash = state.cash;
    if (cash === null) return { unavailable: unavailableReason(state) ?? 'No cash balance' };
    return {
      accountCode: state.account.accountCode,
      asOfMs: state.asOfMs,
      check(
        legs: readonly RiskCheckLeg[],
        newContractsThisRun: number,
      ): Omit<RiskCheckResponse, 'brokerWhatIf' | 'brokerWhatIfError'> {
        const result = checkDomainOrder({
          type: state.account.type,
          limits: state.overrides,
          cash,
          positions: state.positions.map((p) => p.position),
          market: state.market.market,
          order: {
            legs: legs.map((leg) => ({
              symbol: leg.symbol,
              instrument: legInstrument(leg),
              quantity: leg.quantity,
              ...(leg.price === undefined ? {} : { price: leg.price }),
            })),
          },
          newContractsThisRun,
          ...(state.drawdown === null ? {} : { drawdown: state.drawdown }),
        });
        return {
          verdict: result.verdict,
          reasons: result.reasons,
          before: formatMarginSummary(result.before),
          after: formatMarginSummary(result.after),
          marginUsageBefore: marginUsage(result.before),
          marginUsageAfter: marginUsage(result.after),
          quantityScale: result.quantityScale ?? null,
        };
      },
      reducesOnly(legs) {
        return isReduceOnly(
          legs.map((leg) => ({ symbol: leg.symbol, instrument: legInstrument(leg), quantity: leg.quantity })),
          state.positions.map((p) => p.position),
        );
      },
    };
  }

  return {
    buildAccountState,

    /** The account's risk: undefined when the account does not exist. */
    async accountRisk(accountId: string): Promise<AccountRiskResponse | undefined> {
      const state = await buildAccountState(accountId);
      if (!state) return undefined;
      const { account, market } = state;
      const type: AccountType = account.type;
      const positions = state.positions.map((p) => p.position);
      const snapshot = account.latestSnapshot;
      const cash = state.cash;
      const risk =
        cash === null
          ? null
          : computeRiskState({
              type,
              cash,
              positions,
              market: market.market,
              returnsBySymbol: state.history.returnsBySymbol,
              dailyVolBySymbol: Object.fromEntries(
                market.inputs.filter((i) => i.dailyVol !== null).map((i) => [i.symbol, i.dailyVol as number]),
              ),
              betaBySymbol: Object.fromEntries(market.inputs.map((i) => [i.symbol, i.beta])),
            });
      const verdicts =
        cash === null
          ? []
          : checkBook({
              type,
              limits: state.overrides,
              cash,
              positions,
              market: market.market,
              ...(state.drawdown === null ? {} : { drawdown: state.drawdown }),
            });
      const bookSymbols = new Set(positions.map((p) => p.symbol));
      let unavailable = unavailableReason(state);
      if (state.unsupported.length > 0) {
        const note = `Not modelled by the risk rules: ${state.unsupported.join(', ')}`;
        unavailable = unavailable === null ? note : `${unavailable}. ${note}`;
      }
      return {
        accountId: account.id,
        accountCode: account.accountCode,
        label: account.label,
        accountType: type,
        currency: snapshot?.currency ?? account.baseCurrency,
        asOf: new Date(state.asOfMs).toISOString(),
        snapshotAsOf: snapshot ? snapshot.asOf.toISOString() : null,
        historyThrough: Object.keys(state.history.returnsBySymbol).length > 0 ? state.history.through : null,
        broker: snapshot
          ? {
              netLiquidation: snapshot.netLiquidation,
              maintMargin: snapshot.maintMargin,
              initMargin: snapshot.initMargin,
              excessLiquidity: snapshot.excessLiquidity,
              buyingPower: snapshot.buyingPower,
              marginUsage:
                snapshot.maintMargin !== null && snapshot.netLiquidation !== null && Number(snapshot.netLiquidation) > 0
                  ? Number(snapshot.maintMargin) / Number(snapshot.netLiquidation)
                  : null,
            }
          : null,
        positions: state.positions.map((p) => positionView(p, market.market, state)),
        risk,
        unavailable,
        verdicts,
        drawdown: state.drawdown,
        limits: await limitsView(account, state.overrides),
        // The benchmark is fetched for beta-weighting; list it only when the book holds it.
        inputs: market.inputs.filter((i) => bookSymbols.has(i.symbol)),
      };
    },

    /**
     * The pre-trade check of a proposed order against the account's book and limits. Undefined when the account
     * does not exist.
     */
    async checkOrder(
      accountId: string,
      order: { legs: readonly RiskCheckLeg[]; newContractsThisRun?: number },
    ): Promise<RiskCheckResponse | { unavailable: string } | undefined> {
      const checker = await orderChecker(accountId, order.legs);
      if (checker === undefined || !('check' in checker)) return checker;
      const whatIf: Promise<WhatIfOutcome> = deps.broker
        ? brokerWhatIf(deps.broker, checker.accountCode, order.legs, `what-if:${accountId}:${checker.asOfMs}`)
        : Promise.resolve({ error: 'no broker is configured' });
      const result = checker.check(order.legs, order.newContractsThisRun ?? 0);
      return { ...result, ...whatIfFields(await whatIf) };
    },

    orderChecker,

    async limits(accountId: string): Promise<RiskLimitsResponse | undefined> {
      const account = await findAccount(accountId);
      if (!account) return undefined;
      return limitsView(account, (await deps.limits.get(accountId)) ?? {});
    },

    /** Replaces the account's overrides (audited). Refuses limits whose warn level is above their block level. */
    async setLimits(accountId: string, overrides: RiskLimitsInput, actorUserId: string | null): Promise<LimitsUpdate> {
      const account = await findAccount(accountId);
      if (!account) return null;
      const cleaned: RiskLimits = Object.fromEntries(
        Object.entries(overrides).filter(([, value]) => value !== undefined),
      );
      const effective = resolveLimits(account.type, cleaned);
      const pairs = [
        ['marginUsageWarn', 'marginUsageMax'],
        ['tickerExposureWarn', 'tickerExposureMax'],
        ['drawdownThrottleAt', 'drawdownBlockAt'],
      ] as const;
      for (const [low, high] of pairs) {
        const a = effective[low];
        const b = effective[high];
        if (a !== null && b !== null && a > b)
          return { ok: false, message: `${low} (${a}) must not be above ${high} (${b}) once defaults are applied` };
      }
      const before = (await deps.limits.get(accountId)) ?? {};
      const at = clock.now();
      if (!(await deps.limits.set(accountId, cleaned, at))) return null;
      await deps.audit.record({
        actorUserId,
        action: 'risk_limits.update',
        entityType: 'broker_account',
        entityId: accountId,
        before,
        after: cleaned,
        at,
      });
      return { ok: true, limits: await limitsView(account, cleaned) };
    },
  };
}
