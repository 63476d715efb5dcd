// Covered calls: sell calls only against long shares held in the same account, and manage the calls already sold.
// One implementation, two plugins: `covered_call` (margin accounts) and `covered_call_overlay` (TFSA, RRSP, cash —
// the same rules, which never sell a call the account's shares do not cover, in any account type).
//
// Sizing: the shares to keep covered are floor(shares × coverPct); new contracts = floor((that − shares already
// covered by short calls) / multiplier), never below 0, so a run never covers more than coverPct of the lots and
// repeated runs do not creep past it. Short calls beyond the shares (shares sold since) are reported and closed.
//
// Confidence of a new call (documented so the UI can explain it): 0.8, − 0.2 when the earnings date is unknown,
// − 0.2 when the call carries ex-dividend assignment risk, − 0.1 when its spread is over half the allowed maximum
// (or unknown); at least 0.1. Closing calls the shares no longer cover: 0.9.
import { z } from 'zod';
import { type IsoDate, daysBetween, newYorkDateOf } from '../calendar';
import { uncoveredShortCalls } from '../risk/margin';
import { symbolsField, universeOf, watchlistIdsField } from './config-parts';
import { manageShortOption, rollChainRequest, rollRulesSchema } from './rolls';
import { DEFAULT_SCAN_FILTERS, scoreMethodSchema } from './scanner/filters-schema';
import { midOf, rankOpportunities, scanOptions } from './scanner/scan';
import type { ScanFilters } from './scanner/scan-types';
import type {
  ChainRequest,
  ChainSlice,
  DataNeedsInput,
  ExDividendEvent,
  OptionQuote,
  RecommendationDraft,
  ScoredOpportunity,
  StrategyAccount,
  StrategyInput,
  StrategyOutput,
  StrategyPlugin,
  StrategyPosition,
  StrategySignal,
  UnderlierMarket,
} from './types';

const fraction = z.number().min(0).max(1);

export const coveredCallConfigSchema = z
  .object({
    symbols: symbolsField(
      [],
      'Only these tickers get calls sold against them (allowed tickers); empty = every long stock or ETF in the account',
    ),
    watchlistIds: watchlistIdsField,
    minDelta: fraction.default(0.25).describe('Lowest |delta| of a call sold (target window 0.25–0.30)'),
    maxDelta: fraction.default(0.3).describe('Highest |delta| of a call sold (target window 0.25–0.30)'),
    minDte: z.int().min(1).default(21).describe('Fewest calendar days to expiry of a call sold'),
    maxDte: z.int().min(1).default(45).describe('Most calendar days to expiry of a call sold'),
    minOpenInterest: z.int().min(0).nullable().default(100).describe('Least open interest of a call sold'),
    minCredit: z.number().min(0).nullable().default(0.1).describe('Least premium per share (the mid) of a call sold'),
    maxSpreadPct: z
      .number()
      .min(0)
      .nullable()
      .default(0.15)
      .describe('Widest bid-ask spread as a fraction of the mid (0.15 = 15%)'),
    scoreMethod: scoreMethodSchema,
    coverPct: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe('Fraction of the 100-share lots to keep covered (1 = every full lot, 0.5 = half of them)'),
    minStrikeAboveCost: z
      .boolean()
      .default(true)
      .describe("Only strikes at or above the shares' average cost (off = strikes below cost allowed)"),
    earningsGuard: z.boolean().default(true).describe('Never sell a call expiring on or after the next earnings date'),
    earningsUnknownPolicy: z
      .enum(['allow', 'skip'])
      .default('allow')
      .describe('When the earnings date is unknown: sell anyway (allow) or not (skip); a signal says so either way'),
    exDividendGuard: z
      .boolean()
      .default(true)
      .describe(
        'Flag early-assignment risk when an ex-dividend date falls before expiry and the extrinsic value at the bid is less than the dividend; roll or close an in-the-money short call in that case',
      ),
    roll: rollRulesSchema.prefault({}).describe('How open short calls are managed: profit target, DTE floor, rolls'),
  })
  .refine((c) => c.minDelta <= c.maxDelta, { message: 'minDelta must not exceed maxDelta', path: ['minDelta'] })
  .refine((c) => c.minDte <= c.maxDte, { message: 'minDte must not exceed maxDte', path: ['minDte'] });

export type CoveredCallConfig = z.infer<typeof coveredCallConfigSchema>;

/** Calls of 0.25–0.30 |Δ| over 21–45 days sit a few percent out of the money: fetch strikes from spot to +25%. */
const NEW_CALL_BAND = { minMoneyness: 1.0, maxMoneyness: 1.25 } as const;

const BASE_CONFIDENCE = 0.8;
const CLOSE_UNCOVERED_CONFIDENCE = 0.9;

type Variant = 'covered_call' | 'covered_call_overlay';

/** What the account holds of one underlier, as far as covered calls are concerned. */
interface Holding {
  symbol: string;
  /** Net shares (a short stock position counts against long ones); coverage uses only a positive net. */
  shares: number;
  /** Share-weighted average price of the long stock positions; null when any is unknown. */
  averageCost: number | null;
  /** All stock and option positions of the underlier (the coverage rule reads them all). */
  group: StrategyPosition[];
  shortCalls: StrategyPosition[];
  hasLongCalls: boolean;
}

const isCall = (p: StrategyPosition) => p.instrument.kind === 'option' && p.instrument.right === 'call';
const multiplierOf = (p: StrategyPosition) => (p.instrument.kind === 'option' ? p.instrument.multiplier : 1);

function holdingOf(account: StrategyAccount, symbol: string): Holding {
  const group = account.positions.filter((p) => p.symbol === symbol && p.quantity !== 0);
  const stock = group.filter((p) => p.instrument.kind === 'stock');
  const longStock = stock.filter((p) => p.quantity > 0);
  const longShares = longStock.reduce((sum, p) => sum + p.quantity, 0);
  const averageCost =
    longStock.length === 0 || longStock.some((p) => p.avgPrice === null)
      ? null
      : longStock.reduce((sum, p) => sum + p.quantity * (p.avgPrice ?? 0), 0) / longShares;
  return {
    symbol,
    shares: stock.reduce((sum, p) => sum + p.quantity, 0),
    averageCost,
    group,
    shortCalls: group.filter((p) => isCall(p) && p.quantity < 0),
    hasLongCalls: group.some((p) => isCall(p) && p.quantity > 0),
  };
}

/**
 * The holdings in scope: the allowed tickers (universe) when any — short calls of an allowed ticker with no shares
 * behind them included, so they are closed — else every underlier with long shares.
 */
function holdingsInScope(
  account: StrategyAccount,
  instance: StrategyInput<CoveredCallConfig>['instance'],
): { holdings: Holding[]; withoutShares: string[] } {
  const allowed = universeOf(instance);
  const held = [
    ...new Set(account.positions.filter((p) => p.instrument.kind === 'stock' && p.quantity > 0).map((p) => p.symbol)),
  ];
  if (allowed.length === 0) return { holdings: held.map((s) => holdingOf(account, s)), withoutShares: [] };
  const holdings = allowed.map((s) => holdingOf(account, s));
  return {
    holdings: holdings.filter((h) => h.shares > 0 || h.shortCalls.length > 0),
    withoutShares: holdings.filter((h) => h.shares <= 0 && h.shortCalls.length === 0).map((h) => h.symbol),
  };
}

const coveredShares = (holding: Holding) =>
  holding.shortCalls.reduce((sum, p) => sum + -p.quantity * multiplierOf(p), 0);

/** New contracts of `multiplier` shares each that keep coverage within floor(shares × coverPct); ≥ 0. */
export function newCoveredContracts(
  shares: number,
  shortCallShares: number,
  coverPct: number,
  multiplier: number,
): number {
  const target = Math.floor(Math.max(0, shares) * Math.min(1, coverPct) + 1e-9);
  return Math.max(0, Math.floor((target - shortCallShares) / multiplier));
}

const fmt = (x: number) => x.toFixed(2);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const callName = (symbol: string, expiry: IsoDate, strike: number) => `${symbol} ${expiry} ${fmt(strike)} call`;

const quoteOf = (chain: ChainSlice | undefined, position: StrategyPosition): OptionQuote | undefined => {
  const i = position.instrument;
  if (i.kind !== 'option') return undefined;
  return chain?.options.find((o) => o.expiry === i.expiry && o.strike === i.strike && o.right === i.right);
};

/** The first ex-dividend date after today and on or before `expiry` (early exercise happens the session before). */
export function exDividendBefore(underlier: UnderlierMarket, today: IsoDate, expiry: IsoDate): ExDividendEvent | null {
  const events = (underlier.exDividends ?? []).filter(
    (e) => daysBetween(today, e.exDate) > 0 && daysBetween(e.exDate, expiry) >= 0,
  );
  return [...events].sort((a, b) => daysBetween(b.exDate, a.exDate))[0] ?? null;
}

/** Extrinsic value per share of a call sold at `bid` with the stock at `spot`. */
export const callExtrinsicAtBid = (bid: number, spot: number, strike: number) => bid - Math.max(0, spot - strike);

function exDividendSentence(symbol: string, event: ExDividendEvent, extrinsic: number): string {
  return (
    `${symbol} goes ex-dividend ${fmt(event.amount)} on ${event.exDate}, before expiry, and the call's extrinsic ` +
    `value at the bid (${fmt(extrinsic)}) is less than the dividend: early assignment is likely the session before.`
  );
}

const signal = (kind: string, symbol: string | null, message: string, payload?: Record<string, unknown>) =>
  (payload === undefined ? { kind, symbol, message } : { kind, symbol, message, payload }) satisfies StrategySignal;

/** The next earnings date on or after today; undefined when none is scheduled, null when unknown. */
function nextEarnings(underlier: UnderlierMarket, today: IsoDate): IsoDate | null | undefined {
  if (underlier.earnings === null) return null;
  return [...underlier.earnings].filter((d) => daysBetween(today, d) >= 0).sort((a, b) => daysBetween(b, a))[0];
}

interface RunContext {
  variant: Variant;
  input: StrategyInput<CoveredCallConfig>;
  config: CoveredCallConfig;
  signals: StrategySignal[];
  opportunities: ScoredOpportunity[];
  recommendations: RecommendationDraft[];
}

/** Buy to close the short calls the shares no longer cover (highest strikes first, as the coverage rule counts). */
function closeUncovered(ctx: RunContext, holding: Holding, position: StrategyPosition, contracts: number): void {
  const i = position.instrument;
  if (i.kind !== 'option') return;
  const name = callName(holding.symbol, i.expiry, i.strike);
  const payload = { expiry: i.expiry, strike: i.strike, uncoveredContracts: contracts, shares: holding.shares };
  if (holding.hasLongCalls) {
    // A long call may be covering it as a spread (another strategy's PMCC): report, do not touch it.
    ctx.signals.push(
      signal(
        'uncovered_calls',
        holding.symbol,
        `${contracts} short ${name}(s) are not covered by the ${Math.max(0, holding.shares)} shares held; long calls on ${holding.symbol} may cover them as a spread, so nothing is closed.`,
        payload,
      ),
    );
    return;
  }
  const quote = quoteOf(ctx.input.market.chains.get(holding.symbol), position);
  const bid = quote?.bid ?? null;
  const ask = quote?.ask ?? null;
  ctx.signals.push(
    signal(
      'uncovered_calls',
      holding.symbol,
      `${contracts} short ${name}(s) are not covered by the ${Math.max(0, holding.shares)} shares held: closing them.`,
      payload,
    ),
  );
  ctx.recommendations.push({
    action: 'close',
    symbol: holding.symbol,
    legs: [
      {
        symbol: holding.symbol,
        kind: 'option',
        right: 'call',
        strike: i.strike,
        expiry: i.expiry,
        multiplier: i.multiplier,
        side: 'BUY',
        ratio: 1,
        bid,
        ask,
        mid: midOf(bid, ask),
      },
    ],
    quantity: contracts,
    limitPrice: midOf(bid, ask),
    spread: { bid, ask },
    rationale:
      `The account holds ${Math.max(0, holding.shares)} shares of ${holding.symbol}, which cover fewer calls than are ` +
      `short: buy to close ${contracts} ${name}(s) so no call is left naked` +
      (midOf(bid, ask) === null ? ' (no two-sided quote fetched for it).' : ` at ${fmt(midOf(bid, ask) ?? 0)} (mid).`),
    confidence: CLOSE_UNCOVERED_CONFIDENCE,
    params: { plugin: ctx.variant, shares: holding.shares, uncoveredContracts: contracts },
    opportunityKey: null,
  });
}

/** An open covered short call: the shared roll rules, plus the ex-dividend check of an in-the-money call. */
function manageCovered(ctx: RunContext, holding: Holding, position: StrategyPosition, covered: number): void {
  const { market } = ctx.input;
  const i = position.instrument;
  if (i.kind !== 'option') return;
  const underlier = market.underliers.get(holding.symbol);
  if (underlier === undefined) {
    ctx.signals.push(
      signal('missing_data', holding.symbol, `No market data for ${holding.symbol}: its short calls are not managed.`),
    );
    return;
  }
  const chain = market.chains.get(holding.symbol);
  const managed = { ...position, quantity: -covered };
  const minCallStrike = ctx.config.minStrikeAboveCost ? holding.averageCost : null;
  const params = { plugin: ctx.variant, averageCost: holding.averageCost, minCallStrike };
  const decide = (rules: CoveredCallConfig['roll']) =>
    manageShortOption({
      position: managed,
      underlier,
      chain,
      rules,
      today: market.today,
      nowMs: market.nowMs,
      rate: market.rate,
      minCallStrike,
      params,
    });

  const event = ctx.config.exDividendGuard ? exDividendBefore(underlier, market.today, i.expiry) : null;
  const spot = underlier.spot;
  const inTheMoney = spot !== null && spot > i.strike;
  // The holder who would exercise early gives up the extrinsic value at the bid; the mark stands in without a bid.
  const bid = quoteOf(chain, position)?.bid ?? position.mark;
  const atRisk = event !== null && inTheMoney && bid !== null && callExtrinsicAtBid(bid, spot, i.strike) < event.amount;

  const decision = decide(ctx.config.roll);
  if (!atRisk) {
    ctx.signals.push(...decision.signals);
    if (decision.recommendation !== null) ctx.recommendations.push(decision.recommendation);
    if (event !== null && inTheMoney && bid === null)
      ctx.signals.push(
        signal(
          'missing_data',
          holding.symbol,
          `${callName(holding.symbol, i.expiry, i.strike)} is in the money before the ${event.exDate} ex-dividend date, but its bid is unknown: the early-assignment risk cannot be checked.`,
        ),
      );
    return;
  }

  const extrinsic = callExtrinsicAtBid(bid, spot, i.strike);
  const sentence = exDividendSentence(holding.symbol, event, extrinsic);
  // The roll is due now, whatever the DTE and P&L: ask the shared rules as if at their DTE floor (a 'let_assign'
  // ITM policy is respected and only reported).
  const dte = daysBetween(market.today, i.expiry);
  const forced =
    decision.recommendation !== null
      ? decision
      : decide({ ...ctx.config.roll, rollAtDte: Math.max(ctx.config.roll.rollAtDte, dte), minProfitPctAtDte: -1 });
  ctx.signals.push(
    signal('ex_dividend_risk', holding.symbol, sentence, {
      expiry: i.expiry,
      strike: i.strike,
      exDate: event.exDate,
      dividend: event.amount,
      bid,
      extrinsic,
      spot,
    }),
    ...forced.signals,
  );
  if (forced.recommendation !== null)
    ctx.recommendations.push({ ...forced.recommendation, rationale: `${forced.recommendation.rationale} ${sentence}` });
}

function manageShortCalls(ctx: RunContext, holding: Holding): void {
  // The coverage rule returns the very position objects it was given: look them up by identity.
  const uncovered = new Map<object, number>(
    uncoveredShortCalls(holding.group).map(({ position, contracts }) => [position, contracts]),
  );
  for (const position of holding.shortCalls) {
    const notCovered = uncovered.get(position) ?? 0;
    const covered = -position.quantity - notCovered;
    if (notCovered > 0) closeUncovered(ctx, holding, position, notCovered);
    if (covered > 0) manageCovered(ctx, holding, position, covered);
  }
}

function scanFilters(config: CoveredCallConfig, maxDte: number, minStrike: number | null): ScanFilters {
  return {
    ...DEFAULT_SCAN_FILTERS,
    rights: ['call'],
    minAbsDelta: config.minDelta,
    maxAbsDelta: config.maxDelta,
    minDte: config.minDte,
    maxDte,
    minOpenInterest: config.minOpenInterest,
    maxSpreadPct: config.maxSpreadPct,
    minCredit: config.minCredit,
    minStrike,
  };
}

/** Sell calls against the lots not yet covered. */
function sellNewCalls(ctx: RunContext, holding: Holding): void {
  const { config, input } = ctx;
  const { market } = input;
  const symbol = holding.symbol;
  const alreadyCovered = coveredShares(holding);
  if (newCoveredContracts(holding.shares, alreadyCovered, config.coverPct, 100) === 0) {
    if (holding.shares > 0 && holding.shares < 100)
      ctx.signals.push(
        signal('skipped', symbol, `${holding.shares} shares of ${symbol}: fewer than 100, no call can be covered.`),
      );
    return;
  }
  const underlier = market.underliers.get(symbol);
  if (underlier === undefined || underlier.spot === null) {
    ctx.signals.push(signal('missing_data', symbol, `No spot price for ${symbol}: no call sold.`));
    return;
  }
  if (config.minStrikeAboveCost && holding.averageCost === null) {
    ctx.signals.push(
      signal(
        'missing_data',
        symbol,
        `The average cost of the ${symbol} shares is unknown: no call sold (strike floor).`,
      ),
    );
    return;
  }
  const minStrike = config.minStrikeAboveCost ? holding.averageCost : null;

  let maxDte = config.maxDte;
  let earningsNote: string | null = null;
  let earningsUnknown = false;
  if (config.earningsGuard) {
    const next = nextEarnings(underlier, market.today);
    if (next === null) {
      const skip = config.earningsUnknownPolicy === 'skip';
      ctx.signals.push(
        signal(
          'earnings_guard',
          symbol,
          `The next earnings date of ${symbol} is unknown: ${skip ? 'no call sold (policy: skip)' : 'selling anyway (policy: allow)'}.`,
          { reason: 'earnings_unknown', policy: config.earningsUnknownPolicy },
        ),
      );
      if (skip) return;
      earningsUnknown = true;
      earningsNote = 'The next earnings date is unknown (sold anyway by policy).';
    } else if (next !== undefined) {
      const daysToEarnings = daysBetween(market.today, next);
      maxDte = Math.min(maxDte, daysToEarnings - 1);
      if (maxDte < config.minDte) {
        ctx.signals.push(
          signal(
            'earnings_guard',
            symbol,
            `${symbol} reports earnings on ${next} (${daysToEarnings} days): every call of ${config.minDte}–${config.maxDte} DTE expires on or after it, so none is sold.`,
            { reason: 'before_expiry', earningsDate: next },
          ),
        );
        return;
      }
      earningsNote = `Expires before the ${next} earnings date.`;
    }
  }

  const chain = market.chains.get(symbol);
  if (chain === undefined || chain.options.length === 0) {
    ctx.signals.push(
      signal(
        'missing_data',
        symbol,
        `No calls of ${symbol} were fetched${chain?.missing ? ` (${chain.missing})` : ''}: no call sold.`,
      ),
    );
    return;
  }
  if (chain.missing !== null) ctx.signals.push(signal('missing_data', symbol, chain.missing));

  const filters = scanFilters(config, maxDte, minStrike);
  const result = scanOptions({
    underlier,
    options: chain.options,
    side: 'sell',
    filters,
    score: config.scoreMethod,
    capital: 'covered',
    today: market.today,
    nowMs: market.nowMs,
    rate: market.rate,
  });
  ctx.opportunities.push(...result.opportunities);
  const best = result.opportunities[0];
  if (best === undefined) {
    ctx.signals.push(
      signal(
        'no_candidate',
        symbol,
        `No ${symbol} call passes the filters (${result.considered} considered)${result.missing.length > 0 ? `; ${result.missing.join('; ')}` : ''}.`,
        { rejected: result.rejected },
      ),
    );
    return;
  }
  const contracts = newCoveredContracts(holding.shares, alreadyCovered, config.coverPct, best.multiplier);
  if (contracts === 0) return;
  ctx.recommendations.push(
    sellCallDraft(ctx, holding, underlier, best, contracts, {
      alreadyCovered,
      minStrike,
      maxDte,
      earningsNote,
      earningsUnknown,
    }),
  );
}

function sellCallDraft(
  ctx: RunContext,
  holding: Holding,
  underlier: UnderlierMarket,
  best: ScoredOpportunity,
  contracts: number,
  used: {
    alreadyCovered: number;
    minStrike: number | null;
    maxDte: number;
    earningsNote: string | null;
    earningsUnknown: boolean;
  },
): RecommendationDraft {
  const { config, input } = ctx;
  const symbol = holding.symbol;
  const spot = underlier.spot ?? 0;
  const event = config.exDividendGuard ? exDividendBefore(underlier, input.market.today, best.expiry) : null;
  const extrinsic = best.bid === null ? null : callExtrinsicAtBid(best.bid, spot, best.strike);
  const exDivRisk = event !== null && extrinsic !== null && extrinsic < event.amount;
  if (exDivRisk)
    ctx.signals.push(
      signal('ex_dividend_risk', symbol, exDividendSentence(symbol, event, extrinsic), {
        expiry: best.expiry,
        strike: best.strike,
        exDate: event.exDate,
        dividend: event.amount,
        bid: best.bid,
        extrinsic,
        spot,
      }),
    );
  const wideSpread =
    best.spreadPct === null || (config.maxSpreadPct !== null && best.spreadPct > config.maxSpreadPct / 2);
  const confidence = Math.max(
    0.1,
    BASE_CONFIDENCE - (used.earningsUnknown ? 0.2 : 0) - (exDivRisk ? 0.2 : 0) - (wideSpread ? 0.1 : 0),
  );

  const lots = Math.floor(Math.max(0, holding.shares) / best.multiplier);
  const coveredAfter = used.alreadyCovered / best.multiplier + contracts;
  const premium = best.mid === null ? null : best.mid * best.multiplier * contracts;
  const sentences = [
    `Sell ${contracts} ${callName(symbol, best.expiry, best.strike)}${contracts > 1 ? 's' : ''} at ${best.mid === null ? 'the market' : fmt(best.mid)}` +
      ` (bid ${best.bid === null ? '—' : fmt(best.bid)} / ask ${best.ask === null ? '—' : fmt(best.ask)}),` +
      ` Δ ${best.delta === null ? '—' : best.delta.toFixed(2)}, ${best.dte} DTE, with ${symbol} at ${fmt(spot)}.`,
    `Covered by the ${holding.shares} shares held: ${coveredAfter} of ${lots} lots covered after this (cover ${pct(config.coverPct)}).`,
    used.minStrike === null
      ? holding.averageCost === null
        ? 'Average cost unknown; strikes below cost are allowed.'
        : `Average cost ${fmt(holding.averageCost)}; strikes below cost are allowed.`
      : `Strike ${fmt(best.strike)} ≥ average cost ${fmt(used.minStrike)}.`,
    premium === null ? null : `Premium ${fmt(premium)} in total.`,
    best.ror === null
      ? null
      : `Return ${pct(best.ror)} over ${best.dte} days${best.annualizedRor === null ? '' : ` (${pct(best.annualizedRor)} annualized)`}` +
        `${best.pop === null ? '' : `, probability of profit ${pct(best.pop)}`}.`,
    used.earningsNote,
    exDivRisk ? exDividendSentence(symbol, event, extrinsic) : null,
    event === null && config.exDividendGuard && underlier.exDividends === null ? 'Ex-dividend dates unknown.' : null,
  ];
  return {
    action: 'sell_call',
    symbol,
    legs: [
      {
        symbol,
        kind: 'option',
        right: 'call',
        strike: best.strike,
        expiry: best.expiry,
        multiplier: best.multiplier,
        side: 'SELL',
        ratio: 1,
        bid: best.bid,
        ask: best.ask,
        mid: best.mid,
      },
    ],
    quantity: contracts,
    limitPrice: best.mid,
    spread: { bid: best.bid, ask: best.ask },
    rationale: sentences.filter((s) => s !== null).join(' '),
    confidence,
    params: {
      plugin: ctx.variant,
      minDelta: config.minDelta,
      maxDelta: config.maxDelta,
      minDte: config.minDte,
      maxDte: used.maxDte,
      minOpenInterest: config.minOpenInterest,
      minCredit: config.minCredit,
      maxSpreadPct: config.maxSpreadPct,
      scoreMethod: config.scoreMethod,
      coverPct: config.coverPct,
      shares: holding.shares,
      shortCallShares: used.alreadyCovered,
      minStrike: used.minStrike,
      earningsGuard: config.earningsGuard,
      exDividendGuard: config.exDividendGuard,
      exDividendRisk: exDivRisk,
    },
    opportunityKey: best.key,
  };
}

function generate(variant: Variant, input: StrategyInput<CoveredCallConfig>): StrategyOutput {
  const ctx: RunContext = {
    variant,
    input,
    config: input.instance.config,
    signals: [],
    opportunities: [],
    recommendations: [],
  };
  const { holdings, withoutShares } = holdingsInScope(input.account, input.instance);
  if (withoutShares.length > 0)
    ctx.signals.push(
      signal('skipped', null, `No shares held of ${withoutShares.join(', ')}: no call to sell.`, {
        symbols: withoutShares,
      }),
    );
  for (const holding of holdings) {
    manageShortCalls(ctx, holding);
    sellNewCalls(ctx, holding);
  }
  return {
    signals: ctx.signals,
    opportunities: rankOpportunities(ctx.opportunities),
    recommendations: ctx.recommendations,
  };
}

function dataNeeds({ account, instance, asOf, spots }: DataNeedsInput<CoveredCallConfig>): ChainRequest[] {
  const config = instance.config;
  const today = newYorkDateOf(asOf);
  const requests: ChainRequest[] = [];
  for (const holding of holdingsInScope(account, instance).holdings) {
    const spot = spots.get(holding.symbol) ?? null;
    if (newCoveredContracts(holding.shares, coveredShares(holding), config.coverPct, 100) > 0)
      requests.push({
        symbol: holding.symbol,
        rights: ['call'],
        minDte: config.minDte,
        maxDte: config.maxDte,
        ...NEW_CALL_BAND,
      });
    for (const position of holding.shortCalls) {
      if (spot === null || position.instrument.kind !== 'option') continue;
      if (daysBetween(today, position.instrument.expiry) < 0) continue;
      requests.push(rollChainRequest(position, config.roll, spot, today));
    }
  }
  return requests;
}

const pluginOf = (variant: Variant, name: string, description: string): StrategyPlugin<CoveredCallConfig> => ({
  slug: variant,
  version: '1',
  name,
  description,
  configSchema: coveredCallConfigSchema,
  dataNeeds,
  generateSignals: (input) => generate(variant, input),
});

export const coveredCallPlugin = pluginOf(
  'covered_call',
  'Covered calls',
  'Sells out-of-the-money calls against long shares in a margin account (never more contracts than the 100-share lots held), and takes profits on, rolls or closes the calls already sold.',
);

export const coveredCallOverlayPlugin = pluginOf(
  'covered_call_overlay',
  'TFSA covered-call overlay',
  'An income overlay for registered and cash accounts (TFSA, RRSP, cash) — works in any account: sells only fully covered calls against the shares held, within an earnings and ex-dividend guard, and manages them with the shared roll rules.',
);
