// The vocabulary and figures shared by the order rules (rules.ts) and the book rules (book-rules.ts), so an order and
// the current book are measured the same way and described in the same words.
import { type Micros, formatMoney } from '../money';
import type { AccountType, UnderlyingKind } from './account-type';
import {
  type MarginInstrument,
  type MarginMarket,
  type MarginPosition,
  moneyFromNumber,
  uncoveredShortCalls,
} from './margin';
import { type OptionInstrument, positionGreeks } from './position-model';

export type RiskVerdict = 'allow' | 'warn' | 'block';

export type RiskRule =
  | 'margin_usage'
  | 'min_excess_liquidity'
  | 'no_margin'
  | 'no_short_stock'
  | 'naked_call'
  | 'credit_spread'
  | 'short_put_cash'
  | 'long_options'
  | 'synthetic_delta'
  | 'ticker_concentration'
  | 'max_new_contracts'
  | 'drawdown_throttle';

export interface RiskReason {
  rule: RiskRule;
  verdict: RiskVerdict;
  message: string;
  /** The ticker, for per-ticker rules. */
  symbol?: string;
}

const SEVERITY: Record<RiskVerdict, number> = { allow: 0, warn: 1, block: 2 };

/** The worst verdict of the reasons ('allow' when there are none). */
export const worstVerdict = (reasons: readonly RiskReason[]): RiskVerdict =>
  reasons.reduce<RiskVerdict>(
    (worst, reason) => (SEVERITY[reason.verdict] > SEVERITY[worst] ? reason.verdict : worst),
    'allow',
  );

export const isMarginAccount = (type: AccountType): boolean => type === 'margin_pm' || type === 'margin_regt';

export const LABEL: Record<AccountType, string> = {
  margin_pm: 'Portfolio-margin',
  margin_regt: 'Reg-T',
  cash: 'Cash',
  tfsa: 'TFSA',
  rrsp: 'RRSP',
};

/** "9500.00" → "9,500.00". */
function grouped(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? digits : `${digits}.${fraction}`;
}
export const money = (value: Micros | number): string =>
  grouped(formatMoney(typeof value === 'number' ? moneyFromNumber(value) : value));
export const pct = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
export const shares = (n: number): string => (n === 1 ? '1 share' : `${grouped(String(n))} shares`);

/** "KO 95 put 2026-04-17", or the symbol for stock. */
export const describeInstrument = (symbol: string, instrument: MarginInstrument): string =>
  instrument.kind === 'stock' ? symbol : `${symbol} ${instrument.strike} ${instrument.right} ${instrument.expiry}`;

export type OptionPosition = MarginPosition & { instrument: OptionInstrument };
export const isOption = (position: MarginPosition): position is OptionPosition => position.instrument.kind === 'option';

export const bySymbol = (positions: readonly MarginPosition[], symbol: string): MarginPosition[] =>
  positions.filter((p) => p.symbol === symbol);

/** Underliers of the positions that are not flat, sorted. */
export const liveSymbols = (positions: readonly MarginPosition[]): string[] =>
  [...new Set(positions.filter((p) => p.quantity !== 0).map((p) => p.symbol))].sort();

export interface CallCoverage {
  shares: number;
  shortCalls: number;
  uncovered: { position: OptionPosition; contracts: number }[];
}

/** Short calls of one underlier against its long shares, lowest strikes covered first (margin.ts's rule). */
export function callCoverage(group: MarginPosition[]): CallCoverage {
  const held = group.filter((p) => p.instrument.kind === 'stock').reduce((sum, p) => sum + p.quantity, 0);
  const shortCalls = group
    .filter(isOption)
    .filter((p) => p.instrument.right === 'call' && p.quantity < 0)
    .reduce((sum, p) => sum - p.quantity, 0);
  return { shares: held, shortCalls, uncovered: uncoveredShortCalls(group) };
}

export const uncoveredCount = (coverage: CallCoverage): number =>
  coverage.uncovered.reduce((s, u) => s + u.contracts, 0);

/** "2 KO calls short, covered by 200 shares held in the account". */
export const coveredCallsText = (symbol: string, coverage: CallCoverage): string =>
  `${plural(coverage.shortCalls, `${symbol} call`)} short, covered by ${shares(coverage.shares)} held in the account`;

/** Σ strike × multiplier × contracts of the short puts. */
export const shortPutNotional = (positions: MarginPosition[]): number =>
  positions
    .filter(isOption)
    .filter((p) => p.instrument.right === 'put' && p.quantity < 0)
    .reduce((sum, p) => sum - p.instrument.strike * p.instrument.multiplier * p.quantity, 0);

/**
 * Short calls whose upside is not capped: covered neither by shares (callCoverage) nor by a long call of the same
 * underlier with a strike at or below theirs and an expiry at or after theirs (a vertical or a diagonal such as a
 * PMCC, whose worst case is the strike difference). Each long call caps one short contract; the tightest first.
 */
export function uncappedShortCalls(group: MarginPosition[]): { position: OptionPosition; contracts: number }[] {
  const longs = group
    .filter(isOption)
    .filter((p) => p.instrument.right === 'call' && p.quantity > 0)
    .map((p) => ({ instrument: p.instrument, left: p.quantity }))
    .sort((a, b) => b.instrument.strike - a.instrument.strike);
  const uncapped: { position: OptionPosition; contracts: number }[] = [];
  for (const { position, contracts } of callCoverage(group).uncovered) {
    let open = contracts;
    for (const long of longs) {
      if (open === 0) break;
      const fits =
        long.left > 0 &&
        long.instrument.strike <= position.instrument.strike &&
        long.instrument.expiry >= position.instrument.expiry &&
        long.instrument.multiplier === position.instrument.multiplier;
      if (!fits) continue;
      const capped = Math.min(open, long.left);
      long.left -= capped;
      open -= capped;
    }
    if (open > 0) uncapped.push({ position, contracts: open });
  }
  return uncapped;
}

/**
 * Exposure of one ticker: |stock value| + long option value + short put assignment (strike × multiplier × contracts)
 * + short calls with uncapped upside (spot × multiplier × contracts; see `uncappedShortCalls`); null when a mark or
 * the spot it needs is unknown.
 */
export function tickerExposure(group: MarginPosition[], spot: number | null): number | null {
  let exposure = 0;
  for (const position of group) {
    const { instrument, quantity, mark } = position;
    if (instrument.kind === 'stock') {
      const unit = mark ?? spot;
      if (unit === null) return null;
      exposure += Math.abs(quantity) * unit;
    } else if (quantity > 0) {
      if (mark === null) return null;
      exposure += quantity * instrument.multiplier * mark;
    } else if (instrument.right === 'put') {
      exposure -= quantity * instrument.strike * instrument.multiplier;
    }
  }
  for (const { position, contracts } of uncappedShortCalls(group)) {
    if (spot === null) return null;
    exposure += contracts * position.instrument.multiplier * spot;
  }
  return exposure;
}

/** "KO exposure is 25,000.00, 25.0% of NLV 100,000.00 (short puts at strike × multiplier × contracts)". */
/** The concentration levels that apply to one underlier: broad index ETFs have their own (block-only) limit. */
export function concentrationLimits(
  limits: { tickerExposureWarn: number | null; tickerExposureMax: number | null; indexEtfExposureMax: number | null },
  kind: UnderlyingKind,
): { warn: number | null; max: number | null; limitText: string } {
  return kind === 'index_etf'
    ? { warn: null, max: limits.indexEtfExposureMax, limitText: 'broad index ETF limit' }
    : { warn: limits.tickerExposureWarn, max: limits.tickerExposureMax, limitText: 'per-ticker limit' };
}

/** The concentration sentence; the basis of short puts is named only when the ticker has some. */
export function exposureText(
  symbol: string,
  group: MarginPosition[],
  exposure: number,
  nlv: Micros,
  verb: 'is' | 'would be',
): string {
  const basis = shortPutNotional(group) > 0 ? ' (short puts at strike × multiplier × contracts)' : '';
  return `${symbol} exposure ${verb} ${money(exposure)}, ${pct(exposure / (Number(nlv) / 1e6))} of NLV ${money(nlv)}${basis}`;
}

/** Shares + Σ contracts × multiplier × model delta; null when the spot is unknown. */
export function syntheticDelta(symbol: string, group: MarginPosition[], market: MarginMarket): number | null {
  const S = market.spot(symbol);
  let delta = 0;
  for (const position of group) {
    const g = positionGreeks(position, S, market);
    if (g === null) return null;
    delta += g.deltaShares;
  }
  return delta;
}

/** The drawdown throttle's verdict; `quantityScale` is set when new positions are to be shrunk. */
export function drawdownReason(
  drawdown: number,
  limits: { drawdownBlockAt: number | null; drawdownThrottleAt: number | null; drawdownThrottleScale: number },
): RiskReason & { quantityScale?: number } {
  const text = `Drawdown ${pct(drawdown)} from peak`;
  const rule = 'drawdown_throttle';
  if (limits.drawdownBlockAt !== null && drawdown >= limits.drawdownBlockAt) {
    return { rule, verdict: 'block', message: `${text} reaches ${pct(limits.drawdownBlockAt)}: no new positions` };
  }
  if (limits.drawdownThrottleAt !== null && drawdown >= limits.drawdownThrottleAt) {
    const quantityScale = limits.drawdownThrottleScale;
    return {
      rule,
      verdict: 'warn',
      message: `${text} reaches ${pct(limits.drawdownThrottleAt)}: new positions are scaled by ${quantityScale}`,
      quantityScale,
    };
  }
  return { rule, verdict: 'allow', message: `${text}: no throttle` };
}

/** Drawdown must be a fraction in [0, 1] (fail fast on a corrupt figure). */
export function checkDrawdown(drawdown: number | undefined): void {
  if (drawdown !== undefined && !(drawdown >= 0 && drawdown <= 1)) {
    throw new RangeError(`Drawdown must be a fraction in [0, 1]: ${drawdown}`);
  }
}
