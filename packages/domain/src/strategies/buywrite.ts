// Index buy-write after the Cboe S&P 500 BuyWrite Index (BXM): hold the underlier with the cash reinvested and write
// one-month calls against it on each monthly roll day at the lowest listed strike at or above the spot, held to
// expiry. The backtester's reference strategy (it runs this same plugin) and runnable live.
//
// Per symbol of the config, in order:
//   - a short call still open after today → 'holding' (one expiring today does not count: it settles and is replaced);
//   - not a roll day (openOn 'roll_day') → 'waiting_for_roll' with the next roll date;
//   - unknown spot → 'missing_data';
//   - a short call expiring today in the money is taken as settled at the spot: cash-settled index options (SPX, …)
//     pay (spot − strike) × multiplier out of the cash, others are assigned (shares go, strike × multiplier comes in)
//     — an 'expiring' signal says so;
//   - (1) the cash, split equally among the symbols acting this run: with `reinvest` and at least the spot a share,
//     'buy_stock' floor(cash / spot) shares; below zero, 'sell_stock' ceil(−cash / spot) shares (at most those held);
//   - (2) 'sell_call' floor(shares after (1) / multiplier) calls of the next monthly expiration strictly after today
//     at the rule's strike. Recommendations come in that order, so the backtester's shares from (1) cover (2).
// No shares after (1) → 'skipped'; no call of that expiration, no strike by the rule, no premium → 'missing_data'
// (the stock trade, which needs no option data, still stands).
import { z } from 'zod';
import { type IsoDate, calendarDaysToExpiry, settlementForRoot } from '../calendar';
import { money, plural, shares as sharesText } from '../risk/rule-helpers';
import { symbolsField, universeOf } from './config-parts';
import {
  type CallStrikeRule,
  callWriteStrike,
  isRollDay,
  nextMonthlyExpiry,
  openOnField,
  openShorts,
  optionsOn,
  positionsOn,
  premiumOf,
  rollChainRequests,
} from './index-roll';
import type {
  ChainRequest,
  DataNeedsInput,
  OptionQuote,
  RecommendationDraft,
  RecommendationLeg,
  StrategyInput,
  StrategyOutput,
  StrategyPlugin,
  StrategyPosition,
  StrategySignal,
} from './types';

export const buywriteConfigSchema = z.object({
  symbols: symbolsField(
    ['SPX'],
    'Underliers held and written one-month calls on (SPX is the Cboe BXM index; SPY or a stock work too)',
  ),
  strikeRule: z
    .enum(['at_or_above', 'nearest'])
    .default('at_or_above')
    .describe(
      'Strike of the call: the lowest listed strike at or above the spot (Cboe BXM), or the listed strike nearest it',
    ),
  reinvest: z
    .boolean()
    .default(true)
    .describe(
      'On roll days, buy the underlier with the cash (premiums, dividends, settlements) as the index does; off, only the shares already held are written against',
    ),
  openOn: openOnField,
});

export type BuywriteConfig = z.output<typeof buywriteConfigSchema>;

/** The band around the spot the strike rules can need: the at-or-above strike sits just over it. */
const CALL_BAND = { minMoneyness: 0.97, maxMoneyness: 1.1 };

function dataNeeds(input: DataNeedsInput<BuywriteConfig>): ChainRequest[] {
  const { account, instance, asOf } = input;
  return rollChainRequests(
    { account, instance, symbols: universeOf(instance), asOf, openOn: instance.config.openOn },
    'call',
    CALL_BAND,
  );
}

const price = (x: number) => x.toFixed(2);

const strikeWords = (rule: CallStrikeRule, spot: number): string =>
  rule === 'at_or_above'
    ? `the lowest listed strike at or above the spot ${price(spot)} (Cboe BXM rule)`
    : `the listed strike nearest the spot ${price(spot)}`;

interface Settlement {
  shares: number;
  cash: number;
  /** What the expiring calls were taken to do, for the 'expiring' signal. */
  notes: string[];
}

/**
 * Shares and cash once today's expiring short calls have settled at `spot`: in the money, a cash-settled index option
 * pays its intrinsic value, a physically settled one is assigned; out of the money, nothing happens.
 */
export function settleExpiringCalls(
  symbol: string,
  positions: readonly StrategyPosition[],
  spot: number,
  today: IsoDate,
): Settlement {
  const cashSettled = settlementForRoot(symbol) === 'am';
  const result: Settlement = { shares: 0, cash: 0, notes: [] };
  for (const p of positions) {
    const i = p.instrument;
    if (i.kind !== 'option' || i.right !== 'call' || p.quantity >= 0) continue;
    if (calendarDaysToExpiry(today, i.expiry) > 0 || spot <= i.strike) continue;
    const n = -p.quantity;
    const name = `${plural(n, 'short call')} ${i.expiry} ${i.strike}`;
    if (cashSettled) {
      const paid = (spot - i.strike) * i.multiplier * n;
      result.cash -= paid;
      result.notes.push(`${name}: cash-settled in the money, ${money(paid)} paid at the spot ${price(spot)}`);
    } else {
      result.shares -= n * i.multiplier;
      result.cash += i.strike * i.multiplier * n;
      result.notes.push(`${name}: assigned, ${sharesText(n * i.multiplier)} called away at ${i.strike}`);
    }
  }
  return result;
}

interface Actor {
  symbol: string;
  spot: number;
  /** Net shares after today's expiring calls. */
  shares: number;
}

/** A stock leg: there is no stock quote in the strategy market, so its prices are the spot. */
const stockLeg = (symbol: string, side: 'BUY' | 'SELL', spot: number): RecommendationLeg => ({
  symbol,
  kind: 'stock',
  right: null,
  strike: null,
  expiry: null,
  multiplier: 1,
  side,
  ratio: 1,
  bid: spot,
  ask: spot,
  mid: spot,
});

function generateSignals(input: StrategyInput<BuywriteConfig>): StrategyOutput {
  const { account, market, instance } = input;
  const config = instance.config;
  const today = market.today;
  const rollDay = isRollDay(today);
  const expiry = nextMonthlyExpiry(today);
  const signals: StrategySignal[] = [];
  const recommendations: RecommendationDraft[] = [];
  const actors: Actor[] = [];
  let cash = account.cash;

  for (const symbol of universeOf(instance)) {
    const signal = (kind: string, message: string, payload?: Record<string, unknown>) =>
      signals.push({ kind, symbol, message: `${symbol}: ${message}`, ...(payload && { payload }) });
    const positions = positionsOn(account, instance, symbol);
    const open = openShorts(positions, 'call', today);
    if (open.length > 0) {
      const openOnes = open.map((p) => ({
        expiry: p.instrument.kind === 'option' ? p.instrument.expiry : null,
        strike: p.instrument.kind === 'option' ? p.instrument.strike : null,
        contracts: -p.quantity,
      }));
      const words = openOnes
        .map((h) => `${plural(h.contracts, 'contract')} of the ${h.expiry} ${h.strike} call`)
        .join(', ');
      signal('holding', `holding ${words} to expiry; no new call until it has expired`, { open: openOnes });
      continue;
    }
    if (config.openOn === 'roll_day' && !rollDay) {
      signal('waiting_for_roll', `calls are written on roll days; the next is ${expiry}`, { nextRollDate: expiry });
      continue;
    }
    const spot = market.underliers.get(symbol)?.spot ?? null;
    if (spot === null) {
      signal('missing_data', 'spot unknown, so neither the stock nor the strike can be priced');
      continue;
    }
    const held = positions.filter((p) => p.instrument.kind === 'stock').reduce((sum, p) => sum + p.quantity, 0);
    const settled = settleExpiringCalls(symbol, positions, spot, today);
    if (settled.notes.length > 0)
      signal('expiring', `taken as settled before the roll: ${settled.notes.join('; ')}`, {
        sharesChange: settled.shares,
        cashChange: settled.cash,
      });
    cash += settled.cash;
    actors.push({ symbol, spot, shares: held + settled.shares });
  }

  const cashShare = cash / Math.max(1, actors.length);
  const shareWords =
    actors.length === 1
      ? `the cash ${money(cashShare)}`
      : `${money(cashShare)}, the cash ${money(cash)} split among the ${actors.length} symbols rolling today`;
  for (const { symbol, spot, shares: before } of actors) {
    const signal = (kind: string, message: string, payload?: Record<string, unknown>) =>
      signals.push({ kind, symbol, message: `${symbol}: ${message}`, ...(payload && { payload }) });
    const held = Math.max(0, before);
    let traded = 0;
    const stockParams = { reinvest: config.reinvest, openOn: config.openOn, spot, cash, cashShare, shares: held };
    if (config.reinvest && cashShare >= spot) {
      traded = Math.floor(cashShare / spot);
      recommendations.push({
        action: 'buy_stock',
        symbol,
        legs: [stockLeg(symbol, 'BUY', spot)],
        quantity: traded,
        limitPrice: spot,
        spread: { bid: spot, ask: spot },
        rationale:
          `Buy ${sharesText(traded)} of ${symbol} at the spot ${price(spot)}: reinvests ${shareWords}` +
          ` (floor(${money(cashShare)} / ${price(spot)})), as the buy-write index holds all its value in the underlier.`,
        confidence: 0.5,
        params: stockParams,
        opportunityKey: null,
      });
    } else if (cashShare < 0 && held > 0) {
      traded = -Math.min(held, Math.ceil(-cashShare / spot));
      recommendations.push({
        action: 'sell_stock',
        symbol,
        legs: [stockLeg(symbol, 'SELL', spot)],
        quantity: -traded,
        limitPrice: spot,
        spread: { bid: spot, ask: spot },
        rationale:
          `Sell ${sharesText(-traded)} of ${symbol} at the spot ${price(spot)}: ${shareWords} is below zero` +
          ` (a call settled in the money, or fees), and the buy-write holds no debt: ceil(${money(-cashShare)} / ${price(spot)})` +
          (-traded === held ? ', all the shares held.' : '.'),
        confidence: 0.5,
        params: stockParams,
        opportunityKey: null,
      });
    }
    const after = held + traded;
    if (after < 1) {
      signal(
        'skipped',
        config.reinvest
          ? `no shares, and ${shareWords} buys none at the spot ${price(spot)}; no call written`
          : 'no shares to write calls against, and reinvest is off; no call written',
        { reinvest: config.reinvest, cashShare, spot },
      );
      continue;
    }

    const chain = market.chains.get(symbol);
    const calls = chain === undefined ? [] : optionsOn(chain.options, 'call', expiry);
    if (calls.length === 0) {
      signal(
        'missing_data',
        `no calls of the ${expiry} expiration were fetched${chain?.missing ? ` (${chain.missing})` : ''}, so none can be written`,
      );
      continue;
    }
    const strike = callWriteStrike([...new Set(calls.map((o) => o.strike))], spot, config.strikeRule);
    if (strike === null) {
      signal('missing_data', `no ${expiry} call strike fits the rule at the spot ${price(spot)}`, {
        strikeRule: config.strikeRule,
      });
      continue;
    }
    const option = calls.find((o) => o.strike === strike) as OptionQuote;
    const quoted = premiumOf(option);
    if (quoted === null) {
      signal('missing_data', `the ${expiry} ${strike} call has no bid, so it cannot be written`, {
        bid: option.bid,
        ask: option.ask,
      });
      continue;
    }
    const contracts = Math.floor(after / option.multiplier);
    const sharesWords =
      traded === 0
        ? sharesText(after)
        : `${sharesText(after)} (${held} held ${traded > 0 ? '+' : '−'} ${Math.abs(traded)} ${traded > 0 ? 'bought' : 'sold'} above)`;
    if (contracts === 0) {
      signal('skipped', `${sharesWords} cover no contract of ${option.multiplier}; no call written`, {
        shares: after,
        multiplier: option.multiplier,
      });
      continue;
    }
    const days = calendarDaysToExpiry(today, expiry);
    const mid = quoted.from === 'mid' ? quoted.premium : null;
    const quoteWords =
      quoted.from === 'mid'
        ? `at ${price(quoted.premium)} (bid ${price(option.bid as number)} / ask ${price(option.ask as number)})`
        : `for the bid ${price(quoted.premium)} (no two-sided quote: no limit price)`;
    recommendations.push({
      action: 'sell_call',
      symbol,
      legs: [
        {
          symbol,
          kind: 'option',
          right: 'call',
          strike,
          expiry,
          multiplier: option.multiplier,
          side: 'SELL',
          ratio: 1,
          bid: option.bid,
          ask: option.ask,
          mid,
        },
      ],
      quantity: contracts,
      limitPrice: mid,
      spread: { bid: option.bid, ask: option.ask },
      rationale:
        `Sell ${contracts} ${symbol} ${expiry} ${strike} call${contracts === 1 ? '' : 's'} ${quoteWords}: ` +
        `${strikeWords(config.strikeRule, spot)}, on the next monthly expiration (${days} days` +
        `${rollDay ? ', written on the roll day' : ', written off the roll day'}), covered by ${sharesWords}:` +
        ` floor(${after} / ${option.multiplier}) = ${contracts}.`,
      confidence: 0.5,
      params: {
        strikeRule: config.strikeRule,
        reinvest: config.reinvest,
        openOn: config.openOn,
        spot,
        strike,
        premium: quoted.premium,
        premiumFrom: quoted.from,
        shares: after,
        sharesHeld: held,
        sharesTraded: traded,
        ...(chain?.missing ? { missing: chain.missing } : {}),
      },
      opportunityKey: null,
    });
  }
  return { signals, opportunities: [], recommendations };
}

export const buywritePlugin: StrategyPlugin<BuywriteConfig> = {
  slug: 'buywrite',
  version: '1',
  name: 'Index buy-write (Cboe BXM rules)',
  description:
    'Holds the underlier and writes one-month calls against it by the rules of the Cboe S&P 500 BuyWrite Index (BXM): on each monthly roll day (the third Friday, or the trading day before it when that is a holiday) it reinvests the cash in the underlier (or sells shares when the cash is below zero), then writes as many calls of the next monthly expiration as the shares cover, at the lowest listed strike at or above the spot, and holds them to expiry. Approximations: on daily data the reference price is the day’s close, not the last index value before 11:00 ET, and the premium is the model or quoted mid, not the 11:30–12:00 ET VWAP; the stock is priced at the spot; shares and contracts are whole. An index such as SPX cannot be bought in a brokerage account: live, use its ETF (SPY) or hold the shares yourself with reinvest off.',
  configSchema: buywriteConfigSchema,
  dataNeeds,
  generateSignals,
};
