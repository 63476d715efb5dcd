import { describe, expect, it } from 'vitest';
import { type IsoDate, newYorkToUtc, parseIsoDate } from '../calendar';
import { type BuywriteConfig, buywriteConfigSchema, buywritePlugin, settleExpiringCalls } from './buywrite';
import { configSchemaOf } from './engine';
import { pluginFor } from './registry';
import { account, input, listed, market, optionPosition, slice, stockPosition, underlier } from './testing/fixtures';
import type { ChainSlice, StrategyAccount, StrategyMarket, StrategyPosition, UnderlierMarket } from './types';

// Friday 2026-03-20 is March's third Friday, a roll day; the next monthly expiration is 2026-04-17, 28 days out.
const ROLL = parseIsoDate('2026-03-20');
const NEXT = parseIsoDate('2026-04-17');

function marketOn(today: IsoDate, underliers: readonly UnderlierMarket[], chains: readonly ChainSlice[] = []) {
  return { ...market(underliers, chains), today, nowMs: newYorkToUtc(today, 15 * 60) } satisfies StrategyMarket;
}

const strikes = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

/** Calls every `step` from `from` to `to` on NEXT, `atm` quoted bid / bid + 0.10, 0.50 less a share per strike up. */
const calls = (symbol: string, from: number, to: number, step: number, atm: number, bid: number): ChainSlice =>
  slice(
    symbol,
    strikes(from, to, step).map((strike) =>
      listed({
        symbol,
        expiry: NEXT,
        strike,
        right: 'call',
        bid: bid - ((strike - atm) / step) * 0.5,
        ask: bid + 0.1 - ((strike - atm) / step) * 0.5,
        delta: null,
      }),
    ),
  );

// SPY at 501.23: the at-or-above strike is 502 (6.00 / 6.10), the nearest 501 (6.50 / 6.60).
const spy = (spot: number | null = 501.23) => underlier('SPY', spot);
const spyCalls = () => calls('SPY', 490, 515, 1, 502, 6);
const onRoll = (chains: readonly ChainSlice[] = [spyCalls()], underliers = [spy()]) =>
  marketOn(ROLL, underliers, chains);

const config = (over: Record<string, unknown> = {}): BuywriteConfig =>
  buywriteConfigSchema.parse({ symbols: ['SPY'], ...over });
const acct = (positions: readonly StrategyPosition[], cash: number, extra: Partial<StrategyAccount> = {}) =>
  account(positions, { cash, ...extra });

function run(cfg: BuywriteConfig, a: StrategyAccount, m: StrategyMarket = onRoll()) {
  return buywritePlugin.generateSignals(input(cfg, a, m));
}
const summary = (out: ReturnType<typeof run>) => out.recommendations.map((r) => [r.action, r.quantity]);
const kinds = (out: ReturnType<typeof run>) => out.signals.map((s) => s.kind);

describe('buywrite config', () => {
  it('defaults to Cboe BXM on SPX, reinvesting', () => {
    expect(buywriteConfigSchema.parse({})).toEqual({
      symbols: ['SPX'],
      strikeRule: 'at_or_above',
      reinvest: true,
      openOn: 'roll_day',
    });
    expect(buywriteConfigSchema.safeParse({ strikeRule: 'at_or_below' }).success).toBe(false);
  });

  it('renders a JSON schema with every field described, and is registered', () => {
    const { jsonSchema, defaults } = configSchemaOf(buywritePlugin);
    const properties = jsonSchema.properties as Record<string, { description?: string }>;
    for (const [field, property] of Object.entries(properties)) expect(property.description, field).toBeTruthy();
    expect(defaults.reinvest).toBe(true);
    expect(pluginFor('buywrite@1')).toBe(buywritePlugin);
  });

  it('asks for one-month calls around the spot on roll days only', () => {
    const needs = (cfg: BuywriteConfig, today: IsoDate, a = acct([], 100_000)) =>
      buywritePlugin.dataNeeds({
        account: a,
        instance: input(cfg, a, marketOn(today, [])).instance,
        asOf: newYorkToUtc(today, 15 * 60),
        spots: new Map([['SPY', 501.23]]),
      });
    expect(needs(config(), ROLL)).toEqual([
      { symbol: 'SPY', rights: ['call'], minDte: 1, maxDte: 40, minMoneyness: 0.97, maxMoneyness: 1.1 },
    ]);
    expect(needs(config(), parseIsoDate('2026-03-23'))).toEqual([]);
    expect(needs(config({ openOn: 'any_day' }), parseIsoDate('2026-03-23'))).toHaveLength(1);
    expect(needs(config(), ROLL, acct([optionPosition('SPY', 'call', 502, NEXT, -1, 6, 5)], 0))).toEqual([]);
  });
});

describe('buywrite on a roll day', () => {
  it('buys the underlier with the cash, then writes the calls the shares cover', () => {
    // 100,000 / 501.23 = 199.5 → 199 shares; 199 / 100 → 1 call at 502, the lowest strike at or above 501.23.
    const out = run(config(), acct([], 100_000));
    expect(out.signals).toEqual([]);
    expect(summary(out)).toEqual([
      ['buy_stock', 199],
      ['sell_call', 1],
    ]);
    const [buy, call] = out.recommendations;
    expect(buy).toMatchObject({
      symbol: 'SPY',
      limitPrice: 501.23,
      spread: { bid: 501.23, ask: 501.23 },
      confidence: 0.5,
      legs: [
        {
          symbol: 'SPY',
          kind: 'stock',
          right: null,
          strike: null,
          expiry: null,
          multiplier: 1,
          side: 'BUY',
          ratio: 1,
          bid: 501.23,
          ask: 501.23,
          mid: 501.23,
        },
      ],
    });
    expect(buy!.rationale).toContain('Buy 199 shares of SPY at the spot 501.23: reinvests the cash 100,000.00');
    expect(call).toMatchObject({ limitPrice: 6.05, spread: { bid: 6, ask: 6.1 }, confidence: 0.5 });
    expect(call!.legs).toEqual([
      {
        symbol: 'SPY',
        kind: 'option',
        right: 'call',
        strike: 502,
        expiry: NEXT,
        multiplier: 100,
        side: 'SELL',
        ratio: 1,
        bid: 6,
        ask: 6.1,
        mid: 6.05,
      },
    ]);
    expect(call!.params).toMatchObject({
      strikeRule: 'at_or_above',
      reinvest: true,
      spot: 501.23,
      strike: 502,
      premium: 6.05,
      shares: 199,
      sharesHeld: 0,
      sharesTraded: 199,
    });
    expect(call!.rationale).toContain('Sell 1 SPY 2026-04-17 502 call at 6.05 (bid 6.00 / ask 6.10)');
    expect(call!.rationale).toContain('the lowest listed strike at or above the spot 501.23 (Cboe BXM rule)');
    expect(call!.rationale).toContain('covered by 199 shares (0 held + 199 bought above): floor(199 / 100) = 1.');
  });

  it('adds the bought shares to those held', () => {
    const out = run(config(), acct([stockPosition('SPY', 300, 480, 501.23)], 100_000));
    expect(summary(out)).toEqual([
      ['buy_stock', 199],
      ['sell_call', 4],
    ]);
  });

  it('sells shares when the cash is below zero, and writes on what is left', () => {
    // ceil(3,000 / 501.23) = ceil(5.99) = 6 shares; 294 left → 2 calls.
    const out = run(config(), acct([stockPosition('SPY', 300, 480, 501.23)], -3_000));
    expect(summary(out)).toEqual([
      ['sell_stock', 6],
      ['sell_call', 2],
    ]);
    expect(out.recommendations[0]!.legs[0]).toMatchObject({ kind: 'stock', side: 'SELL', multiplier: 1 });
    expect(out.recommendations[0]!.rationale).toContain('ceil(3,000.00 / 501.23)');
    // Never more than held.
    const few = run(config(), acct([stockPosition('SPY', 4, 480, 501.23)], -3_000));
    expect(summary(few)).toEqual([['sell_stock', 4]]);
    expect(kinds(few)).toEqual(['skipped']);
  });

  it('writes on the shares held when the cash buys none, or reinvest is off', () => {
    const held = [stockPosition('SPY', 300, 480, 501.23)];
    expect(summary(run(config(), acct(held, 100)))).toEqual([['sell_call', 3]]);
    expect(summary(run(config({ reinvest: false }), acct(held, 100_000)))).toEqual([['sell_call', 3]]);
  });

  it('skips with no shares and reinvest off, or cash under one share', () => {
    const off = run(config({ reinvest: false }), acct([], 100_000));
    expect(off.recommendations).toEqual([]);
    expect(off.signals).toEqual([
      {
        kind: 'skipped',
        symbol: 'SPY',
        message: 'SPY: no shares to write calls against, and reinvest is off; no call written',
        payload: { reinvest: false, cashShare: 100_000, spot: 501.23 },
      },
    ]);
    const poor = run(config(), acct([], 400));
    expect(poor.recommendations).toEqual([]);
    expect(poor.signals[0]!.message).toBe(
      'SPY: no shares, and the cash 400.00 buys none at the spot 501.23; no call written',
    );
    const odd = run(config(), acct([stockPosition('SPY', 60, 480, 501.23)], 0));
    expect(odd.recommendations).toEqual([]);
    expect(odd.signals[0]!.message).toBe('SPY: 60 shares cover no contract of 100; no call written');
  });

  it('takes the nearest strike when configured', () => {
    const out = run(config({ strikeRule: 'nearest' }), acct([], 100_000));
    expect(out.recommendations[1]!.legs[0]).toMatchObject({ strike: 501, bid: 6.5, ask: 6.6 });
  });

  it('splits the cash among the symbols rolling today', () => {
    const qqq = underlier('QQQ', 400.4);
    const m = onRoll([spyCalls(), calls('QQQ', 390, 420, 1, 401, 5)], [spy(), qqq]);
    // 100,000 each: SPY 199 shares → 1 call at 502; QQQ 249 shares → 2 calls at 401.
    const out = run(config({ symbols: ['SPY', 'QQQ'] }), acct([], 200_000), m);
    expect(out.recommendations.map((r) => [r.symbol, r.action, r.quantity, r.legs[0]!.strike])).toEqual([
      ['SPY', 'buy_stock', 199, null],
      ['SPY', 'sell_call', 1, 502],
      ['QQQ', 'buy_stock', 249, null],
      ['QQQ', 'sell_call', 2, 401],
    ]);
    expect(out.recommendations[2]!.rationale).toContain(
      'reinvests 100,000.00, the cash 200,000.00 split among the 2 symbols rolling today',
    );
  });
});

describe('buywrite and the expiring call', () => {
  it('counts an assigned call’s shares as gone and its strike as cash', () => {
    // 100 SPY held, the 495 call expires today in the money: assigned at 495 → 0 shares, 1,000 + 49,500 = 50,500 cash
    // → 100 shares bought back → 1 call.
    const expiring = optionPosition('SPY', 'call', 495, ROLL, -1, 8, 6.23);
    const out = run(config(), acct([stockPosition('SPY', 100, 480, 501.23), expiring], 1_000));
    expect(summary(out)).toEqual([
      ['buy_stock', 100],
      ['sell_call', 1],
    ]);
    expect(out.signals).toEqual([
      {
        kind: 'expiring',
        symbol: 'SPY',
        message:
          'SPY: taken as settled before the roll: 1 short call 2026-03-20 495: assigned, 100 shares called away at 495',
        payload: { sharesChange: -100, cashChange: 49_500 },
      },
    ]);
    // Out of the money it just expires.
    const otmCall = optionPosition('SPY', 'call', 505, ROLL, -1, 8, 0);
    const otm = run(config(), acct([stockPosition('SPY', 100, 480, 501.23), otmCall], 400));
    expect(summary(otm)).toEqual([['sell_call', 1]]);
    expect(otm.signals).toEqual([]);
  });

  it('pays a cash-settled index call’s intrinsic value out of the cash', () => {
    const held = [stockPosition('SPX', 100, 4900, 5013.7)];
    const call = optionPosition('SPX', 'call', 5000, ROLL, -1, 60, 13.7);
    expect(settleExpiringCalls('SPX', [...held, call], 5013.7, ROLL).cash).toBeCloseTo(-1370, 6);
    // Cash 1,000 − 1,370 = −370 → sell ceil(370 / 5013.70) = 1 share; 99 left cover no contract.
    const m = onRoll([calls('SPX', 4950, 5100, 5, 5015, 60)], [underlier('SPX', 5013.7, { kind: 'index_etf' })]);
    const out = run(config({ symbols: ['SPX'] }), acct([...held, call], 1_000), m);
    expect(summary(out)).toEqual([['sell_stock', 1]]);
    expect(kinds(out)).toEqual(['expiring', 'skipped']);
    expect(out.signals[0]!.message).toContain('cash-settled in the money, 1,370.00 paid at the spot 5013.70');
  });
});

describe('buywrite between rolls and with missing data', () => {
  it('waits for the roll day and holds an open call', () => {
    const monday = parseIsoDate('2026-03-23');
    const waiting = run(config(), acct([], 100_000), marketOn(monday, [spy()], [spyCalls()]));
    expect(waiting.recommendations).toEqual([]);
    expect(waiting.signals).toEqual([
      {
        kind: 'waiting_for_roll',
        symbol: 'SPY',
        message: 'SPY: calls are written on roll days; the next is 2026-04-17',
        payload: { nextRollDate: '2026-04-17' },
      },
    ]);
    const open = [stockPosition('SPY', 300, 480, 501.23), optionPosition('SPY', 'call', 502, NEXT, -3, 6, 5)];
    const holding = run(config(), acct(open, 100_000));
    expect(holding.recommendations).toEqual([]);
    expect(kinds(holding)).toEqual(['holding']);
    expect(holding.signals[0]!.message).toBe(
      'SPY: holding 3 contracts of the 2026-04-17 502 call to expiry; no new call until it has expired',
    );
  });

  it('writes on any day when configured', () => {
    const monday = parseIsoDate('2026-03-23');
    const out = run(config({ openOn: 'any_day' }), acct([], 100_000), marketOn(monday, [spy()], [spyCalls()]));
    expect(summary(out)).toEqual([
      ['buy_stock', 199],
      ['sell_call', 1],
    ]);
    expect(out.recommendations[1]!.rationale).toContain('(25 days, written off the roll day)');
  });

  it('needs the spot for anything, and the chain for the call only', () => {
    const noSpot = run(config(), acct([], 100_000), onRoll([spyCalls()], [spy(null)]));
    expect(noSpot.recommendations).toEqual([]);
    expect(kinds(noSpot)).toEqual(['missing_data']);
    const noChain = run(config(), acct([], 100_000), onRoll([]));
    expect(summary(noChain)).toEqual([['buy_stock', 199]]);
    expect(noChain.signals.map((s) => s.message)).toEqual([
      'SPY: no calls of the 2026-04-17 expiration were fetched, so none can be written',
    ]);
    const noStrike = run(config(), acct([], 100_000), onRoll([calls('SPY', 480, 500, 1, 500, 6)]));
    expect(noStrike.signals.map((s) => s.message)).toEqual([
      'SPY: no 2026-04-17 call strike fits the rule at the spot 501.23',
    ]);
    const unquoted = slice(
      'SPY',
      spyCalls().options.map((o) => ({ ...o, bid: null, ask: null })),
    );
    const noBid = run(config(), acct([], 100_000), onRoll([unquoted]));
    expect(noBid.signals.map((s) => s.message)).toEqual([
      'SPY: the 2026-04-17 502 call has no bid, so it cannot be written',
    ]);
  });
});
