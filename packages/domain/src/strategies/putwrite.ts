// Index put-write after the Cboe S&P 500 PutWrite Index (PUT): one-month puts written on each monthly roll day at the
// highest listed strike at or below the spot, as many as the account fully collateralizes, held to expiry. The
// backtester's reference strategy (it runs this same plugin) and runnable live.
//
// Per symbol of the config, in order:
//   - a short put still open after today → 'holding' (one expiring today does not count: it settles and is replaced);
//   - long shares (an American put was assigned) → 'skipped': the index holds cash and puts only;
//   - not a roll day (openOn 'roll_day') → 'waiting_for_roll' with the next roll date;
//   - unknown spot, no put of the next monthly expiration fetched, no strike by the rule, no premium → 'missing_data';
//   - else the put of the next monthly expiration strictly after today, at the rule's strike, premium P = mid (the bid
//     when there is no two-sided quote), N = M·g / ((K − P·g) × multiplier) contracts (index-roll.ts), M the account's
//     net liquidation split equally among the symbols that sell in this run, floored; 0 → 'skipped'.
import { z } from 'zod';
import { calendarDaysToExpiry } from '../calendar';
import { money, pct, plural, shares as sharesText } from '../risk/rule-helpers';
import { symbolsField, universeOf } from './config-parts';
import {
  type PutStrikeRule,
  fullyCollateralizedContracts,
  isRollDay,
  nextMonthlyExpiry,
  openOnField,
  openShorts,
  optionsOn,
  positionsOn,
  premiumOf,
  putWriteStrike,
  rollChainRequests,
} from './index-roll';
import type {
  ChainRequest,
  DataNeedsInput,
  OptionQuote,
  RecommendationDraft,
  StrategyInput,
  StrategyOutput,
  StrategyPlugin,
  StrategySignal,
} from './types';

export const putwriteConfigSchema = z.object({
  symbols: symbolsField(
    ['SPX'],
    'Index underliers to write one-month puts on (SPX is the Cboe PUT index; XSP and SPY work too)',
  ),
  strikeRule: z
    .enum(['at_or_below', 'nearest'])
    .default('at_or_below')
    .describe(
      'Strike of the put: the highest listed strike at or below the spot (Cboe PUT), or the listed strike nearest it',
    ),
  collateral: z
    .enum(['full'])
    .default('full')
    .describe(
      'How many puts: full collateral (Cboe PUT) sells as many as the account value, with the premium and the interest to expiry, pays for if they all end worthless of the underlier (N × strike × multiplier)',
    ),
  openOn: openOnField,
});

export type PutwriteConfig = z.output<typeof putwriteConfigSchema>;

/** The band around the spot the strike rules can need: the at-or-below strike sits just under it. */
const PUT_BAND = { minMoneyness: 0.9, maxMoneyness: 1.03 };

function dataNeeds(input: DataNeedsInput<PutwriteConfig>): ChainRequest[] {
  const { account, instance, asOf } = input;
  return rollChainRequests(
    { account, instance, symbols: universeOf(instance), asOf, openOn: instance.config.openOn },
    'put',
    PUT_BAND,
  );
}

const price = (x: number) => x.toFixed(2);

const strikeWords = (rule: PutStrikeRule, spot: number): string =>
  rule === 'at_or_below'
    ? `the highest listed strike at or below the spot ${price(spot)} (Cboe PUT rule)`
    : `the listed strike nearest the spot ${price(spot)}`;

interface Candidate {
  symbol: string;
  spot: number;
  option: OptionQuote;
  premium: number;
  premiumFrom: 'mid' | 'bid';
  days: number;
  /** Short puts expiring today, told in the rationale. */
  expiring: number;
  missing: string | null;
}

function generateSignals(input: StrategyInput<PutwriteConfig>): StrategyOutput {
  const { account, market, instance, riskState } = input;
  const config = instance.config;
  const today = market.today;
  const rollDay = isRollDay(today);
  const expiry = nextMonthlyExpiry(today);
  const signals: StrategySignal[] = [];
  const candidates: Candidate[] = [];

  for (const symbol of universeOf(instance)) {
    const signal = (kind: string, message: string, payload?: Record<string, unknown>) =>
      signals.push({ kind, symbol, message: `${symbol}: ${message}`, ...(payload && { payload }) });
    const positions = positionsOn(account, instance, symbol);
    const open = openShorts(positions, 'put', today);
    if (open.length > 0) {
      const openOnes = open.map((p) => ({
        expiry: p.instrument.kind === 'option' ? p.instrument.expiry : null,
        strike: p.instrument.kind === 'option' ? p.instrument.strike : null,
        contracts: -p.quantity,
      }));
      const words = openOnes
        .map((h) => `${plural(h.contracts, 'contract')} of the ${h.expiry} ${h.strike} put`)
        .join(', ');
      signal('holding', `holding ${words} to expiry; no new put until it has expired`, { open: openOnes });
      continue;
    }
    const shares = positions.filter((p) => p.instrument.kind === 'stock').reduce((sum, p) => sum + p.quantity, 0);
    if (shares > 0) {
      signal(
        'skipped',
        `${sharesText(shares)} are held (an assigned put?); put-write holds only cash and short puts: sell them, or wheel them with a covered-call strategy, before a new put is written`,
        { shares },
      );
      continue;
    }
    if (config.openOn === 'roll_day' && !rollDay) {
      signal('waiting_for_roll', `puts are written on roll days; the next is ${expiry}`, { nextRollDate: expiry });
      continue;
    }
    const spot = market.underliers.get(symbol)?.spot ?? null;
    if (spot === null) {
      signal('missing_data', 'spot unknown, so no strike can be chosen');
      continue;
    }
    const chain = market.chains.get(symbol);
    const puts = chain === undefined ? [] : optionsOn(chain.options, 'put', expiry);
    if (puts.length === 0) {
      signal(
        'missing_data',
        `no puts of the ${expiry} expiration were fetched${chain?.missing ? ` (${chain.missing})` : ''}, so none can be sold`,
      );
      continue;
    }
    const strike = putWriteStrike([...new Set(puts.map((o) => o.strike))], spot, config.strikeRule);
    if (strike === null) {
      signal('missing_data', `no ${expiry} put strike fits the rule at the spot ${price(spot)}`, {
        strikeRule: config.strikeRule,
      });
      continue;
    }
    const option = puts.find((o) => o.strike === strike) as OptionQuote;
    const quoted = premiumOf(option);
    const days = calendarDaysToExpiry(today, expiry);
    if (quoted === null || quoted.premium * Math.exp(market.rate * (days / 365)) >= strike) {
      signal(
        'missing_data',
        `the ${expiry} ${strike} put has ${quoted === null ? 'no bid' : `a premium ${price(quoted.premium)} no put can be worth`}, so it cannot be sold`,
        { bid: option.bid, ask: option.ask },
      );
      continue;
    }
    // Short puts left on the symbol are the ones expiring today (openShorts found none after today).
    const expiring = positions.filter(
      (p) => p.instrument.kind === 'option' && p.instrument.right === 'put' && p.quantity < 0,
    ).length;
    candidates.push({
      symbol,
      spot,
      option,
      premium: quoted.premium,
      premiumFrom: quoted.from,
      days,
      expiring,
      missing: chain?.missing ?? null,
    });
  }

  const recommendations: RecommendationDraft[] = [];
  const nlv = riskState?.netLiquidation ?? account.netLiquidation;
  if (candidates.length > 0 && nlv === null) {
    signals.push({
      kind: 'missing_data',
      symbol: null,
      message: 'net liquidation of the account unknown: the puts cannot be sized',
    });
    return { signals, opportunities: [], recommendations };
  }
  const base = (nlv ?? 0) / Math.max(1, candidates.length);
  for (const c of candidates) {
    const { symbol, option, premium, days } = c;
    const years = days / 365;
    const count = fullyCollateralizedContracts({
      netLiquidation: base,
      strike: option.strike,
      premium,
      rate: market.rate,
      years,
      multiplier: option.multiplier,
    });
    const baseWords =
      candidates.length === 1
        ? `M = the account value ${money(base)}`
        : `M = ${money(base)}, the account value ${money(nlv ?? 0)} split among the ${candidates.length} symbols selling today`;
    const formula =
      `N = M·g / ((K − P·g) × ${option.multiplier}), ${baseWords}, g = e^(${pct(market.rate)} × ${days}/365) = ` +
      `${count.growth.toFixed(5)}: ${count.exact.toFixed(3)}`;
    const sizing = {
      netLiquidation: nlv,
      collateralBase: base,
      symbolsSelling: candidates.length,
      rate: market.rate,
      years,
      growth: count.growth,
      exactContracts: count.exact,
    };
    if (count.contracts === 0) {
      signals.push({
        kind: 'skipped',
        symbol,
        message: `${symbol}: ${formula}, under one ${expiry} ${option.strike} put; none sold`,
        payload: { rule: 'sizing', ...sizing },
      });
      continue;
    }
    const n = count.contracts;
    const collateral = n * option.strike * option.multiplier;
    const mid = c.premiumFrom === 'mid' ? premium : null;
    const quoteWords =
      c.premiumFrom === 'mid'
        ? `at ${price(premium)} (bid ${price(option.bid as number)} / ask ${price(option.ask as number)})`
        : `for the bid ${price(premium)} (no two-sided quote: no limit price)`;
    const rationale =
      `Sell ${n} ${symbol} ${expiry} ${option.strike} put${n === 1 ? '' : 's'} ${quoteWords}: ` +
      `${strikeWords(config.strikeRule, c.spot)}, on the next monthly expiration (${days} days` +
      `${rollDay ? ', written on the roll day' : ', written off the roll day'}).` +
      (c.expiring > 0 ? ' The put expiring today settles first.' : '') +
      ` Fully collateralized: ${formula} → ${n}; at expiry the cash with the premium and its interest covers` +
      ` ${n} × ${option.strike} × ${option.multiplier} = ${money(collateral)}.`;
    recommendations.push({
      action: 'sell_put',
      symbol,
      legs: [
        {
          symbol,
          kind: 'option',
          right: 'put',
          strike: option.strike,
          expiry,
          multiplier: option.multiplier,
          side: 'SELL',
          ratio: 1,
          bid: option.bid,
          ask: option.ask,
          mid,
        },
      ],
      quantity: n,
      limitPrice: mid,
      spread: { bid: option.bid, ask: option.ask },
      rationale,
      confidence: 0.5,
      params: {
        strikeRule: config.strikeRule,
        collateral: config.collateral,
        openOn: config.openOn,
        spot: c.spot,
        strike: option.strike,
        premium,
        premiumFrom: c.premiumFrom,
        collateralAtExpiry: collateral,
        ...sizing,
        ...(c.missing !== null && { missing: c.missing }),
      },
      opportunityKey: null,
    });
  }
  return { signals, opportunities: [], recommendations };
}

export const putwritePlugin: StrategyPlugin<PutwriteConfig> = {
  slug: 'putwrite',
  version: '1',
  name: 'Index put-write (Cboe PUT rules)',
  description:
    'Writes one-month index puts by the rules of the Cboe S&P 500 PutWrite Index (PUT): on each monthly roll day (the third Friday, or the trading day before it when that is a holiday) it sells puts of the next monthly expiration at the highest listed strike at or below the spot, as many as the account fully collateralizes (at expiry the cash, with the premium and its interest, equals the most the puts can lose: N × strike × multiplier), and holds them to expiry. Approximations: on daily data the reference price is the day’s close, not the last index value before 11:00 ET, and the premium is the model or quoted mid, not the 11:30–12:00 ET VWAP; the cash earns the market rate, not the index’s 1- and 3-month T-bill mix; contracts are whole. Several symbols share the account value equally.',
  configSchema: putwriteConfigSchema,
  dataNeeds,
  generateSignals,
};
