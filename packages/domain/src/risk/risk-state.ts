// The risk state of one account: margin, concentration, portfolio greeks, VaR/CVaR and stress, composed from the
// risk modules (margin, var, stress, rules) — nothing here re-implements them. Pure: state in, figures out.
//
// Serialization: RiskState is a plain object of numbers, strings, booleans, arrays and nulls (JSON-safe, no bigint).
// Exact amounts (Micros, from the margin rules and the stress margin) are decimal strings by `formatMoney` ("1700.00");
// model figures (notionals, greeks, VaR, stress P&L) are JS numbers in account currency. Ratios ("…OfNlv",
// marginUsage) are fractions (0.25 = 25%).
//
// Unknowns are null, never 0: an unknown mark makes the notional (and NLV) null, an unknown spot makes that
// underlier's greeks and delta-adjusted notional null (and their totals), a ratio is null when NLV is unknown or ≤ 0.
//
// Concentration, per underlier (ticker):
//   notional               = Σ |stock market value| + Σ long option market value   (qty × multiplier × mark)
//   deltaAdjustedNotional  = Σ delta × qty × multiplier × S (stock: qty × S)       (= dollar delta, `dollarGreeks`)
//   shortPutAssignment     = Σ short puts strike × multiplier × contracts          (cash needed if all are assigned)
//
// Greeks, per underlier and total (domain `greeks`, European BSM at the surface vol; expired options: intrinsic —
// delta ±1 in the money, no gamma, theta or vega):
//   deltaShares        Σ qty × multiplier × delta (stock: qty)         share-equivalent delta
//   delta$             deltaShares × S                                  $ P&L per +1.00 (100%) move, to first order
//   betaWeightedDelta$ β × delta$ (β to SPY from betaBySymbol, default 1)
//   betaWeightedDeltaSpyShares (total only) Σ betaWeightedDelta$ / S(SPY)  — null when no SPY spot
//   gammaShares        Σ qty × multiplier × gamma                        change of deltaShares per +1.00 in S
//   gamma$             Σ qty × multiplier × gamma × S²                   P&L ≈ delta$·r + ½·gamma$·r²
//   thetaPerDay        Σ qty × multiplier × thetaPerDay                  $ per calendar day (negative = decay)
//   vegaPerVolPoint    Σ qty × multiplier × vega / 100                   $ per +1 vol point (0.20 → 0.21)
//
// VaR (positive loss amounts, 1-day):
//   historical: `scenarioPnl` (simple returns) → `historicalVar` at 95% and 99% (VaR and CVaR); null when no
//     returnsBySymbol is given or any live position was skipped (listed in `historicalSkipped`).
//   deltaGamma: `dollarGreeks` + dailyVolBySymbol → `deltaGammaVar` (Cornish-Fisher; one factor, ρ = 1: conservative
//     for same-direction deltas); no CVaR. Null when no dailyVolBySymbol is given or an underlier lacks a spot/vol
//     (listed in `deltaGammaMissing`).
// Stress: `runStress` with `standardScenarios` (historical days scaled by betaBySymbol), exact amounts as strings.
// Max loss per underlier: `maxLossByUnderlier` (payoff at expiry against today's marks; null when the risk is not
// defined or a mark is unknown).
import { type Micros, formatMoney } from '../money';
import type { AccountType } from './account-type';
import {
  type MarginMarket,
  type MarginPosition,
  type MarginSummary,
  computeMarginSummary,
  marketValue,
} from './margin';
import { type MaxLoss, maxLossByUnderlier } from './max-loss';
import { positionGreeks } from './position-model';
import { marginUsage } from './rules';
import { runStress, standardScenarios } from './stress';
import { type SkipReason, deltaGammaVar, dollarGreeks, historicalVar, scenarioPnl } from './var';

export interface RiskStateInput {
  type: AccountType;
  cash: Micros;
  positions: MarginPosition[];
  market: MarginMarket;
  /** Daily simple returns per underlier, chronological, all ending the same day. */
  returnsBySymbol?: Record<string, readonly number[]>;
  /** Daily return vol per underlier (0.02 = 2% a day). */
  dailyVolBySymbol?: Record<string, number>;
  /** Beta to SPY per underlier; 1 when absent. */
  betaBySymbol?: Record<string, number>;
}

/** A MarginSummary with its Micros as decimal strings (formatMoney). */
export interface MarginSummaryText {
  rule: MarginSummary['rule'];
  cash: string;
  netLiquidation: string | null;
  grossPositionValue: string | null;
  initialMargin: string | null;
  maintenanceMargin: string | null;
  excessLiquidity: string | null;
  buyingPower: string | null;
  cashReserved: string | null;
  requirements: { symbol: string; initial: string | null; maintenance: string | null; worstMove?: number }[];
}

export interface TickerConcentration {
  symbol: string;
  notional: number | null;
  notionalOfNlv: number | null;
  deltaAdjustedNotional: number | null;
  deltaAdjustedNotionalOfNlv: number | null;
  shortPutAssignment: number;
  shortPutAssignmentOfNlv: number | null;
}

export interface UnderlierGreeks {
  symbol: string;
  spot: number | null;
  beta: number;
  deltaShares: number | null;
  delta$: number | null;
  betaWeightedDelta$: number | null;
  gammaShares: number | null;
  gamma$: number | null;
  thetaPerDay: number | null;
  vegaPerVolPoint: number | null;
}

export interface PortfolioGreeks {
  delta$: number | null;
  betaWeightedDelta$: number | null;
  /** Null when SPY's spot is unknown (then read betaWeightedDelta$). */
  betaWeightedDeltaSpyShares: number | null;
  gamma$: number | null;
  thetaPerDay: number | null;
  vegaPerVolPoint: number | null;
}

export interface HistoricalVarState {
  observations: number;
  var95: number;
  cvar95: number;
  var99: number;
  cvar99: number;
}

export interface DeltaGammaVarState {
  var95: number;
  deltaNormalVar95: number;
  var99: number;
  deltaNormalVar99: number;
}

export interface StressState {
  scenarioId: string;
  label: string;
  pnl: number | null;
  unpricedSymbols: string[];
  byUnderlier: { symbol: string; move: number; pnl: number | null }[];
  netLiquidationAfter: string | null;
  maintenanceMarginAfter: string | null;
  excessLiquidityAfter: string | null;
}

export interface RiskState {
  accountType: AccountType;
  margin: MarginSummaryText;
  /** Maintenance margin / NLV (`marginUsage`), null when unknown. */
  marginUsage: number | null;
  /** NLV as a number (from the margin summary); null when a mark is unknown. */
  netLiquidation: number | null;
  concentration: TickerConcentration[];
  greeks: { byUnderlier: UnderlierGreeks[]; total: PortfolioGreeks };
  var: {
    historical: HistoricalVarState | null;
    historicalSkipped: { symbol: string; reason: SkipReason }[];
    deltaGamma: DeltaGammaVarState | null;
    deltaGammaMissing: string[];
  };
  stress: StressState[];
  /** The scenario with the lowest P&L; null when any scenario's P&L is unknown. */
  worstStress: { scenarioId: string; pnl: number } | null;
  /** Per underlier with a live position, sorted (max-loss.ts). */
  maxLoss: MaxLoss[];
  /** Underliers (sorted) without a usable spot, and those with a position of unknown mark. */
  unknownSpotSymbols: string[];
  unknownMarkSymbols: string[];
}

const text = (value: Micros | null): string | null => (value === null ? null : formatMoney(value));
const toNumber = (value: Micros): number => Number(value) / 1e6;
const lookup = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
const sumOrNull = (values: (number | null)[]): number | null =>
  values.some((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0);
const usableSpot = (spot: number | null): spot is number => spot !== null && Number.isFinite(spot) && spot > 0;

/** A margin summary with its amounts as decimal strings. */
export function formatMarginSummary(summary: MarginSummary): MarginSummaryText {
  return {
    rule: summary.rule,
    cash: formatMoney(summary.cash),
    netLiquidation: text(summary.netLiquidation),
    grossPositionValue: text(summary.grossPositionValue),
    initialMargin: text(summary.initialMargin),
    maintenanceMargin: text(summary.maintenanceMargin),
    excessLiquidity: text(summary.excessLiquidity),
    buyingPower: text(summary.buyingPower),
    cashReserved: text(summary.cashReserved),
    requirements: summary.requirements.map((r) => ({
      symbol: r.symbol,
      initial: text(r.initial),
      maintenance: text(r.maintenance),
      ...(r.worstMove === undefined ? {} : { worstMove: r.worstMove }),
    })),
  };
}

/** The account's risk state (conventions at the top). */
export function computeRiskState(input: RiskStateInput): RiskState {
  const { type, cash, positions, market } = input;
  const live = positions.filter((p) => p.quantity !== 0);
  const symbols = [...new Set(live.map((p) => p.symbol))].sort();
  const groups = new Map<string, MarginPosition[]>(symbols.map((s) => [s, []]));
  for (const p of live) groups.get(p.symbol)?.push(p);

  const summary = computeMarginSummary(type, cash, positions, market);
  const nlv = summary.netLiquidation === null ? null : toNumber(summary.netLiquidation);
  const ofNlv = (value: number | null): number | null =>
    value === null || nlv === null || nlv <= 0 ? null : value / nlv;

  const dollar = dollarGreeks(live, market);
  const exposureBySymbol = new Map(dollar.exposures.map((e) => [e.symbol, e]));
  const unpriced = new Set(dollar.skipped.map((s) => s.position.symbol));
  const betaOf = (symbol: string): number => lookup(input.betaBySymbol, symbol) ?? 1;

  const concentration: TickerConcentration[] = [];
  const byUnderlier: UnderlierGreeks[] = [];
  const unknownSpotSymbols: string[] = [];
  const unknownMarkSymbols: string[] = [];
  for (const symbol of symbols) {
    const group = groups.get(symbol) ?? [];
    const rawSpot = market.spot(symbol);
    const spot = usableSpot(rawSpot) ? rawSpot : null;
    if (spot === null) unknownSpotSymbols.push(symbol);
    if (group.some((p) => p.mark === null)) unknownMarkSymbols.push(symbol);

    let notional: number | null = 0;
    let assignment = 0;
    for (const p of group) {
      const value = marketValue(p);
      const counts = p.instrument.kind === 'stock' || p.quantity > 0;
      if (counts) notional = value === null || notional === null ? null : notional + Math.abs(toNumber(value));
      if (p.instrument.kind === 'option' && p.instrument.right === 'put' && p.quantity < 0)
        assignment += p.instrument.strike * p.instrument.multiplier * -p.quantity;
    }
    const exposure = spot === null || unpriced.has(symbol) ? undefined : exposureBySymbol.get(symbol);
    let theta: number | null = 0;
    let vega: number | null = 0;
    for (const p of group) {
      const g = positionGreeks(p, spot, market);
      theta = g === null || theta === null ? null : theta + g.thetaPerDay;
      vega = g === null || vega === null ? null : vega + g.vegaPerVolPoint;
    }
    const delta$ = exposure === undefined ? null : exposure.delta$;
    const gamma$ = exposure === undefined ? null : exposure.gamma$;
    const beta = betaOf(symbol);
    concentration.push({
      symbol,
      notional,
      notionalOfNlv: ofNlv(notional),
      deltaAdjustedNotional: delta$,
      deltaAdjustedNotionalOfNlv: ofNlv(delta$),
      shortPutAssignment: assignment,
      shortPutAssignmentOfNlv: ofNlv(assignment),
    });
    byUnderlier.push({
      symbol,
      spot,
      beta,
      deltaShares: delta$ === null || spot === null ? null : delta$ / spot,
      delta$,
      betaWeightedDelta$: delta$ === null ? null : beta * delta$,
      gammaShares: gamma$ === null || spot === null ? null : gamma$ / (spot * spot),
      gamma$,
      thetaPerDay: exposure === undefined ? null : theta,
      vegaPerVolPoint: exposure === undefined ? null : vega,
    });
  }
  const spySpot = market.spot('SPY');
  const betaWeightedDelta$ = sumOrNull(byUnderlier.map((u) => u.betaWeightedDelta$));
  const total: PortfolioGreeks = {
    delta$: sumOrNull(byUnderlier.map((u) => u.delta$)),
    betaWeightedDelta$,
    betaWeightedDeltaSpyShares:
      betaWeightedDelta$ === null || !usableSpot(spySpot) ? null : betaWeightedDelta$ / spySpot,
    gamma$: sumOrNull(byUnderlier.map((u) => u.gamma$)),
    thetaPerDay: sumOrNull(byUnderlier.map((u) => u.thetaPerDay)),
    vegaPerVolPoint: sumOrNull(byUnderlier.map((u) => u.vegaPerVolPoint)),
  };

  // Historical VaR.
  let historical: HistoricalVarState | null = null;
  let historicalSkipped: { symbol: string; reason: SkipReason }[] = [];
  if (input.returnsBySymbol !== undefined) {
    const scenarios = scenarioPnl(live, market, input.returnsBySymbol);
    historicalSkipped = scenarios.skipped.map((s) => ({ symbol: s.position.symbol, reason: s.reason }));
    if (historicalSkipped.length === 0 && scenarios.pnl.length > 0) {
      const at95 = historicalVar(scenarios.pnl, 0.95);
      const at99 = historicalVar(scenarios.pnl, 0.99);
      historical = {
        observations: at95.observations,
        var95: at95.var,
        cvar95: at95.cvar,
        var99: at99.var,
        cvar99: at99.cvar,
      };
    }
  }

  // Delta-gamma VaR.
  let deltaGamma: DeltaGammaVarState | null = null;
  const deltaGammaMissing: string[] = [];
  if (input.dailyVolBySymbol !== undefined) {
    const exposures = [];
    for (const u of byUnderlier) {
      const dailyVol = lookup(input.dailyVolBySymbol, u.symbol);
      if (
        u.delta$ === null ||
        u.gamma$ === null ||
        dailyVol === undefined ||
        !(dailyVol >= 0) ||
        !Number.isFinite(dailyVol)
      )
        deltaGammaMissing.push(u.symbol);
      else exposures.push({ delta$: u.delta$, gamma$: u.gamma$, dailyVol });
    }
    if (deltaGammaMissing.length === 0) {
      const at95 = deltaGammaVar({ exposures, confidence: 0.95 });
      const at99 = deltaGammaVar({ exposures, confidence: 0.99 });
      deltaGamma = {
        var95: at95.var,
        deltaNormalVar95: at95.deltaNormalVar,
        var99: at99.var,
        deltaNormalVar99: at99.deltaNormalVar,
      };
    }
  }

  const stressResults = runStress(
    type,
    cash,
    positions,
    market,
    standardScenarios({ beta: (symbol) => betaOf(symbol) }),
  );
  const stress: StressState[] = stressResults.map((r) => ({
    scenarioId: r.scenarioId,
    label: r.label,
    pnl: r.pnl,
    unpricedSymbols: r.unpricedSymbols,
    byUnderlier: r.byUnderlier,
    netLiquidationAfter: text(r.netLiquidationAfter),
    maintenanceMarginAfter: text(r.maintenanceMarginAfter),
    excessLiquidityAfter: text(r.excessLiquidityAfter),
  }));
  let worstStress: RiskState['worstStress'] = null;
  if (stress.every((s) => s.pnl !== null)) {
    for (const s of stress) {
      if (s.pnl !== null && (worstStress === null || s.pnl < worstStress.pnl))
        worstStress = { scenarioId: s.scenarioId, pnl: s.pnl };
    }
  }

  return {
    accountType: type,
    margin: formatMarginSummary(summary),
    marginUsage: marginUsage(summary),
    netLiquidation: nlv,
    concentration,
    greeks: { byUnderlier, total },
    var: { historical, historicalSkipped, deltaGamma, deltaGammaMissing },
    stress,
    worstStress,
    maxLoss: maxLossByUnderlier(live, market),
    unknownSpotSymbols,
    unknownMarkSymbols,
  };
}
