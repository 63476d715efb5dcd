// The Wheel: sell cash-secured puts on a symbol not held; once assigned, sell covered calls at or above the cost
// basis (lowered by the cycle's premiums); once called away, puts again. Each step follows from the book, so a run
// needs no memory of the previous one.
//
// Per symbol of the universe (the config's symbols and its watchlists'):
//   - unknown spot → one 'missing_data' signal, nothing else decided for it.
//   - open short puts and calls → `manageShortOption` (rolls.ts): profit target, DTE floor, ITM policy. Calls roll
//     no lower than the cost basis (the held strike when the basis is unknown); puts stay within the strike limits.
//   - ≥ 100 shares → covered calls: target lots = floor(floor(shares / 100) × coverPct); sell target − short calls
//     already open. Cost basis = the shares' average price − the cycle's premiums per share. Strike floor by
//     `callStrikeFloor`: max(basis, spot) | basis | none. The best-ranked call in the target |Δ| band at or over the
//     floor; when none is (the floor is far above the spot), the call nearest the target |Δ| from below the band.
//   - no shares and no short puts → a cash-secured put, the best-ranked one whose contract fits the symbol's budget.
//   - 1–99 shares or short stock → a 'skipped' signal (no lot to cover, no put while shares are held).
// Account events (assignments, expirations) become signals naming the next step.
//
// Sizing of new puts: budget = buying power × maxNewPctOfBuyingPower, split among this run's put symbols by weight
// (symbol budget = budget × weight / Σ weights; a symbol whose data is missing keeps its share unused, so a data gap
// never concentrates capital elsewhere). Capital per contract = strike × multiplier (cash-secured). Contracts =
// floor(symbol budget / capital), at most `maxNewContractsPerRun` over the whole run (symbols in universe order).
//
// Recommendations: limit = mid, spread = bid/ask. Confidence = POP × (1 − min(0.5, spread / mid)), with POP taken
// as 0.5 when unknown and the factor as 0.75 without a two-sided quote.
import { z } from 'zod';
import { type IsoDate, calendarDaysToExpiry, newYorkDateOf } from '../calendar';
import { normInv } from '../math/normal-distribution';
import { perSymbol, symbolsField, universeOf, watchlistIdsField } from './config-parts';
import { manageShortOption, rollChainRequest, rollRulesSchema } from './rolls';
import { rankOpportunities, scanOptions } from './scanner/scan';
import { scoreMethodSchema } from './scanner/filters-schema';
import type { ScanFilters, ScanResult } from './scanner/scan-types';
import type {
  ChainRequest,
  ChainSlice,
  OptionEvent,
  OptionSide,
  RecommendationDraft,
  ScoredOpportunity,
  StrategyInput,
  StrategyOutput,
  StrategyPlugin,
  StrategyPosition,
  StrategySignal,
  UnderlierMarket,
} from './types';

const symbolKey = z.string().trim().toUpperCase();
const absDelta = z.number().gt(0).lt(1);

export const wheelConfigSchema = z
  .object({
    symbols: symbolsField([], 'Symbols to wheel'),
    watchlistIds: watchlistIdsField,
    weights: z
      .record(symbolKey, z.number().positive())
      .default({})
      .describe("Per-symbol weight in the split of the new-put budget (absent = 1), e.g. { KO: 2 } doubles KO's share"),
    strikeLimits: z
      .record(
        symbolKey,
        z.object({
          minStrike: z.number().positive().optional().describe('Lowest put strike to sell'),
          maxStrike: z.number().positive().optional().describe('Highest put strike to sell'),
        }),
      )
      .default({})
      .describe('Per-symbol strike range of the puts sold (the prices you are willing to buy the stock at)'),
    targetDelta: absDelta.default(0.3).describe('|Delta| of the puts sold'),
    targetDeltaBySymbol: z
      .record(symbolKey, absDelta)
      .default({})
      .describe('Per-symbol |delta| of the puts sold, overriding targetDelta'),
    deltaTolerance: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.05)
      .describe('|Delta| accepted around a target (0.05 around 0.30: 0.25–0.35)'),
    minDte: z.int().min(0).default(30).describe('Fewest days to expiry of a put sold'),
    maxDte: z.int().min(0).default(45).describe('Most days to expiry of a put sold'),
    minOpenInterest: z.int().min(0).nullable().default(100).describe('Least open interest of an option sold'),
    minCredit: z.number().min(0).nullable().default(0.3).describe('Least put premium per share (the mid)'),
    maxSpreadPct: z
      .number()
      .min(0)
      .nullable()
      .default(0.1)
      .describe('Widest bid-ask spread of an option sold, as a fraction of the mid (0.10 = 10%)'),
    scoreMethod: scoreMethodSchema,
    maxNewContractsPerRun: z.int().min(0).default(10).describe('Most new put contracts recommended per run'),
    maxNewPctOfBuyingPower: z
      .number()
      .min(0)
      .max(1)
      .default(0.05)
      .describe('New cash-secured capital per run as a fraction of buying power, split among symbols by weight'),
    callTargetDelta: absDelta.default(0.3).describe('|Delta| of the covered calls sold'),
    callMinDte: z.int().min(0).default(30).describe('Fewest days to expiry of a covered call'),
    callMaxDte: z.int().min(0).default(45).describe('Most days to expiry of a covered call'),
    callMinCredit: z.number().min(0).nullable().default(0.1).describe('Least covered-call premium per share (the mid)'),
    callStrikeFloor: z
      .enum(['cost_basis_or_spot', 'cost_basis', 'none'])
      .default('cost_basis_or_spot')
      .describe('Lowest covered-call strike: max(cost basis, spot), the cost basis, or none'),
    coverPct: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .describe('Fraction of the 100-share lots to cover with calls (0.5 of 3 lots = 1 call)'),
    rollRules: rollRulesSchema.prefault({}),
  })
  .refine((c) => c.minDte <= c.maxDte, { message: 'minDte must not exceed maxDte', path: ['minDte'] })
  .refine((c) => c.callMinDte <= c.callMaxDte, {
    message: 'callMinDte must not exceed callMaxDte',
    path: ['callMinDte'],
  });

export type WheelConfig = z.output<typeof wheelConfigSchema>;

interface StrikeLimits {
  minStrike?: number | undefined;
  maxStrike?: number | undefined;
}
const limitsOf = (cfg: WheelConfig, symbol: string) => perSymbol<StrikeLimits>(cfg.strikeLimits, symbol, {});
const weightOf = (cfg: WheelConfig, symbol: string) => perSymbol<number>(cfg.weights, symbol, 1);

/** What the book holds of one symbol. */
interface Book {
  shares: number;
  /** Average price per share of the shares; null when any lot's is unknown. */
  stockAvgPrice: number | null;
  shortPuts: StrategyPosition[];
  shortCalls: StrategyPosition[];
  /** Contracts of short calls (positive). */
  shortCallContracts: number;
}

function bookOf(positions: readonly StrategyPosition[], symbol: string): Book {
  let shares = 0;
  let cost: number | null = 0;
  const shortPuts: StrategyPosition[] = [];
  const shortCalls: StrategyPosition[] = [];
  for (const p of positions) {
    if (p.symbol !== symbol) continue;
    if (p.instrument.kind === 'stock') {
      shares += p.quantity;
      cost = cost === null || p.avgPrice === null ? null : cost + p.avgPrice * p.quantity;
    } else if (p.quantity < 0) (p.instrument.right === 'put' ? shortPuts : shortCalls).push(p);
  }
  return {
    shares,
    stockAvgPrice: shares > 0 && cost !== null ? cost / shares : null,
    shortPuts,
    shortCalls,
    shortCallContracts: shortCalls.reduce((n, p) => n + Math.abs(p.quantity), 0),
  };
}

const wantsPut = (book: Book) => book.shares === 0 && book.shortPuts.length === 0;

/** Vols (10%–100%) over which a delta band is turned into a strike band before the chain (and its IVs) is known. */
const BAND_VOLS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/**
 * Strikes (fractions of spot) whose Black-Scholes |Δ| lies in [low, high] for some vol in BAND_VOLS and DTE in the
 * window (r = q = 0), widened 2% each side. A put at |Δ| d sits at K/S = exp(Φ⁻¹(d)σ√T + σ²T/2), a call at
 * exp(−Φ⁻¹(d)σ√T + σ²T/2): e.g. puts |Δ| 0.25–0.35 over 30–45 DTE → 0.82–1.01.
 */
export function strikeBandForDelta(
  right: OptionSide,
  low: number,
  high: number,
  minDte: number,
  maxDte: number,
): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  const sign = right === 'put' ? 1 : -1;
  for (const d of [low, high])
    for (const sigma of BAND_VOLS)
      for (const dte of [minDte, (minDte + maxDte) / 2, maxDte]) {
        const T = Math.max(1, dte) / 365;
        const ratio = Math.exp(sign * normInv(d) * sigma * Math.sqrt(T) + (sigma * sigma * T) / 2);
        min = Math.min(min, ratio);
        max = Math.max(max, ratio);
      }
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return { min: round(min * 0.98), max: round(max * 1.02) };
}

const deltaRange = (target: number, tolerance: number) => ({
  low: Math.max(0.01, target - tolerance),
  high: Math.min(0.99, target + tolerance),
});

/** The put chain a new put needs; null when the strike limits leave nothing of the delta band. */
function putRequest(cfg: WheelConfig, symbol: string, spot: number): ChainRequest | null {
  const target = perSymbol(cfg.targetDeltaBySymbol, symbol, cfg.targetDelta);
  const { low, high } = deltaRange(target, cfg.deltaTolerance);
  const band = strikeBandForDelta('put', low, high, cfg.minDte, cfg.maxDte);
  const limits = limitsOf(cfg, symbol);
  const minMoneyness = Math.max(band.min, (limits.minStrike ?? 0) / spot);
  const maxMoneyness = Math.min(band.max, (limits.maxStrike ?? Infinity) / spot);
  if (minMoneyness > maxMoneyness) return null;
  return { symbol, rights: ['put'], minDte: cfg.minDte, maxDte: cfg.maxDte, minMoneyness, maxMoneyness };
}

interface CallPlan {
  lots: number;
  targetLots: number;
  toSell: number;
  premiums: number;
  basis: number | null;
  /** The strike floor; null = none. */
  floor: number | null;
  floorWords: string;
  /** Why no call can be planned (the basis the floor needs is unknown). */
  missing: string | null;
}

function callPlan(
  cfg: WheelConfig,
  book: Book,
  premiumsBySymbol: Readonly<Record<string, number>>,
  symbol: string,
  spot: number,
): CallPlan {
  const lots = Math.floor(book.shares / 100);
  const targetLots = Math.floor(lots * cfg.coverPct + 1e-9);
  const premiums = perSymbol(premiumsBySymbol, symbol, 0);
  const basis = book.stockAvgPrice === null ? null : book.stockAvgPrice - premiums;
  const plan = { lots, targetLots, toSell: Math.max(0, targetLots - book.shortCallContracts), premiums, basis };
  if (cfg.callStrikeFloor === 'none') return { ...plan, floor: null, floorWords: 'no strike floor', missing: null };
  if (basis === null)
    return {
      ...plan,
      floor: null,
      floorWords: '',
      missing: `the average price of the ${symbol} shares is unknown, so is the cost basis the call strike must clear`,
    };
  if (cfg.callStrikeFloor === 'cost_basis')
    return { ...plan, floor: basis, floorWords: `strike ≥ the cost basis ${price(basis)}`, missing: null };
  const floor = Math.max(basis, spot);
  return {
    ...plan,
    floor,
    floorWords: `strike ≥ ${price(floor)} = max(cost basis ${price(basis)}, spot ${price(spot)})`,
    missing: null,
  };
}

function callRequest(cfg: WheelConfig, symbol: string, spot: number, plan: CallPlan): ChainRequest {
  const { low, high } = deltaRange(cfg.callTargetDelta, cfg.deltaTolerance);
  const band = strikeBandForDelta('call', low, high, cfg.callMinDte, cfg.callMaxDte);
  const floorMoneyness = plan.floor === null ? 0 : plan.floor / spot;
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    symbol,
    rights: ['call'],
    minDte: cfg.callMinDte,
    maxDte: cfg.callMaxDte,
    minMoneyness: Math.max(band.min, round(floorMoneyness)),
    // Room above a high floor for the below-band fallback.
    maxMoneyness: Math.max(band.max, round(floorMoneyness * 1.1)),
  };
}

/** True when a rule of the roll management could act today (profit target or DTE floor): its chain is worth it. */
function shortMayAct(position: StrategyPosition, cfg: WheelConfig, today: IsoDate): boolean {
  if (position.instrument.kind !== 'option') return false;
  const { avgPrice, mark } = position;
  const dte = calendarDaysToExpiry(today, position.instrument.expiry);
  const captured = avgPrice !== null && avgPrice > 0 && mark !== null ? (avgPrice - mark) / avgPrice : null;
  return dte <= cfg.rollRules.rollAtDte || (captured !== null && captured >= cfg.rollRules.profitTargetPct);
}

function dataNeeds({
  account,
  instance,
  asOf,
  spots,
}: Parameters<StrategyPlugin<WheelConfig>['dataNeeds']>[0]): ChainRequest[] {
  const cfg = instance.config;
  const today = newYorkDateOf(asOf);
  const requests: ChainRequest[] = [];
  for (const symbol of universeOf(instance)) {
    const spot = spots.get(symbol) ?? null;
    if (spot === null || !(spot > 0)) continue;
    const book = bookOf(account.positions, symbol);
    if (wantsPut(book)) {
      const request = putRequest(cfg, symbol, spot);
      if (request) requests.push(request);
    }
    if (book.shares >= 100) {
      const plan = callPlan(cfg, book, account.cyclePremiums, symbol, spot);
      if (plan.toSell > 0 && plan.missing === null) requests.push(callRequest(cfg, symbol, spot, plan));
    }
    for (const p of [...book.shortPuts, ...book.shortCalls])
      if (shortMayAct(p, cfg, today)) requests.push(rollChainRequest(p, cfg.rollRules, spot, today));
  }
  return requests;
}

/** One run's output under construction. */
interface Run {
  input: StrategyInput<WheelConfig>;
  cfg: WheelConfig;
  signals: StrategySignal[];
  opportunities: ScoredOpportunity[];
  recommendations: RecommendationDraft[];
  /** New put contracts still allowed this run. */
  contractsLeft: number;
  /** The whole run's new-put budget; null when buying power is unknown. */
  budget: number | null;
  weightSum: number;
}

function generateSignals(input: StrategyInput<WheelConfig>): StrategyOutput {
  const cfg = input.instance.config;
  const { account, market } = input;
  const universe = universeOf(input.instance);
  const books = new Map(universe.map((symbol) => [symbol, bookOf(account.positions, symbol)]));
  const putSymbols = universe.filter((symbol) => wantsPut(books.get(symbol) as Book));
  const run: Run = {
    input,
    cfg,
    signals: eventSignals(account.events, universe),
    opportunities: [],
    recommendations: [],
    contractsLeft: cfg.maxNewContractsPerRun,
    budget: account.buyingPower === null ? null : Math.max(0, account.buyingPower) * cfg.maxNewPctOfBuyingPower,
    weightSum: putSymbols.reduce((sum, symbol) => sum + weightOf(cfg, symbol), 0),
  };

  for (const symbol of universe) {
    const book = books.get(symbol) as Book;
    const u = market.underliers.get(symbol);
    const spot = u?.spot ?? null;
    if (u === undefined || spot === null || !(spot > 0)) {
      const held = book.shares !== 0 || book.shortPuts.length + book.shortCalls.length > 0;
      run.signals.push({
        kind: 'missing_data',
        symbol,
        message: `The spot of ${symbol} is unknown: nothing decided for it${held ? ' (its open positions are not managed this run)' : ''}`,
      });
      continue;
    }
    const chain = market.chains.get(symbol);
    // A partly fetched chain still gets used; what is absent is said once (an empty one is reported where needed).
    if (chain?.missing && chain.options.length > 0)
      run.signals.push({ kind: 'missing_data', symbol, message: `${symbol} chain incomplete: ${chain.missing}` });
    manageShorts(run, symbol, u, spot, book, chain);
    if (book.shares >= 100) sellCalls(run, symbol, u, spot, book, chain);
    else if (book.shares !== 0)
      run.signals.push({
        kind: 'skipped',
        symbol,
        message:
          book.shares > 0
            ? `${symbol}: ${book.shares} shares, under one 100-share lot: no covered call, and no put while shares are held`
            : `${symbol}: short ${-book.shares} shares: not a wheel position, nothing sold`,
        payload: { shares: book.shares },
      });
    if (wantsPut(book)) sellPut(run, symbol, u, spot, chain);
  }
  return {
    signals: run.signals,
    opportunities: rankOpportunities(run.opportunities),
    recommendations: run.recommendations,
  };
}

function manageShorts(
  run: Run,
  symbol: string,
  u: UnderlierMarket,
  spot: number,
  book: Book,
  chain: ChainSlice | undefined,
): void {
  const { cfg, input } = run;
  const { market } = input;
  const limits = limitsOf(cfg, symbol);
  const plan = book.shortCalls.length > 0 ? callPlan(cfg, book, input.account.cyclePremiums, symbol, spot) : null;
  for (const position of [...book.shortPuts, ...book.shortCalls]) {
    if (position.instrument.kind !== 'option') continue;
    const { right, strike, expiry } = position.instrument;
    // Puts roll within the strike limits (the held contract stays, its quote prices the buy-back).
    const rollChain =
      right === 'put' && chain
        ? {
            ...chain,
            options: chain.options.filter(
              (o) =>
                (o.strike === strike && o.expiry === expiry) ||
                (o.strike >= (limits.minStrike ?? 0) && o.strike <= (limits.maxStrike ?? Infinity)),
            ),
          }
        : chain;
    // A call never rolls under the cost basis; with the basis unknown, never under its own strike.
    const minCallStrike = right === 'call' ? (cfg.callStrikeFloor === 'none' ? null : (plan?.basis ?? strike)) : null;
    const decision = manageShortOption({
      position,
      underlier: u,
      chain: rollChain,
      rules: cfg.rollRules,
      today: market.today,
      nowMs: market.nowMs,
      rate: market.rate,
      minCallStrike,
      params: {
        strategy: 'wheel',
        rollRules: cfg.rollRules,
        ...(right === 'call' ? { costBasis: plan?.basis ?? null, minCallStrike } : { strikeLimits: limits }),
      },
    });
    run.signals.push(...decision.signals);
    if (decision.recommendation) run.recommendations.push(decision.recommendation);
  }
}

const baseFilters = (
  cfg: WheelConfig,
): Omit<
  ScanFilters,
  'rights' | 'minAbsDelta' | 'maxAbsDelta' | 'minDte' | 'maxDte' | 'minCredit' | 'minStrike' | 'maxStrike'
> => ({
  minIv: null,
  maxIv: null,
  minIvRank: null,
  maxIvRank: null,
  minVolume: null,
  minOpenInterest: cfg.minOpenInterest,
  maxSpreadPct: cfg.maxSpreadPct,
  minPrice: null,
  maxPrice: null,
});

/** A 'missing_data' signal when there is no chain to scan; true when there is one. */
function hasChain(run: Run, symbol: string, chain: ChainSlice | undefined, what: string): chain is ChainSlice {
  if (chain !== undefined && chain.options.length > 0) return true;
  run.signals.push({
    kind: 'missing_data',
    symbol,
    message: `No ${symbol} options to choose ${what} from: ${chain?.missing ?? 'no chain was fetched'}`,
  });
  return false;
}

/** The signal when a scan left nothing: 'missing_data' when unknown data is among the reasons. */
function nothingPassed(run: Run, symbol: string, what: string, scan: ScanResult): void {
  const rejected = Object.entries(scan.rejected)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const missing = scan.missing.length > 0 ? `; missing: ${scan.missing.join('; ')}` : '';
  run.signals.push({
    kind: scan.missing.length > 0 ? 'missing_data' : 'skipped',
    symbol,
    message: `No ${what} passed the filters (${scan.considered} considered; rejected: ${rejected || 'none'})${missing}`,
    payload: { considered: scan.considered, rejected: scan.rejected, missing: scan.missing },
  });
}

function sellPut(run: Run, symbol: string, u: UnderlierMarket, spot: number, chain: ChainSlice | undefined): void {
  const { cfg, input } = run;
  const { market, account } = input;
  const target = perSymbol(cfg.targetDeltaBySymbol, symbol, cfg.targetDelta);
  const { low, high } = deltaRange(target, cfg.deltaTolerance);
  const limits = limitsOf(cfg, symbol);
  if (putRequest(cfg, symbol, spot) === null) {
    run.signals.push({
      kind: 'skipped',
      symbol,
      message: `${symbol}: no put at |Δ| ${low.toFixed(2)}–${high.toFixed(2)} can lie within the strike limits ${limits.minStrike ?? '–'} to ${limits.maxStrike ?? '–'} at spot ${price(spot)}`,
      payload: { strikeLimits: limits, spot },
    });
    return;
  }
  if (!hasChain(run, symbol, chain, 'a put')) return;
  const scan = scanOptions({
    underlier: u,
    options: chain.options,
    side: 'sell',
    filters: {
      ...baseFilters(cfg),
      rights: ['put'],
      minAbsDelta: low,
      maxAbsDelta: high,
      minDte: cfg.minDte,
      maxDte: cfg.maxDte,
      minCredit: cfg.minCredit,
      minStrike: limits.minStrike ?? null,
      maxStrike: limits.maxStrike ?? null,
    },
    score: cfg.scoreMethod,
    capital: 'cash_secured',
    today: market.today,
    nowMs: market.nowMs,
    rate: market.rate,
  });
  run.opportunities.push(...scan.opportunities);
  const best = scan.opportunities[0];
  if (best === undefined) return nothingPassed(run, symbol, `${symbol} put`, scan);

  const weight = weightOf(cfg, symbol);
  if (run.budget === null || account.buyingPower === null) {
    run.signals.push({
      kind: 'missing_data',
      symbol,
      message: `Buying power unknown: no ${symbol} put sized`,
    });
    return;
  }
  const budget = (run.budget * weight) / run.weightSum;
  const budgetWords =
    `${symbol}'s budget ${money(budget)} = ${pct(cfg.maxNewPctOfBuyingPower)} of buying power ` +
    `${money(account.buyingPower)} × weight ${weight}/${run.weightSum}`;
  const pick = scan.opportunities.find((o) => o.strike * o.multiplier <= budget + 1e-9);
  if (pick === undefined) {
    run.signals.push({
      kind: 'skipped',
      symbol,
      message: `${symbol}: the best put (${best.expiry} ${strike(best.strike)}) secures ${money(best.strike * best.multiplier)} per contract, more than ${budgetWords}`,
      payload: { budget, capitalPerContract: best.strike * best.multiplier, weight, weightSum: run.weightSum },
    });
    return;
  }
  const capital = pick.strike * pick.multiplier;
  const affordable = Math.floor(budget / capital + 1e-9);
  if (run.contractsLeft === 0) {
    run.signals.push({
      kind: 'skipped',
      symbol,
      message: `${symbol}: the ${cfg.maxNewContractsPerRun} new contracts allowed per run are already recommended`,
      payload: { maxNewContractsPerRun: cfg.maxNewContractsPerRun },
    });
    return;
  }
  const contracts = Math.min(affordable, run.contractsLeft);
  run.contractsLeft -= contracts;
  const sizing =
    `Cash secured ${money(contracts * capital)}: ${budgetWords}; ${money(capital)} per contract → ${affordable}` +
    (contracts < affordable
      ? `, capped at ${contracts} by the ${cfg.maxNewContractsPerRun} new contracts per run`
      : '') +
    (pick.rank > 1 ? `; rank ${pick.rank}: the better-ranked puts need more than the budget` : '');
  run.recommendations.push(
    sellDraft('sell_put', pick, contracts, sizing, {
      targetDelta: target,
      deltaBand: [low, high],
      minDte: cfg.minDte,
      maxDte: cfg.maxDte,
      minOpenInterest: cfg.minOpenInterest,
      minCredit: cfg.minCredit,
      maxSpreadPct: cfg.maxSpreadPct,
      scoreMethod: cfg.scoreMethod,
      strikeLimits: limits,
      weight,
      weightSum: run.weightSum,
      buyingPower: account.buyingPower,
      maxNewPctOfBuyingPower: cfg.maxNewPctOfBuyingPower,
      budget,
      capitalPerContract: capital,
      maxNewContractsPerRun: cfg.maxNewContractsPerRun,
    }),
  );
}

function sellCalls(
  run: Run,
  symbol: string,
  u: UnderlierMarket,
  spot: number,
  book: Book,
  chain: ChainSlice | undefined,
): void {
  const { cfg, input } = run;
  const { market } = input;
  const plan = callPlan(cfg, book, input.account.cyclePremiums, symbol, spot);
  if (plan.toSell === 0) {
    if (plan.targetLots === 0)
      run.signals.push({
        kind: 'skipped',
        symbol,
        message: `${symbol}: covering ${pct(cfg.coverPct)} of ${plan.lots} lot${plan.lots === 1 ? '' : 's'} rounds down to no call`,
        payload: { lots: plan.lots, coverPct: cfg.coverPct },
      });
    return;
  }
  if (plan.missing !== null) {
    run.signals.push({ kind: 'missing_data', symbol, message: `No ${symbol} covered call: ${plan.missing}` });
    return;
  }
  if (!hasChain(run, symbol, chain, 'a covered call')) return;
  const { low, high } = deltaRange(cfg.callTargetDelta, cfg.deltaTolerance);
  const scanWith = (minAbsDelta: number | null) =>
    scanOptions({
      underlier: u,
      options: chain.options,
      side: 'sell',
      filters: {
        ...baseFilters(cfg),
        rights: ['call'],
        minAbsDelta,
        maxAbsDelta: high,
        minDte: cfg.callMinDte,
        maxDte: cfg.callMaxDte,
        minCredit: cfg.callMinCredit,
        minStrike: plan.floor,
        maxStrike: null,
      },
      score: cfg.scoreMethod,
      capital: 'covered',
      ...(plan.basis !== null && plan.basis > 0 ? { coveredBasis: plan.basis } : {}),
      today: market.today,
      nowMs: market.nowMs,
      rate: market.rate,
    });
  const inBand = scanWith(low);
  let pick = inBand.opportunities[0];
  let fallback = false;
  run.opportunities.push(...inBand.opportunities);
  if (pick === undefined) {
    const below = scanWith(null);
    run.opportunities.push(...below.opportunities);
    pick = below.opportunities.reduce<ScoredOpportunity | undefined>(
      (best, o) => (best === undefined || Math.abs(o.delta ?? 0) > Math.abs(best.delta ?? 0) ? o : best),
      undefined,
    );
    if (pick === undefined) return nothingPassed(run, symbol, `${symbol} call (${plan.floorWords})`, inBand);
    fallback = true;
  }
  const basisWords =
    plan.basis === null || book.stockAvgPrice === null
      ? 'cost basis unknown'
      : `cost basis ${price(plan.basis)} = average price ${price(book.stockAvgPrice)} − cycle premiums ${price(plan.premiums)} per share`;
  const coverage =
    `Covers ${plan.toSell} of ${plan.lots} lot${plan.lots === 1 ? '' : 's'} (${book.shares} shares; cover ${pct(cfg.coverPct)} → ` +
    `${plan.targetLots}, ${book.shortCallContracts} already covered). ${capitalize(basisWords)}; ${plan.floorWords}` +
    (fallback
      ? `; no call at |Δ| ${low.toFixed(2)}–${high.toFixed(2)} clears the floor, so the nearest below the band`
      : '');
  run.recommendations.push(
    sellDraft('sell_call', pick, plan.toSell, coverage, {
      callTargetDelta: cfg.callTargetDelta,
      deltaBand: [low, high],
      callMinDte: cfg.callMinDte,
      callMaxDte: cfg.callMaxDte,
      callMinCredit: cfg.callMinCredit,
      minOpenInterest: cfg.minOpenInterest,
      maxSpreadPct: cfg.maxSpreadPct,
      scoreMethod: cfg.scoreMethod,
      callStrikeFloor: cfg.callStrikeFloor,
      costBasis: plan.basis,
      cyclePremiums: plan.premiums,
      strikeFloor: plan.floor,
      coverPct: cfg.coverPct,
      lots: plan.lots,
      coveredBefore: book.shortCallContracts,
      belowBandFallback: fallback,
    }),
  );
}

function sellDraft(
  action: 'sell_put' | 'sell_call',
  o: ScoredOpportunity,
  contracts: number,
  why: string,
  params: Record<string, unknown>,
): RecommendationDraft {
  const figures = [
    o.delta === null ? null : `Δ ${signed(o.delta)}`,
    `${o.dte} DTE`,
    o.pop === null ? null : `POP ${pct(o.pop)}`,
    o.ror === null
      ? null
      : `${(o.ror * 100).toFixed(1)}% on capital${o.annualizedRor === null ? '' : ` (${(o.annualizedRor * 100).toFixed(1)}% annualized)`}`,
  ].filter((x) => x !== null);
  const quoteWords =
    o.mid === null
      ? 'no two-sided quote'
      : `${price(o.mid)} (mid; bid ${price(o.bid as number)} / ask ${price(o.ask as number)})`;
  const liquidity = o.spreadPct === null ? 0.75 : 1 - Math.min(0.5, o.spreadPct);
  return {
    action,
    symbol: o.symbol,
    legs: [
      {
        symbol: o.symbol,
        kind: 'option',
        right: o.right,
        strike: o.strike,
        expiry: o.expiry,
        multiplier: o.multiplier,
        side: 'SELL',
        ratio: 1,
        bid: o.bid,
        ask: o.ask,
        mid: o.mid,
      },
    ],
    quantity: contracts,
    limitPrice: o.mid,
    spread: { bid: o.bid, ask: o.ask },
    rationale:
      `Sell ${contracts} ${o.symbol} ${o.expiry} ${strike(o.strike)} ${o.right}${contracts === 1 ? '' : 's'} at ${quoteWords}: ` +
      `${figures.join(', ')}. ${why}.`,
    confidence: Math.round((o.pop ?? 0.5) * liquidity * 100) / 100,
    params,
    opportunityKey: o.key,
  };
}

function eventSignals(events: readonly OptionEvent[], universe: readonly string[]): StrategySignal[] {
  const signals: StrategySignal[] = [];
  for (const e of events) {
    if (!universe.includes(e.symbol)) continue;
    const shares = e.quantity * 100;
    const contracts = `${e.quantity} ${e.symbol} ${strike(e.strike)} ${e.right}${e.quantity === 1 ? '' : 's'} (${e.expiry})`;
    const payload = { event: e.kind, right: e.right, strike: e.strike, expiry: e.expiry, quantity: e.quantity, shares };
    if (e.kind === 'assignment' || e.kind === 'early_assignment') {
      const early = e.kind === 'early_assignment' ? 'early ' : '';
      signals.push(
        e.right === 'put'
          ? {
              kind: 'assignment',
              symbol: e.symbol,
              message: `Assigned ${early}${contracts}: ${shares} shares bought at ${strike(e.strike)}; next: covered calls`,
              payload: { ...payload, next: 'covered_calls' },
            }
          : {
              kind: 'assignment',
              symbol: e.symbol,
              message: `Called away ${early}${contracts}: ${shares} shares sold at ${strike(e.strike)}; next: cash-secured puts`,
              payload: { ...payload, next: 'puts' },
            },
      );
    } else if (e.kind === 'expiration') {
      signals.push({
        kind: 'expiration',
        symbol: e.symbol,
        message: `${capitalize(contracts)} expired worthless, the premium kept; next: ${e.right === 'put' ? 'another put' : 'another covered call'}`,
        payload: { ...payload, next: e.right === 'put' ? 'puts' : 'covered_calls' },
      });
    }
  }
  return signals;
}

/** Cents, or a tenth of a cent when a mid falls between (0.975). */
const price = (x: number) =>
  Math.abs(Math.round(x * 1000) - Math.round(x * 100) * 10) > 0 ? x.toFixed(3) : x.toFixed(2);
const signed = (x: number) => (x >= 0 ? '' : '−') + Math.abs(x).toFixed(2);
const strike = (x: number) => String(Math.round(x * 1000) / 1000);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const money = (x: number) => {
  const [whole, cents] = Math.abs(x).toFixed(2).split('.') as [string, string];
  return `${x < 0 ? '−' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${cents === '00' ? '' : `.${cents}`}`;
};
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const wheelPlugin: StrategyPlugin<WheelConfig> = {
  slug: 'wheel',
  version: '1',
  name: 'Wheel',
  description:
    'Sells cash-secured puts; once assigned, covered calls at or above the cost basis (lowered by the premiums); once called away, puts again. Open shorts are rolled or closed by the shared roll rules.',
  configSchema: wheelConfigSchema,
  dataNeeds,
  generateSignals,
};
