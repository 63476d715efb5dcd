// The backtest loop: one step per trading day, at the close, with the same strategy plugin, the same pre-trade risk
// rules (checkOrder) and the same commissions as live and paper trading.
//
// Each day, in order:
//   1. dividends going ex today are credited to (or, short, charged to) the holders;
//   2. options expiring today settle: cash-settled index options at the day's OPEN (the AM settlement print, the SOQ),
//      American equity options at the close: in the money by at least a cent → exercise/assignment into shares at
//      the strike, otherwise they expire (all with option events for the strategy);
//   3. early assignment of short American options: a call whose time value is below a dividend going ex tomorrow, a
//      put whose time value is below EARLY_PUT_TIME_VALUE (deep in the money); both at the close, at the strike;
//   4. interest on cash since the previous day (the rate on positive cash; rate + margin spread on a loan);
//   5. marks: options at the model value (or the real quote's mid), shares at the close;
//   6. the plugin runs on that book (its chains from the model, or real quotes where the day has them); each
//      recommendation in order goes through checkOrder (a block skips it, the drawdown throttle shrinks it) and fills
//      at the fill model's price, plus slippage, minus commissions;
//   7. the day's equity point.
// Deterministic: the same inputs, settings and seed give the same result.
import {
  type IsoDate,
  REGULAR_CLOSE_MINUTE,
  daysBetween,
  newYorkToUtc,
  onOrBeforeTradingDay,
  yearFractionToExpiry,
} from '../calendar';
import { type Micros, parseMoney } from '../money';
import { legCommission, orderCommission } from '../orders/commissions';
import type { MarginInstrument, MarginMarket } from '../risk/margin';
import { computeMarginSummary, moneyFromNumber } from '../risk/margin';
import { type RiskState, computeRiskState } from '../risk/risk-state';
import { checkOrder } from '../risk/rules';
import { parseStrategyConfig } from '../strategies/engine';
import type {
  ChainSlice,
  OptionEvent,
  RecommendationDraft,
  StrategyAccount,
  StrategyInstance,
  StrategyPlugin,
  StrategyPosition,
  UnderlierMarket,
} from '../strategies/types';
import { BacktestBook, type Holding, holdingKey } from './book';
import {
  CONTRACT_MULTIPLIER,
  DEFAULT_SKEW,
  type DaySurface,
  modelChain,
  modelQuote,
  modelValue,
  quotedChain,
  surfaceVol,
} from './chain-model';
import { type MarketTape, type TapeUnderlier, createMarketTape } from './market-tape';
import { computeBacktestStats } from './stats';
import type {
  BacktestCounters,
  BacktestInputs,
  BacktestSettings,
  BacktestStats,
  BacktestFill,
  BacktestTrade,
  EquityPoint,
  OptionEodQuote,
  YearRow,
} from './types';

/** A deep-in-the-money short put is assigned early once its time value is below this (per share). */
export const EARLY_PUT_TIME_VALUE = 0.02;
/** Ex-dividend dates a strategy is told about this many days ahead (companies announce them about a month out). */
const DIVIDEND_HORIZON_DAYS = 45;

export interface SignalSummary {
  kind: string;
  count: number;
  example: string;
}

export interface BacktestResult {
  from: IsoDate | null;
  to: IsoDate | null;
  equity: EquityPoint[];
  /** The risk-free rate of each equity point. */
  rates: number[];
  fills: BacktestFill[];
  trades: BacktestTrade[];
  counters: BacktestCounters;
  signals: SignalSummary[];
  stats: BacktestStats;
  years: YearRow[];
}

export class BacktestConfigError extends Error {
  override name = 'BacktestConfigError';
}

export interface Backtest {
  /** Trading days in the run. */
  readonly totalDays: number;
  readonly daysDone: number;
  /** Simulates up to `count` more days; false once the run is complete. */
  step(count: number): boolean;
  /** Runs what is left and returns the result. */
  finish(): BacktestResult;
}

const closeMs = (date: IsoDate): number => newYorkToUtc(date, REGULAR_CLOSE_MINUTE);

export function createBacktest(
  plugin: StrategyPlugin<unknown>,
  rawConfig: unknown,
  inputs: BacktestInputs,
  settings: BacktestSettings,
): Backtest {
  const parsed = parseStrategyConfig(plugin, rawConfig);
  if (!parsed.ok)
    throw new BacktestConfigError(
      `Invalid ${plugin.slug} config: ${parsed.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  const config = parsed.config;
  if (inputs.underliers.length === 0) throw new BacktestConfigError('A backtest needs at least one underlier');
  const tape: MarketTape = createMarketTape(inputs, settings.from, settings.to);
  const days = tape.days;
  const book = new BacktestBook(parseMoney(settings.initialCash));
  const initialEquity = Number(book.cash) / 1e6;
  const benchmark = settings.benchmark ?? inputs.underliers[0]!.symbol;
  const benchmarkTape = tape.underliers.get(benchmark);
  const quotesByDay = indexQuotes(inputs.optionQuotes);
  const counters: BacktestCounters = {
    premiumCollected: 0,
    assignments: 0,
    callsAway: 0,
    rolls: 0,
    feesPaid: 0,
    riskBlocked: 0,
    dividendsReceived: 0,
    interestEarned: 0,
  };
  const signals = new Map<string, SignalSummary>();
  const signal = (kind: string, message: string) => {
    const s = signals.get(kind);
    if (s) s.count++;
    else signals.set(kind, { kind, count: 1, example: message });
  };
  const equity: EquityPoint[] = [];
  const rates: number[] = [];
  /** Net option premium per underlier in the current holding cycle (lowers the Wheel's basis). */
  const cyclePremium = new Map<string, number>();
  let events: OptionEvent[] = [];
  let peak = initialEquity;
  let benchmarkUnits: number | null = null;
  let benchmarkTr = 1;
  let previousDate: IsoDate | null = null;
  let done = 0;
  const instance: StrategyInstance<unknown> = {
    id: 'backtest',
    name: `${plugin.name} backtest`,
    accountId: 'backtest',
    portfolioId: null,
    config,
    watchlistSymbols: [],
  };

  function surfaceOf(u: TapeUnderlier, day: number): DaySurface | null {
    const bar = u.bar(day);
    const date = days[day]!;
    const atm30 = u.atm30(day);
    if (!bar || !(atm30 > 0)) return null;
    const settlement = u.style === 'european_cash_am' ? 'am' : 'pm';
    const nowMs = closeMs(date);
    return {
      symbol: u.symbol,
      kind: u.kind,
      date,
      nowMs,
      spot: bar.close,
      level: { atm30, longRun: u.longRun(day) },
      rate: tape.rate(day),
      dividendYield: u.dividendYield(day),
      skew: settings.skew[u.symbol] ?? DEFAULT_SKEW[u.kind],
      yearsTo: (expiry) => yearFractionToExpiry(nowMs, onOrBeforeTradingDay(expiry), settlement),
    };
  }

  /** The day's real end-of-day quote of a contract, when the quote datasets have it. */
  function realQuote(
    symbol: string,
    date: IsoDate,
    { expiry, strike, right }: { expiry: IsoDate; strike: number; right: 'call' | 'put' },
  ): OptionEodQuote | undefined {
    return quotesByDay
      .get(`${symbol}|${date}`)
      ?.find((q) => q.expiry === expiry && q.strike === strike && q.right === right);
  }

  function optionMark(h: Holding, surfaces: Map<string, DaySurface | null>, date: IsoDate): number | null {
    if (h.instrument.kind !== 'option') return null;
    const { expiry, strike, right } = h.instrument;
    const quoted = realQuote(h.symbol, date, h.instrument);
    if (quoted && quoted.bid !== null && quoted.ask !== null && quoted.ask >= quoted.bid)
      return (quoted.bid + quoted.ask) / 2;
    const surface = surfaces.get(h.symbol);
    return surface ? modelValue(surface, expiry, strike, right) : h.mark;
  }

  function addCyclePremium(symbol: string, amount: number) {
    cyclePremium.set(symbol, (cyclePremium.get(symbol) ?? 0) + amount);
  }

  function sharesOf(symbol: string): number {
    return book.holdings.get(holdingKey(symbol, { kind: 'stock' }))?.quantity ?? 0;
  }

  /** Moves shares for an exercise or assignment (a holding cycle ends when the shares go back to none). */
  function deliver(date: IsoDate, symbol: string, shares: number, strike: number, reason: BacktestFill['reason']) {
    const before = sharesOf(symbol);
    book.fill({ date, symbol, instrument: { kind: 'stock' }, quantity: shares, price: strike, commission: 0, reason });
    if (before > 0 && sharesOf(symbol) <= 0) cyclePremium.delete(symbol);
  }

  /**
   * Closes a physically settled option at 0; exercised or assigned, its shares move at the strike (a long call or a
   * short put ends long shares, a long put or a short call short or fewer).
   */
  function settlePhysically(
    date: IsoDate,
    h: Holding,
    option: Extract<MarginInstrument, { kind: 'option' }>,
    reason: 'expiration' | 'assignment' | 'exercise' | 'early_assignment',
  ) {
    const quantity = h.quantity;
    book.fill({
      date,
      symbol: h.symbol,
      instrument: option,
      quantity: -quantity,
      price: 0,
      commission: 0,
      reason,
      closedBy: reason === 'early_assignment' ? 'assignment' : reason,
    });
    if (reason === 'expiration') return;
    const sign = (option.right === 'call' ? 1 : -1) * Math.sign(quantity);
    deliver(date, h.symbol, sign * Math.abs(quantity) * option.multiplier, option.strike, reason);
    if (quantity < 0) {
      if (option.right === 'put') counters.assignments++;
      else counters.callsAway++;
    }
  }

  function settleExpiries(day: number, date: IsoDate) {
    for (const h of [...book.holdings.values()]) {
      if (h.instrument.kind !== 'option' || h.instrument.expiry > date) continue;
      const u = tape.underliers.get(h.symbol);
      const bar = u?.bar(day);
      if (!u || !bar) continue;
      const { right, strike, expiry, multiplier } = h.instrument;
      const onExpiryDay = bar.date === expiry;
      const cash = u.style === 'european_cash_am';
      // AM settlement prints at the open of expiry day; an expiry we stepped over settles at the last close.
      const settle = cash && onExpiryDay ? bar.open : bar.close;
      const intrinsic = right === 'call' ? Math.max(0, settle - strike) : Math.max(0, strike - settle);
      const quantity = h.quantity;
      const event = (kind: OptionEvent['kind']) =>
        events.push({
          kind,
          symbol: h.symbol,
          right,
          strike,
          expiry,
          quantity: Math.abs(quantity),
          atMs: closeMs(date),
        });
      if (cash) {
        book.fill({
          date,
          symbol: h.symbol,
          instrument: h.instrument,
          quantity: -quantity,
          price: intrinsic,
          commission: 0,
          reason: intrinsic > 0 ? 'cash_settlement' : 'expiration',
          closedBy: intrinsic > 0 ? 'cash_settlement' : 'expiration',
        });
        if (quantity < 0) addCyclePremium(h.symbol, -intrinsic * Math.abs(quantity) * multiplier);
        event(intrinsic > 0 ? (quantity < 0 ? 'assignment' : 'exercise') : 'expiration');
        continue;
      }
      const kind = intrinsic < 0.01 ? 'expiration' : quantity < 0 ? 'assignment' : 'exercise';
      settlePhysically(date, h, h.instrument, kind);
      event(kind);
    }
  }

  function earlyAssignments(day: number, date: IsoDate, surfaces: Map<string, DaySurface | null>) {
    if (!settings.earlyAssignment) return;
    const nextDate = days[day + 1];
    for (const h of [...book.holdings.values()]) {
      if (h.instrument.kind !== 'option' || h.quantity >= 0) continue;
      const u = tape.underliers.get(h.symbol);
      const surface = surfaces.get(h.symbol);
      if (!u || u.style !== 'american_physical' || !surface) continue;
      const { right, strike, expiry } = h.instrument;
      if (expiry <= date) continue;
      const intrinsic = right === 'call' ? surface.spot - strike : strike - surface.spot;
      if (intrinsic <= 0) continue;
      const timeValue = modelValue(surface, expiry, strike, right) - intrinsic;
      const dividend = nextDate && right === 'call' ? u.dividendsOn(nextDate) : 0;
      const assigned = right === 'call' ? dividend > 0 && timeValue < dividend : timeValue < EARLY_PUT_TIME_VALUE;
      if (!assigned) continue;
      const quantity = h.quantity;
      settlePhysically(date, h, h.instrument, 'early_assignment');
      events.push({
        kind: 'early_assignment',
        symbol: h.symbol,
        right,
        strike,
        expiry,
        quantity: Math.abs(quantity),
        atMs: closeMs(date),
      });
    }
  }

  function marginMarketOf(day: number, surfaces: Map<string, DaySurface | null>, nowMs: number): MarginMarket {
    return {
      nowMs,
      spot: (symbol) => surfaces.get(symbol)?.spot ?? tape.underliers.get(symbol)?.bar(day)?.close ?? null,
      kind: (symbol) => tape.underliers.get(symbol)?.kind ?? 'stock',
      vol: (symbol, expiry, strike) => {
        const surface = surfaces.get(symbol);
        if (!surface) return NaN;
        const vol = surfaceVol(surface, expiry, strike);
        return Number.isFinite(vol) ? vol : surface.level.atm30;
      },
      rate: tape.rate(day),
      dividendYield: (symbol) => surfaces.get(symbol)?.dividendYield ?? 0,
    };
  }

  function strategyAccount(margin: ReturnType<typeof computeMarginSummary>): StrategyAccount {
    const positions: StrategyPosition[] = [...book.holdings.values()].map((h) => ({
      symbol: h.symbol,
      instrument: h.instrument,
      quantity: h.quantity,
      avgPrice: h.avgPrice,
      mark: h.mark,
      portfolioId: null,
    }));
    const cyclePremiums: Record<string, number> = {};
    for (const [symbol, premium] of cyclePremium) {
      const shares = sharesOf(symbol);
      if (shares > 0 && premium !== 0) cyclePremiums[symbol] = premium / shares;
    }
    const money = (value: Micros | null) => (value === null ? null : Number(value) / 1e6);
    return {
      accountId: 'backtest',
      accountCode: 'BACKTEST',
      type: settings.accountType,
      cash: Number(book.cash) / 1e6,
      netLiquidation: money(margin.netLiquidation),
      buyingPower: money(margin.buyingPower),
      excessLiquidity: money(margin.excessLiquidity),
      positions,
      cyclePremiums,
      events,
    };
  }

  /** Where a leg fills under the fill model; null when there is no price to fill at. */
  function legPrice(leg: RecommendationDraft['legs'][number], spot: number | null): number | null {
    if (leg.kind === 'stock') return spot ?? leg.mid;
    const { bid, ask } = leg;
    if (bid === null || ask === null || ask < bid) return null;
    const mid = (bid + ask) / 2;
    const spread = ask - bid;
    const sell = leg.side === 'SELL';
    let price: number;
    switch (settings.fill.kind) {
      case 'mid':
        price = mid;
        break;
      case 'natural':
        price = sell ? bid : ask;
        break;
      case 'spread_fraction':
        price = sell ? mid - settings.fill.fraction * spread : mid + settings.fill.fraction * spread;
        break;
    }
    price += sell ? -settings.slippagePerShare : settings.slippagePerShare;
    price = Math.round(price * 100) / 100;
    if (sell && price <= 0) return null;
    return Math.max(0, price);
  }

  function execute(
    draft: RecommendationDraft,
    date: IsoDate,
    market: MarginMarket,
    surfaces: Map<string, DaySurface | null>,
    newContracts: { count: number },
  ) {
    // A leg the plugin had no quote for (a held contract outside the chains it asked for) is quoted the way a broker
    // would be asked: the day's real quote, else the model's.
    const quoted = draft.legs.map((leg) => {
      if (leg.kind !== 'option' || (leg.bid !== null && leg.ask !== null)) return leg;
      if (leg.expiry === null || leg.strike === null || leg.right === null) return leg;
      const { expiry, strike, right } = leg;
      const real = realQuote(leg.symbol, date, { expiry, strike, right });
      const surface = surfaces.get(leg.symbol);
      const quote = real ?? (surface ? modelQuote(surface, { expiry, strike, right }, settings.seed) : null);
      return quote ? { ...leg, bid: quote.bid, ask: quote.ask } : leg;
    });
    const prices = quoted.map((leg) => legPrice(leg, market.spot(leg.symbol)));
    if (prices.some((p) => p === null)) {
      signal('no_fill', `${date} ${draft.action} ${draft.symbol}: no two-sided market to fill at`);
      return;
    }
    const instruments: MarginInstrument[] = draft.legs.map((leg) =>
      leg.kind === 'stock'
        ? { kind: 'stock' }
        : {
            kind: 'option',
            right: leg.right ?? 'call',
            strike: leg.strike ?? 0,
            expiry: leg.expiry ?? date,
            multiplier: leg.multiplier || CONTRACT_MULTIPLIER,
          },
    );
    const legsFor = (quantity: number) =>
      draft.legs.map((leg, i) => ({
        symbol: leg.symbol,
        instrument: instruments[i]!,
        quantity: (leg.side === 'BUY' ? 1 : -1) * leg.ratio * quantity,
        price: prices[i]!,
      }));
    const equityNow = book.equity();
    const drawdown = equityNow !== null && peak > 0 ? Math.max(0, Math.min(0.999999, 1 - equityNow / peak)) : 0;
    const check = (quantity: number) =>
      checkOrder({
        type: settings.accountType,
        limits: settings.riskLimits,
        cash: book.cash,
        positions: book.positions(),
        market,
        order: { legs: legsFor(quantity) },
        newContractsThisRun: newContracts.count,
        drawdown,
      });
    let quantity = draft.quantity;
    let result = check(quantity);
    if (result.quantityScale !== undefined && result.quantityScale < 1) {
      quantity = Math.floor(draft.quantity * result.quantityScale);
      if (quantity < 1) {
        signal('risk_throttled', `${date} ${draft.action} ${draft.symbol}: the drawdown throttle scales it to 0`);
        return;
      }
      result = check(quantity);
    }
    if (result.verdict === 'block') {
      counters.riskBlocked++;
      const why = result.reasons
        .filter((r) => r.verdict === 'block')
        .map((r) => r.message)
        .join('; ');
      signal('risk_blocked', `${date} ${draft.action} ${draft.symbol} blocked: ${why}`);
      return;
    }
    const legs = legsFor(quantity);
    const fees = legs.map((leg) =>
      legCommission({ kind: leg.instrument.kind, quantity: leg.quantity, price: moneyFromNumber(leg.price) }),
    );
    const total = settings.commissions ? Number(orderCommission(fees)) / 1e6 : 0;
    const feeSum = fees.reduce((s, f) => s + Number(f.fee), 0);
    legs.forEach((leg, i) => {
      const share = feeSum > 0 ? Number(fees[i]!.fee) / feeSum : 1 / legs.length;
      const held = book.holdings.get(holdingKey(leg.symbol, leg.instrument));
      const opening = !held || Math.sign(held.quantity) === Math.sign(leg.quantity);
      const sharesBefore = sharesOf(leg.symbol);
      book.fill({
        date,
        symbol: leg.symbol,
        instrument: leg.instrument,
        quantity: leg.quantity,
        price: leg.price,
        commission: total * share,
        reason: draft.action,
      });
      if (leg.instrument.kind === 'option') {
        const flow = -leg.quantity * leg.instrument.multiplier * leg.price;
        addCyclePremium(leg.symbol, flow);
        if (leg.quantity < 0) counters.premiumCollected += flow;
        if (opening) newContracts.count += Math.abs(leg.quantity);
      } else if (sharesBefore > 0 && sharesOf(leg.symbol) <= 0) cyclePremium.delete(leg.symbol);
    });
    counters.feesPaid += total;
    if (draft.action === 'roll_put' || draft.action === 'roll_call') counters.rolls++;
  }

  function stepDay(day: number) {
    const date = days[day]!;
    const nowMs = closeMs(date);
    // 1. Dividends.
    for (const h of book.holdings.values()) {
      if (h.instrument.kind !== 'stock') continue;
      const amount = tape.underliers.get(h.symbol)?.dividendsOn(date) ?? 0;
      if (amount > 0) {
        book.credit(h.quantity * amount);
        counters.dividendsReceived += h.quantity * amount;
      }
    }
    // 2–3. Expiries, then early assignment at today's close.
    settleExpiries(day, date);
    const surfaces = new Map<string, DaySurface | null>();
    for (const u of tape.underliers.values()) surfaces.set(u.symbol, surfaceOf(u, day));
    earlyAssignments(day, date, surfaces);
    // 4. Interest since the previous day.
    if (settings.cashInterest && previousDate !== null) {
      const years = daysBetween(previousDate, date) / 365;
      const cash = Number(book.cash) / 1e6;
      const rate = cash >= 0 ? tape.rate(day) : tape.rate(day) + settings.marginSpread;
      const interest = cash * (Math.exp(rate * years) - 1);
      if (interest !== 0) {
        book.credit(interest);
        counters.interestEarned += interest;
      }
    }
    // 5. Marks.
    for (const h of book.holdings.values())
      h.mark =
        h.instrument.kind === 'stock'
          ? (tape.underliers.get(h.symbol)?.bar(day)?.close ?? h.mark)
          : optionMark(h, surfaces, date);
    // 6. The strategy.
    const market = marginMarketOf(day, surfaces, nowMs);
    const margin = computeMarginSummary(settings.accountType, book.cash, book.positions(), market);
    const account = strategyAccount(margin);
    const spots = new Map<string, number | null>();
    for (const [symbol, s] of surfaces)
      spots.set(symbol, s?.spot ?? tape.underliers.get(symbol)?.bar(day)?.close ?? null);
    const requests = plugin.dataNeeds({ account, instance, asOf: nowMs, spots });
    const chains = new Map<string, ChainSlice>();
    for (const request of requests) {
      const surface = surfaces.get(request.symbol);
      if (!surface) {
        chains.set(request.symbol, {
          symbol: request.symbol,
          options: [],
          missing: tape.underliers.has(request.symbol)
            ? `no price or implied-vol level for ${request.symbol} on ${date}`
            : `${request.symbol} is not in this backtest's data`,
        });
        continue;
      }
      const quoted = quotesByDay.get(`${request.symbol}|${date}`);
      const options = quoted ? quotedChain(surface, quoted, request) : modelChain(surface, request, settings.seed);
      const slice = chains.get(request.symbol);
      chains.set(request.symbol, {
        symbol: request.symbol,
        options: slice ? [...slice.options, ...options] : options,
        missing: null,
      });
    }
    const underliers = new Map<string, UnderlierMarket>();
    for (const u of tape.underliers.values()) {
      underliers.set(u.symbol, {
        symbol: u.symbol,
        kind: u.kind,
        spot: spots.get(u.symbol) ?? null,
        ivRank: u.ivRank(day),
        dividendYield: u.dividendYield(day),
        exDividends: u.dividendsAhead(date, DIVIDEND_HORIZON_DAYS).map((d) => ({ exDate: d.exDate, amount: d.amount })),
        // Earnings dates are not in the data: unknown for stocks, none for index products.
        earnings: u.kind === 'index_etf' ? [] : null,
      });
    }
    // The full risk state (greeks, stress, max loss) is only worked out for a plugin that reads it.
    let riskState: RiskState | undefined;
    const positions = book.positions();
    const output = plugin.generateSignals({
      account,
      get riskState() {
        return (riskState ??= computeRiskState({ type: settings.accountType, cash: book.cash, positions, market }));
      },
      marginMarket: market,
      market: { nowMs, today: date, rate: tape.rate(day), underliers, chains },
      instance,
      asOf: nowMs,
    });
    for (const s of output.signals) signal(s.kind, `${date} ${s.message}`);
    events = [];
    const newContracts = { count: 0 };
    for (const draft of output.recommendations) execute(draft, date, market, surfaces, newContracts);
    // 7. The day's point (marks of what the strategy just opened are its fill prices until tomorrow).
    for (const h of book.holdings.values())
      if (h.instrument.kind === 'stock') h.mark = tape.underliers.get(h.symbol)?.bar(day)?.close ?? h.mark;
    const value = book.equity() ?? equity[equity.length - 1]?.equity ?? initialEquity;
    peak = Math.max(peak, value);
    const benchBar = benchmarkTape?.bar(day) ?? null;
    let benchValue: number | null = null;
    if (benchBar && benchmarkTape) {
      if (benchmarkUnits === null) benchmarkUnits = initialEquity / benchBar.close;
      else {
        const dividend = benchmarkTape.dividendsOn(date);
        if (dividend > 0) benchmarkTr *= 1 + dividend / benchBar.close;
      }
      benchValue = benchmarkUnits * benchBar.close * benchmarkTr;
    }
    equity.push({
      date,
      equity: value,
      cash: Number(book.cash) / 1e6,
      benchmark: benchValue,
      invested: book.holdings.size > 0,
    });
    rates.push(tape.rate(day));
    previousDate = date;
  }

  let result: BacktestResult | null = null;
  return {
    totalDays: days.length,
    get daysDone() {
      return done;
    },
    step(count) {
      const end = Math.min(days.length, done + count);
      for (; done < end; done++) stepDay(done);
      return done < days.length;
    },
    finish() {
      if (result) return result;
      while (this.step(250));
      const last = days[days.length - 1] ?? null;
      if (last) book.closeOpenAtMarks(last);
      const { stats, years } = computeBacktestStats({
        equity,
        rates,
        trades: book.trades,
        fills: book.fills,
        counters,
        benchmarkSymbol: benchmarkTape ? benchmark : null,
      });
      result = {
        from: days[0] ?? null,
        to: last,
        equity,
        rates,
        fills: book.fills,
        trades: book.trades,
        counters,
        signals: [...signals.values()].sort((a, b) => b.count - a.count),
        stats,
        years,
      };
      return result;
    },
  };
}

function indexQuotes(quotes: readonly OptionEodQuote[]): Map<string, OptionEodQuote[]> {
  const map = new Map<string, OptionEodQuote[]>();
  for (const q of quotes) {
    const key = `${q.symbol}|${q.quoteDate}`;
    const list = map.get(key);
    if (list) list.push(q);
    else map.set(key, [q]);
  }
  return map;
}

/** The whole run at once (tests, the CLI). */
export function runBacktest(
  plugin: StrategyPlugin<unknown>,
  rawConfig: unknown,
  inputs: BacktestInputs,
  settings: BacktestSettings,
): BacktestResult {
  return createBacktest(plugin, rawConfig, inputs, settings).finish();
}
