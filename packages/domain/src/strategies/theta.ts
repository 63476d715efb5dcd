// Theta: short-dated, low-delta index puts (SPY, QQQ; XSP, SPX) sold on a weekly cadence and sized by their margin,
// with the open ones managed by the shared roll rules (rolls.ts).
//
// Entry, per symbol of the universe (config symbols + watchlists), in that order:
//   - the chain is scanned (scanner/scan.ts) for puts with |Δ| in [minAbsDelta, maxAbsDelta] and DTE in
//     [minDte, maxDte], on the margin basis (cash-secured in cash, TFSA and RRSP accounts);
//   - the put sold: on each expiry the put whose |Δ| is nearest `targetDelta`, and of those the best-ranked;
//   - cadence: no new put while an open short put on the symbol is recent — DTE ≥ min(minDte, maxDte − cadenceDays
//     + 1): it is in the entry window, or it was opened less than `cadenceDays` ago even if sold at the window's
//     longest DTE (defaults: DTE ≥ 4). No new put either on a symbol whose put is being rolled in this run.
// Sizing, by margin impact:
//   per contract: Reg-T the naked-put requirement (CBOE/Reg-T, premium included); portfolio margin the increase of
//     the underlier's PM requirement when one contract joins the account's positions on it (at least the USD 37.50
//     per-contract minimum); cash, TFSA, RRSP the strike × multiplier in cash (cash-secured);
//   budget = maxMarginPctOfNlv × NLV − margin in use (the risk state's maintenance margin — cash reserved in cash
//     accounts — else NLV − the account's excess liquidity), in cash accounts also at most the free cash
//     (cash − reserved); each recommendation of the run uses up its share of the budget;
//   contracts = floor(min(maxNewContracts left in this run, budget / per contract)); 0 → a 'skipped' signal.
// Confidence of a new put = POP × (0.5 + 0.5 × liquidity) (the scanner's liquidity sub-score), rounded to 0.01: a
// likely winner in a deep, tight market is near its POP; an illiquid one is discounted by up to half.
// Open short puts on the universe's symbols (of the instance's portfolio when it has one) go to `manageShortOption`
// first. Missing data is a 'missing_data' signal (unknown spot, no chain, no NLV or margin figures, candidates kept out
// by unknown quotes), never a silent "no opportunities"; a market that simply offers nothing is a 'skipped' signal.
// The limit price is the mid, unrounded (tick sizes are the order's business).
import { z } from 'zod';
import { type IsoDate, calendarDaysToExpiry, newYorkDateOf } from '../calendar';
import { normInv } from '../math/normal-distribution';
import { type Micros, micros } from '../money';
import type { AccountType } from '../risk/account-type';
import { type MarginMarket, type MarginPosition, computeMarginSummary, nakedOptionRequirement } from '../risk/margin';
import { LABEL, isMarginAccount, money } from '../risk/rule-helpers';
import { symbolsField, universeOf, watchlistIdsField } from './config-parts';
import { manageShortOption, rollChainRequest, rollRulesSchema } from './rolls';
import { scanFiltersSchema, scoreMethodSchema } from './scanner/filters-schema';
import { midOf, rankOpportunities, scanOptions } from './scanner/scan';
import type { ScanFilters, ScanResult } from './scanner/scan-types';
import type {
  ChainRequest,
  DataNeedsInput,
  OptionQuote,
  RecommendationDraft,
  ScoredOpportunity,
  StrategyAccount,
  StrategyInput,
  StrategyInstance,
  StrategyOutput,
  StrategyPlugin,
  StrategyPosition,
  StrategySignal,
} from './types';

const fraction = z.number().min(0).max(1);
const filterField = scanFiltersSchema.shape;

/** The shared roll rules with Theta's defaults: take 50%, roll at 1 DTE whatever the P&L into the next week. */
const thetaRollSchema = rollRulesSchema.safeExtend({
  rollAtDte: rollRulesSchema.shape.rollAtDte.default(1),
  minProfitPctAtDte: rollRulesSchema.shape.minProfitPctAtDte.default(-1),
  targetDelta: rollRulesSchema.shape.targetDelta.default(0.15),
  rollMinDte: rollRulesSchema.shape.rollMinDte.default(5),
  rollMaxDte: rollRulesSchema.shape.rollMaxDte.default(10),
});

export const thetaConfigSchema = z
  .object({
    symbols: symbolsField(
      ['SPY', 'QQQ'],
      'Index underliers to sell short-dated puts on (SPY, QQQ; XSP and SPX work too)',
    ),
    watchlistIds: watchlistIdsField,
    targetDelta: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.15)
      .describe('|Delta| aimed at: on each expiry the put nearest it is the candidate'),
    minAbsDelta: fraction.default(0.05).describe('Lowest |delta| of a put sold'),
    maxAbsDelta: fraction.default(0.2).describe('Highest |delta| of a put sold'),
    minDte: z.int().min(0).default(5).describe('Fewest calendar days to expiry of a put sold'),
    maxDte: z.int().min(0).default(10).describe('Most calendar days to expiry of a put sold'),
    cadenceDays: z
      .int()
      .min(0)
      .default(7)
      .describe(
        'Days between new puts on a symbol: an open short put with DTE ≥ min(minDte, maxDte − cadenceDays + 1) blocks a new one',
      ),
    maxNewContracts: z.int().min(0).default(5).describe('Most new put contracts per run, all symbols together'),
    maxMarginPctOfNlv: fraction
      .default(0.3)
      .describe(
        'Margin (cash reserved in cash, TFSA and RRSP accounts) the account may use in all, as a fraction of net liquidation; new puts only use what is left',
      ),
    minOpenInterest: filterField.minOpenInterest,
    maxSpreadPct: filterField.maxSpreadPct,
    minCredit: filterField.minCredit,
    scoreMethod: scoreMethodSchema,
    roll: thetaRollSchema.prefault({}).describe('How open short puts are managed: profit target, DTE floor, rolls'),
  })
  .refine((c) => c.minDte <= c.maxDte, { message: 'minDte must not exceed maxDte', path: ['minDte'] })
  .refine((c) => c.minAbsDelta <= c.targetDelta && c.targetDelta <= c.maxAbsDelta, {
    message: 'targetDelta must lie within minAbsDelta – maxAbsDelta',
    path: ['targetDelta'],
  });

export type ThetaConfig = z.output<typeof thetaConfigSchema>;

/** The vol no index put band should need to exceed: the strike band is sized for it. */
const VOL_CEILING = 0.8;

/**
 * Lowest strike to fetch, as a fraction of spot: where a put of |Δ| = minAbsDelta sits at maxDte if the vol were
 * 80% (K/S ≈ exp(−N⁻¹(1 − |Δ|) σ √T), the small ½σ²T term left out so the band errs lower), rounded down to 0.01,
 * at least 0.5. Defaults (0.05, 10 DTE): exp(−1.645 × 0.8 × 0.1655) = 0.804 → 0.80. Puts of |Δ| ≤ 0.5 are below
 * the spot, so the band ends at 1.
 */
export function thetaStrikeFloor(config: Pick<ThetaConfig, 'minAbsDelta' | 'maxDte'>): number {
  if (config.minAbsDelta <= 0) return 0.5;
  const z = normInv(1 - config.minAbsDelta);
  const floor = Math.exp(-z * VOL_CEILING * Math.sqrt(Math.max(1, config.maxDte) / 365));
  return Math.max(0.5, Math.floor(floor * 100) / 100);
}

const isShortPut = (p: StrategyPosition) =>
  p.instrument.kind === 'option' && p.instrument.right === 'put' && p.quantity < 0;

/** Open short puts on the universe's symbols (of the instance's portfolio when it has one). */
function managedShortPuts(
  account: StrategyAccount,
  instance: StrategyInstance<ThetaConfig>,
  universe: readonly string[],
): StrategyPosition[] {
  const symbols = new Set(universe);
  return account.positions.filter(
    (p) =>
      isShortPut(p) &&
      symbols.has(p.symbol.toUpperCase()) &&
      (instance.portfolioId === null || p.portfolioId === instance.portfolioId),
  );
}

function dataNeeds(input: DataNeedsInput<ThetaConfig>): ChainRequest[] {
  const config = input.instance.config;
  const universe = universeOf(input.instance);
  const minMoneyness = thetaStrikeFloor(config);
  const requests: ChainRequest[] = universe.map((symbol) => ({
    symbol,
    rights: ['put'],
    minDte: config.minDte,
    maxDte: config.maxDte,
    minMoneyness,
    maxMoneyness: 1,
  }));
  const today = newYorkDateOf(input.asOf);
  for (const position of managedShortPuts(input.account, input.instance, universe)) {
    const spot = input.spots.get(position.symbol.toUpperCase()) ?? null;
    // Without a spot there is no band to ask for, and the roll rules hold the position anyway (missing data).
    if (spot !== null && spot > 0) requests.push(rollChainRequest(position, config.roll, spot, today));
  }
  return requests;
}

interface Budget {
  nlv: number;
  used: number;
  /** maxMarginPctOfNlv × NLV. */
  cap: number;
  /** Cash accounts: cash − reserved. */
  freeCash: number | null;
  /** What new puts may use at the start of the run: max(0, min(cap − used, freeCash)). */
  start: number;
  /** Used by the new puts recommended so far in this run. */
  spent: number;
  usedFrom: 'risk state' | 'excess liquidity';
}

/** The run's budget for new puts, or why it is unknown. */
function budgetOf(input: StrategyInput<ThetaConfig>, cashSecured: boolean): Budget | { missing: string } {
  const { account, riskState } = input;
  const config = input.instance.config;
  const nlv = riskState?.netLiquidation ?? account.netLiquidation;
  if (nlv === null) return { missing: 'net liquidation of the account unknown: new puts cannot be sized' };
  const margin = riskState?.margin;
  const fromRisk = margin
    ? cashSecured
      ? (margin.cashReserved ?? margin.maintenanceMargin)
      : margin.maintenanceMargin
    : null;
  let used: number;
  let usedFrom: Budget['usedFrom'];
  if (fromRisk !== null && fromRisk !== undefined) {
    used = Number(fromRisk);
    usedFrom = 'risk state';
  } else if (account.excessLiquidity !== null) {
    used = nlv - account.excessLiquidity;
    usedFrom = 'excess liquidity';
  } else {
    return {
      missing: `${cashSecured ? 'cash reserved' : 'margin in use'} unknown (no risk state, no excess liquidity): new puts cannot be sized`,
    };
  }
  const cap = config.maxMarginPctOfNlv * nlv;
  const freeCash = cashSecured ? account.cash - used : null;
  const start = Math.max(0, Math.min(cap - used, freeCash ?? Number.POSITIVE_INFINITY));
  return { nlv, used, cap, freeCash, start, spent: 0, usedFrom };
}

/** The portfolio-margin floor per option contract (margin.ts). */
const PM_MINIMUM_PER_CONTRACT = 37.5;
const amount = (value: Micros): number => Number(value) / 1e6;

/**
 * Margin (or cash) one new short put of `option` adds, per contract; null when the rules lack a figure (spot).
 * `held`: the account's positions on the underlier, for the portfolio-margin impact.
 */
export function putMarginPerContract(
  type: AccountType,
  option: Pick<OptionQuote, 'symbol' | 'expiry' | 'strike' | 'multiplier'>,
  premium: number,
  held: readonly MarginPosition[],
  market: MarginMarket,
): number | null {
  if (!isMarginAccount(type)) return option.strike * option.multiplier;
  const spot = market.spot(option.symbol);
  if (spot === null) return null;
  const { strike, expiry, multiplier } = option;
  if (type === 'margin_regt')
    return amount(nakedOptionRequirement({ right: 'put', strike, spot, premium, multiplier, contracts: 1 }));
  const requirement = (positions: MarginPosition[]): number | null => {
    if (positions.length === 0) return 0;
    const found = computeMarginSummary('margin_pm', micros(0n), positions, market).requirements.find(
      (r) => r.symbol === option.symbol,
    );
    return found === undefined || found.initial === null ? null : amount(found.initial);
  };
  const added: MarginPosition = {
    symbol: option.symbol,
    quantity: -1,
    mark: premium,
    instrument: { kind: 'option', right: 'put', strike, expiry, multiplier },
  };
  const before = requirement([...held]);
  const after = requirement([...held, added]);
  // A put that offsets the book (long puts beside it) still carries the per-contract minimum.
  return before === null || after === null ? null : Math.max(after - before, PM_MINIMUM_PER_CONTRACT);
}

/** On each expiry the put nearest the target |Δ| (ties: the better rank); of those, the best-ranked. */
export function pickThetaPut(ranked: readonly ScoredOpportunity[], targetDelta: number): ScoredOpportunity | null {
  const perExpiry = new Map<string, { o: ScoredOpportunity; distance: number }>();
  for (const o of ranked) {
    if (o.mid === null || o.delta === null) continue;
    const distance = Math.abs(Math.abs(o.delta) - targetDelta);
    const best = perExpiry.get(o.expiry);
    if (best === undefined || distance < best.distance - 1e-12) perExpiry.set(o.expiry, { o, distance });
  }
  let chosen: ScoredOpportunity | null = null;
  for (const { o } of perExpiry.values()) if (chosen === null || o.rank < chosen.rank) chosen = o;
  return chosen;
}

/** The first open short put on `symbol` recent enough to block a new one (DTE ≥ `recentFrom`), else null. */
function recentPut(
  shorts: readonly StrategyPosition[],
  symbol: string,
  today: IsoDate,
  recentFrom: number,
): { expiry: IsoDate; strike: number; dte: number } | null {
  for (const p of shorts) {
    if (p.symbol.toUpperCase() !== symbol || p.instrument.kind !== 'option') continue;
    const dte = calendarDaysToExpiry(today, p.instrument.expiry);
    if (dte >= recentFrom) return { expiry: p.instrument.expiry, strike: p.instrument.strike, dte };
  }
  return null;
}

const price = (x: number) => x.toFixed(2);
const percent = (x: number) => `${Math.round(x * 100)}%`;
const signedDelta = (x: number) => `${x < 0 ? '−' : ''}${Math.abs(x).toFixed(2)}`;

function rejectedText(scan: ScanResult): string {
  const parts = Object.entries(scan.rejected).map(([reason, n]) => `${reason.replace('_', ' ')} ${n}`);
  return `${scan.considered} considered${parts.length > 0 ? `; rejected by ${parts.join(', ')}` : ''}`;
}

function generateSignals(input: StrategyInput<ThetaConfig>): StrategyOutput {
  const { account, market, instance } = input;
  const config = instance.config;
  const universe = universeOf(instance);
  const signals: StrategySignal[] = [];
  const recommendations: RecommendationDraft[] = [];
  const opportunities: ScoredOpportunity[] = [];
  const cashSecured = !isMarginAccount(account.type);
  const params = {
    targetDelta: config.targetDelta,
    minAbsDelta: config.minAbsDelta,
    maxAbsDelta: config.maxAbsDelta,
    minDte: config.minDte,
    maxDte: config.maxDte,
    cadenceDays: config.cadenceDays,
    maxNewContracts: config.maxNewContracts,
    maxMarginPctOfNlv: config.maxMarginPctOfNlv,
    scoreMethod: config.scoreMethod,
  };

  if (cashSecured)
    signals.push({
      kind: 'cash_secured',
      symbol: null,
      message: `${LABEL[account.type]} account: Theta sells cash-secured puts here (each contract reserves its strike × multiplier in cash), no margin`,
      payload: { accountType: account.type },
    });

  // Open short puts first: a roll this run replaces the week's new put on that symbol.
  const shorts = managedShortPuts(account, instance, universe);
  const rolling = new Set<string>();
  for (const position of shorts) {
    const symbol = position.symbol.toUpperCase();
    const underlier = market.underliers.get(symbol);
    if (underlier === undefined) {
      signals.push({
        kind: 'missing_data',
        symbol,
        message: `${symbol}: no market data, so its open short puts cannot be managed`,
      });
      continue;
    }
    const decision = manageShortOption({
      position,
      underlier,
      chain: market.chains.get(symbol),
      rules: config.roll,
      today: market.today,
      nowMs: market.nowMs,
      rate: market.rate,
      params: { ...params, roll: config.roll },
    });
    signals.push(...decision.signals);
    if (decision.recommendation !== null) {
      recommendations.push(decision.recommendation);
      if (decision.recommendation.action === 'roll_put') rolling.add(symbol);
    }
  }

  const budget = budgetOf(input, cashSecured);
  if ('missing' in budget) signals.push({ kind: 'missing_data', symbol: null, message: budget.missing });
  let contractsLeft = config.maxNewContracts;
  const recentFrom = Math.min(config.minDte, config.maxDte - config.cadenceDays + 1);
  const filters: ScanFilters = {
    ...scanFiltersSchema.parse({}),
    rights: ['put'],
    minAbsDelta: config.minAbsDelta,
    maxAbsDelta: config.maxAbsDelta,
    minDte: config.minDte,
    maxDte: config.maxDte,
    minOpenInterest: config.minOpenInterest,
    maxSpreadPct: config.maxSpreadPct,
    minCredit: config.minCredit,
  };

  for (const symbol of universe) {
    const underlier = market.underliers.get(symbol);
    const missingData = (message: string, payload?: Record<string, unknown>) =>
      signals.push({ kind: 'missing_data', symbol, message: `${symbol}: ${message}`, ...(payload && { payload }) });
    const skipped = (message: string, payload?: Record<string, unknown>) =>
      signals.push({ kind: 'skipped', symbol, message: `${symbol}: ${message}`, ...(payload && { payload }) });
    if (underlier === undefined || underlier.spot === null) {
      missingData('spot unknown, so no put can be chosen');
      continue;
    }
    const chain = market.chains.get(symbol);
    if (chain === undefined || chain.options.length === 0) {
      missingData(`no put quotes${chain?.missing ? ` (${chain.missing})` : ' were fetched'}, so no put can be chosen`);
      continue;
    }
    const held = account.positions.filter((p) => p.symbol.toUpperCase() === symbol && p.quantity !== 0);
    const perContract = (o: Pick<OptionQuote, 'symbol' | 'expiry' | 'strike' | 'multiplier'>, premium: number) =>
      putMarginPerContract(account.type, o, premium, held, input.marginMarket);
    const scan = scanOptions({
      underlier,
      options: chain.options,
      side: 'sell',
      filters,
      score: config.scoreMethod,
      capital: cashSecured ? 'cash_secured' : 'margin',
      // Premium: the mid, as the scanner prices it (a one-sided quote has no return anyway).
      ...(!cashSecured && {
        marginPerShare: (o: OptionQuote) => {
          const mid = midOf(o.bid, o.ask);
          const m = mid === null ? null : perContract(o, mid);
          return m === null ? null : m / o.multiplier;
        },
      }),
      today: market.today,
      nowMs: market.nowMs,
      rate: market.rate,
    });
    opportunities.push(...scan.opportunities);
    const notes = [...(chain.missing ? [chain.missing] : []), ...scan.missing];

    const recent = recentPut(shorts, symbol, market.today, recentFrom);
    if (recent !== null) {
      skipped(
        `an open short put (${recent.expiry} ${recent.strike}, ${recent.dte} DTE) counts as opened within the ${config.cadenceDays}-day cadence (DTE ≥ ${recentFrom}); no new put`,
        { rule: 'cadence', recentFrom, ...recent },
      );
      continue;
    }
    if (rolling.has(symbol)) {
      skipped('its open put is being rolled this run; no new put', { rule: 'rolling' });
      continue;
    }
    const chosen = pickThetaPut(scan.opportunities, config.targetDelta);
    if (chosen === null) {
      // Unknown data that kept candidates out is missing data, not a market with nothing to offer.
      if ((scan.rejected.unknown_data ?? 0) > 0 || chain.missing !== null)
        missingData(`no put can be chosen: ${notes.join('; ')} (${rejectedText(scan)})`, {
          notes,
          rejected: scan.rejected,
        });
      else skipped(`no put passed the filters (${rejectedText(scan)})`, { rejected: scan.rejected });
      continue;
    }
    // A partial chain is worth telling even when a put was found; a few one-sided quotes far out of the money are
    // not (they are kept in the recommendation's params).
    if (chain.missing !== null)
      missingData(`the chain is incomplete (${chain.missing}); the put is chosen from what was fetched`, { notes });
    if ('missing' in budget) continue;
    const mid = chosen.mid as number;
    const margin = perContract(chosen, mid);
    if (margin === null) {
      missingData(`the margin of one ${chosen.strike} put is unknown, so it cannot be sized`);
      continue;
    }
    const left = budget.start - budget.spent;
    const byBudget = left / margin;
    const contracts = Math.max(0, Math.floor(Math.min(contractsLeft, byBudget)));
    const basis = cashSecured
      ? 'cash secured'
      : `margin (${account.type === 'margin_pm' ? 'portfolio margin' : 'Reg-T'})`;
    const budgetWords =
      `budget ${money(left)} = ${percent(config.maxMarginPctOfNlv)} of NLV ${money(budget.nlv)} (${money(budget.cap)})` +
      ` − ${money(budget.used)} ${cashSecured ? 'cash reserved' : 'margin in use'}` +
      (budget.freeCash !== null && budget.freeCash < budget.cap - budget.used
        ? ` (capped at the free cash ${money(budget.freeCash)})`
        : '') +
      (budget.spent > 0 ? ` − ${money(budget.spent)} for the puts above` : '') +
      (budget.used > budget.cap ? ' (already over the cap: nothing left)' : '');
    const sizing = {
      marginPerContract: margin,
      budget: left,
      nlv: budget.nlv,
      marginUsed: budget.used,
      usedFrom: budget.usedFrom,
      contractsLeft,
    };
    if (contracts === 0) {
      skipped(
        contractsLeft <= 0
          ? `the run's ${config.maxNewContracts} new contracts are already used; no new put`
          : `${budgetWords} is under one contract's ${basis} of ${money(margin)} (${chosen.expiry} ${chosen.strike} put); no new put`,
        { rule: 'sizing', ...sizing },
      );
      continue;
    }
    const cappedByCount = contractsLeft < byBudget;
    const rationale =
      `Sell ${contracts} ${symbol} ${chosen.expiry} ${chosen.strike} put${contracts === 1 ? '' : 's'} at ${price(mid)}` +
      ` (bid ${price(chosen.bid as number)} / ask ${price(chosen.ask as number)}): Δ ${signedDelta(chosen.delta as number)},` +
      ` ${chosen.dte} DTE, POP ${chosen.pop === null ? 'unknown' : percent(chosen.pop)},` +
      ` ${chosen.annualizedRor === null ? 'return unknown' : `${percent(chosen.annualizedRor)} annualized`}` +
      (cashSecured
        ? ` on the ${price(chosen.strike - mid)} a share at risk (strike − premium), cash secured ${money(margin)} per contract`
        : ` on ${basis} ${money(margin)} per contract`) +
      `. Sized ${contracts}: ${budgetWords}, ÷ ${money(margin)} per contract` +
      (cappedByCount ? `, capped at the ${contractsLeft} new contracts left in this run` : '') +
      `. The put nearest Δ ${config.targetDelta.toFixed(2)} on the best-scoring expiry (${config.scoreMethod} score` +
      ` ${chosen.score.toFixed(2)}).`;
    const liquidity = typeof chosen.details.liquidity === 'number' ? chosen.details.liquidity : 0;
    recommendations.push({
      action: 'sell_put',
      symbol,
      legs: [
        {
          symbol,
          kind: 'option',
          right: 'put',
          strike: chosen.strike,
          expiry: chosen.expiry,
          multiplier: chosen.multiplier,
          side: 'SELL',
          ratio: 1,
          bid: chosen.bid,
          ask: chosen.ask,
          mid,
        },
      ],
      quantity: contracts,
      limitPrice: mid,
      spread: { bid: chosen.bid, ask: chosen.ask },
      rationale,
      confidence: Math.round((chosen.pop ?? 0) * (0.5 + 0.5 * liquidity) * 100) / 100,
      params: {
        ...params,
        capital: cashSecured ? 'cash_secured' : 'margin',
        ...sizing,
        ...(notes.length > 0 && { missing: notes }),
      },
      opportunityKey: chosen.key,
    });
    budget.spent += contracts * margin;
    contractsLeft -= contracts;
  }

  return { signals, opportunities: rankOpportunities(opportunities), recommendations };
}

export const thetaPlugin: StrategyPlugin<ThetaConfig> = {
  slug: 'theta',
  version: '1',
  name: 'Theta (index short puts)',
  description:
    'Sells short-dated, low-delta puts on index ETFs (SPY, QQQ; XSP, SPX) on a weekly cadence, sized by their margin within a share of net liquidation (cash-secured in TFSA, RRSP and cash accounts), and takes profits on or rolls the puts already sold.',
  configSchema: thetaConfigSchema,
  dataNeeds,
  generateSignals,
};
