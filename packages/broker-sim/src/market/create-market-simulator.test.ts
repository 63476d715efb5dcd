// The simulator against the real history in data/prices (loaded once): replay, walks, listings and quotes.
import {
  type IsoDate,
  type OptionId,
  impliedVol,
  monthlyExpiry,
  newYorkToUtc,
  parseIsoDate,
  parseStrike,
  sessionFor,
  tradingDaysInRange,
  weekday,
  yearFractionToExpiry,
} from '@optionstrader/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SimulatedMarket, createMarketSimulator } from './create-market-simulator';
import { type MarketHistory, loadDefaultHistory } from './load-history';

let history: MarketHistory;
let sim: SimulatedMarket;

beforeAll(async () => {
  history = await loadDefaultHistory();
  sim = createMarketSimulator({ seed: 42, history });
});

const d = (text: string): IsoDate => parseIsoDate(text);
/** An instant in New York time on a date. */
const ny = (date: string, hour: number, minute = 0): number => newYorkToUtc(d(date), hour * 60 + minute);
const sessionOf = (date: string) => {
  const session = sessionFor(d(date));
  if (!session) throw new Error(`${date} is not a trading day`);
  return session;
};
const logReturns = (values: number[]) => values.slice(1).map((v, i) => Math.log(v / (values[i] ?? NaN)));
const sd = (values: number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
};
const correlation = (xs: number[], ys: number[]) => {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const y = ys[i] ?? NaN;
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
};
function chain(market: SimulatedMarket, symbol: string, atMs: number, expiries?: IsoDate[]): OptionId[] {
  const options: OptionId[] = [];
  for (const expiry of expiries ?? market.expirations(symbol, atMs)) {
    for (const strike of market.strikes(symbol, expiry, atMs)) {
      for (const right of ['call', 'put'] as const) {
        options.push({
          secType: 'OPT',
          root: symbol,
          expiry,
          right,
          strike: parseStrike(strike),
          multiplier: 100,
          currency: 'USD',
        });
      }
    }
  }
  return options;
}
const strikeOf = (option: OptionId) => Number(option.strike) / 1e6;

describe('profiles and rates', () => {
  it('lists the seven underlyings with their exchanges and yields', () => {
    expect(sim.profiles().map((p) => p.symbol)).toEqual(['SPY', 'QQQ', 'AAPL', 'MSFT', 'KO', 'JPM', 'XOM']);
    expect(sim.profile('KO')).toEqual({ symbol: 'KO', kind: 'stock', primaryExchange: 'NYSE', dividendYield: 0.03 });
    expect(sim.profile('QQQ')?.primaryExchange).toBe('NASDAQ');
    expect(sim.profile('NOPE')).toBeUndefined();
    expect(sim.riskFreeRate(ny('2030-06-01', 12))).toBe(0.04);
    expect(sim.riskFreeRate(ny('2021-06-01', 12))).toBeLessThan(0.01);
  });
});

describe('history replay', () => {
  it('gives the file close at and after the close of a historical day (SPY 2020-03-16)', () => {
    const session = sessionOf('2020-03-16');
    expect(sim.spot('SPY', session.close)).toBe(219.19114685058594);
    expect(sim.spot('SPY', ny('2020-03-16', 20))).toBe(219.19114685058594);
    expect(sim.close('SPY', d('2020-03-16'))).toBe(219.19114685058594);
    expect(sim.close('AAPL', d('2023-02-27'))).toBe(147.9199981689453);
  });

  it('holds the last close over a weekend and before the open', () => {
    const friday = sim.close('SPY', d('2020-03-13'));
    expect(sim.spot('SPY', ny('2020-03-14', 12))).toBe(friday);
    expect(sim.spot('SPY', ny('2020-03-16', 9, 29))).toBe(friday);
    expect(sim.spot('SPY', sessionOf('2020-03-16').open)).toBeCloseTo(friday, 9);
  });

  it('knows nothing before the history or about unknown symbols (NaN, not 0)', () => {
    expect(sim.spot('QQQ', ny('1998-06-01', 12))).toBeNaN();
    expect(sim.spot('NOPE', ny('2020-06-01', 12))).toBeNaN();
    expect(sim.close('NOPE', d('2020-06-01'))).toBeNaN();
    const quote = sim.underlyingQuote('NOPE', ny('2020-06-01', 12));
    expect([quote.bid, quote.ask, quote.last, quote.mark]).toEqual([null, null, null, null]);
  });
});

describe('walk past the history', () => {
  it('is deterministic from the seed, whatever order days are asked in', () => {
    const other = createMarketSimulator({ seed: 42, history });
    const late = other.close('AAPL', d('2026-06-01'));
    expect(other.close('AAPL', d('2024-06-03'))).toBe(sim.close('AAPL', d('2024-06-03')));
    expect(sim.close('AAPL', d('2026-06-01'))).toBe(late);
    const at = ny('2027-03-10', 13, 17);
    expect(other.spot('SPY', at)).toBe(sim.spot('SPY', at));
    expect(other.vix(at)).toBe(sim.vix(at));
  });

  it('differs with another seed past the history, and not within it', () => {
    const other = createMarketSimulator({ seed: 43, history });
    expect(other.close('SPY', d('2027-06-01'))).not.toBe(sim.close('SPY', d('2027-06-01')));
    expect(other.close('AAPL', d('2024-06-03'))).not.toBe(sim.close('AAPL', d('2024-06-03')));
    expect(other.vix(ny('2027-06-01', 17))).not.toBe(sim.vix(ny('2027-06-01', 17)));
    expect(other.close('SPY', d('2020-03-16'))).toBe(sim.close('SPY', d('2020-03-16')));
  });

  it('continues without a jump at the seam, on trading days only', () => {
    for (const symbol of ['SPY', 'QQQ', 'AAPL', 'KO']) {
      const end = sim.calibration(symbol)?.historyEnd ?? d('2000-01-01');
      const [, next] = tradingDaysInRange(end, d('2030-01-01'));
      const jump = Math.log(sim.close(symbol, next ?? end) / sim.close(symbol, end));
      expect(Math.abs(jump)).toBeLessThan(0.1);
      expect(Math.abs(jump)).toBeGreaterThan(0);
    }
    // Good Friday 2027-03-26: no walk step, the close is Thursday's.
    expect(sim.close('SPY', d('2027-03-26'))).toBe(sim.close('SPY', d('2027-03-25')));
  });

  it('has the calibrated annualized vol over a long sample', () => {
    for (const symbol of ['SPY', 'KO']) {
      const calibration = sim.calibration(symbol);
      const days = tradingDaysInRange(d('2030-01-01'), d('2044-12-31'));
      const vol = sd(logReturns(days.map((day) => sim.close(symbol, day)))) * Math.sqrt(252);
      expect(vol / (calibration?.vol ?? NaN)).toBeGreaterThan(0.93);
      expect(vol / (calibration?.vol ?? NaN)).toBeLessThan(1.07);
    }
  });

  it('walks the VIX around its long-run level (so IV rank moves)', () => {
    const days = tradingDaysInRange(d('2027-01-01'), d('2036-12-31'));
    const levels = days.map((day) => sim.vix(sessionFor(day)?.close ?? NaN));
    expect(Math.min(...levels)).toBeGreaterThanOrEqual(9);
    expect(Math.max(...levels)).toBeLessThanOrEqual(90);
    expect(Math.max(...levels) / Math.min(...levels)).toBeGreaterThan(2);
    const mean = levels.reduce((a, b) => a + b, 0) / levels.length;
    expect(mean).toBeGreaterThan(sim.vixCalibration.longRunLevel * 0.8);
    expect(mean).toBeLessThan(sim.vixCalibration.longRunLevel * 1.3);
  });
});

describe('intraday', () => {
  for (const date of ['2020-03-16', '2027-05-12']) {
    it(`moves smoothly within the session and is flat outside it (${date})`, () => {
      const session = sessionOf(date);
      const spots: number[] = [];
      for (let t = session.open; t <= session.close; t += 15_000) spots.push(sim.spot('SPY', t));
      expect(new Set(spots).size).toBeGreaterThan(spots.length * 0.9);
      for (const r of logReturns(spots)) expect(Math.abs(r)).toBeLessThan(0.01);
      expect(spots.at(-1)).toBe(sim.close('SPY', d(date)));
      const after = [session.close + 1, session.close + 3_600_000].map((t) => sim.spot('SPY', t));
      expect(after).toEqual([spots.at(-1), spots.at(-1)]);
      const before = [session.open - 3_600_000, session.open - 1].map((t) => sim.spot('SPY', t));
      expect(before[0]).toBe(before[1]);
      expect(spots[0]).toBeCloseTo(before[0] ?? NaN, 9);
    });
  }

  it('quotes the underlying a cent or two wide with volume accumulating', () => {
    const early = sim.underlyingQuote('AAPL', ny('2024-05-15', 10));
    const late = sim.underlyingQuote('AAPL', ny('2024-05-15', 15));
    const spot = sim.spot('AAPL', ny('2024-05-15', 10));
    expect(early.bid).toBeLessThanOrEqual(spot);
    expect(early.ask).toBeGreaterThanOrEqual(spot);
    expect((early.ask ?? NaN) - (early.bid ?? NaN)).toBeLessThanOrEqual(0.0200001);
    expect(early.last).toBeCloseTo(spot, 2);
    expect(late.volume).toBeGreaterThan(early.volume ?? Infinity);
    expect(early.key).toBe('STK:AAPL:USD');
    expect(early.dataType).toBe('model');
    expect(sim.underlyingQuote('SPY', ny('2020-03-16', 11)).volume).toBeGreaterThan(0);
  });
});

describe('listings', () => {
  const at = ny('2026-11-18', 10, 30);

  it('lists SPY weeklies, third-Friday monthlies and LEAPS; delegates Good Friday to the calendar', () => {
    const expiries = sim.expirations('SPY', at);
    expect(expiries.filter((e) => weekday(e) === 5).length).toBeGreaterThanOrEqual(8);
    expect(expiries).toContain(monthlyExpiry(2026, 12));
    expect(expiries).toContain(monthlyExpiry(2028, 1));
    expect(sim.expirations('SPY', ny('2022-03-01', 12))).toContain('2022-04-14');
    expect(sim.expirations('SPY', ny('2022-03-01', 12))).not.toContain('2022-04-15');
  });

  it('drops a day’s expiry at its close and keeps strikes stable through the day', () => {
    expect(sim.expirations('SPY', ny('2026-11-20', 15, 59))).toContain('2026-11-20');
    expect(sim.expirations('SPY', ny('2026-11-20', 16, 1))).not.toContain('2026-11-20');
    for (const [symbol, date] of [
      ['SPY', '2026-11-18'],
      ['AAPL', '2020-03-16'],
    ] as const) {
      const open = sessionOf(date).open + 60_000;
      const close = sessionOf(date).close - 60_000;
      for (const expiry of sim.expirations(symbol, open).slice(0, 10)) {
        expect(sim.strikes(symbol, expiry, close)).toEqual(sim.strikes(symbol, expiry, open));
      }
    }
  });

  it('centres strikes on the spot and answers isListed', () => {
    const expiry = monthlyExpiry(2026, 12);
    const strikes = sim.strikes('SPY', expiry, at).map(Number);
    const spot = sim.spot('SPY', at);
    expect(Math.min(...strikes)).toBeLessThan(spot * 0.9);
    expect(Math.max(...strikes)).toBeGreaterThan(spot * 1.1);
    expect(strikes).toContain(Math.round(spot));
    const option: OptionId = {
      secType: 'OPT',
      root: 'SPY',
      expiry,
      right: 'put',
      strike: parseStrike(Math.round(spot)),
      multiplier: 100,
      currency: 'USD',
    };
    expect(sim.isListed(option, at)).toBe(true);
    expect(sim.isListed({ ...option, strike: parseStrike(Math.round(spot) + 0.5) }, at)).toBe(false);
    expect(sim.isListed({ ...option, expiry: d('2026-12-17') }, at)).toBe(false);
    expect(sim.isListed({ ...option, root: 'KO' }, at)).toBe(false);
  });
});

describe('option quotes', () => {
  const at = ny('2026-11-18', 11, 15);

  it('quotes a full SPY chain with no NaN and bid ≤ mark ≤ ask', () => {
    const options = chain(sim, 'SPY', at);
    expect(options.length).toBeGreaterThan(3000);
    const quotes = sim.optionQuotes(options, at);
    quotes.forEach((quote, i) => {
      const option = options[i];
      expect(quote.dataType).toBe('model');
      expect(quote.underlyingPrice).toBe(sim.spot('SPY', at));
      for (const value of [quote.bid, quote.ask, quote.impliedVol, quote.delta, quote.gamma, quote.theta, quote.vega]) {
        expect(Number.isFinite(value)).toBe(true);
      }
      expect(quote.bid).toBeGreaterThanOrEqual(0);
      expect(quote.ask).toBeGreaterThan(quote.bid ?? Infinity);
      if (quote.mark !== null) {
        expect(quote.bid).toBeLessThanOrEqual(quote.mark);
        expect(quote.mark).toBeLessThanOrEqual(quote.ask ?? -Infinity);
      } else expect(quote.bid).toBe(0);
      expect(quote.openInterest).toBeGreaterThanOrEqual(0);
      if (option)
        expect(quote.key).toBe(
          `OPT:SPY:${option.expiry}:${option.right === 'call' ? 'C' : 'P'}:${strikeOf(option)}:100:USD`,
        );
    });
  });

  it('prices marks at the surface vol and respects put-call parity within the spread', () => {
    const expiries = sim.expirations('SPY', at).slice(2, 14);
    const options = chain(sim, 'SPY', at, expiries);
    const quotes = sim.optionQuotes(options, at);
    const S = sim.spot('SPY', at);
    const r = sim.riskFreeRate(at);
    const q = 0.013;
    const byKey = new Map<string, { quote: (typeof quotes)[number]; option: OptionId | undefined }>(
      quotes.map((quote, i) => [quote.key, { quote, option: options[i] }]),
    );
    let checked = 0;
    for (const [key, { quote, option }] of byKey) {
      if (!option || option.right !== 'call' || quote.mark === null) continue;
      const put = byKey.get(key.replace(':C:', ':P:'))?.quote;
      const K = strikeOf(option);
      const T = yearFractionToExpiry(at, option.expiry);
      if (put?.mark == null || put.bid == null || put.ask == null) continue;
      const parity = quote.mark - put.mark - (S * Math.exp(-q * T) - K * Math.exp(-r * T));
      expect(Math.abs(parity)).toBeLessThanOrEqual(((quote.ask ?? 0) - (quote.bid ?? 0) + put.ask - put.bid) / 2);
      if (Math.abs(Math.log(K / S)) < 0.03) {
        const iv = impliedVol({ right: 'call', S, K, T, r, q, price: quote.mark });
        const surface = sim.impliedVol('SPY', option.expiry, K, at);
        expect(quote.impliedVol).toBeCloseTo(surface, 12);
        expect(Math.abs(iv - surface)).toBeLessThanOrEqual(0.005 / ((quote.vega ?? NaN) * 100) + 1e-6);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('widens spreads out of the money and near expiry', () => {
    const expiries = sim.expirations('SPY', at);
    const spot = sim.spot('SPY', at);
    const relativeSpread = (expiry: IsoDate, strike: number, right: 'call' | 'put') => {
      const [quote] = sim.optionQuotes(
        [{ secType: 'OPT', root: 'SPY', expiry, right, strike: parseStrike(strike), multiplier: 100, currency: 'USD' }],
        at,
      );
      return ((quote?.ask ?? NaN) - (quote?.bid ?? NaN)) / (quote?.mark ?? NaN);
    };
    const monthly = monthlyExpiry(2026, 12);
    const listedNear = (target: number) =>
      sim
        .strikes('SPY', monthly, at)
        .map(Number)
        .reduce((best, k) => (Math.abs(k - target) < Math.abs(best - target) ? k : best));
    const atm = Math.round(spot);
    expect(relativeSpread(monthly, listedNear(spot * 0.93), 'put')).toBeGreaterThan(
      relativeSpread(monthly, atm, 'put'),
    );
    expect(relativeSpread(monthly, listedNear(spot * 1.03), 'call')).toBeGreaterThan(
      relativeSpread(monthly, atm, 'call'),
    );
    expect(relativeSpread(expiries[0] ?? monthly, atm, 'call')).toBeGreaterThan(relativeSpread(monthly, atm, 'call'));
  });

  it('has a skew: the 25-delta put trades at a higher IV than the 25-delta call', () => {
    for (const symbol of ['SPY', 'AAPL']) {
      const expiry = sim.expirations(symbol, at).find((e) => yearFractionToExpiry(at, e) > 25 / 365) ?? d('2000-01-01');
      const quotes = sim.optionQuotes(chain(sim, symbol, at, [expiry]), at);
      const nearest = (target: number) =>
        quotes.reduce((best, quote) =>
          Math.abs((quote.delta ?? 9) - target) < Math.abs((best.delta ?? 9) - target) ? quote : best,
        );
      expect(nearest(-0.25).impliedVol).toBeGreaterThan((nearest(0.25).impliedVol ?? Infinity) + 0.01);
    }
  });

  it('keeps open interest for the day and accumulates volume; unlisted options get an empty quote', () => {
    const option = chain(sim, 'SPY', at, [monthlyExpiry(2026, 12)]).find(
      (o) => Math.abs(strikeOf(o) - sim.spot('SPY', at)) < 1,
    );
    if (!option) throw new Error('no ATM option');
    const [early] = sim.optionQuotes([option], ny('2026-11-18', 10));
    const [late] = sim.optionQuotes([option], ny('2026-11-18', 15));
    expect(late?.openInterest).toBe(early?.openInterest);
    expect(late?.volume).toBeGreaterThan(early?.volume ?? Infinity);
    const unlisted = sim.optionQuote({ ...option, strike: parseStrike(strikeOf(option) + 0.25) }, at);
    expect([unlisted.bid, unlisted.ask, unlisted.mark, unlisted.impliedVol]).toEqual([null, null, null, null]);
    expect(sim.optionQuote(option, at)).toEqual(sim.optionQuotes([option], at)[0]);
  });
});

describe('vol surface tied to the VIX', () => {
  it('moves SPY ATM vol with the VIX over a year of history (correlation > 0.9)', () => {
    const days = tradingDaysInRange(d('2019-01-02'), d('2019-12-31'));
    const atm: number[] = [];
    const vix: number[] = [];
    const vixByDate = new Map(history.vix.map((bar) => [bar.date, bar.close]));
    for (const day of days) {
      const close = sessionFor(day)?.close ?? NaN;
      const at = close - 60_000;
      const expiry = sim.expirations('SPY', at).find((e) => yearFractionToExpiry(at, e) > 30 / 365) ?? day;
      atm.push(sim.impliedVol('SPY', expiry, Math.round(sim.spot('SPY', at)), at));
      vix.push(vixByDate.get(day) ?? NaN);
    }
    expect(atm.every(Number.isFinite)).toBe(true);
    expect(correlation(atm, vix)).toBeGreaterThan(0.9);
  });

  it('scales stocks by their calibrated ratio and QQQ by 1.25', () => {
    expect(sim.calibration('QQQ')?.ivRatio).toBe(1.25);
    const aapl = sim.calibration('AAPL')?.ivRatio ?? NaN;
    const ko = sim.calibration('KO')?.ivRatio ?? NaN;
    expect(aapl).toBeGreaterThan(ko);
    expect(ko).toBeGreaterThan(0.7);
    const at = ny('2021-06-15', 12);
    expect(sim.atmVol('AAPL', 30 / 365, at) / sim.atmVol('SPY', 30 / 365, at)).toBeCloseTo(aapl, 9);
    expect(sim.atmVol('SPY', 30 / 365, ny('2021-06-15', 16, 30))).toBeCloseTo(
      (history.vix.find((bar) => bar.date === '2021-06-15')?.close ?? NaN) / 100,
      12,
    );
  });

  it('is NaN for an expired or unknown series', () => {
    expect(sim.impliedVol('SPY', d('2020-03-20'), 250, ny('2020-03-23', 12))).toBeNaN();
    expect(sim.impliedVol('NOPE', d('2020-03-20'), 250, ny('2020-03-16', 12))).toBeNaN();
  });
});

describe('dividends', () => {
  it('pays four quarterly dividends a year from the yield, on trading days', () => {
    const events = sim.dividends('KO', d('2025-01-01'), d('2025-12-31'));
    expect(events).toHaveLength(4);
    for (const event of events) {
      expect(sessionFor(event.exDate)).not.toBeNull();
      expect(event.payDate > event.exDate).toBe(true);
      const close = sim.close('KO', event.exDate);
      expect(Number(event.amount) / close).toBeGreaterThan(0.03 / 4 / 1.1);
      expect(Number(event.amount) / close).toBeLessThan((0.03 / 4) * 1.1);
    }
    expect(sim.dividends('SPY', d('2024-06-01'), d('2024-06-30')).map((e) => e.exDate)).toEqual(['2024-06-21']);
    expect(sim.dividends('NOPE', d('2025-01-01'), d('2025-12-31'))).toEqual([]);
  });
});
