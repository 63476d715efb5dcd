// LEAPS synthetic stock and the poor man's covered call (PMCC): hold a deep in-the-money long-dated call in place of
// 100 shares, and sell short-dated calls against it. Per underlier of the universe, in this order:
//
//   1. No long call held → `buy_leaps`: the best-ranked call with Δ ≥ longMinDelta, DTE in [longMinDte, longMaxDte]
//      and the open-interest and spread checks (scanner, side 'buy', capital 'premium'). Sized by the run's budget:
//      budgetPct × min(buying power, net liquidation) for all new LEAPS of one run together, at most
//      `leapsContracts` contracts each and `maxNewLeapsPerRun` new positions per run, in the universe's order.
//   2. A long call at or under `rollLongAtDte` days → roll it out before time decay speeds up: one `roll_call`
//      order that SELLS the old LEAPS and BUYS the best-ranked new one (same filters as 1, later expiry), quantity
//      = the contracts held; its limit is the net debit at the mids (new − old). The roll is maintenance, not new
//      exposure, so it does not draw on the budget. No new short is sold on that underlier until it is done.
//   3. Open short calls → the shared roll rules (`manageShortOption`), with the new strike floored at the long
//      strike + the debit paid for it.
//   4. Long calls not yet sold against (long contracts − short contracts) → `sell_call`: the best-ranked call of
//      |Δ| shortMinDelta–shortMaxDelta, DTE shortMinDte–shortMaxDte (and before the long's expiry), strike STRICTLY
//      above long strike + debit per share (if assigned, the spread's worth at least what was paid), never more
//      contracts than the longs left uncovered. Only in margin accounts: a cash, TFSA or RRSP account treats a call
//      against a long call as naked.
//   5. A 'delta_equivalent' signal: Σ quantity × multiplier × Δ over the underlier's long and short calls, the
//      shares the position behaves like (Δ from the fetched quote, else the risk module's model).
//
// Confidence (documented so the UI can explain it): buy_leaps 0.7, long roll 0.7, sell_call 0.8; − 0.1 when a
// traded leg's spread is over half the allowed maximum or unknown; at least 0.1. Short rolls: `manageShortOption`'s.
import { z } from 'zod';
import { InvalidDateError, type IsoDate, daysBetween, newYorkDateOf } from '../calendar';
import type { MarginMarket } from '../risk/margin';
import { positionGreeks } from '../risk/position-model';
import { symbolsField, universeOf, watchlistIdsField } from './config-parts';
import { manageShortOption, rollChainRequest, rollRulesSchema } from './rolls';
import { DEFAULT_SCAN_FILTERS, scoreMethodSchema } from './scanner/filters-schema';
import { midOf, rankOpportunities, scanOptions } from './scanner/scan';
import type { ScanFilters } from './scanner/scan-types';
import type {
  ChainRequest,
  ChainSlice,
  DataNeedsInput,
  OptionQuote,
  RecommendationDraft,
  RecommendationLeg,
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

export const pmccConfigSchema = z
  .object({
    symbols: symbolsField([], 'Underliers to hold LEAPS calls on and sell calls against'),
    watchlistIds: watchlistIdsField,
    longMinDelta: fraction.default(0.8).describe('Lowest delta of the LEAPS bought (deep in the money)'),
    longMinDte: z.int().min(1).default(270).describe('Fewest calendar days to expiry of the LEAPS bought'),
    longMaxDte: z.int().min(1).default(800).describe('Most calendar days to expiry of the LEAPS bought'),
    longMinOpenInterest: z.int().min(0).nullable().default(50).describe('Least open interest of the LEAPS bought'),
    longMaxSpreadPct: z
      .number()
      .min(0)
      .nullable()
      .default(0.1)
      .describe('Widest bid-ask spread of the LEAPS as a fraction of its mid (0.10 = 10%)'),
    leapsContracts: z
      .int()
      .min(1)
      .default(1)
      .describe('Contracts bought when opening a LEAPS (the budget may allow fewer)'),
    maxNewLeapsPerRun: z.int().min(0).default(1).describe('Most new LEAPS positions (underliers) opened per run'),
    budgetPct: fraction
      .default(0.1)
      .describe('Most all new LEAPS of one run may cost together, as a fraction of min(buying power, net liquidation)'),
    rollLongAtDte: z
      .int()
      .min(0)
      .default(120)
      .describe('Roll a LEAPS out (sell it, buy a later one) once it is at or under this many days to expiry'),
    shortMinDelta: fraction.default(0.25).describe('Lowest |delta| of a call sold against the LEAPS (target 0.30)'),
    shortMaxDelta: fraction.default(0.35).describe('Highest |delta| of a call sold against the LEAPS (target 0.30)'),
    shortMinDte: z.int().min(1).default(21).describe('Fewest calendar days to expiry of a call sold'),
    shortMaxDte: z.int().min(1).default(45).describe('Most calendar days to expiry of a call sold'),
    shortMinOpenInterest: z.int().min(0).nullable().default(100).describe('Least open interest of a call sold'),
    shortMaxSpreadPct: z
      .number()
      .min(0)
      .nullable()
      .default(0.15)
      .describe('Widest bid-ask spread of a call sold as a fraction of its mid (0.15 = 15%)'),
    shortMinCredit: z
      .number()
      .min(0)
      .nullable()
      .default(0.1)
      .describe('Least premium per share (the mid) of a call sold'),
    scoreMethod: scoreMethodSchema,
    roll: rollRulesSchema.prefault({}).describe('How the short calls are managed: profit target, DTE floor, rolls'),
  })
  .refine((c) => c.longMinDte <= c.longMaxDte, {
    message: 'longMinDte must not exceed longMaxDte',
    path: ['longMinDte'],
  })
  .refine((c) => c.shortMinDte <= c.shortMaxDte, {
    message: 'shortMinDte must not exceed shortMaxDte',
    path: ['shortMinDte'],
  })
  .refine((c) => c.shortMinDelta <= c.shortMaxDelta, {
    message: 'shortMinDelta must not exceed shortMaxDelta',
    path: ['shortMinDelta'],
  })
  .refine((c) => c.rollLongAtDte < c.longMinDte, {
    message: 'rollLongAtDte must be under longMinDte (a new LEAPS would be due for a roll at once)',
    path: ['rollLongAtDte'],
  });

export type PmccConfig = z.infer<typeof pmccConfigSchema>;

/** Δ ≥ 0.80 calls 9–26 months out sit roughly 50–95% of the spot, depending on the vol. */
const LEAPS_BAND = { minMoneyness: 0.5, maxMoneyness: 1.0 } as const;
/** Short calls of |Δ| ~0.30 over 21–45 days sit a few percent out of the money. */
const SHORT_BAND = { minMoneyness: 1.0, maxMoneyness: 1.25 } as const;
/** Strikes are quoted in cents: a floor this much above long strike + debit makes the scanner's ≥ a strict >. */
const STRICTLY_ABOVE = 1e-6;

const CONFIDENCE = { buy_leaps: 0.7, roll_long: 0.7, sell_call: 0.8, wideSpread: 0.1 } as const;

const isCall = (p: StrategyPosition) => p.instrument.kind === 'option' && p.instrument.right === 'call';
type CallPosition = StrategyPosition & { instrument: Extract<StrategyPosition['instrument'], { kind: 'option' }> };

/** The underlier's calls: the LEAPS held (long) and those sold against them (short). */
interface Book {
  symbol: string;
  longs: CallPosition[];
  shorts: CallPosition[];
  longContracts: number;
  shortContracts: number;
}

function bookOf(account: StrategyAccount, symbol: string): Book {
  const calls = account.positions.filter(
    (p): p is CallPosition => p.symbol === symbol && isCall(p) && p.quantity !== 0,
  );
  const longs = calls.filter((p) => p.quantity > 0);
  const shorts = calls.filter((p) => p.quantity < 0);
  return {
    symbol,
    longs,
    shorts,
    longContracts: longs.reduce((sum, p) => sum + p.quantity, 0),
    shortContracts: shorts.reduce((sum, p) => sum - p.quantity, 0),
  };
}

const isMarginAccount = (account: StrategyAccount) => account.type === 'margin_regt' || account.type === 'margin_pm';

/** Long strike + debit paid per share, the highest over the LEAPS held (the short must clear every one); null when a debit is unknown. */
export function shortStrikeFloor(longs: readonly StrategyPosition[]): number | null {
  let floor = Number.NEGATIVE_INFINITY;
  for (const p of longs) {
    if (p.instrument.kind !== 'option' || p.avgPrice === null) return null;
    floor = Math.max(floor, p.instrument.strike + p.avgPrice);
  }
  return Number.isFinite(floor) ? floor : null;
}

/** The run's budget for new LEAPS: budgetPct × min(buying power, net liquidation) of those known; null when neither is. */
export function leapsBudget(account: StrategyAccount, budgetPct: number): { amount: number; basis: number } | null {
  const known = [account.buyingPower, account.netLiquidation].filter((x): x is number => x !== null);
  if (known.length === 0) return null;
  const basis = Math.max(0, Math.min(...known));
  return { amount: budgetPct * basis, basis };
}

const fmt = (x: number) => x.toFixed(2);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const callName = (symbol: string, expiry: IsoDate, strike: number) => `${symbol} ${expiry} ${fmt(strike)} call`;
const signal = (kind: string, symbol: string | null, message: string, payload?: Record<string, unknown>) =>
  (payload === undefined ? { kind, symbol, message } : { kind, symbol, message, payload }) satisfies StrategySignal;
const roundPrice = (x: number) => Math.round(x * 10_000) / 10_000;

const quoteOf = (chain: ChainSlice | undefined, p: CallPosition): OptionQuote | undefined =>
  chain?.options.find(
    (o) => o.right === 'call' && o.expiry === p.instrument.expiry && o.strike === p.instrument.strike,
  );

function leg(
  o: { symbol: string; strike: number; expiry: IsoDate; multiplier: number; bid: number | null; ask: number | null },
  side: 'BUY' | 'SELL',
): RecommendationLeg {
  return {
    symbol: o.symbol,
    kind: 'option',
    right: 'call',
    strike: o.strike,
    expiry: o.expiry,
    multiplier: o.multiplier,
    side,
    ratio: 1,
    bid: o.bid,
    ask: o.ask,
    mid: midOf(o.bid, o.ask),
  };
}

const wide = (spreadPct: number | null, max: number | null) =>
  spreadPct === null || (max !== null && spreadPct > max / 2);
const confidence = (base: number, wideSpread: boolean) =>
  Math.max(0.1, base - (wideSpread ? CONFIDENCE.wideSpread : 0));

interface RunContext {
  input: StrategyInput<PmccConfig>;
  config: PmccConfig;
  signals: StrategySignal[];
  opportunities: ScoredOpportunity[];
  recommendations: RecommendationDraft[];
  budget: { amount: number; basis: number } | null;
  spent: number;
  newLeaps: number;
}

function leapsFilters(config: PmccConfig, minExpiryExclusive: IsoDate | null, today: IsoDate): ScanFilters {
  // A roll's new LEAPS must expire after the old one (the DTE window already makes it so unless configured oddly).
  const minDte =
    minExpiryExclusive === null
      ? config.longMinDte
      : Math.max(config.longMinDte, daysBetween(today, minExpiryExclusive) + 1);
  return {
    ...DEFAULT_SCAN_FILTERS,
    rights: ['call'],
    minAbsDelta: config.longMinDelta,
    maxAbsDelta: null,
    minDte,
    maxDte: config.longMaxDte,
    minOpenInterest: config.longMinOpenInterest,
    maxSpreadPct: config.longMaxSpreadPct,
    minCredit: null,
  };
}

/** The underlier with a spot and a non-empty chain, or a 'missing_data' signal saying what is missing. */
function marketFor(
  ctx: RunContext,
  symbol: string,
  what: string,
): { underlier: UnderlierMarket & { spot: number }; chain: ChainSlice } | null {
  const { market } = ctx.input;
  const underlier = market.underliers.get(symbol);
  if (underlier === undefined || underlier.spot === null) {
    ctx.signals.push(signal('missing_data', symbol, `No spot price for ${symbol}: ${what}.`));
    return null;
  }
  const chain = market.chains.get(symbol);
  if (chain === undefined || chain.options.length === 0) {
    ctx.signals.push(
      signal(
        'missing_data',
        symbol,
        `No calls of ${symbol} were fetched${chain?.missing ? ` (${chain.missing})` : ''}: ${what}.`,
      ),
    );
    return null;
  }
  if (chain.missing !== null) ctx.signals.push(signal('missing_data', symbol, chain.missing));
  return { underlier: { ...underlier, spot: underlier.spot }, chain };
}

function scanLeaps(
  ctx: RunContext,
  underlier: UnderlierMarket,
  chain: ChainSlice,
  after: IsoDate | null,
): ScoredOpportunity | null {
  const { market } = ctx.input;
  const result = scanOptions({
    underlier,
    options: chain.options,
    side: 'buy',
    filters: leapsFilters(ctx.config, after, market.today),
    score: ctx.config.scoreMethod,
    capital: 'premium',
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
        underlier.symbol,
        `No ${underlier.symbol} LEAPS call passes the filters (Δ ≥ ${ctx.config.longMinDelta}, ${ctx.config.longMinDte}–${ctx.config.longMaxDte} DTE; ${result.considered} considered)` +
          `${result.missing.length > 0 ? `; ${result.missing.join('; ')}` : ''}.`,
        { rejected: result.rejected, leg: 'long' },
      ),
    );
    return null;
  }
  return best;
}

function buyLeaps(ctx: RunContext, symbol: string): void {
  const { config } = ctx;
  if (ctx.newLeaps >= config.maxNewLeapsPerRun) {
    ctx.signals.push(
      signal('skipped', symbol, `No LEAPS bought on ${symbol}: ${config.maxNewLeapsPerRun} new per run already.`, {
        reason: 'max_new_leaps',
      }),
    );
    return;
  }
  const found = marketFor(ctx, symbol, 'no LEAPS bought');
  if (found === null) return;
  const { underlier, chain } = found;
  const best = scanLeaps(ctx, underlier, chain, null);
  if (best === null) return;
  if (best.mid === null) {
    ctx.signals.push(
      signal(
        'missing_data',
        symbol,
        `${callName(symbol, best.expiry, best.strike)} has no two-sided quote: not bought.`,
      ),
    );
    return;
  }
  if (ctx.budget === null) {
    ctx.signals.push(
      signal('missing_data', symbol, 'Buying power and net liquidation are unknown: no LEAPS budget, none bought.'),
    );
    return;
  }
  const perContract = best.mid * best.multiplier;
  const left = ctx.budget.amount - ctx.spent;
  const contracts = Math.min(config.leapsContracts, Math.floor(left / perContract + 1e-9));
  if (contracts < 1) {
    ctx.signals.push(
      signal(
        'skipped',
        symbol,
        `${callName(symbol, best.expiry, best.strike)} costs ${money(perContract)} a contract; ${money(Math.max(0, left))} of the run's ${money(ctx.budget.amount)} LEAPS budget is left: none bought.`,
        { reason: 'budget', perContract, left, budget: ctx.budget.amount },
      ),
    );
    return;
  }
  const debit = perContract * contracts;
  ctx.spent += debit;
  ctx.newLeaps += 1;
  const spot = underlier.spot;
  const intrinsic = Math.max(0, spot - best.strike);
  const sharesLike = best.delta === null ? null : Math.round(best.delta * best.multiplier * contracts);
  ctx.recommendations.push({
    action: 'buy_leaps',
    symbol,
    legs: [leg(best, 'BUY')],
    quantity: contracts,
    limitPrice: best.mid,
    spread: { bid: best.bid, ask: best.ask },
    rationale: [
      `Buy ${contracts} ${callName(symbol, best.expiry, best.strike)}${contracts > 1 ? 's' : ''} (LEAPS) at ${fmt(best.mid)}` +
        ` (bid ${best.bid === null ? '—' : fmt(best.bid)} / ask ${best.ask === null ? '—' : fmt(best.ask)}),` +
        ` Δ ${best.delta === null ? '—' : best.delta.toFixed(2)}, ${best.dte} DTE, with ${symbol} at ${fmt(spot)}.`,
      `It stands in for ${sharesLike === null ? 'some' : `~${sharesLike}`} shares for ${money(debit)}` +
        ` (${money(spot * best.multiplier * contracts)} for ${best.multiplier * contracts} shares);` +
        ` intrinsic ${fmt(intrinsic)} and extrinsic ${fmt(best.mid - intrinsic)} per share.`,
      `Budget: ${money(ctx.spent)} of the run's ${money(ctx.budget.amount)} (${pct(config.budgetPct)} of ${money(ctx.budget.basis)}) used with it.`,
    ].join(' '),
    confidence: confidence(CONFIDENCE.buy_leaps, wide(best.spreadPct, config.longMaxSpreadPct)),
    params: {
      leg: 'long',
      longMinDelta: config.longMinDelta,
      longMinDte: config.longMinDte,
      longMaxDte: config.longMaxDte,
      longMinOpenInterest: config.longMinOpenInterest,
      longMaxSpreadPct: config.longMaxSpreadPct,
      scoreMethod: config.scoreMethod,
      leapsContracts: config.leapsContracts,
      budgetPct: config.budgetPct,
      budget: ctx.budget.amount,
      debit,
    },
    opportunityKey: best.key,
  });
}

function rollLong(ctx: RunContext, position: CallPosition, dte: number): void {
  const { config } = ctx;
  const { symbol } = position;
  const old = position.instrument;
  const name = callName(symbol, old.expiry, old.strike);
  const found = marketFor(ctx, symbol, `the ${name} (${dte} DTE) is due for a roll but cannot be priced`);
  if (found === null) return;
  const { underlier, chain } = found;
  const best = scanLeaps(ctx, underlier, chain, old.expiry);
  if (best === null) {
    ctx.signals.push(
      signal(
        'roll_due',
        symbol,
        `The long ${name} is at ${dte} DTE (roll at ${config.rollLongAtDte}) but no later LEAPS passes the filters: holding.`,
        { leg: 'long', expiry: old.expiry, strike: old.strike, dte },
      ),
    );
    return;
  }
  const oldQuote = quoteOf(chain, position);
  const oldBid = oldQuote?.bid ?? null;
  const oldAsk = oldQuote?.ask ?? null;
  const oldMid = midOf(oldBid, oldAsk);
  const net = oldMid === null || best.mid === null ? null : roundPrice(best.mid - oldMid);
  // Debit convention (positive = paid): the natural price pays the new ask and gets the old bid.
  const spread =
    oldBid === null || oldAsk === null || best.bid === null || best.ask === null
      ? { bid: null, ask: null }
      : { bid: roundPrice(best.bid - oldAsk), ask: roundPrice(best.ask - oldBid) };
  const contracts = position.quantity;
  ctx.recommendations.push({
    action: 'roll_call',
    symbol,
    legs: [leg({ symbol, ...old, bid: oldBid, ask: oldAsk }, 'SELL'), leg(best, 'BUY')],
    quantity: contracts,
    limitPrice: net,
    spread,
    rationale: [
      `Roll the long ${name} (${dte} DTE, at or under the ${config.rollLongAtDte}-DTE floor, where time decay speeds up):` +
        ` sell ${contracts} at ${oldMid === null ? 'the market (no two-sided quote)' : fmt(oldMid)}` +
        ` and buy ${contracts} ${callName(symbol, best.expiry, best.strike)} (Δ ${best.delta === null ? '—' : best.delta.toFixed(2)}, ${best.dte} DTE)` +
        ` at ${best.mid === null ? 'the market' : fmt(best.mid)},`,
      net === null
        ? 'net price unknown.'
        : `${net >= 0 ? `a net debit of ${fmt(net)}` : `a net credit of ${fmt(-net)}`} per share (${money(Math.abs(net) * best.multiplier * contracts)} in total).`,
      position.avgPrice === null ? null : `The old LEAPS was bought at ${fmt(position.avgPrice)}.`,
    ]
      .filter((s) => s !== null)
      .join(' '),
    confidence: confidence(CONFIDENCE.roll_long, wide(best.spreadPct, config.longMaxSpreadPct) || oldMid === null),
    params: {
      leg: 'long',
      rollLongAtDte: config.rollLongAtDte,
      dte,
      longMinDelta: config.longMinDelta,
      longMinDte: config.longMinDte,
      longMaxDte: config.longMaxDte,
      longMinOpenInterest: config.longMinOpenInterest,
      longMaxSpreadPct: config.longMaxSpreadPct,
      scoreMethod: config.scoreMethod,
      netPrice: net,
    },
    opportunityKey: best.key,
  });
}

function manageShorts(ctx: RunContext, book: Book, floor: number | null): void {
  const { market } = ctx.input;
  const underlier = market.underliers.get(book.symbol);
  if (underlier === undefined) {
    ctx.signals.push(
      signal('missing_data', book.symbol, `No market data for ${book.symbol}: its short calls are not managed.`),
    );
    return;
  }
  for (const position of book.shorts) {
    const decision = manageShortOption({
      position,
      underlier,
      chain: market.chains.get(book.symbol),
      rules: ctx.config.roll,
      today: market.today,
      nowMs: market.nowMs,
      rate: market.rate,
      minCallStrike: floor,
      params: { leg: 'short', minCallStrike: floor },
    });
    ctx.signals.push(...decision.signals);
    if (decision.recommendation !== null) ctx.recommendations.push(decision.recommendation);
  }
}

function sellShort(ctx: RunContext, book: Book, uncovered: number): void {
  const { config, input } = ctx;
  const { market } = input;
  const symbol = book.symbol;
  if (!isMarginAccount(input.account)) {
    ctx.signals.push(
      signal(
        'skipped',
        symbol,
        `A ${input.account.type} account treats a call sold against a LEAPS as naked: no call sold on ${symbol} (the LEAPS is held as synthetic stock).`,
        { reason: 'account_type', accountType: input.account.type },
      ),
    );
    return;
  }
  const floor = shortStrikeFloor(book.longs);
  if (floor === null) {
    ctx.signals.push(
      signal(
        'missing_data',
        symbol,
        `The debit paid for a ${symbol} LEAPS is unknown: the short strike floor (long strike + debit) cannot be set, no call sold.`,
      ),
    );
    return;
  }
  const firstLongDte = Math.min(...book.longs.map((p) => daysBetween(market.today, p.instrument.expiry)));
  const maxDte = Math.min(config.shortMaxDte, firstLongDte - 1);
  const found = marketFor(ctx, symbol, 'no call sold against the LEAPS');
  if (found === null) return;
  const { underlier, chain } = found;
  const debitPerShare =
    book.longs.reduce((sum, p) => sum + p.quantity * (p.avgPrice ?? 0), 0) / Math.max(1, book.longContracts);
  const filters: ScanFilters = {
    ...DEFAULT_SCAN_FILTERS,
    rights: ['call'],
    minAbsDelta: config.shortMinDelta,
    maxAbsDelta: config.shortMaxDelta,
    minDte: config.shortMinDte,
    maxDte,
    minOpenInterest: config.shortMinOpenInterest,
    maxSpreadPct: config.shortMaxSpreadPct,
    minCredit: config.shortMinCredit,
    minStrike: floor + STRICTLY_ABOVE,
  };
  const result = scanOptions({
    underlier,
    options: chain.options,
    side: 'sell',
    filters,
    score: config.scoreMethod,
    // The capital a PMCC short ties up is the LEAPS' debit, not the stock's price.
    capital: 'covered',
    coveredBasis: debitPerShare,
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
        `No ${symbol} call above the ${fmt(floor)} floor (long strike + debit) passes the filters (${result.considered} considered)` +
          `${result.missing.length > 0 ? `; ${result.missing.join('; ')}` : ''}.`,
        { rejected: result.rejected, leg: 'short', minStrike: floor },
      ),
    );
    return;
  }
  const binding = book.longs.find((p) => p.instrument.strike + (p.avgPrice ?? 0) === floor) ?? book.longs[0];
  const longWords =
    binding === undefined
      ? ''
      : ` long ${fmt(binding.instrument.strike)} strike + ${fmt(binding.avgPrice ?? 0)} debit = ${fmt(floor)}`;
  ctx.recommendations.push({
    action: 'sell_call',
    symbol,
    legs: [leg(best, 'SELL')],
    quantity: uncovered,
    limitPrice: best.mid,
    spread: { bid: best.bid, ask: best.ask },
    rationale: [
      `Sell ${uncovered} ${callName(symbol, best.expiry, best.strike)}${uncovered > 1 ? 's' : ''} at ${best.mid === null ? 'the market' : fmt(best.mid)}` +
        ` (bid ${best.bid === null ? '—' : fmt(best.bid)} / ask ${best.ask === null ? '—' : fmt(best.ask)}),` +
        ` Δ ${best.delta === null ? '—' : best.delta.toFixed(2)}, ${best.dte} DTE, with ${symbol} at ${fmt(underlier.spot)}.`,
      `Against ${book.longContracts} long LEAPS (${book.shortContracts + uncovered} of ${book.longContracts} sold against after this).`,
      `Strike ${fmt(best.strike)} is above the${longWords}, so an assignment still returns more than the LEAPS cost.`,
      best.ror === null
        ? null
        : `Return ${pct(best.ror)} of the LEAPS debit over ${best.dte} days${best.annualizedRor === null ? '' : ` (${pct(best.annualizedRor)} annualized)`}.`,
    ]
      .filter((s) => s !== null)
      .join(' '),
    confidence: confidence(CONFIDENCE.sell_call, wide(best.spreadPct, config.shortMaxSpreadPct)),
    params: {
      leg: 'short',
      shortMinDelta: config.shortMinDelta,
      shortMaxDelta: config.shortMaxDelta,
      shortMinDte: config.shortMinDte,
      shortMaxDte: maxDte,
      shortMinOpenInterest: config.shortMinOpenInterest,
      shortMaxSpreadPct: config.shortMaxSpreadPct,
      shortMinCredit: config.shortMinCredit,
      scoreMethod: config.scoreMethod,
      minStrike: floor,
      longContracts: book.longContracts,
      shortContracts: book.shortContracts,
    },
    opportunityKey: best.key,
  });
}

/** The model's share-equivalent delta of a position; null when it cannot be priced (unknown spot, an expiry the
 * calendar has no session for) — one bad position must not stop the run. */
function modelDeltaShares(p: CallPosition, spot: number | null, marginMarket: MarginMarket): number | null {
  try {
    return positionGreeks(p, spot, marginMarket)?.deltaShares ?? null;
  } catch (error) {
    if (error instanceof InvalidDateError) return null;
    throw error;
  }
}

/** Share-equivalent delta of the underlier's calls: Σ quantity × multiplier × Δ; null when a leg's Δ is unknown. */
function deltaEquivalent(ctx: RunContext, book: Book): void {
  const { market, marginMarket } = ctx.input;
  const chain = market.chains.get(book.symbol);
  const spot = market.underliers.get(book.symbol)?.spot ?? null;
  const legs = [...book.longs, ...book.shorts].map((p) => {
    const quoted = quoteOf(chain, p)?.delta ?? null;
    const units = p.quantity * p.instrument.multiplier;
    const modelled = quoted === null ? modelDeltaShares(p, spot, marginMarket) : null;
    const deltaShares = quoted !== null ? units * quoted : modelled;
    return {
      expiry: p.instrument.expiry,
      strike: p.instrument.strike,
      quantity: p.quantity,
      delta: quoted ?? (modelled === null ? null : modelled / units),
      deltaSource: quoted !== null ? 'quote' : modelled !== null ? 'model' : null,
      deltaShares,
    };
  });
  const unknown = legs.some((l) => l.deltaShares === null);
  const total = unknown ? null : legs.reduce((sum, l) => sum + (l.deltaShares ?? 0), 0);
  const parts = legs.map(
    (l) =>
      `${l.quantity > 0 ? 'long' : 'short'} ${Math.abs(l.quantity)} ${fmt(l.strike)} ${l.expiry}` +
      (l.delta === null
        ? ' Δ unknown'
        : ` Δ ${l.delta.toFixed(2)} → ${l.deltaShares === null ? '?' : (l.deltaShares >= 0 ? '+' : '') + l.deltaShares.toFixed(1)}`),
  );
  ctx.signals.push(
    signal(
      'delta_equivalent',
      book.symbol,
      total === null
        ? `${book.symbol} delta-equivalent unknown (a leg's delta is unknown): ${parts.join('; ')}.`
        : `${book.symbol} calls behave like ${total >= 0 ? '+' : ''}${total.toFixed(1)} shares: ${parts.join('; ')}.`,
      { deltaShares: total, legs },
    ),
  );
}

function generate(input: StrategyInput<PmccConfig>): StrategyOutput {
  const config = input.instance.config;
  const ctx: RunContext = {
    input,
    config,
    signals: [],
    opportunities: [],
    recommendations: [],
    budget: leapsBudget(input.account, config.budgetPct),
    spent: 0,
    newLeaps: 0,
  };
  const today = input.market.today;
  for (const symbol of universeOf(input.instance)) {
    const book = bookOf(input.account, symbol);
    if (book.longs.length === 0) {
      if (book.shorts.length > 0)
        ctx.signals.push(
          signal(
            'uncovered_calls',
            symbol,
            `${book.shortContracts} short ${symbol} call(s) and no LEAPS to cover them: no LEAPS bought until they are closed.`,
            { shortContracts: book.shortContracts },
          ),
        );
      else buyLeaps(ctx, symbol);
      continue;
    }
    const due = book.longs
      .map((p) => ({ p, dte: daysBetween(today, p.instrument.expiry) }))
      .filter(({ dte }) => dte <= config.rollLongAtDte);
    for (const { p, dte } of due) rollLong(ctx, p, dte);
    if (book.shorts.length > 0) manageShorts(ctx, book, shortStrikeFloor(book.longs));
    const uncovered = book.longContracts - book.shortContracts;
    if (uncovered < 0)
      ctx.signals.push(
        signal(
          'uncovered_calls',
          symbol,
          `${book.shortContracts} short ${symbol} calls against ${book.longContracts} LEAPS: ${-uncovered} not covered by a LEAPS.`,
          { longContracts: book.longContracts, shortContracts: book.shortContracts },
        ),
      );
    else if (uncovered > 0 && due.length > 0)
      ctx.signals.push(
        signal('skipped', symbol, `No call sold against the ${symbol} LEAPS until its roll is done.`, {
          reason: 'long_roll_due',
        }),
      );
    else if (uncovered > 0) sellShort(ctx, book, uncovered);
    deltaEquivalent(ctx, book);
  }
  return {
    signals: ctx.signals,
    opportunities: rankOpportunities(ctx.opportunities),
    recommendations: ctx.recommendations,
  };
}

function dataNeeds({ account, instance, asOf, spots }: DataNeedsInput<PmccConfig>): ChainRequest[] {
  const config = instance.config;
  const today = newYorkDateOf(asOf);
  const requests: ChainRequest[] = [];
  const leaps = (symbol: string): ChainRequest => ({
    symbol,
    rights: ['call'],
    minDte: config.longMinDte,
    maxDte: config.longMaxDte,
    ...LEAPS_BAND,
  });
  for (const symbol of universeOf(instance)) {
    const book = bookOf(account, symbol);
    const spot = spots.get(symbol) ?? null;
    if (book.longs.length === 0) {
      if (book.shorts.length === 0 && config.maxNewLeapsPerRun > 0) requests.push(leaps(symbol));
      continue;
    }
    const due = book.longs.filter((p) => daysBetween(today, p.instrument.expiry) <= config.rollLongAtDte);
    if (due.length > 0) requests.push(leaps(symbol));
    for (const p of due) {
      // The old LEAPS' own quote prices the sell side of the roll.
      const dte = Math.max(0, daysBetween(today, p.instrument.expiry));
      if (spot !== null && spot > 0)
        requests.push({
          symbol,
          rights: ['call'],
          minDte: dte,
          maxDte: dte,
          minMoneyness: (p.instrument.strike / spot) * 0.99,
          maxMoneyness: (p.instrument.strike / spot) * 1.01,
        });
    }
    const floor = shortStrikeFloor(book.longs);
    if (due.length === 0 && book.longContracts > book.shortContracts && isMarginAccount(account) && floor !== null)
      requests.push({
        symbol,
        rights: ['call'],
        minDte: config.shortMinDte,
        maxDte: config.shortMaxDte,
        minMoneyness: SHORT_BAND.minMoneyness,
        maxMoneyness:
          spot === null || spot <= 0
            ? SHORT_BAND.maxMoneyness
            : Math.max(SHORT_BAND.maxMoneyness, (floor / spot) * 1.1),
      });
    if (spot !== null) for (const p of book.shorts) requests.push(rollChainRequest(p, config.roll, spot, today));
  }
  return requests;
}

export const pmccPlugin: StrategyPlugin<PmccConfig> = {
  slug: 'synthetic_stock_leaps',
  version: '1',
  name: 'LEAPS synthetic stock / PMCC',
  description:
    "Buys a deep in-the-money LEAPS call as synthetic stock, sells short-dated calls against it above the long strike plus the debit paid (the poor man's covered call), rolls the LEAPS out before its last months and reports the position's share-equivalent delta.",
  configSchema: pmccConfigSchema,
  dataNeeds,
  generateSignals: generate,
};
