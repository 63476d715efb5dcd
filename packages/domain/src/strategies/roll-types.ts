// The shared management of an open short option (rolls.ts implements it; the Wheel, Theta, covered calls and the
// PMCC short leg all use it): take profits, roll at a DTE floor, the ITM policy, credit-only rolls, close when a roll
// is impossible. Never rolls a put up in strike while it is in the money.
import type { IsoDate } from '../calendar';
import type { ChainSlice, RecommendationDraft, StrategyPosition, StrategySignal, UnderlierMarket } from './types';

export interface RollRules {
  /** Close or roll once this fraction of the maximum profit (the premium received) is captured (0.5 = 50%). */
  profitTargetPct: number;
  /** At or under this many days to expiry the position is rolled (when its P&L allows, see below). */
  rollAtDte: number;
  /** At the DTE floor, roll only when the captured fraction of max profit is at least this (−1 = any P&L). */
  minProfitPctAtDte: number;
  /** What to do with an in-the-money short near expiry. */
  itmPolicy: 'roll' | 'let_assign' | 'close';
  /** Only roll for a net credit. */
  creditOnly: boolean;
  /** When a roll is due but no acceptable roll exists, recommend closing instead of holding. */
  closeIfUnableToRoll: boolean;
  /** The new short's target |Δ| and DTE window. */
  targetDelta: number;
  rollMinDte: number;
  rollMaxDte: number;
}

export interface ShortOptionContext {
  /** The open short option (quantity < 0). */
  position: StrategyPosition;
  underlier: UnderlierMarket;
  /** The chain fetched for the roll target (undefined when not fetched). */
  chain: ChainSlice | undefined;
  rules: RollRules;
  today: IsoDate;
  nowMs: number;
  rate: number;
  /** Calls: the lowest acceptable new strike (e.g. the Wheel's cost basis, the PMCC's long strike + debit). */
  minCallStrike?: number | null;
  /** Strategy params recorded on a recommendation. */
  params: Record<string, unknown>;
}

export interface ShortOptionDecision {
  /** `roll_put` / `roll_call` / `close` (buy to close), or null to hold. */
  recommendation: RecommendationDraft | null;
  /** Why it holds, lets assign or could not roll; one per decision worth telling. */
  signals: StrategySignal[];
}
