import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type IsoDate, addDays, isTradingDay, monthlyExpiry, parseIsoDate } from '../calendar';
import { wheelPlugin } from '../strategies/wheel';
import type { RecommendationDraft, StrategyInput, StrategyOutput, StrategyPlugin } from '../strategies/types';
import { BacktestConfigError, createBacktest, runBacktest } from './simulate';
import type { BacktestInputs, BacktestSettings, HistoryBar, UnderlierHistory } from './types';

const d = parseIsoDate;

/** Trading days from `from` with closes from `close(i)` (open = previous close unless `open(i)` says otherwise). */
function history(
  symbol: string,
  from: string,
  count: number,
  close: (i: number) => number,
  extra: Partial<UnderlierHistory> & { open?: (i: number) => number } = {},
): UnderlierHistory {
  const bars: HistoryBar[] = [];
  let date = d(from);
  for (let i = 0; i < count; i++) {
    while (!isTradingDay(date)) date = addDays(date, 1);
    const c = close(i);
    const o = extra.open?.(i) ?? (i === 0 ? c : close(i - 1));
    bars.push({ date, open: o, high: Math.max(o, c), low: Math.min(o, c), close: c, adjClose: null, volume: 1e6 });
    date = addDays(date, 1);
  }
  return { symbol, kind: 'stock', style: 'american_physical', dividends: [], ...extra, bars };
}

function settings(overrides: Partial<BacktestSettings> = {}): BacktestSettings {
  return {
    from: d('2021-01-04'),
    to: d('2021-12-31'),
    initialCash: '100000',
    accountType: 'margin_regt',
    fill: { kind: 'mid' },
    slippagePerShare: 0,
    commissions: false,
    earlyAssignment: true,
    cashInterest: false,
    marginSpread: 0.015,
    seed: 7,
    skew: {},
    benchmark: null,
    riskLimits: { maxNewContractsPerRun: null, tickerExposureMax: null, tickerExposureWarn: null },
    ...overrides,
  };
}

const flatIv = (symbols: string[], atm30 = 0.25): BacktestInputs['iv'] =>
  Object.fromEntries(symbols.map((s) => [s, { kind: 'index', points: [{ date: d('2000-01-03'), atm30 }], ratio: 1 }]));

/** A plugin that sells what `script` says on the days it names, through the normal recommendation path. */
function scripted(script: (input: StrategyInput<unknown>) => RecommendationDraft[]): StrategyPlugin<unknown> {
  return {
    slug: 'scripted',
    version: '1',
    name: 'Scripted',
    description: 'test',
    configSchema: z.object({}),
    dataNeeds: ({ spots }) =>
      [...spots.keys()].map((symbol) => ({
        symbol,
        rights: ['call', 'put'] as const,
        minDte: 0,
        maxDte: 80,
        minMoneyness: 0.5,
        maxMoneyness: 1.5,
      })),
    generateSignals: (input): StrategyOutput => ({ signals: [], opportunities: [], recommendations: script(input) }),
  };
}

/** A one-leg option order at the chain's quote of (expiry, strike, right). */
function optionOrder(
  input: StrategyInput<unknown>,
  symbol: string,
  spec: { expiry: IsoDate; strike: number; right: 'call' | 'put'; side: 'BUY' | 'SELL'; quantity: number },
): RecommendationDraft[] {
  const q = input.market.chains
    .get(symbol)
    ?.options.find((o) => o.expiry === spec.expiry && o.strike === spec.strike && o.right === spec.right);
  if (!q) throw new Error(`no ${symbol} ${spec.expiry} ${spec.strike} ${spec.right} in the chain`);
  return [
    {
      action: spec.side === 'SELL' ? (spec.right === 'put' ? 'sell_put' : 'sell_call') : 'buy_to_close',
      symbol,
      legs: [
        {
          symbol,
          kind: 'option',
          right: spec.right,
          strike: spec.strike,
          expiry: spec.expiry,
          multiplier: 100,
          side: spec.side,
          ratio: 1,
          bid: q.bid,
          ask: q.ask,
          mid: q.bid !== null && q.ask !== null ? (q.bid + q.ask) / 2 : null,
        },
      ],
      quantity: spec.quantity,
      limitPrice: null,
      spread: { bid: q.bid, ask: q.ask },
      rationale: 'test',
      confidence: 1,
      params: {},
      opportunityKey: null,
    },
  ];
}

const FEB = monthlyExpiry(2021, 2); // 2021-02-19

describe('the backtest loop', () => {
  it('assigns a short put that expires in the money: shares at the strike, an assignment event for the strategy', () => {
    // The stock falls from 100 to 90 over January and February: the 95 put expires 5 in the money.
    const u = history('XYZ', '2021-01-04', 60, (i) => (i < 5 ? 100 : Math.max(90, 100 - (i - 5) * 0.5)));
    const seen: string[] = [];
    const plugin = scripted((input) => {
      for (const e of input.account.events) seen.push(`${input.market.today} ${e.kind} ${e.right} ${e.strike}`);
      return input.market.today === d('2021-01-04')
        ? optionOrder(input, 'XYZ', { expiry: FEB, strike: 95, right: 'put', side: 'SELL', quantity: 2 })
        : [];
    });
    const result = runBacktest(
      plugin,
      {},
      { underliers: [u], iv: flatIv(['XYZ']), rate: { kind: 'constant', rate: 0 }, optionQuotes: [] },
      settings({ earlyAssignment: false }),
    );
    const sale = result.fills.find((f) => f.reason === 'sell_put')!;
    expect(sale).toMatchObject({ date: '2021-01-04', side: 'SELL', quantity: 2, strike: 95 });
    expect(sale.price).toBeGreaterThan(0);
    // Assignment on expiry day at the close: 200 shares bought at 95.
    const delivery = result.fills.find((f) => f.kind === 'stock')!;
    expect(delivery).toMatchObject({ date: FEB, side: 'BUY', quantity: 200, price: 95, reason: 'assignment' });
    expect(result.counters.assignments).toBe(1);
    expect(seen).toContain(`${FEB} assignment put 95`);
    // The option's round trip: premium kept, closed by the assignment.
    const trip = result.trades.find((t) => t.kind === 'option')!;
    expect(trip).toMatchObject({ closedBy: 'assignment', direction: 'short', quantity: 2 });
    expect(trip.pnl).toBeCloseTo(sale.price * 200, 6);
    // The book adds up: final equity = cash + 200 shares at the last close.
    const last = result.equity.at(-1)!;
    expect(last.equity).toBeCloseTo(last.cash + 200 * u.bars.at(-1)!.close, 6);
    expect(last.cash).toBeCloseTo(100_000 + sale.price * 200 - 95 * 200, 6);
  });

  it('settles a cash-settled index option at the open of expiry day (the SOQ), not the close', () => {
    // Expiry day opens at 3,800 and closes at 3,950: the 3,900 put settles 100 in the money on the open.
    const expiryIndex = history('SPX', '2021-01-04', 50, () => 1).bars.findIndex((b) => b.date === FEB);
    const u = history('SPX', '2021-01-04', 50, (i) => (i === expiryIndex ? 3950 : 3900), {
      kind: 'index_etf',
      style: 'european_cash_am',
      open: (i) => (i === expiryIndex ? 3800 : 3900),
    });
    expect(u.bars[expiryIndex]!.date).toBe(FEB);
    const plugin = scripted((input) =>
      input.market.today === d('2021-01-04')
        ? optionOrder(input, 'SPX', { expiry: FEB, strike: 3900, right: 'put', side: 'SELL', quantity: 1 })
        : [],
    );
    const result = runBacktest(
      plugin,
      {},
      { underliers: [u], iv: flatIv(['SPX'], 0.2), rate: { kind: 'constant', rate: 0 }, optionQuotes: [] },
      settings({ initialCash: '1000000' }),
    );
    const settlement = result.fills.find((f) => f.reason === 'cash_settlement')!;
    expect(settlement).toMatchObject({ date: FEB, side: 'BUY', price: 100, quantity: 1 });
    expect(result.fills.some((f) => f.kind === 'stock')).toBe(false);
    const sale = result.fills.find((f) => f.reason === 'sell_put')!;
    expect(result.trades[0]).toMatchObject({ closedBy: 'cash_settlement' });
    expect(result.trades[0]!.pnl).toBeCloseTo((sale.price - 100) * 100, 6);
  });

  it('assigns an in-the-money short call early the day before an ex-dividend date worth more than its time value', () => {
    const u = history('DIV', '2021-01-04', 40, () => 120, {
      dividends: [{ exDate: d('2021-02-10'), amount: 1.5 }],
    });
    const plugin = scripted((input) =>
      input.market.today === d('2021-01-04')
        ? [
            {
              action: 'buy_stock',
              symbol: 'DIV',
              legs: [
                {
                  symbol: 'DIV',
                  kind: 'stock',
                  right: null,
                  strike: null,
                  expiry: null,
                  multiplier: 1,
                  side: 'BUY',
                  ratio: 1,
                  bid: 120,
                  ask: 120,
                  mid: 120,
                },
              ],
              quantity: 100,
              limitPrice: 120,
              spread: { bid: 120, ask: 120 },
              rationale: 'test',
              confidence: 1,
              params: {},
              opportunityKey: null,
            },
            ...optionOrder(input, 'DIV', { expiry: FEB, strike: 100, right: 'call', side: 'SELL', quantity: 1 }),
          ]
        : [],
    );
    const result = runBacktest(
      plugin,
      {},
      { underliers: [u], iv: flatIv(['DIV'], 0.2), rate: { kind: 'constant', rate: 0 }, optionQuotes: [] },
      settings(),
    );
    const early = result.fills.filter((f) => f.reason === 'early_assignment');
    // The option closes and 100 shares go out at 100 on 2021-02-09, the day before the ex-date: no dividend received.
    expect(early.map((f) => [f.date, f.kind, f.side, f.quantity])).toEqual([
      ['2021-02-09', 'option', 'BUY', 1],
      ['2021-02-09', 'stock', 'SELL', 100],
    ]);
    expect(result.counters.callsAway).toBe(1);
    expect(result.counters.dividendsReceived).toBe(0);
  });

  it('assigns a deep in-the-money short put early once its time value is nearly gone', () => {
    // 100 → 60 at once: the 95 put (a month out, 25% vol) is worth about its intrinsic value.
    const u = history('XYZ', '2021-01-04', 30, (i) => (i < 3 ? 100 : 60));
    const plugin = scripted((input) =>
      input.market.today === d('2021-01-04')
        ? optionOrder(input, 'XYZ', { expiry: FEB, strike: 95, right: 'put', side: 'SELL', quantity: 1 })
        : [],
    );
    const inputs: BacktestInputs = {
      underliers: [u],
      iv: flatIv(['XYZ']),
      rate: { kind: 'constant', rate: 0.05 },
      optionQuotes: [],
    };
    const result = runBacktest(plugin, {}, inputs, settings());
    const early = result.fills.find((f) => f.reason === 'early_assignment' && f.kind === 'stock');
    expect(early).toMatchObject({ date: u.bars[3]!.date, side: 'BUY', quantity: 100, price: 95 });
    expect(result.counters.assignments).toBe(1);
    // A put only 2 in the money a month out keeps plenty of time value: no early assignment.
    const near = history('XYZ', '2021-01-04', 30, (i) => (i < 3 ? 100 : 93));
    const kept = runBacktest(plugin, {}, { ...inputs, underliers: [near] }, settings());
    expect(kept.fills.filter((f) => f.date < FEB && f.reason === 'early_assignment')).toEqual([]);
  });

  it('keeps the shares and the dividend when early assignment is off', () => {
    const u = history('DIV', '2021-01-04', 40, () => 120, { dividends: [{ exDate: d('2021-02-10'), amount: 1.5 }] });
    const plugin = scripted((input) =>
      input.market.today === d('2021-01-04')
        ? [
            {
              action: 'buy_stock',
              symbol: 'DIV',
              legs: [
                {
                  symbol: 'DIV',
                  kind: 'stock',
                  right: null,
                  strike: null,
                  expiry: null,
                  multiplier: 1,
                  side: 'BUY',
                  ratio: 1,
                  bid: 120,
                  ask: 120,
                  mid: 120,
                },
              ],
              quantity: 100,
              limitPrice: 120,
              spread: { bid: 120, ask: 120 },
              rationale: 'test',
              confidence: 1,
              params: {},
              opportunityKey: null,
            },
          ]
        : [],
    );
    const result = runBacktest(
      plugin,
      {},
      { underliers: [u], iv: flatIv(['DIV'], 0.2), rate: { kind: 'constant', rate: 0 }, optionQuotes: [] },
      settings({ earlyAssignment: false }),
    );
    expect(result.counters.dividendsReceived).toBeCloseTo(150, 6);
  });

  it('applies the account type’s risk rules: a TFSA cannot write a naked call', () => {
    const u = history('XYZ', '2021-01-04', 30, () => 100);
    const plugin = scripted((input) =>
      input.market.today === d('2021-01-04')
        ? optionOrder(input, 'XYZ', { expiry: FEB, strike: 110, right: 'call', side: 'SELL', quantity: 1 })
        : [],
    );
    const inputs: BacktestInputs = {
      underliers: [u],
      iv: flatIv(['XYZ']),
      rate: { kind: 'constant', rate: 0 },
      optionQuotes: [],
    };
    const tfsa = runBacktest(plugin, {}, inputs, settings({ accountType: 'tfsa' }));
    expect(tfsa.fills).toEqual([]);
    expect(tfsa.counters.riskBlocked).toBe(1);
    expect(tfsa.signals.find((s) => s.kind === 'risk_blocked')?.example).toMatch(/call/i);
    const margin = runBacktest(plugin, {}, inputs, settings({ accountType: 'margin_regt' }));
    expect(margin.fills).toHaveLength(1);
  });

  it('charges IBKR commissions and the fill model’s share of the spread', () => {
    const u = history('XYZ', '2021-01-04', 10, () => 100);
    const plugin = scripted((input) =>
      input.market.today === d('2021-01-04')
        ? optionOrder(input, 'XYZ', { expiry: FEB, strike: 95, right: 'put', side: 'SELL', quantity: 3 })
        : [],
    );
    const inputs: BacktestInputs = {
      underliers: [u],
      iv: flatIv(['XYZ']),
      rate: { kind: 'constant', rate: 0 },
      optionQuotes: [],
    };
    const atMid = runBacktest(plugin, {}, inputs, settings());
    const natural = runBacktest(plugin, {}, inputs, settings({ fill: { kind: 'natural' }, commissions: true }));
    const mid = atMid.fills[0]!.price;
    const bid = natural.fills[0]!.price;
    expect(bid).toBeLessThan(mid);
    // 3 contracts × USD 0.65 (premium ≥ 0.10) = 1.95.
    expect(natural.fills[0]!.commission).toBeCloseTo(1.95, 9);
    expect(natural.counters.feesPaid).toBeCloseTo(1.95, 9);
  });

  it('quotes a leg the plugin had no quote for (a held contract outside its chains) from the model, as a broker would', () => {
    const u = history('XYZ', '2021-01-04', 10, () => 100);
    const plugin = scripted((input) => {
      if (input.market.today === d('2021-01-04'))
        return optionOrder(input, 'XYZ', { expiry: FEB, strike: 95, right: 'put', side: 'SELL', quantity: 1 });
      if (input.market.today !== d('2021-01-08')) return [];
      const [draft] = optionOrder(input, 'XYZ', { expiry: FEB, strike: 95, right: 'put', side: 'BUY', quantity: 1 });
      return [{ ...draft!, legs: draft!.legs.map((leg) => ({ ...leg, bid: null, ask: null, mid: null })) }];
    });
    const result = runBacktest(
      plugin,
      {},
      { underliers: [u], iv: flatIv(['XYZ']), rate: { kind: 'constant', rate: 0 }, optionQuotes: [] },
      settings(),
    );
    const buyBack = result.fills.find((f) => f.side === 'BUY' && f.kind === 'option')!;
    expect(buyBack).toMatchObject({ date: '2021-01-08', reason: 'buy_to_close' });
    expect(buyBack.price).toBeGreaterThan(0);
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ closedBy: 'trade', closedOn: '2021-01-08' });
  });

  it('is deterministic and can be run in slices with the same result', () => {
    const u = history('KO', '2021-01-04', 200, (i) => 50 + 5 * Math.sin(i / 9));
    const inputs: BacktestInputs = {
      underliers: [u],
      iv: flatIv(['KO'], 0.22),
      rate: { kind: 'constant', rate: 0.01 },
      optionQuotes: [],
    };
    const config = { symbols: ['KO'], maxNewPctOfBuyingPower: 0.5 };
    const s = settings({ commissions: true, cashInterest: true, fill: { kind: 'spread_fraction', fraction: 0.25 } });
    const whole = runBacktest(wheelPlugin, config, inputs, s);
    const sliced = createBacktest(wheelPlugin, config, inputs, s);
    while (sliced.step(7));
    expect(sliced.daysDone).toBe(sliced.totalDays);
    expect(sliced.finish()).toEqual(whole);
    expect(whole.fills.length).toBeGreaterThan(0);
    expect(whole.stats.counters.premiumCollected).toBeGreaterThan(0);
  });

  it('refuses an invalid strategy config with the field named', () => {
    const u = history('KO', '2021-01-04', 10, () => 50);
    expect(() =>
      createBacktest(
        wheelPlugin as unknown as StrategyPlugin<unknown>,
        { targetDelta: 3 },
        { underliers: [u], iv: {}, rate: { kind: 'constant', rate: 0 }, optionQuotes: [] },
        settings(),
      ),
    ).toThrow(BacktestConfigError);
  });
});
