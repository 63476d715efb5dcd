// The shared management of an open short option (Wheel, Theta, covered calls, the PMCC short leg). Rules, in the
// order they are checked (the first that applies decides):
//
//   0. Unknown premium received, mark or spot → hold, 'missing_data'. Past its expiry → hold, 'expired' (the
//      broker has not booked the expiration or assignment yet).
//   1. In the money at or under `rollAtDte` → the ITM policy: 'let_assign' holds ('assignment_expected'), 'close'
//      buys it back, 'roll' rolls it out at the same or a better strike (puts never up, calls never down). The P&L
//      threshold of rule 3 does not apply: a defensive roll is rarely at a profit.
//   2. Captured ≥ `profitTargetPct` → take the profit and re-open: roll to the new target when an acceptable one
//      exists, else close (a short at its profit target is worth closing either way).
//   3. At or under `rollAtDte` → roll when captured ≥ `minProfitPctAtDte` (≤ −1 = any P&L), else hold ('roll_due').
//   4. Otherwise hold, silently.
//   When rule 1 ('roll') or rule 3 finds no acceptable roll: `closeIfUnableToRoll` ? close : hold; either way a
//   'roll_unavailable' signal says why.
//
// Figures (per share): captured = (premium received − mark) / premium received, the mark being the broker's.
// The buy-back price is the held contract's mid in the chain when it has a two-sided quote, else the mark.
//
// Roll target: same right, a later expiry whose DTE is within [rollMinDte, rollMaxDte], a two-sided quote and a
// known delta; ITM puts at a strike ≤ the old one, ITM calls ≥ the old one, every call ≥ `minCallStrike`; with
// `creditOnly` the new mid must exceed the buy-back price (a net credit at the limit the order carries). Of those,
// the earliest expiry (the least time added — for an ITM roll, the shortest roll that still pays a credit), and on
// it the strike whose |Δ| is nearest `targetDelta` (ties: the larger credit, then the lower strike).
//
// Confidence = base × liquidity, where base is 0.8 (profit target), 0.7 (roll at DTE, ITM close), 0.6 (ITM roll,
// close because no roll exists) and liquidity = 1 − min(0.5, spread / mid) of the leg opened (the leg closed for a
// close), 0.75 when that leg has no two-sided quote.
import { z } from 'zod';
import { type IsoDate, calendarDaysToExpiry, daysBetween } from '../calendar';
import type { RollRules, ShortOptionContext, ShortOptionDecision } from './roll-types';
import { midOf } from './scanner/scan';
import type {
  ChainRequest,
  OptionQuote,
  OptionSide,
  RecommendationDraft,
  RecommendationLeg,
  StrategyPosition,
  StrategySignal,
} from './types';

export const rollRulesSchema = z
  .object({
    profitTargetPct: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('Take profit (roll, else close) once this fraction of the premium received is captured (0.5 = 50%)'),
    rollAtDte: z
      .int()
      .min(0)
      .default(21)
      .describe('Roll at or under this many days to expiry (when the P&L threshold below allows)'),
    minProfitPctAtDte: z
      .number()
      .min(-1)
      .max(1)
      .default(0)
      .describe('At the DTE floor, roll only if at least this fraction of the premium is captured (−1 = any P&L)'),
    itmPolicy: z
      .enum(['roll', 'let_assign', 'close'])
      .default('roll')
      .describe('In the money at the DTE floor: roll out (same or better strike), let it be assigned, or close it'),
    creditOnly: z.boolean().default(true).describe('Roll only for a net credit (at the mids)'),
    closeIfUnableToRoll: z
      .boolean()
      .default(true)
      .describe('When a roll is due but none is acceptable, recommend closing instead of holding'),
    targetDelta: z.number().gt(0).lt(1).default(0.3).describe('|Delta| of the new short when rolling'),
    rollMinDte: z.int().min(1).default(30).describe('Fewest days to expiry of the new short'),
    rollMaxDte: z.int().min(1).default(60).describe('Most days to expiry of the new short'),
  })
  .refine((r) => r.rollMinDte <= r.rollMaxDte, {
    message: 'rollMinDte must not exceed rollMaxDte',
    path: ['rollMinDte'],
  })
  .describe('Managing open shorts: profit target, rolls and the in-the-money policy') satisfies z.ZodType<RollRules>;

/** Strike bands (fractions of spot) wide enough for a |Δ| 0.30-ish target in a 30–60 DTE window. */
const PUT_BAND = { low: 0.75, high: 1.02 };
const CALL_BAND = { low: 0.98, high: 1.3 };

/**
 * The chain a roll needs: the same right, expiries from the held one (so its quote prices the buy-back; without
 * `today` only the roll window) through `rollMaxDte`, strikes around the spot that include the held strike.
 */
export function rollChainRequest(
  position: StrategyPosition,
  rules: RollRules,
  spot: number,
  today?: IsoDate,
): ChainRequest {
  const held = heldContract(position);
  const heldDte = today === undefined ? null : Math.max(0, calendarDaysToExpiry(today, held.expiry));
  const band = held.right === 'put' ? PUT_BAND : CALL_BAND;
  const heldMoneyness = held.strike / spot;
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    symbol: position.symbol,
    rights: [held.right],
    minDte: heldDte === null ? rules.rollMinDte : Math.min(heldDte, rules.rollMinDte),
    maxDte: heldDte === null ? rules.rollMaxDte : Math.max(heldDte, rules.rollMaxDte),
    minMoneyness: round(Math.min(band.low, heldMoneyness * 0.98)),
    maxMoneyness: round(Math.max(band.high, heldMoneyness * (held.right === 'call' ? 1.1 : 1.02))),
  };
}

interface HeldContract {
  symbol: string;
  right: OptionSide;
  strike: number;
  expiry: IsoDate;
  multiplier: number;
}

function heldContract(position: StrategyPosition): HeldContract {
  const instrument = position.instrument;
  if (instrument.kind !== 'option')
    throw new RangeError(`${position.symbol}: a short option was expected, not a stock position`);
  return { symbol: position.symbol, ...instrument };
}

type Rule = 'profit_target' | 'roll_at_dte' | 'itm_roll' | 'itm_close';

const BASE_CONFIDENCE: Record<Rule | 'unable_to_roll', number> = {
  profit_target: 0.8,
  roll_at_dte: 0.7,
  itm_close: 0.7,
  itm_roll: 0.6,
  unable_to_roll: 0.6,
};

interface Situation {
  ctx: ShortOptionContext;
  held: HeldContract;
  label: string;
  contracts: number;
  dte: number;
  spot: number;
  avgPrice: number;
  mark: number;
  captured: number;
  itm: boolean;
  /** The held contract's quote in the chain, when fetched. */
  heldQuote: OptionQuote | undefined;
  buyBack: number;
}

export function manageShortOption(ctx: ShortOptionContext): ShortOptionDecision {
  const { position, rules } = ctx;
  const held = heldContract(position);
  if (!(position.quantity < 0)) throw new RangeError(`${describe(held)}: a short position was expected`);
  const label = describe(held);
  const dte = calendarDaysToExpiry(ctx.today, held.expiry);
  const signal = (kind: string, message: string, payload: Record<string, unknown> = {}): ShortOptionDecision => ({
    recommendation: null,
    signals: [{ kind, symbol: held.symbol, message, payload: { ...contractPayload(held), dte, ...payload } }],
  });

  if (dte < 0) return signal('expired', `${label} expired on ${held.expiry} and is still in the book`);
  const { avgPrice, mark } = position;
  const spot = ctx.underlier.spot;
  const unknown = [
    avgPrice === null || !(avgPrice > 0) ? 'the premium received' : null,
    mark === null ? 'its mark' : null,
    spot === null ? `the spot of ${held.symbol}` : null,
  ].filter((x) => x !== null);
  if (avgPrice === null || !(avgPrice > 0) || mark === null || spot === null)
    return signal('missing_data', `${label}: ${unknown.join(', ')} unknown; holding`);

  const heldQuote = ctx.chain?.options.find(
    (o) => o.right === held.right && o.strike === held.strike && o.expiry === held.expiry,
  );
  const s: Situation = {
    ctx,
    held,
    label,
    contracts: Math.abs(position.quantity),
    dte,
    spot,
    avgPrice,
    mark,
    captured: (avgPrice - mark) / avgPrice,
    itm: held.right === 'put' ? spot < held.strike : spot > held.strike,
    heldQuote,
    buyBack: (heldQuote && midOf(heldQuote.bid, heldQuote.ask)) ?? mark,
  };
  const nearExpiry = dte <= rules.rollAtDte;

  if (nearExpiry && s.itm) {
    const where = `in the money (spot ${price(spot)} ${held.right === 'put' ? 'below' : 'above'} the ${strike(held.strike)} strike) at ${dte} DTE`;
    switch (rules.itmPolicy) {
      case 'let_assign':
        return signal(
          'assignment_expected',
          `${label} is ${where}; the policy lets it be assigned (${s.contracts * held.multiplier} shares)`,
          { spot, captured: s.captured },
        );
      case 'close':
        return closeDecision(s, 'itm_close', `${where}; the policy closes it`);
      case 'roll':
        return rollOrFallback(s, 'itm_roll', `${where}; rolling out at the same or a better strike`);
    }
  }
  if (s.captured >= rules.profitTargetPct) {
    const why = `profit target ${pct(rules.profitTargetPct)} reached`;
    const target = findRollTarget(s);
    return 'quote' in target
      ? rollDecision(s, 'profit_target', target, `${why}: taking the profit and re-opening further out`)
      : closeDecision(s, 'profit_target', `${why}; no roll: ${target.reason}`);
  }
  if (nearExpiry) {
    const anyPnl = rules.minProfitPctAtDte <= -1;
    if (anyPnl || s.captured >= rules.minProfitPctAtDte)
      return rollOrFallback(
        s,
        'roll_at_dte',
        `${dte} DTE is at or under the ${rules.rollAtDte}-DTE roll point` +
          (anyPnl ? '' : ` and ${pct(s.captured)} captured meets the ${pct(rules.minProfitPctAtDte)} needed`),
      );
    return signal(
      'roll_due',
      `${label} is at ${dte} DTE (roll point ${rules.rollAtDte}) but only ${pct(s.captured)} of max profit is captured ` +
        `(sold ${price(avgPrice)}, now ${price(mark)}), under the ${pct(rules.minProfitPctAtDte)} needed to roll; holding`,
      { captured: s.captured, minProfitPctAtDte: rules.minProfitPctAtDte },
    );
  }
  return { recommendation: null, signals: [] };
}

/** Roll when a target exists; else close or hold by `closeIfUnableToRoll`, with a 'roll_unavailable' signal. */
function rollOrFallback(s: Situation, rule: 'itm_roll' | 'roll_at_dte', why: string): ShortOptionDecision {
  const target = findRollTarget(s);
  if ('quote' in target) return rollDecision(s, rule, target, why);
  const closing = s.ctx.rules.closeIfUnableToRoll;
  const unavailable: StrategySignal = {
    kind: 'roll_unavailable',
    symbol: s.held.symbol,
    message: `${s.label}: a roll is due (${why}) but ${target.reason}; ${closing ? 'closing instead' : 'holding'}`,
    payload: { ...contractPayload(s.held), dte: s.dte, rule, reason: target.reason },
  };
  if (!closing) return { recommendation: null, signals: [unavailable] };
  const closed = closeDecision(s, rule, `${why}; no acceptable roll: ${target.reason}`, 'unable_to_roll');
  return { recommendation: closed.recommendation, signals: [unavailable] };
}

interface RollTarget {
  quote: OptionQuote;
  mid: number;
  dte: number;
  /** newMid − buy-back price; positive = a credit. */
  credit: number;
}

function findRollTarget(s: Situation): RollTarget | { reason: string } {
  const { ctx, held } = s;
  const { rules } = ctx;
  const window = `${rules.rollMinDte}–${rules.rollMaxDte} DTE`;
  if (ctx.chain === undefined || ctx.chain.options.length === 0)
    return { reason: `no ${held.symbol} chain was fetched${ctx.chain?.missing ? ` (${ctx.chain.missing})` : ''}` };

  const quoted: RollTarget[] = [];
  for (const quote of ctx.chain.options) {
    if (quote.right !== held.right || daysBetween(held.expiry, quote.expiry) <= 0) continue;
    const dte = calendarDaysToExpiry(ctx.today, quote.expiry);
    const mid = midOf(quote.bid, quote.ask);
    if (dte < rules.rollMinDte || dte > rules.rollMaxDte || mid === null || quote.delta === null) continue;
    quoted.push({ quote, mid, dte, credit: mid - s.buyBack });
  }
  if (quoted.length === 0) return { reason: `no later ${held.right} in ${window} has a two-sided quote and a delta` };

  const minCall = held.right === 'call' ? (ctx.minCallStrike ?? null) : null;
  // An ITM short is rolled at the same or a better strike: never a put up, never a call down.
  const allowed = quoted.filter(
    ({ quote }) =>
      (minCall === null || quote.strike >= minCall) &&
      !(s.itm && held.right === 'put' && quote.strike > held.strike) &&
      !(s.itm && held.right === 'call' && quote.strike < held.strike),
  );
  if (allowed.length === 0) {
    const limits = [
      s.itm
        ? `${held.right === 'put' ? 'at or under' : 'at or over'} the in-the-money ${strike(held.strike)} strike`
        : null,
      minCall === null ? null : `at or over the ${strike(minCall)} floor`,
    ].filter((x) => x !== null);
    return { reason: `no ${held.right} in ${window} is ${limits.join(' and ')}` };
  }
  const acceptable = rules.creditOnly ? allowed.filter((t) => t.credit > 0) : allowed;
  if (acceptable.length === 0)
    return { reason: `no ${held.right} in ${window} pays a net credit over the ${price(s.buyBack)} buy-back` };

  const earliest = acceptable.reduce((a, b) => (b.dte < a.dte ? b : a)).quote.expiry;
  const distance = (t: RollTarget) => Math.abs(Math.abs(t.quote.delta as number) - rules.targetDelta);
  return acceptable
    .filter((t) => t.quote.expiry === earliest)
    .reduce((best, t) => {
      const d = distance(t) - distance(best);
      if (Math.abs(d) > 1e-12) return d < 0 ? t : best;
      if (t.credit !== best.credit) return t.credit > best.credit ? t : best;
      return t.quote.strike < best.quote.strike ? t : best;
    });
}

function rollDecision(s: Situation, rule: Rule, target: RollTarget, why: string): ShortOptionDecision {
  const { held, heldQuote, ctx } = s;
  const q = target.quote;
  const net = roundPrice(s.buyBack - target.mid);
  const spread =
    heldQuote && heldQuote.bid !== null && heldQuote.ask !== null && q.bid !== null && q.ask !== null
      ? { bid: roundPrice(heldQuote.bid - q.ask), ask: roundPrice(heldQuote.ask - q.bid) }
      : { bid: null, ask: null };
  const netWords = net < 0 ? `a net credit ${price(-net)}` : net > 0 ? `a net debit ${price(net)}` : 'even money';
  const buyBackWords = heldQuote && midOf(heldQuote.bid, heldQuote.ask) !== null ? 'mid' : 'mark: no two-sided quote';
  const rationale =
    `Roll ${s.contracts} ${s.label} (${progress(s)}) to ${q.expiry} ${strike(q.strike)} ${q.right} ` +
    `(Δ ${signed(q.delta as number)}, ${target.dte} DTE) for ${netWords}: buy back at ${price(s.buyBack)} (${buyBackWords}), ` +
    `sell at ${price(target.mid)} (mid). ${capitalize(why)}.`;
  const recommendation: RecommendationDraft = {
    action: held.right === 'put' ? 'roll_put' : 'roll_call',
    symbol: held.symbol,
    legs: [heldLeg(s), optionLeg(q, 'SELL')],
    quantity: s.contracts,
    limitPrice: net,
    spread,
    rationale,
    confidence: confidenceOf(BASE_CONFIDENCE[rule], q),
    params: { ...ctx.params, rule, captured: s.captured, dte: s.dte, netPrice: net },
    opportunityKey: null,
  };
  return { recommendation, signals: [] };
}

function closeDecision(
  s: Situation,
  rule: Rule,
  why: string,
  base: keyof typeof BASE_CONFIDENCE = rule,
): ShortOptionDecision {
  const { held, heldQuote, ctx } = s;
  const limit = roundPrice(s.buyBack);
  const quoted = heldQuote !== undefined && midOf(heldQuote.bid, heldQuote.ask) !== null;
  const recommendation: RecommendationDraft = {
    action: 'close',
    symbol: held.symbol,
    legs: [heldLeg(s)],
    quantity: s.contracts,
    limitPrice: limit,
    spread: { bid: heldQuote?.bid ?? null, ask: heldQuote?.ask ?? null },
    rationale:
      `Close (buy to close) ${s.contracts} ${s.label} at ${price(limit)} (${quoted ? 'mid' : 'mark: no two-sided quote'}): ` +
      `${progress(s)}; ${why}.`,
    confidence: confidenceOf(BASE_CONFIDENCE[base], heldQuote),
    params: {
      ...ctx.params,
      rule: base === 'unable_to_roll' ? `${rule}_close` : rule,
      captured: s.captured,
      dte: s.dte,
    },
    opportunityKey: null,
  };
  return { recommendation, signals: [] };
}

function heldLeg(s: Situation): RecommendationLeg {
  const { held, heldQuote } = s;
  return {
    symbol: held.symbol,
    kind: 'option',
    right: held.right,
    strike: held.strike,
    expiry: held.expiry,
    multiplier: held.multiplier,
    side: 'BUY',
    ratio: 1,
    bid: heldQuote?.bid ?? null,
    ask: heldQuote?.ask ?? null,
    mid: heldQuote ? roundMid(heldQuote) : null,
  };
}

function optionLeg(q: OptionQuote, side: 'BUY' | 'SELL'): RecommendationLeg {
  return {
    symbol: q.symbol,
    kind: 'option',
    right: q.right,
    strike: q.strike,
    expiry: q.expiry,
    multiplier: q.multiplier,
    side,
    ratio: 1,
    bid: q.bid,
    ask: q.ask,
    mid: roundMid(q),
  };
}

function confidenceOf(base: number, leg: OptionQuote | undefined): number {
  const mid = leg ? midOf(leg.bid, leg.ask) : null;
  const liquidity = leg && mid !== null ? 1 - Math.min(0.5, ((leg.ask as number) - (leg.bid as number)) / mid) : 0.75;
  return Math.round(base * liquidity * 100) / 100;
}

const progress = (s: Situation) =>
  `${pct(s.captured)} of max profit captured: sold ${price(s.avgPrice)}, now ${price(s.mark)}`;
const contractPayload = (h: HeldContract) => ({ right: h.right, strike: h.strike, expiry: h.expiry });
const describe = (h: HeldContract) => `${h.symbol} ${h.expiry} ${strike(h.strike)} ${h.right}`;
/** Cents, or a tenth of a cent when a mid falls between (0.975). */
const price = (x: number) =>
  Math.abs(Math.round(x * 1000) - Math.round(x * 100) * 10) > 0 ? x.toFixed(3) : x.toFixed(2);
const signed = (x: number) => (x >= 0 ? '' : '−') + Math.abs(x).toFixed(2);
const strike = (x: number) => String(Math.round(x * 1000) / 1000);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const roundMid = (q: OptionQuote) => {
  const mid = midOf(q.bid, q.ask);
  return mid === null ? null : roundPrice(mid);
};
/** Removes binary noise from sums of cent prices (0.345 − 1.205 = −0.8599999…). */
const roundPrice = (x: number) => Math.round(x * 10_000) / 10_000;
