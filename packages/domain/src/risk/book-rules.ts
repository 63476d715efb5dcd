// The account rules against the current book, with no order: what the Risk page lists as the rules and their current
// verdicts, and what a risk monitor alerts on. Same figures, limits and wording as `checkOrder` (rules.ts), in the
// present tense; a breach is a breach here (there is no order to tell whether it raises or lowers the risk). Rules
// about an order itself (credit_spread, long_options, max_new_contracts) do not apply. A figure a rule needs but cannot
// compute (an unknown mark or spot) blocks, as in checkOrder.
import { type Micros, micros } from '../money';
import type { AccountType } from './account-type';
import { type MarginMarket, type MarginPosition, computeMarginSummary, moneyFromNumber } from './margin';
import {
  type RiskReason,
  type RiskRule,
  type RiskVerdict,
  LABEL,
  bySymbol,
  callCoverage,
  checkDrawdown,
  coveredCallsText,
  drawdownReason,
  exposureText,
  isMarginAccount,
  liveSymbols,
  money,
  pct,
  plural,
  shares,
  shortPutNotional,
  syntheticDelta,
  concentrationLimits,
  tickerExposure,
  uncoveredCount,
} from './rule-helpers';
import { type RiskLimits, marginUsage, resolveLimits } from './rules';

export interface BookCheckInput {
  type: AccountType;
  /** Overrides of `defaultLimits(type)`. */
  limits?: RiskLimits;
  cash: Micros;
  positions: MarginPosition[];
  market: MarginMarket;
  /** Drawdown from the peak of NLV, as a fraction (0.12 = 12% below the peak). */
  drawdown?: number;
}

/** Every applicable rule's verdict on the current book (see the header). */
export function checkBook(input: BookCheckInput): RiskReason[] {
  const { type, cash, market, drawdown } = input;
  const limits = resolveLimits(type, input.limits);
  checkDrawdown(drawdown);
  const label = LABEL[type];
  const live = input.positions.filter((p) => p.quantity !== 0);
  const symbols = liveSymbols(live);
  const summary = computeMarginSummary(type, cash, live, market);
  const nlv = summary.netLiquidation;
  const reasons: RiskReason[] = [];
  const add = (rule: RiskRule, verdict: RiskVerdict, message: string, symbol?: string) =>
    reasons.push({ rule, verdict, message, ...(symbol === undefined ? {} : { symbol }) });

  if (isMarginAccount(type)) {
    const { marginUsageMax: max, marginUsageWarn: warn } = limits;
    if (max !== null || warn !== null) {
      const usage = marginUsage(summary);
      if (usage === null || nlv === null) {
        add(
          'margin_usage',
          'block',
          nlv !== null && nlv <= 0n
            ? `Margin usage cannot be checked: NLV is ${money(nlv)}`
            : 'Margin usage cannot be checked: a mark or spot price is unknown',
        );
      } else {
        const text = `Margin usage is ${pct(usage)} of NLV (maintenance ${money(summary.maintenanceMargin ?? micros(0n))} / NLV ${money(nlv)})`;
        if (max !== null && usage > max) add('margin_usage', 'block', `${text}, above the ${pct(max)} limit`);
        else if (warn !== null && usage > warn) {
          add('margin_usage', 'warn', `${text}, above the ${pct(warn)} warning level`);
        } else add('margin_usage', 'allow', text);
      }
    }
    const floor = limits.minExcessLiquidity;
    if (floor !== null) {
      const el = summary.excessLiquidity;
      if (el === null || nlv === null || nlv <= 0n) {
        add('min_excess_liquidity', 'block', 'Excess liquidity cannot be checked: NLV or margin is unknown');
      } else {
        const fraction = Number(el) / Number(nlv);
        const text = `Excess liquidity is ${money(el)}, ${pct(fraction)} of NLV ${money(nlv)}`;
        if (fraction < floor) add('min_excess_liquidity', 'block', `${text}, below the ${pct(floor)} minimum`);
        else add('min_excess_liquidity', 'allow', text);
      }
    }
  } else {
    if (cash < 0n) add('no_margin', 'block', `${label} accounts cannot borrow: cash is ${money(cash)}`);
    else add('no_margin', 'allow', `Cash: ${money(cash)}, nothing borrowed`);

    for (const symbol of symbols) {
      const group = bySymbol(live, symbol);
      const held = group.filter((p) => p.instrument.kind === 'stock').reduce((s, p) => s + p.quantity, 0);
      if (held < 0) {
        add(
          'no_short_stock',
          'block',
          `${label} accounts cannot hold stock short: ${shares(-held)} ${symbol} short`,
          symbol,
        );
      }
      const coverage = callCoverage(group);
      const uncovered = uncoveredCount(coverage);
      if (uncovered > 0) {
        const covered = coverage.shortCalls - uncovered;
        add(
          'naked_call',
          'block',
          `${label} accounts cannot hold naked calls: ${plural(uncovered, `${symbol} call`)} ${uncovered === 1 ? 'is' : 'are'} uncovered (${shares(Math.max(0, coverage.shares))} cover ${plural(covered, 'call')}, ${coverage.shortCalls} short)`,
          symbol,
        );
      } else if (coverage.shortCalls > 0) add('naked_call', 'allow', coveredCallsText(symbol, coverage), symbol);
    }

    const required = shortPutNotional(live);
    if (required > 0) {
      const requiredMicros = moneyFromNumber(required);
      const text = `${money(requiredMicros)} of short put strikes (strike × multiplier × contracts), ${money(cash)} cash`;
      if (cash < requiredMicros) {
        add(
          'short_put_cash',
          'block',
          `${label} accounts must hold the full strike of short puts in cash: ${text}, ${money(micros(requiredMicros - cash))} short`,
        );
      } else add('short_put_cash', 'allow', `Short puts cash-secured: ${text}`);
    }

    const maxDelta = limits.maxSyntheticDeltaShares;
    if (maxDelta !== null) {
      for (const symbol of symbols) {
        const delta = syntheticDelta(symbol, bySymbol(live, symbol), market);
        if (delta === null) {
          add(
            'synthetic_delta',
            'block',
            `Synthetic delta of ${symbol} cannot be checked: its spot is unknown`,
            symbol,
          );
          continue;
        }
        const text = `Synthetic delta of ${symbol} is ${Math.round(delta)} shares`;
        if (Math.abs(delta) > maxDelta) {
          add('synthetic_delta', 'block', `${text}, beyond the ±${maxDelta} share limit`, symbol);
        } else add('synthetic_delta', 'allow', text, symbol);
      }
    }
  }

  for (const symbol of symbols) {
    const { warn, max, limitText } = concentrationLimits(limits, market.kind(symbol));
    if (warn === null && max === null) continue;
    const exposure = tickerExposure(bySymbol(live, symbol), market.spot(symbol));
    if (exposure === null || nlv === null || nlv <= 0n) {
      add(
        'ticker_concentration',
        'block',
        `Concentration in ${symbol} cannot be checked: ${nlv !== null && nlv <= 0n ? `NLV is ${money(nlv)}` : 'a mark or spot price is unknown'}`,
        symbol,
      );
      continue;
    }
    const fraction = exposure / (Number(nlv) / 1e6);
    const text = exposureText(symbol, bySymbol(live, symbol), exposure, nlv, 'is');
    if (max !== null && fraction > max) {
      add('ticker_concentration', 'block', `${text}, above the ${pct(max)} ${limitText}`, symbol);
    } else if (warn !== null && fraction > warn) {
      add('ticker_concentration', 'warn', `${text}, above the ${pct(warn)} warning level`, symbol);
    } else add('ticker_concentration', 'allow', text, symbol);
  }

  if (drawdown !== undefined) {
    const { rule, verdict, message } = drawdownReason(drawdown, limits);
    add(rule, verdict, message);
  }
  return reasons;
}
