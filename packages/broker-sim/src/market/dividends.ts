// Quarterly cash dividends: ex-dates on a fixed schedule per symbol, amount = yield × previous close / 4.
import {
  type IsoDate,
  addDays,
  dateParts,
  daysBetween,
  formatMoney,
  nthWeekdayOfMonth,
  onOrAfterTradingDay,
  onOrBeforeTradingDay,
  parseMoney,
  previousTradingDay,
  type Weekday,
} from '@optionstrader/domain';
import type { CashDividendEvent } from './market-simulator';
import type { DividendSchedule } from './underlyings';

/** Ex-dates of the schedule with an ex-date in [from, to] (inclusive). */
export function exDates(schedule: DividendSchedule, from: IsoDate, to: IsoDate): IsoDate[] {
  if (daysBetween(from, to) < 0) return [];
  const out: IsoDate[] = [];
  for (let year = dateParts(from).year; year <= dateParts(to).year; year++) {
    for (const month of schedule.months) {
      const exDate = onOrAfterTradingDay(nthWeekdayOfMonth(year, month, schedule.weekday as Weekday, schedule.nth));
      if (daysBetween(from, exDate) >= 0 && daysBetween(exDate, to) >= 0) out.push(exDate);
    }
  }
  return out.sort();
}

/** Cash dividend events; a date without a known close before it (before the history) has no event. */
export function dividendEvents(
  symbol: string,
  dividendYield: number,
  schedule: DividendSchedule,
  from: IsoDate,
  to: IsoDate,
  closeOnOrBefore: (date: IsoDate) => number,
): CashDividendEvent[] {
  const events: CashDividendEvent[] = [];
  for (const exDate of exDates(schedule, from, to)) {
    const close = closeOnOrBefore(previousTradingDay(exDate));
    if (!(close > 0) || !(dividendYield > 0)) continue;
    const amount = (dividendYield * close) / 4;
    events.push({
      symbol,
      exDate,
      payDate: onOrBeforeTradingDay(addDays(exDate, schedule.payLagDays)),
      amount: formatMoney(parseMoney(amount.toFixed(4)), 2),
    });
  }
  return events;
}
