// The market simulator: history replay plus seeded walks for spots and the VIX, a VIX-tied vol surface, listed
// chains and quotes priced with the domain's European BSM batch (American prices would cost ~150 µs per contract;
// a chain of thousands must quote in milliseconds, so quotes are European-model marks with the dividend yield).
import { unknownQuote, type BrokerQuote, type Decimal } from '@optionstrader/application';
import {
  FIRST_CALENDAR_YEAR,
  type InstrumentKey,
  type IsoDate,
  LAST_CALENDAR_YEAR,
  type OptionId,
  addDays,
  dateParts,
  daysBetween,
  formatInstrumentKey,
  formatStrike,
  greeksBatch,
  isMonthlyExpiry,
  newYorkDateOf,
  parseStrike,
  previousTradingDay,
  sessionFor,
  strikeToNumber,
  toEpochDay,
  yearFractionToExpiry,
} from '@optionstrader/domain';
import {
  type DailySeries,
  type GbmCalibration,
  type MeanReversionCalibration,
  TRADING_DAYS_PER_YEAR,
  calibrateGbm,
  calibrateMeanReversion,
  createPriceSeries,
  createVixSeries,
} from './daily-series';
import { dividendEvents } from './dividends';
import { intradayLogPath, sampleLogPath } from './intraday';
import { listedExpirations, strikeGrid } from '@optionstrader/domain';
import type { MarketHistory } from './load-history';
import type { MarketSimulator, UnderlyingProfile } from './market-simulator';
import { liquidity, marketAround, spreadWidth } from '@optionstrader/domain';
import { riskFreeRateAt } from '@optionstrader/domain';
import { DEFAULT_UNDERLYINGS, type SimUnderlying, toProfile } from './underlyings';
import { type SurfaceLevel, atmVol, skewedVol, standardizedMoneyness } from '@optionstrader/domain';

export interface MarketSimulatorOptions {
  /** Every random number (walks past history, intraday paths, volumes) derives from it. */
  seed: number;
  history: MarketHistory;
  /** Defaults to SPY, QQQ, AAPL, MSFT, KO, JPM, XOM; each needs bars in `history`. */
  underlyings?: readonly SimUnderlying[];
  /** Years of daily returns the walks and vol ratios are calibrated on (default 5; the VIX fit uses twice that). */
  calibrationYears?: number;
}

export interface SymbolCalibration extends GbmCalibration {
  /** ATM 30-day IV ÷ (VIX/100). */
  ivRatio: number;
  historyEnd: IsoDate;
}

/** The simulator plus what tests, benchmarks and the demo want to inspect. */
export interface SimulatedMarket extends MarketSimulator {
  calibration(symbol: string): SymbolCalibration | undefined;
  readonly vixCalibration: MeanReversionCalibration;
  /** The VIX at an instant: history, then the walk; moves linearly through the session. */
  vix(atMs: number): number;
  /** ATM (at-the-forward) vol of the surface for a time to expiry in years. */
  atmVol(symbol: string, T: number, atMs: number): number;
}

interface SymbolState {
  underlying: SimUnderlying;
  profile: UnderlyingProfile;
  series: DailySeries;
  calibration: SymbolCalibration;
  /** Stable reference vol for the strike grid and liquidity shapes. */
  refVol: number;
}

interface StrikeListing {
  decimals: Decimal[];
  set: Set<bigint>;
}

const CONTRACT_MULTIPLIER = 100;
const CURRENCY = 'USD';
const MAX_CACHE = 512;

const nullQuote = (key: InstrumentKey, atMs: number): BrokerQuote => unknownQuote(key, new Date(atMs));

function boundedSet<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, value);
  return value;
}

/** The New York date of an instant, or null outside the calendar's years (the simulator then knows nothing). */
function calendarDate(atMs: number): IsoDate | null {
  if (!Number.isFinite(atMs)) return null;
  const date = newYorkDateOf(atMs);
  const { year } = dateParts(date);
  return year < FIRST_CALENDAR_YEAR || year > LAST_CALENDAR_YEAR ? null : date;
}

function realizedVolBetween(bars: MarketHistory['bars'][string] | undefined, from: IsoDate, to: IsoDate): number {
  const window = (bars ?? []).filter((bar) => bar.date >= from && bar.date <= to);
  return calibrateGbm(window, window.length).vol;
}

export function createMarketSimulator(options: MarketSimulatorOptions): SimulatedMarket {
  const { seed, history } = options;
  const calibrationDays = Math.round((options.calibrationYears ?? 5) * TRADING_DAYS_PER_YEAR);
  const vixCalibration = calibrateMeanReversion(history.vix, 2 * calibrationDays);
  const vixSeries = createVixSeries(history.vix, { seed, calibration: vixCalibration });

  const states = new Map<string, SymbolState>();
  for (const underlying of options.underlyings ?? DEFAULT_UNDERLYINGS) {
    const bars = history.bars[underlying.symbol];
    if (!bars || bars.length < 2) throw new RangeError(`No price history for ${underlying.symbol}`);
    const gbm = calibrateGbm(bars, calibrationDays);
    const from = bars[Math.max(0, bars.length - calibrationDays)]?.date ?? bars[0]?.date;
    const to = bars[bars.length - 1]?.date;
    let ivRatio = underlying.ivRatio;
    if (ivRatio === 'calibrated') {
      const own = from && to ? realizedVolBetween(bars, from, to) : NaN;
      const market = from && to ? realizedVolBetween(history.bars.SPY, from, to) : NaN;
      const ratio = own / market;
      ivRatio = Number.isFinite(ratio) ? Math.min(3, Math.max(0.7, ratio)) : 1.5;
    }
    states.set(underlying.symbol, {
      underlying,
      profile: toProfile(underlying),
      series: createPriceSeries(underlying.symbol, bars, { seed, calibration: gbm }),
      calibration: { ...gbm, ivRatio, historyEnd: bars[bars.length - 1]?.date ?? bars[0]!.date },
      refVol: Math.max(0.1, gbm.vol),
    });
  }

  const paths = new Map<string, Float64Array>();
  const expiryCache = new Map<string, { list: IsoDate[]; set: Set<string> }>();
  const strikeCache = new Map<string, StrikeListing>();

  function spotOf(state: SymbolState, atMs: number): number {
    const date = calendarDate(atMs);
    if (date === null) return NaN;
    const { series } = state;
    const session = sessionFor(date);
    if (!session || atMs >= session.close) return series.closeOnOrBefore(date);
    const close = series.closeOnOrBefore(date);
    const previous = series.closeOnOrBefore(previousTradingDay(date));
    if (!Number.isFinite(previous)) return atMs < session.open ? NaN : close;
    if (atMs < session.open) return previous;
    if (!series.hasClose(date)) return previous;
    const cacheKey = `${state.profile.symbol}|${date}`;
    const path =
      paths.get(cacheKey) ??
      boundedSet(
        paths,
        cacheKey,
        intradayLogPath(seed, state.profile.symbol, session, previous, close, state.calibration.vol),
      );
    return sampleLogPath(path, session, atMs);
  }

  function vixAt(atMs: number): number {
    const date = calendarDate(atMs);
    if (date === null) return NaN;
    const session = sessionFor(date);
    if (!session || atMs >= session.close) return vixSeries.closeOnOrBefore(date);
    const previous = vixSeries.closeOnOrBefore(previousTradingDay(date));
    if (atMs < session.open) return previous;
    const close = vixSeries.closeOnOrBefore(date);
    const u = (atMs - session.open) / (session.close - session.open);
    return Number.isFinite(previous) ? previous + (close - previous) * u : close;
  }

  function levelOf(state: SymbolState, atMs: number): SurfaceLevel {
    const ratio = state.calibration.ivRatio;
    return { atm30: (ratio * vixAt(atMs)) / 100, longRun: (ratio * vixCalibration.longRunLevel) / 100 };
  }

  /** Fraction of today's volume traded by `atMs`: 0 before the open, 1 after the close and on closed days. */
  function sessionFraction(date: IsoDate, atMs: number): number {
    const session = sessionFor(date);
    if (!session) return 1;
    return Math.min(1, Math.max(0, (atMs - session.open) / (session.close - session.open)));
  }

  function expirationsOf(state: SymbolState, atMs: number): { list: IsoDate[]; set: Set<string> } {
    const date = calendarDate(atMs);
    if (date === null || !(spotOf(state, atMs) > 0)) return { list: [], set: new Set() };
    const session = sessionFor(date);
    const firstDate = session && atMs < session.close ? date : addDays(date, 1);
    const cacheKey = `${state.profile.symbol}|${firstDate}`;
    const cached = expiryCache.get(cacheKey);
    if (cached) return cached;
    const list = listedExpirations(state.profile.kind, firstDate);
    return boundedSet(expiryCache, cacheKey, { list, set: new Set(list) });
  }

  /** The close strikes are anchored to: the last close before the New York date of `atMs`. */
  function anchorOf(state: SymbolState, date: IsoDate): number {
    return state.series.closeOnOrBefore(previousTradingDay(date));
  }

  function strikesOf(state: SymbolState, expiry: IsoDate, atMs: number): StrikeListing {
    const empty: StrikeListing = { decimals: [], set: new Set() };
    const date = calendarDate(atMs);
    if (date === null || !expirationsOf(state, atMs).set.has(expiry)) return empty;
    const cacheKey = `${state.profile.symbol}|${expiry}|${date}`;
    const cached = strikeCache.get(cacheKey);
    if (cached) return cached;
    const anchor = anchorOf(state, date);
    const T = Math.max(1, daysBetween(date, expiry)) / 365;
    const strikes = strikeGrid(state.profile.kind, anchor, T, state.refVol).map((k) => parseStrike(k));
    return boundedSet(strikeCache, cacheKey, {
      decimals: strikes.map((k) => formatStrike(k)),
      set: new Set<bigint>(strikes),
    });
  }

  function listed(option: OptionId, atMs: number): SymbolState | undefined {
    const state = states.get(option.root);
    if (!state || option.multiplier !== CONTRACT_MULTIPLIER || option.currency !== CURRENCY) return undefined;
    return strikesOf(state, option.expiry, atMs).set.has(option.strike) ? state : undefined;
  }

  function impliedVolOf(state: SymbolState, expiry: IsoDate, strike: number, atMs: number): number {
    let T: number;
    try {
      T = yearFractionToExpiry(atMs, expiry);
    } catch {
      return NaN;
    }
    const S = spotOf(state, atMs);
    if (!(T > 0) || !(S > 0) || !(strike > 0)) return NaN;
    const forward = S * Math.exp((riskFreeRateAt(atMs) - state.profile.dividendYield) * T);
    const atm = atmVol(levelOf(state, atMs), T);
    return skewedVol(atm, T, Math.log(strike / forward), state.underlying);
  }

  function quoteGroup(
    state: SymbolState,
    expiry: IsoDate,
    group: { option: OptionId; index: number }[],
    atMs: number,
    out: BrokerQuote[],
  ): void {
    const date = calendarDate(atMs);
    const S = spotOf(state, atMs);
    const T = yearFractionToExpiry(atMs, expiry);
    if (date === null || !(S > 0) || !(T > 0)) {
      for (const { option, index } of group) out[index] = nullQuote(formatInstrumentKey(option), atMs);
      return;
    }
    const r = riskFreeRateAt(atMs);
    const q = state.profile.dividendYield;
    const forward = S * Math.exp((r - q) * T);
    const atm = atmVol(levelOf(state, atMs), T);
    const n = group.length;
    const K = new Float64Array(n);
    const sigma = new Float64Array(n);
    const right = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const option = group[i]!.option;
      K[i] = strikeToNumber(option.strike);
      sigma[i] = skewedVol(atm, T, Math.log((K[i] ?? NaN) / forward), state.underlying);
      right[i] = option.right === 'call' ? 1 : 0;
    }
    const g = greeksBatch({ right, S, K, T, r, q, sigma });
    const dte = daysBetween(date, expiry);
    const monthly = isMonthlyExpiry(expiry);
    const epochDay = toEpochDay(date);
    const anchor = anchorOf(state, date);
    const dayT = Math.max(1, dte) / 365;
    const fraction = sessionFraction(date, atMs);
    for (let i = 0; i < n; i++) {
      const { option, index } = group[i]!;
      const key = formatInstrumentKey(option);
      const strike = K[i] ?? NaN;
      const model = g.price[i] ?? NaN;
      const z = standardizedMoneyness(Math.log(strike / forward), atm, T);
      const { openInterest, dailyVolume } = liquidity({
        seed,
        key,
        epochDay,
        baseOpenInterest: state.underlying.baseOpenInterest,
        z: standardizedMoneyness(Math.log(strike / anchor), state.refVol, dayT),
        dte,
        monthly,
      });
      const half = spreadWidth({ kind: state.profile.kind, modelPrice: model, z, dte, dailyVolume }) / 2;
      const market = marketAround(model, half, state.profile.kind);
      const volume = Math.round(dailyVolume * fraction);
      out[index] = {
        key,
        asOf: new Date(atMs),
        dataType: 'model',
        bid: market.bid,
        ask: market.ask,
        last: volume > 0 ? market.mark : null,
        mark: market.mark,
        volume,
        openInterest,
        impliedVol: sigma[i] ?? null,
        delta: g.delta[i] ?? null,
        gamma: g.gamma[i] ?? null,
        // IBKR's units (what the Broker port carries): theta per calendar day, vega per vol point.
        theta: g.thetaPerDay[i] ?? null,
        vega: (g.vega[i] ?? NaN) / 100,
        underlyingPrice: S,
      };
    }
  }

  function optionQuotes(options: OptionId[], atMs: number): BrokerQuote[] {
    const out = new Array<BrokerQuote>(options.length);
    // Group by series first so the listing (expiries, strike grid) is looked up once per expiry, not per contract.
    const groups = new Map<string, { root: string; expiry: IsoDate; items: { option: OptionId; index: number }[] }>();
    options.forEach((option, index) => {
      const groupKey = `${option.root}|${option.expiry}`;
      let group = groups.get(groupKey);
      if (!group) groups.set(groupKey, (group = { root: option.root, expiry: option.expiry, items: [] }));
      group.items.push({ option, index });
    });
    for (const { root, expiry, items } of groups.values()) {
      const state = states.get(root);
      const strikes = state ? strikesOf(state, expiry, atMs).set : new Set<bigint>();
      const listedItems = items.filter(({ option, index }) => {
        const ok =
          option.multiplier === CONTRACT_MULTIPLIER && option.currency === CURRENCY && strikes.has(option.strike);
        if (!ok) out[index] = nullQuote(formatInstrumentKey(option), atMs);
        return ok;
      });
      if (state && listedItems.length > 0) quoteGroup(state, expiry, listedItems, atMs, out);
    }
    return out;
  }

  return {
    profiles: () => [...states.values()].map((state) => ({ ...state.profile })),
    profile: (symbol) => {
      const state = states.get(symbol);
      return state ? { ...state.profile } : undefined;
    },
    riskFreeRate: riskFreeRateAt,
    spot(symbol, atMs) {
      const state = states.get(symbol);
      return state ? spotOf(state, atMs) : NaN;
    },
    underlyingQuote(symbol, atMs) {
      const key = formatInstrumentKey({ secType: 'STK', symbol, currency: CURRENCY });
      const state = states.get(symbol);
      const S = state ? spotOf(state, atMs) : NaN;
      const date = calendarDate(atMs);
      if (!state || !(S > 0) || date === null) return nullQuote(key, atMs);
      const cents = Math.floor(S * 100);
      const [bid, ask] = state.profile.kind === 'index_etf' ? [cents, cents + 1] : [cents - 1, cents + 1];
      const dayVolume = state.series.volumeOnOrBefore(date);
      const iv = atmVol(levelOf(state, atMs), 30 / 365);
      return {
        ...nullQuote(key, atMs),
        bid: bid / 100,
        ask: ask / 100,
        last: Math.round(S * 100) / 100,
        mark: (bid + ask) / 200,
        volume: dayVolume === null ? null : Math.round(dayVolume * sessionFraction(date, atMs)),
        impliedVol: Number.isFinite(iv) ? iv : null,
      };
    },
    expirations(symbol, atMs) {
      const state = states.get(symbol);
      return state ? [...expirationsOf(state, atMs).list] : [];
    },
    strikes(symbol, expiry, atMs) {
      const state = states.get(symbol);
      return state ? [...strikesOf(state, expiry, atMs).decimals] : [];
    },
    isListed: (option, atMs) => listed(option, atMs) !== undefined,
    impliedVol(symbol, expiry, strike, atMs) {
      const state = states.get(symbol);
      return state ? impliedVolOf(state, expiry, strike, atMs) : NaN;
    },
    optionQuote: (option, atMs) => optionQuotes([option], atMs)[0] ?? nullQuote(formatInstrumentKey(option), atMs),
    optionQuotes,
    dividends(symbol, fromDate, toDate) {
      const state = states.get(symbol);
      if (!state) return [];
      const schedule = state.underlying.dividendSchedule;
      return dividendEvents(symbol, state.profile.dividendYield, schedule, fromDate, toDate, (date) =>
        state.series.closeOnOrBefore(date),
      );
    },
    close(symbol, date) {
      return states.get(symbol)?.series.closeOnOrBefore(date) ?? NaN;
    },
    calibration(symbol) {
      const state = states.get(symbol);
      return state ? { ...state.calibration } : undefined;
    },
    vixCalibration,
    vix: vixAt,
    atmVol(symbol, T, atMs) {
      const state = states.get(symbol);
      return state ? atmVol(levelOf(state, atMs), T) : NaN;
    },
  };
}
