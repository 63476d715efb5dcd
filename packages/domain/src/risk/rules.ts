// Order rules per account type: allow / warn / block, with every reason in plain words and the numbers behind it.
//
// `checkOrder` applies an order's legs to the book (merged per instrument; the fill price, when known, moves cash:
// a sale's premium is credited, a purchase is paid), computes the margin summary before and after (margin.ts), and runs
// the rule set of the account type. The verdict is the worst of the reasons. A figure a rule needs but cannot compute
// (an unknown mark or spot) BLOCKS: the checks fail closed. Per-ticker reasons carry the ticker in `symbol`.
//
// Margin accounts (margin_pm, margin_regt):
//   margin_usage          maintenance margin ÷ NLV after the order: warn above `marginUsageWarn`, block above
//                         `marginUsageMax` (only a warning when the order does not raise the usage).
//   min_excess_liquidity  excess liquidity ÷ NLV after the order below `minExcessLiquidity` blocks (a warning when
//                         the order does not lower excess liquidity).
// Cash accounts (cash, tfsa, rrsp):
//   no_margin             cash after the order (purchases paid) must stay ≥ 0: no borrowing.
//   no_short_stock        no short stock.
//   naked_call            short calls must be covered by shares held in the same account after the order
//                         (100 shares per contract, lowest strikes covered first).
//   credit_spread         a short option opened with a long option of the same underlier and right in the same order
//                         that takes in a net credit (fill prices, else the model value) is a credit spread: blocked.
//   short_put_cash        cash after the order ≥ Σ strike × multiplier × contracts of all short puts after it.
//   long_options          long options and LEAPS are allowed (paid in full): an informative reason.
//   synthetic_delta       |shares + Σ contracts × multiplier × delta| per ticker ≤ `maxSyntheticDeltaShares`.
// Every account type:
//   ticker_concentration  per ticker the order trades: exposure ÷ NLV after the order, warn above
//                         `tickerExposureWarn`, block above `tickerExposureMax`. Exposure = |stock value| + long option
//                         value + short put assignment (strike × multiplier × contracts) + short calls that neither
//                         shares nor a lower-strike, later long call cap (spot × multiplier × contracts). A broad index ETF is measured against
//                         `indexEtfExposureMax` instead (no warning level; off by default: it is diversified in itself).
//   max_new_contracts     option contracts opened this run (earlier orders + this one) ≤ `maxNewContractsPerRun`.
//   drawdown_throttle     with a drawdown from peak ≥ `drawdownThrottleAt`, an order opening positions warns and
//                         returns `quantityScale` = `drawdownThrottleScale` (the caller shrinks it and checks again);
//                         ≥ `drawdownBlockAt` blocks new positions. Closing orders are never throttled.
// Rules that raise no risk (an order reducing a breach) warn instead of blocking, so a book can always be repaired.
import { type Micros, micros } from '../money';
import type { AccountType } from './account-type';
import {
  type MarginInstrument,
  type MarginMarket,
  type MarginPosition,
  type MarginSummary,
  computeMarginSummary,
  moneyFromNumber,
} from './margin';
import { type OptionInstrument, optionModelValue } from './position-model';
import {
  type RiskReason,
  type RiskRule,
  type RiskVerdict,
  LABEL,
  bySymbol,
  callCoverage,
  checkDrawdown,
  coveredCallsText,
  describeInstrument,
  drawdownReason,
  exposureText,
  isMarginAccount,
  money,
  pct,
  plural,
  shares,
  shortPutNotional,
  syntheticDelta,
  concentrationLimits,
  tickerExposure,
  uncoveredCount,
  worstVerdict,
} from './rule-helpers';

export type { RiskReason, RiskRule, RiskVerdict } from './rule-helpers';

/** Per-account overrides of the defaults; fractions are of NLV (0.2 = 20%). `null` turns a rule off. */
export interface RiskLimits {
  /** Maintenance margin ÷ NLV above which an order warns (margin accounts). */
  marginUsageWarn?: number | null;
  /** Maintenance margin ÷ NLV above which an order is blocked (margin accounts). */
  marginUsageMax?: number | null;
  /** Excess liquidity ÷ NLV below which an order is blocked (margin accounts). */
  minExcessLiquidity?: number | null;
  /** Exposure of one ticker ÷ NLV above which an order warns. */
  tickerExposureWarn?: number | null;
  /** Exposure of one ticker ÷ NLV above which an order is blocked. */
  tickerExposureMax?: number | null;
  /** The same for a broad index ETF (SPY, QQQ…), which is diversified in itself: off by default. */
  indexEtfExposureMax?: number | null;
  /** Option contracts an automated run may open in total. */
  maxNewContractsPerRun?: number | null;
  /** |Synthetic delta| per ticker, in shares. */
  maxSyntheticDeltaShares?: number | null;
  /** Drawdown from peak (fraction) from which new positions are shrunk. */
  drawdownThrottleAt?: number | null;
  /** The factor new positions are shrunk by once throttled (0 < scale ≤ 1). */
  drawdownThrottleScale?: number;
  /** Drawdown from peak (fraction) from which new positions are blocked. */
  drawdownBlockAt?: number | null;
}

// Margin accounts (PM and Reg-T): margin usage warns above 50% and blocks above 70% of NLV (a 30% cushion before a
// margin call); excess liquidity must stay ≥ 10% of NLV; one ticker warns above 15% and blocks above 20% of NLV; at most
// 10 new contracts per run; broad index ETFs not limited per ticker; no synthetic delta limit (margin already prices the risk); drawdown: from 10% new positions
// are halved, from 25% blocked.
const MARGIN_DEFAULTS: Required<RiskLimits> = {
  marginUsageWarn: 0.5,
  marginUsageMax: 0.7,
  minExcessLiquidity: 0.1,
  tickerExposureWarn: 0.15,
  tickerExposureMax: 0.2,
  indexEtfExposureMax: null,
  maxNewContractsPerRun: 10,
  maxSyntheticDeltaShares: null,
  drawdownThrottleAt: 0.1,
  drawdownThrottleScale: 0.5,
  drawdownBlockAt: 0.25,
};

// Cash, TFSA and RRSP: no margin figures (no borrowing at all); one ticker warns above 20% and blocks above 25% of NLV
// (short puts count at their full assignment value), broad index ETFs not limited; at most 10 new contracts per run; |synthetic delta| ≤ 1,000 shares
// per ticker; drawdown: from 10% new positions are halved, from 25% blocked.
const CASH_DEFAULTS: Required<RiskLimits> = {
  marginUsageWarn: null,
  marginUsageMax: null,
  minExcessLiquidity: null,
  tickerExposureWarn: 0.2,
  tickerExposureMax: 0.25,
  indexEtfExposureMax: null,
  maxNewContractsPerRun: 10,
  maxSyntheticDeltaShares: 1000,
  drawdownThrottleAt: 0.1,
  drawdownThrottleScale: 0.5,
  drawdownBlockAt: 0.25,
};

/** The default limits of an account type (see the constants above). */
export function defaultLimits(type: AccountType): Required<RiskLimits> {
  return { ...(isMarginAccount(type) ? MARGIN_DEFAULTS : CASH_DEFAULTS) };
}

/** The defaults of the account type with the account's overrides (keys left undefined keep the default). */
export function resolveLimits(type: AccountType, overrides: RiskLimits = {}): Required<RiskLimits> {
  const limits = defaultLimits(type);
  for (const key of Object.keys(overrides) as (keyof RiskLimits)[]) {
    const value = overrides[key];
    if (value !== undefined) (limits as Record<keyof RiskLimits, number | null>)[key] = value;
  }
  const scale = limits.drawdownThrottleScale;
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`drawdownThrottleScale must be in (0, 1]: ${scale}`);
  return limits;
}

export interface OrderLeg {
  symbol: string;
  instrument: MarginInstrument;
  /** Signed: + buys, − sells. */
  quantity: number;
  /** Expected fill price per share (limit price); default: the position's mark, for stock the spot. */
  price?: number;
}

export interface RiskCheckInput {
  type: AccountType;
  /** Overrides of `defaultLimits(type)`. */
  limits?: RiskLimits;
  cash: Micros;
  positions: MarginPosition[];
  market: MarginMarket;
  order: { legs: OrderLeg[] };
  /** Option contracts already opened in this run, before this order. */
  newContractsThisRun?: number;
  /** Drawdown from the peak of NLV, as a fraction (0.12 = 12% below the peak). */
  drawdown?: number;
}

export interface RiskCheckResult {
  verdict: RiskVerdict;
  reasons: RiskReason[];
  before: MarginSummary;
  after: MarginSummary;
  /** Set when the drawdown throttle applies: the factor to shrink the order's quantities by. */
  quantityScale?: number;
}

/** Maintenance margin ÷ NLV; null when unknown or NLV ≤ 0. */
export function marginUsage(summary: MarginSummary): number | null {
  const { maintenanceMargin, netLiquidation } = summary;
  if (maintenanceMargin === null || netLiquidation === null || netLiquidation <= 0n) return null;
  return Number(maintenanceMargin) / Number(netLiquidation);
}

const multiplierOf = (instrument: MarginInstrument): number =>
  instrument.kind === 'option' ? instrument.multiplier : 1;

const keyOf = (symbol: string, instrument: MarginInstrument): string =>
  instrument.kind === 'stock'
    ? `${symbol}|stock`
    : `${symbol}|${instrument.right}|${instrument.strike}|${instrument.expiry}|${instrument.multiplier}`;

/** The order applied to the book: positions merged per instrument, cash moved by the known fill prices. */
function applyOrder(
  cash: Micros,
  positions: MarginPosition[],
  legs: OrderLeg[],
  market: MarginMarket,
): { cash: Micros; positions: MarginPosition[]; fills: (number | null)[] } {
  const after = positions.map((position) => ({ ...position }));
  const index = new Map<string, number>();
  after.forEach((position, i) => {
    const key = keyOf(position.symbol, position.instrument);
    if (!index.has(key)) index.set(key, i);
  });
  let balance: bigint = cash;
  const fills: (number | null)[] = [];
  for (const leg of legs) {
    const key = keyOf(leg.symbol, leg.instrument);
    const at = index.get(key);
    const existing = at === undefined ? undefined : after[at];
    const fill =
      leg.price ?? existing?.mark ?? (leg.instrument.kind === 'stock' ? market.spot(leg.symbol) : null) ?? null;
    fills.push(fill);
    if (fill !== null) balance += moneyFromNumber(-leg.quantity * multiplierOf(leg.instrument) * fill);
    if (existing) existing.quantity += leg.quantity;
    else {
      index.set(key, after.length);
      after.push({ symbol: leg.symbol, quantity: leg.quantity, mark: fill, instrument: leg.instrument });
    }
  }
  return { cash: micros(balance), positions: after.filter((p) => p.quantity !== 0), fills };
}

/** Contracts or shares a position change opens: growth of |quantity|, all of it when the side flips. */
const opening = (before: number, after: number): number =>
  before === 0 || Math.sign(after) === Math.sign(before)
    ? Math.max(0, Math.abs(after) - Math.abs(before))
    : Math.abs(after);

/** Checks an order against the rules of the account type (see the header). */
export function checkOrder(input: RiskCheckInput): RiskCheckResult {
  const { type, cash, positions, market } = input;
  const limits = resolveLimits(type, input.limits);
  const label = LABEL[type];
  const legs = input.order.legs.filter((leg) => leg.quantity !== 0);
  for (const leg of legs) {
    if (!Number.isFinite(leg.quantity)) throw new RangeError(`Not a quantity: ${leg.quantity}`);
    if (leg.price !== undefined && !(Number.isFinite(leg.price) && leg.price >= 0)) {
      throw new RangeError(`Not a price: ${leg.price}`);
    }
  }
  const drawdown = input.drawdown;
  checkDrawdown(drawdown);

  const applied = applyOrder(cash, positions, legs, market);
  const before = computeMarginSummary(type, cash, positions, market);
  const after = computeMarginSummary(type, applied.cash, applied.positions, market);
  const reasons: RiskReason[] = [];
  const add = (rule: RiskRule, verdict: RiskVerdict, message: string, symbol?: string) =>
    reasons.push({ rule, verdict, message, ...(symbol === undefined ? {} : { symbol }) });
  const symbols = [...new Set(legs.map((leg) => leg.symbol))];

  // What the order opens, per instrument.
  const quantityOf = (book: MarginPosition[], key: string) =>
    book.filter((p) => keyOf(p.symbol, p.instrument) === key).reduce((sum, p) => sum + p.quantity, 0);
  const keys = new Map(legs.map((leg) => [keyOf(leg.symbol, leg.instrument), leg.instrument]));
  const opens = new Map<string, { opened: number; after: number }>();
  let openedContracts = 0;
  for (const [key, instrument] of keys) {
    const afterQuantity = quantityOf(applied.positions, key);
    const opened = opening(quantityOf(positions, key), afterQuantity);
    opens.set(key, { opened, after: afterQuantity });
    if (instrument.kind === 'option') openedContracts += opened;
  }
  const opensPositions = [...opens.values()].some(({ opened }) => opened > 0);
  /** A leg that opens (or adds to) a position on its own side, not one closing or rolling out of one. */
  const legOpens = (leg: OrderLeg): boolean => {
    const state = opens.get(keyOf(leg.symbol, leg.instrument));
    return state !== undefined && state.opened > 0 && Math.sign(state.after) === Math.sign(leg.quantity);
  };

  const nlvAfter = after.netLiquidation;

  if (isMarginAccount(type)) {
    // Margin usage.
    if (limits.marginUsageMax !== null || limits.marginUsageWarn !== null) {
      const usageAfter = marginUsage(after);
      const usageBefore = marginUsage(before);
      if (usageAfter === null) {
        add(
          'margin_usage',
          'block',
          nlvAfter !== null && nlvAfter <= 0n
            ? `Margin usage cannot be checked: NLV after the order would be ${money(nlvAfter)}`
            : 'Margin usage cannot be checked: a mark or spot price is unknown',
        );
      } else {
        const figures = `${pct(usageAfter)} of NLV after the order (maintenance ${money(after.maintenanceMargin ?? micros(0n))} / NLV ${money(nlvAfter ?? micros(0n))}; ${usageBefore === null ? 'unknown' : pct(usageBefore)} before)`;
        const raises = usageBefore === null || usageAfter > usageBefore;
        if (limits.marginUsageMax !== null && usageAfter > limits.marginUsageMax) {
          add(
            'margin_usage',
            raises ? 'block' : 'warn',
            `Margin usage would be ${figures}, above the ${pct(limits.marginUsageMax)} limit${raises ? '' : ' (the order does not raise it)'}`,
          );
        } else if (limits.marginUsageWarn !== null && usageAfter > limits.marginUsageWarn) {
          add(
            'margin_usage',
            'warn',
            `Margin usage would be ${figures}, above the ${pct(limits.marginUsageWarn)} warning level`,
          );
        } else add('margin_usage', 'allow', `Margin usage would be ${figures}`);
      }
    }
    // Minimum excess liquidity.
    if (limits.minExcessLiquidity !== null) {
      const el = after.excessLiquidity;
      if (el === null || nlvAfter === null || nlvAfter <= 0n) {
        add('min_excess_liquidity', 'block', 'Excess liquidity cannot be checked: NLV or margin is unknown');
      } else {
        const fraction = Number(el) / Number(nlvAfter);
        const floor = limits.minExcessLiquidity;
        const text = `Excess liquidity would be ${money(el)} after the order, ${pct(fraction)} of NLV ${money(nlvAfter)}`;
        if (fraction < floor) {
          const lowers = before.excessLiquidity === null || el < before.excessLiquidity;
          add(
            'min_excess_liquidity',
            lowers ? 'block' : 'warn',
            `${text}, below the ${pct(floor)} minimum${lowers ? '' : ' (the order does not lower it)'}`,
          );
        } else add('min_excess_liquidity', 'allow', text);
      }
    }
  } else {
    // No margin: purchases paid from cash.
    if (applied.cash < 0n) {
      add(
        'no_margin',
        applied.cash < cash ? 'block' : 'warn',
        `${label} accounts cannot borrow: cash after the order would be ${money(applied.cash)} (${money(cash)} before)`,
      );
    } else add('no_margin', 'allow', `Cash after the order: ${money(applied.cash)}`);

    for (const symbol of symbols) {
      const groupAfter = bySymbol(applied.positions, symbol);
      const groupBefore = bySymbol(positions, symbol);

      // No short stock.
      const sharesAfter = groupAfter.filter((p) => p.instrument.kind === 'stock').reduce((s, p) => s + p.quantity, 0);
      if (sharesAfter < 0) {
        add(
          'no_short_stock',
          'block',
          `${label} accounts cannot sell stock short: ${shares(-sharesAfter)} ${symbol} short`,
          symbol,
        );
      }

      // Naked calls.
      const coverage = callCoverage(groupAfter);
      const uncovered = uncoveredCount(coverage);
      if (uncovered > 0) {
        const worse = uncovered > uncoveredCount(callCoverage(groupBefore));
        const covered = coverage.shortCalls - uncovered;
        add(
          'naked_call',
          worse ? 'block' : 'warn',
          `${label} accounts cannot sell naked calls: ${plural(uncovered, `${symbol} call`)} would be uncovered (${shares(Math.max(0, coverage.shares))} cover ${plural(covered, 'call')}, ${coverage.shortCalls} short)`,
          symbol,
        );
      } else if (coverage.shortCalls > 0) add('naked_call', 'allow', coveredCallsText(symbol, coverage), symbol);
    }

    // Credit spreads: a short and a long option of the same underlier and right opened in the same order.
    const groups = new Map<string, { leg: OrderLeg; fill: number | null }[]>();
    legs.forEach((leg, i) => {
      if (leg.instrument.kind !== 'option' || !legOpens(leg)) return;
      const key = `${leg.symbol}|${leg.instrument.right}`;
      groups.set(key, [...(groups.get(key) ?? []), { leg, fill: applied.fills[i] ?? null }]);
    });
    for (const group of groups.values()) {
      if (!group.some(({ leg }) => leg.quantity < 0) || !group.some(({ leg }) => leg.quantity > 0)) continue;
      const symbol = group[0]?.leg.symbol;
      let net: number | null = 0;
      for (const { leg, fill } of group) {
        const instrument = leg.instrument as OptionInstrument;
        const unit = fill ?? optionModelValue(leg.symbol, instrument, market);
        net = unit === null || net === null ? null : net - leg.quantity * instrument.multiplier * unit;
      }
      const text = group
        .map(
          ({ leg }) =>
            `${leg.quantity < 0 ? 'sell' : 'buy'} ${Math.abs(leg.quantity)} ${describeInstrument(leg.symbol, leg.instrument)}`,
        )
        .join(' / ');
      if (net === null) {
        add(
          'credit_spread',
          'block',
          `${label} accounts cannot open credit spreads: ${text} has no price to tell`,
          symbol,
        );
      } else if (net > 0) {
        add(
          'credit_spread',
          'block',
          `${label} accounts cannot open credit spreads: ${text} takes in a net credit of ${money(net)}`,
          symbol,
        );
      } else add('credit_spread', 'allow', `${text} is a debit spread paying ${money(-net)}`, symbol);
    }

    // Short puts fully cash-secured.
    const required = shortPutNotional(applied.positions);
    if (required > 0) {
      const requiredMicros = moneyFromNumber(required);
      const text = `${money(requiredMicros)} of short put strikes (strike × multiplier × contracts), ${money(applied.cash)} cash after the order`;
      if (applied.cash < requiredMicros) {
        const worse = required > shortPutNotional(positions) || applied.cash < cash;
        add(
          'short_put_cash',
          worse ? 'block' : 'warn',
          `${label} accounts must hold the full strike of short puts in cash: ${text}, ${money(micros(requiredMicros - applied.cash))} short`,
        );
      } else add('short_put_cash', 'allow', `Short puts cash-secured: ${text}`);
    }

    // Long options and LEAPS.
    const longs = legs.filter((leg) => leg.instrument.kind === 'option' && leg.quantity > 0 && legOpens(leg));
    if (longs.length > 0) {
      add(
        'long_options',
        'allow',
        `Long options (LEAPS included) are allowed in ${label} accounts: ${longs.map((leg) => `buy ${leg.quantity} ${describeInstrument(leg.symbol, leg.instrument)}`).join(', ')}, paid in full`,
      );
    }

    // Synthetic delta per ticker.
    const maxDelta = limits.maxSyntheticDeltaShares;
    if (maxDelta !== null) {
      for (const symbol of symbols) {
        const deltaAfter = syntheticDelta(symbol, bySymbol(applied.positions, symbol), market);
        if (deltaAfter === null) {
          add(
            'synthetic_delta',
            'block',
            `Synthetic delta of ${symbol} cannot be checked: its spot is unknown`,
            symbol,
          );
          continue;
        }
        const deltaBefore = syntheticDelta(symbol, bySymbol(positions, symbol), market);
        const text = `Synthetic delta of ${symbol} would be ${Math.round(deltaAfter)} shares after the order`;
        if (Math.abs(deltaAfter) > maxDelta) {
          const worse = deltaBefore === null || Math.abs(deltaAfter) > Math.abs(deltaBefore);
          add(
            'synthetic_delta',
            worse ? 'block' : 'warn',
            `${text}, beyond the ±${maxDelta} share limit${worse ? '' : ' (the order does not raise it)'}`,
            symbol,
          );
        } else add('synthetic_delta', 'allow', text, symbol);
      }
    }
  }

  // Concentration per ticker.
  for (const symbol of symbols) {
    const { warn, max, limitText } = concentrationLimits(limits, market.kind(symbol));
    if (warn === null && max === null) continue;
    const spot = market.spot(symbol);
    const exposureAfter = tickerExposure(bySymbol(applied.positions, symbol), spot);
    if (exposureAfter === null || nlvAfter === null || nlvAfter <= 0n) {
      add(
        'ticker_concentration',
        'block',
        `Concentration in ${symbol} cannot be checked: ${nlvAfter !== null && nlvAfter <= 0n ? `NLV would be ${money(nlvAfter)}` : 'a mark or spot price is unknown'}`,
        symbol,
      );
      continue;
    }
    const exposureBefore = tickerExposure(bySymbol(positions, symbol), spot);
    const fraction = exposureAfter / (Number(nlvAfter) / 1e6);
    const text = exposureText(symbol, bySymbol(applied.positions, symbol), exposureAfter, nlvAfter, 'would be');
    if (max !== null && fraction > max) {
      const worse = exposureBefore === null || exposureAfter > exposureBefore;
      add(
        'ticker_concentration',
        worse ? 'block' : 'warn',
        `${text}, above the ${pct(max)} ${limitText}${worse ? '' : ' (the order does not raise it)'}`,
        symbol,
      );
    } else if (warn !== null && fraction > warn) {
      add('ticker_concentration', 'warn', `${text}, above the ${pct(warn)} warning level`, symbol);
    } else add('ticker_concentration', 'allow', text, symbol);
  }

  // New contracts per run.
  if (limits.maxNewContractsPerRun !== null && openedContracts > 0) {
    const total = (input.newContractsThisRun ?? 0) + openedContracts;
    const text = `${plural(openedContracts, 'new contract')} in this order, ${total} in this run`;
    if (total > limits.maxNewContractsPerRun) {
      add('max_new_contracts', 'block', `${text}, above the limit of ${limits.maxNewContractsPerRun} per run`);
    } else add('max_new_contracts', 'allow', `${text} (limit ${limits.maxNewContractsPerRun})`);
  }

  // Drawdown throttle.
  let quantityScale: number | undefined;
  if (drawdown !== undefined && opensPositions) {
    const { quantityScale: scale, ...reason } = drawdownReason(drawdown, limits);
    quantityScale = scale;
    reasons.push(reason);
  }

  const verdict = worstVerdict(reasons);
  return { verdict, reasons, before, after, ...(quantityScale === undefined ? {} : { quantityScale }) };
}
