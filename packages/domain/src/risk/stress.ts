// Stress testing: what the book would gain or lose, and what the margin would be, right after a scenario moves the
// underliers and the implied vols. Pure: positions, market and scenarios in, figures out.
//
// Conventions:
//   - A scenario is instantaneous: same instant (market.nowMs), no time decay, same rate and dividend yields.
//   - spotMove(symbol, kind) is a fractional move (−0.20 = −20%); it must be finite and > −1.
//   - volShift is in absolute vol points as a fraction (+0.10 = +10 vol points), added to every vol of the surface
//     at the same strike and expiry (sticky strike); a shifted vol is floored at MIN_STRESS_VOL (1 vol point).
//   - Repricing: options with the domain's European Black-Scholes-Merton (`price` from pricing/api, as the margin scan
//     does), expired ones at intrinsic; stock at the moved spot. Per position,
//       Δmodel = model value after − model value before (both at the current instant, before = unmoved spot and vol),
//       stressed mark = max(0, mark + Δmodel)   (the quote's mark carried by the model's change),
//       P&L = quantity × multiplier × (stressed mark − mark), or × Δmodel when the mark is unknown.
//     So an identity scenario gives exactly 0, and NLV after = NLV before + P&L (to the cent per position).
//   - Margin after: computeMarginSummary on the stressed marks and a market view whose spot() and vol() are moved.
//   - An underlier whose spot is unknown (or whose model value is not finite) has P&L null, the scenario lists it in
//     `unpricedSymbols` and its total P&L is null: never 0.
import { yearFractionToExpiry } from '../calendar';
import type { Micros } from '../money';
import { price } from '../pricing/api';
import type { AccountType, UnderlyingKind } from './account-type';
import { type MarginMarket, type MarginPosition, type MarginSummary, computeMarginSummary } from './margin';

export interface StressScenario {
  id: string;
  label: string;
  /** Fractional move of the underlier's spot (−0.2 = −20%), finite and > −1. */
  spotMove(symbol: string, kind: UnderlyingKind): number;
  /** Absolute vol points added to every implied vol, as a fraction (+0.10 = +10 vol points); 0 = unchanged. */
  volShift: number;
}

export interface UnderlierStress {
  symbol: string;
  /** The fractional spot move applied. */
  move: number;
  /** Null when the spot (or a model value) of the underlier is unknown. */
  pnl: number | null;
}

export interface StressResult {
  scenarioId: string;
  label: string;
  /** Total P&L in account currency; null when any underlier's P&L is unknown. */
  pnl: number | null;
  /** Underliers whose P&L could not be computed (unknown spot or model value). Empty = complete. */
  unpricedSymbols: string[];
  /** Per underlier, sorted by symbol. */
  byUnderlier: UnderlierStress[];
  netLiquidationAfter: Micros | null;
  maintenanceMarginAfter: Micros | null;
  excessLiquidityAfter: Micros | null;
  /** The whole margin summary after the scenario. */
  marginAfter: MarginSummary;
}

/** Floor of a shifted implied vol (1 vol point): a −10 point shift never prices at zero or negative vol. */
export const MIN_STRESS_VOL = 0.01;

/** A market view after the scenario: spot() moved and vol() shifted; everything else unchanged. */
export function stressedMarket(market: MarginMarket, scenario: StressScenario): MarginMarket {
  return {
    nowMs: market.nowMs,
    rate: market.rate,
    kind: (symbol) => market.kind(symbol),
    dividendYield: (symbol) => market.dividendYield(symbol),
    spot: (symbol) => {
      const spot = market.spot(symbol);
      return spot === null ? null : spot * (1 + checkedMove(scenario, symbol, market.kind(symbol)));
    },
    vol: (symbol, expiry, strike) => Math.max(MIN_STRESS_VOL, market.vol(symbol, expiry, strike) + scenario.volShift),
  };
}

function checkedMove(scenario: StressScenario, symbol: string, kind: UnderlyingKind): number {
  const move = scenario.spotMove(symbol, kind);
  if (!Number.isFinite(move) || move <= -1) {
    throw new RangeError(`Scenario ${scenario.id}: spot move of ${symbol} must be finite and > −1, got ${move}`);
  }
  return move;
}

/** Model value per share of a position (stock: the spot; option: BSM, or intrinsic once expired). */
function modelValue(position: MarginPosition, spot: number, market: MarginMarket): number {
  const instrument = position.instrument;
  if (instrument.kind === 'stock') return spot;
  const T = yearFractionToExpiry(market.nowMs, instrument.expiry);
  const K = instrument.strike;
  if (T <= 0) return Math.max(0, instrument.right === 'call' ? spot - K : K - spot);
  return price({
    right: instrument.right,
    S: spot,
    K,
    T,
    r: market.rate,
    q: market.dividendYield(position.symbol),
    sigma: market.vol(position.symbol, instrument.expiry, K),
  });
}

const multiplierOf = (position: MarginPosition): number =>
  position.instrument.kind === 'option' ? position.instrument.multiplier : 1;

/** One scenario: P&L per underlier, and margin after. */
function runScenario(
  type: AccountType,
  cash: Micros,
  positions: MarginPosition[],
  market: MarginMarket,
  scenario: StressScenario,
): StressResult {
  if (!Number.isFinite(scenario.volShift)) {
    throw new RangeError(`Scenario ${scenario.id}: vol shift must be finite, got ${scenario.volShift}`);
  }
  const after = stressedMarket(market, scenario);
  const live = positions.filter((p) => p.quantity !== 0);
  const symbols = [...new Set(live.map((p) => p.symbol))].sort();
  const pnlBySymbol = new Map<string, number | null>();
  const stressedPositions: MarginPosition[] = [];
  for (const symbol of symbols) {
    const group = live.filter((p) => p.symbol === symbol);
    const spot = market.spot(symbol);
    const movedSpot = after.spot(symbol);
    let pnl: number | null = 0;
    for (const position of group) {
      let stressedMark: number | null = null;
      if (spot !== null && movedSpot !== null && Number.isFinite(spot) && spot > 0) {
        const delta = modelValue(position, movedSpot, after) - modelValue(position, spot, market);
        if (Number.isFinite(delta)) {
          const size = position.quantity * multiplierOf(position);
          if (position.mark === null) {
            if (pnl !== null) pnl += size * delta;
          } else {
            stressedMark = Math.max(0, position.mark + delta);
            if (pnl !== null) pnl += size * (stressedMark - position.mark);
          }
        } else pnl = null;
      } else pnl = null;
      stressedPositions.push({ ...position, mark: stressedMark });
    }
    pnlBySymbol.set(symbol, pnl);
  }
  const byUnderlier = symbols.map((symbol) => ({
    symbol,
    move: checkedMove(scenario, symbol, market.kind(symbol)),
    pnl: pnlBySymbol.get(symbol) ?? null,
  }));
  const unpricedSymbols = byUnderlier.filter((u) => u.pnl === null).map((u) => u.symbol);
  const marginAfter = computeMarginSummary(type, cash, stressedPositions, after);
  return {
    scenarioId: scenario.id,
    label: scenario.label,
    pnl: unpricedSymbols.length > 0 ? null : byUnderlier.reduce((sum, u) => sum + (u.pnl ?? 0), 0),
    unpricedSymbols,
    byUnderlier,
    netLiquidationAfter: marginAfter.netLiquidation,
    maintenanceMarginAfter: marginAfter.maintenanceMargin,
    excessLiquidityAfter: marginAfter.excessLiquidity,
    marginAfter,
  };
}

/** Every scenario run on the account's book, in the scenarios' order. */
export function runStress(
  type: AccountType,
  cash: Micros,
  positions: MarginPosition[],
  market: MarginMarket,
  scenarios: StressScenario[],
): StressResult[] {
  return scenarios.map((scenario) => runScenario(type, cash, positions, market, scenario));
}

export interface StandardScenarioOptions {
  /**
   * Factor applied to an index move in the historical-day scenarios (default 1 for every underlier: each one moves as
   * the S&P 500 did). The resulting move is floored at −95%.
   */
  beta?: (symbol: string, kind: UnderlyingKind) => number;
}

/** The historical day floor: a beta-scaled move never wipes an underlier out entirely. */
const HISTORICAL_MOVE_FLOOR = -0.95;

const uniform = (id: string, label: string, move: number, volShift: number): StressScenario => ({
  id,
  label,
  spotMove: () => move,
  volShift,
});

/**
 * The standard scenarios:
 *   - every underlier −20%, −15%, −10%, −5%, +5%, +10%, +15%, +20% (vol unchanged);
 *   - IV +10 and −10 vol points at unchanged spot;
 *   - three historical days, the S&P 500's close-to-close move × beta (default 1) and the 30-day index vol change in
 *     vol points applied to every vol. Applying a 30-day vol index's change to all expiries overstates the vol
 *     move of long-dated options (the term structure inverts in a crash): it flatters long-dated long vol.
 *       19 Oct 1987: S&P 500 −20.5% (282.70 → 224.84); VXO (the "old VIX", reconstructed by CBOE back to 1986) 36.37
 *                    → 150.19, +114 vol points. Source: CBOE, "25 Years Ago the VXO Index Topped 150" (Oct 2012).
 *       29 Sep 2008: S&P 500 −8.8% (≈1,213 → ≈1,106, the day the House rejected TARP); VIX 34.74 → 46.72, +12 vol points.
 *                    Source: S&P Dow Jones Indices / CBOE VIX daily closes.
 *       16 Mar 2020: S&P 500 −12.0% (2,711.02 → 2,386.13); VIX 57.83 → 82.69 (its record close), +25 vol points.
 *                    Source: S&P Dow Jones Indices / CBOE VIX daily closes.
 */
export function standardScenarios(options: StandardScenarioOptions = {}): StressScenario[] {
  const beta = options.beta ?? (() => 1);
  const historical = (id: string, label: string, indexMove: number, volShift: number): StressScenario => ({
    id,
    label,
    spotMove: (symbol, kind) => Math.max(HISTORICAL_MOVE_FLOOR, indexMove * beta(symbol, kind)),
    volShift,
  });
  const spotScenarios = [-20, -15, -10, -5, 5, 10, 15, 20].map((percent) =>
    uniform(
      `spot${percent > 0 ? '+' : ''}${percent}`,
      `Underliers ${percent > 0 ? '+' : '−'}${Math.abs(percent)}%`,
      percent / 100,
      0,
    ),
  );
  return [
    ...spotScenarios,
    uniform('iv+10', 'IV +10 vol points', 0, 0.1),
    uniform('iv-10', 'IV −10 vol points', 0, -0.1),
    historical('1987-10-19', '19 Oct 1987 (S&P 500 −20.5%, vol +114 pts)', -0.205, 1.14),
    historical('2008-09-29', '29 Sep 2008 (S&P 500 −8.8%, vol +12 pts)', -0.088, 0.12),
    historical('2020-03-16', '16 Mar 2020 (S&P 500 −12.0%, vol +25 pts)', -0.12, 0.25),
  ];
}
