// The risk of one position: days to expiry, moneyness, its greeks (position-model.ts, the conventions of the risk
// state) and how likely a short option is to be assigned early.
//
// Assignment risk (short options only; long options and stock: 'none'):
//   high / itm_near_expiry  in the money with dte ≤ nearExpiryDays (default 5);
//   high / ex_dividend      a short call in the money with an ex-dividend date after today and on or before expiry
//                           whose dividend exceeds the call's extrinsic value (mark − intrinsic; the model value when
//                           the mark is unknown): the holder gains by exercising the day before the ex-date;
//   elevated / itm          in the money otherwise;  low  out of (or exactly at) the money.
// An unknown spot leaves moneyness unknown: 'elevated' (fail closed), cause null.
import { type IsoDate, calendarDaysToExpiry, daysBetween, newYorkDateOf } from '../calendar';
import type { MarginMarket, MarginPosition } from './margin';
import { type OptionInstrument, optionModelValue, positionGreeks } from './position-model';
import { money, pct, plural } from './rule-helpers';

export interface Dividend {
  exDate: IsoDate;
  /** Per share. */
  amount: number;
}

export interface AssignmentRisk {
  level: 'none' | 'low' | 'elevated' | 'high';
  cause: 'itm_near_expiry' | 'ex_dividend' | 'itm' | null;
  reason: string;
}

export interface PositionRisk {
  /** Calendar days from today (New York) to expiry; null for stock. */
  dte: number | null;
  moneyness: 'itm' | 'atm' | 'otm' | null;
  /** (S − K) / K for calls, (K − S) / K for puts: > 0 in the money. */
  moneynessPct: number | null;
  deltaShares: number | null;
  gammaShares: number | null;
  thetaPerDay: number | null;
  vegaPerVolPoint: number | null;
  assignmentRisk: AssignmentRisk;
}

export interface PositionRiskInput {
  position: MarginPosition;
  market: MarginMarket;
  /** Known upcoming dividends of the underlier; null when unknown. */
  dividends: readonly Dividend[] | null;
  /** Days to expiry at or under which an in-the-money short option is at high risk; 5 by default. */
  nearExpiryDays?: number;
}

/** |moneynessPct| under which an option counts as at the money. */
const ATM_BAND = 0.005;

const daysText = (dte: number): string =>
  dte > 0
    ? `with ${plural(dte, 'day')} to expiry`
    : dte === 0
      ? 'on expiry day'
      : `with expiry ${plural(-dte, 'day')} ago`;

const moneyText = (m: number): string => (m > 0 ? `ITM by ${pct(m)}` : m < 0 ? `OTM by ${pct(-m)}` : 'At the money');

function assignmentRisk(
  position: MarginPosition & { instrument: OptionInstrument },
  input: { market: MarginMarket; dividends: readonly Dividend[] | null; nearExpiryDays: number },
  today: IsoDate,
  dte: number,
  spot: number | null,
  m: number | null,
): AssignmentRisk {
  const { instrument } = position;
  if (position.quantity > 0) return { level: 'none', cause: null, reason: 'Long options are not assigned' };
  const { dividends } = input;
  const unknownDividends = instrument.right === 'call' && dividends === null ? '; dividend dates unknown' : '';
  if (spot === null || m === null) {
    return {
      level: 'elevated',
      cause: null,
      reason: `Spot unknown: cannot tell whether the short ${instrument.right} is in the money (${daysText(dte)})${unknownDividends}`,
    };
  }
  const state = `${moneyText(m)} ${daysText(dte)}`;
  if (m > 0 && dte <= input.nearExpiryDays) {
    return { level: 'high', cause: 'itm_near_expiry', reason: `${state}${unknownDividends}` };
  }

  let note = unknownDividends;
  if (instrument.right === 'call' && dividends !== null && m > 0) {
    const ahead = dividends
      .filter((d) => daysBetween(today, d.exDate) > 0 && daysBetween(d.exDate, instrument.expiry) >= 0)
      .sort((a, b) => daysBetween(b.exDate, a.exDate));
    const value = position.mark ?? optionModelValue(position.symbol, instrument, input.market);
    const extrinsic = value === null ? null : value - Math.max(0, spot - instrument.strike);
    const rational = ahead.find((d) => extrinsic === null || d.amount > extrinsic);
    if (rational !== undefined) {
      const left = extrinsic === null ? 'an unknown extrinsic value' : `${money(extrinsic)} of extrinsic value left`;
      return {
        level: 'high',
        cause: 'ex_dividend',
        reason: `${state}; the ${money(rational.amount)} dividend going ex on ${rational.exDate} exceeds ${left}, so early exercise the day before the ex-date is rational`,
      };
    }
    const next = ahead[0];
    if (next !== undefined && extrinsic !== null) {
      note = `; the ${money(next.amount)} dividend going ex on ${next.exDate} is below the ${money(extrinsic)} of extrinsic value`;
    }
  }
  if (m > 0) return { level: 'elevated', cause: 'itm', reason: `${state}${note}` };
  return { level: 'low', cause: null, reason: `${state}${note}` };
}

/** Days to expiry, moneyness, greeks and assignment risk of one position (conventions at the top). */
export function positionRisk(input: PositionRiskInput): PositionRisk {
  const { position, market } = input;
  const nearExpiryDays = input.nearExpiryDays ?? 5;
  if (!(Number.isFinite(nearExpiryDays) && nearExpiryDays >= 0)) {
    throw new RangeError(`nearExpiryDays must be a number of days ≥ 0: ${nearExpiryDays}`);
  }
  for (const d of input.dividends ?? []) {
    if (!(Number.isFinite(d.amount) && d.amount >= 0)) throw new RangeError(`Not a dividend amount: ${d.amount}`);
  }
  const raw = market.spot(position.symbol);
  const spot = raw !== null && Number.isFinite(raw) && raw > 0 ? raw : null;
  const g = positionGreeks(position, spot, market);
  const greeks = {
    deltaShares: g?.deltaShares ?? null,
    gammaShares: g?.gammaShares ?? null,
    thetaPerDay: g?.thetaPerDay ?? null,
    vegaPerVolPoint: g?.vegaPerVolPoint ?? null,
  };
  const { instrument } = position;
  if (instrument.kind === 'stock') {
    const assignment: AssignmentRisk = { level: 'none', cause: null, reason: 'Stock is not assigned' };
    return { dte: null, moneyness: null, moneynessPct: null, ...greeks, assignmentRisk: assignment };
  }
  const today = newYorkDateOf(market.nowMs);
  const dte = calendarDaysToExpiry(today, instrument.expiry);
  const K = instrument.strike;
  const m = spot === null ? null : (instrument.right === 'call' ? spot - K : K - spot) / K;
  const moneyness = m === null ? null : Math.abs(m) < ATM_BAND ? 'atm' : m > 0 ? 'itm' : 'otm';
  const option = { ...position, instrument };
  return {
    dte,
    moneyness,
    moneynessPct: m,
    ...greeks,
    assignmentRisk: assignmentRisk(option, { market, dividends: input.dividends, nearExpiryDays }, today, dte, spot, m),
  };
}
