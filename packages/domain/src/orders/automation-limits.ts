// Guards for orders the platform places on its own (automation), checked before each placement:
//
//   per order   contracts ≤ maxContractsPerOrder,  notional ≤ maxNotionalPerOrder
//   per day     contracts placed today (before this order) + this order's ≤ maxContractsPerDay, same for notional
//               ("today" is the New York trading date; the caller sums it from its own records)
//   A null limit is no limit; a limit is inclusive (equal passes). An unknown notional (null) fails a notional limit
//   that is set — automation does not place what it cannot measure.
//
//   reduce-only   every leg only shrinks a position already held: a BUY against a short, a SELL against a long, never
//                 more than is held (legs on the same instrument are summed first). Such orders close risk, so a
//                 caller may let them through when limits or risk rules would stop opening orders.
//   market gate   automation places orders only in the NYSE regular session (09:30–16:00 New York time, 13:00 on
//                 early-close days), from the domain calendar; outside it says why and when the next session opens.
import { type IsoDate, isWeekend, newYorkDateOf, nextTradingDay, sessionFor } from '../calendar';
import type { MarginInstrument, MarginPosition } from '../risk/margin';
import { money, plural } from '../risk/rule-helpers';

export interface AutomationLimits {
  maxContractsPerOrder: number | null;
  /** Money (account currency): Σ |price| × multiplier × quantity of the order's legs, as the caller measures it. */
  maxNotionalPerOrder: number | null;
  maxContractsPerDay: number | null;
  maxNotionalPerDay: number | null;
}

export type AutomationLimit = keyof AutomationLimits;

export interface AutomationAmounts {
  /** Option contracts (or shares, for stock orders), ≥ 0. */
  contracts: number;
  /** ≥ 0; null when unknown. */
  notional: number | null;
}

export interface AutomationLimitsInput {
  order: AutomationAmounts;
  /** What automation already placed today, before this order. */
  today: AutomationAmounts;
  limits: AutomationLimits;
}

export interface AutomationLimitReason {
  limit: AutomationLimit;
  message: string;
}

export type AutomationLimitsResult = { ok: true } | { ok: false; reasons: AutomationLimitReason[] };

const LIMIT_NAMES: readonly AutomationLimit[] = [
  'maxContractsPerOrder',
  'maxNotionalPerOrder',
  'maxContractsPerDay',
  'maxNotionalPerDay',
];

/** Money compared in whole cents, so 0.1 + 0.2 does not exceed a limit of 0.30. */
const cents = (amount: number): number => Math.round(amount * 100);

function requireAmount(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a finite number ≥ 0: ${value}`);
}

/** Every limit the order breaks, each with the figures behind it. */
export function checkAutomationLimits(input: AutomationLimitsInput): AutomationLimitsResult {
  const { order, today, limits } = input;
  requireAmount(order.contracts, 'order contracts');
  requireAmount(today.contracts, "today's contracts");
  if (order.notional !== null) requireAmount(order.notional, 'order notional');
  if (today.notional !== null) requireAmount(today.notional, "today's notional");
  for (const name of LIMIT_NAMES) {
    const value = limits[name];
    if (value !== null) requireAmount(value, name);
  }

  const reasons: AutomationLimitReason[] = [];
  const contracts = (n: number) => plural(n, 'contract');

  if (limits.maxContractsPerOrder !== null && order.contracts > limits.maxContractsPerOrder) {
    reasons.push({
      limit: 'maxContractsPerOrder',
      message: `Order of ${contracts(order.contracts)} is above the limit of ${contracts(limits.maxContractsPerOrder)} per order`,
    });
  }
  if (limits.maxNotionalPerOrder !== null) {
    if (order.notional === null) {
      reasons.push({
        limit: 'maxNotionalPerOrder',
        message: `Order notional unknown; cannot check the limit of ${money(limits.maxNotionalPerOrder)} per order`,
      });
    } else if (cents(order.notional) > cents(limits.maxNotionalPerOrder)) {
      reasons.push({
        limit: 'maxNotionalPerOrder',
        message: `Order notional ${money(order.notional)} is above the limit of ${money(limits.maxNotionalPerOrder)} per order`,
      });
    }
  }
  if (limits.maxContractsPerDay !== null) {
    const total = today.contracts + order.contracts;
    if (total > limits.maxContractsPerDay) {
      reasons.push({
        limit: 'maxContractsPerDay',
        message:
          `${contracts(today.contracts)} today + ${order.contracts} in this order = ${total}, ` +
          `above the limit of ${contracts(limits.maxContractsPerDay)} per day`,
      });
    }
  }
  if (limits.maxNotionalPerDay !== null) {
    if (order.notional === null || today.notional === null) {
      reasons.push({
        limit: 'maxNotionalPerDay',
        message: `${order.notional === null ? 'Order' : "Today's"} notional unknown; cannot check the limit of ${money(limits.maxNotionalPerDay)} per day`,
      });
    } else {
      const totalCents = cents(today.notional) + cents(order.notional);
      if (totalCents > cents(limits.maxNotionalPerDay)) {
        reasons.push({
          limit: 'maxNotionalPerDay',
          message:
            `Notional ${money(today.notional)} today + ${money(order.notional)} in this order = ` +
            `${money(totalCents / 100)}, above the limit of ${money(limits.maxNotionalPerDay)} per day`,
        });
      }
    }
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}

export interface OrderLegPosition {
  /** The underlier (the symbol itself for stock). */
  symbol: string;
  instrument: MarginInstrument;
  /** Signed: positive buys, negative sells. Contracts for options, shares for stock. */
  quantity: number;
}

/** One string per instrument (symbol, right, strike, expiry, multiplier), to match legs with positions. */
function instrumentId(symbol: string, instrument: MarginInstrument): string {
  return instrument.kind === 'stock'
    ? `STK|${symbol}`
    : `OPT|${symbol}|${instrument.right}|${instrument.strike}|${instrument.expiry}|${instrument.multiplier}`;
}

function netBy(items: readonly { symbol: string; instrument: MarginInstrument; quantity: number }[]) {
  const net = new Map<string, number>();
  for (const item of items) {
    const id = instrumentId(item.symbol, item.instrument);
    net.set(id, (net.get(id) ?? 0) + item.quantity);
  }
  return net;
}

/**
 * True when every leg only shrinks a position held: opposite sign to it and no larger. False for an order with no
 * legs, a leg on an instrument not held, a leg in the direction of the position, or one that would go through zero
 * (over-closing opens the other side).
 */
export function isReduceOnly(orderLegs: readonly OrderLegPosition[], positions: readonly MarginPosition[]): boolean {
  for (const leg of orderLegs) {
    if (!Number.isFinite(leg.quantity) || leg.quantity === 0) {
      throw new RangeError(`Leg quantity must be a finite non-zero number: ${leg.quantity}`);
    }
  }
  if (orderLegs.length === 0) return false;
  const held = netBy(positions);
  for (const [id, quantity] of netBy(orderLegs)) {
    const position = held.get(id) ?? 0;
    if (quantity === 0 || position === 0) return false;
    if (Math.sign(quantity) === Math.sign(position)) return false;
    if (Math.abs(quantity) > Math.abs(position)) return false;
  }
  return true;
}

export type MarketClosedReason = 'closed_weekend' | 'closed_holiday' | 'before_open' | 'after_close';

export type MarketGate =
  { open: true; reason: null; closesAtMs: number } | { open: false; reason: MarketClosedReason; nextOpenMs: number };

function nextOpenAfter(date: IsoDate): number {
  const session = sessionFor(nextTradingDay(date));
  // nextTradingDay returns a trading day, which always has a session.
  if (session === null) throw new Error(`No session on the trading day after ${date}`);
  return session.open;
}

/**
 * Whether automation may place orders at `nowMs` (the regular session: open inclusive, close exclusive, as
 * `isMarketOpen`). Closed: why, and the next open. Open: when this session closes (13:00 on early-close days).
 */
export function marketGate(nowMs: number): MarketGate {
  if (!Number.isFinite(nowMs)) throw new RangeError(`Not an instant: ${nowMs}`);
  const date = newYorkDateOf(nowMs);
  const session = sessionFor(date);
  if (session === null) {
    // A weekday without a session is a holiday or a special closure (both 'closed_holiday').
    return {
      open: false,
      reason: isWeekend(date) ? 'closed_weekend' : 'closed_holiday',
      nextOpenMs: nextOpenAfter(date),
    };
  }
  if (nowMs < session.open) return { open: false, reason: 'before_open', nextOpenMs: session.open };
  if (nowMs >= session.close) return { open: false, reason: 'after_close', nextOpenMs: nextOpenAfter(date) };
  return { open: true, reason: null, closesAtMs: session.close };
}
