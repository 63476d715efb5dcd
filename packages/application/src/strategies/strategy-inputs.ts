// Translates what the application knows (the risk engine's account state, the fetched quotes, reference data) into
// the plugins' pure inputs: StrategyAccount, StrategyMarket and a MarginMarket that also knows the universe's spots.
import {
  type ChainSlice,
  type IsoDate,
  type MarginMarket,
  type OptionEvent,
  type StrategyAccount,
  type StrategyMarket,
  type StrategyPosition,
  type UnderlierMarket,
  addDays,
  newYorkDateOf,
} from '@optionstrader/domain';
import type { OptionEventRecord, StrategyReference, UnderlierReference } from '../ports';
import type { AccountState } from '../risk/risk.service';

const number = (text: string | null | undefined): number | null => (text == null ? null : Number(text));

/** Ex-dividend dates and earnings are looked this far ahead (covers the longest short-call window). */
const REFERENCE_HORIZON_DAYS = 120;

export function strategyAccountOf(
  state: AccountState,
  options: {
    portfolioId: string | null;
    /** Net option premium per underlier (account currency) in the cycle window. */
    premiums: ReadonlyMap<string, number>;
    events: readonly OptionEventRecord[];
  },
): StrategyAccount {
  const snapshot = state.account.latestSnapshot;
  const positions: StrategyPosition[] = state.positions
    .filter((p) => options.portfolioId === null || p.record.portfolioId === options.portfolioId)
    .map((p) => ({
      symbol: p.position.symbol,
      instrument: p.position.instrument,
      quantity: p.position.quantity,
      avgPrice: number(p.record.avgPrice),
      mark: p.position.mark,
      portfolioId: p.record.portfolioId,
    }));
  // Premiums lower the basis of the shares they were earned around: per share of the stock held now.
  const cyclePremiums: Record<string, number> = {};
  for (const [symbol, premium] of options.premiums) {
    const shares = positions
      .filter((p) => p.symbol === symbol && p.instrument.kind === 'stock' && p.quantity > 0)
      .reduce((sum, p) => sum + p.quantity, 0);
    if (shares > 0 && premium !== 0) cyclePremiums[symbol] = premium / shares;
  }
  const events: OptionEvent[] = options.events.map((e) => ({
    kind: e.kind,
    symbol: e.symbol,
    right: e.right,
    strike: e.strike,
    expiry: e.expiry as IsoDate,
    quantity: e.quantity,
    atMs: e.at.getTime(),
  }));
  return {
    accountId: state.account.id,
    accountCode: state.account.accountCode,
    type: state.account.type,
    cash: state.cash === null ? 0 : Number(state.cash) / 1e6,
    netLiquidation: number(snapshot?.netLiquidation),
    buyingPower: number(snapshot?.buyingPower),
    excessLiquidity: number(snapshot?.excessLiquidity),
    positions,
    cyclePremiums,
    events,
  };
}

export function strategyMarketOf(args: {
  nowMs: number;
  symbols: readonly string[];
  spots: ReadonlyMap<string, number | null>;
  chains: ReadonlyMap<string, ChainSlice>;
  reference: UnderlierReference;
  strategyReference: StrategyReference;
}): StrategyMarket {
  const today = newYorkDateOf(args.nowMs);
  const horizon = addDays(today, REFERENCE_HORIZON_DAYS);
  const underliers = new Map<string, UnderlierMarket>();
  for (const symbol of args.symbols) {
    const dividends = args.reference.dividends(symbol, today, horizon);
    const kind = args.reference.kind(symbol);
    // A fund reports no earnings: none is a fact, not an unknown.
    const earnings = kind === 'index_etf' ? [] : args.strategyReference.earnings(symbol, today, horizon);
    underliers.set(symbol, {
      symbol,
      kind,
      spot: args.spots.get(symbol) ?? null,
      ivRank: args.strategyReference.ivRank(symbol, args.nowMs),
      dividendYield: args.reference.dividendYield(symbol) ?? 0,
      exDividends: dividends === null ? null : dividends.map((d) => ({ exDate: d.exDate, amount: d.amount })),
      earnings: earnings === null ? null : earnings.map((d) => d as IsoDate),
    });
  }
  return { nowMs: args.nowMs, today, rate: args.reference.rate(args.nowMs), underliers, chains: args.chains };
}

/**
 * The risk engine's market, widened to the run's universe: spots it does not have come from the run's quotes, and
 * an option's vol from its fetched quote when the book has no point for it.
 */
export function widenMarginMarket(
  base: MarginMarket,
  spots: ReadonlyMap<string, number | null>,
  chains: ReadonlyMap<string, ChainSlice>,
): MarginMarket {
  const ivs = new Map<string, number>();
  for (const slice of chains.values())
    for (const o of slice.options) if (o.iv !== null) ivs.set(`${o.symbol}|${o.expiry}|${o.strike}`, o.iv);
  return {
    ...base,
    spot: (symbol) => base.spot(symbol) ?? spots.get(symbol) ?? null,
    vol: (symbol, expiry, strike) => ivs.get(`${symbol}|${expiry}|${strike}`) ?? base.vol(symbol, expiry, strike),
  };
}
