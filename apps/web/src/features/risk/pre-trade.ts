// The pre-trade check form: one or two legs as typed, and their translation into a RiskCheckRequest (or per-field
// errors, checked here with the same bounds the API applies so a mistake shows next to its field).
import type { RiskCheckLeg, RiskCheckRequest } from '@optionstrader/contracts';
import { parseNumber, type FieldValue } from '../calculator/calculator-form';

export interface LegForm {
  symbol: string;
  kind: 'stock' | 'option';
  right: 'call' | 'put';
  strike: FieldValue;
  /** YYYY-MM-DD. */
  expiry: string;
  /** Signed: + buys, − sells (contracts for options, shares for stock). */
  quantity: FieldValue;
  /** Optional expected fill per share; empty = the mark. */
  price: FieldValue;
}

export type LegField = 'symbol' | 'strike' | 'expiry' | 'quantity' | 'price';
export type LegErrors = Partial<Record<LegField, string>>;

export const emptyLeg = (symbol = ''): LegForm => ({
  symbol,
  kind: 'option',
  right: 'call',
  strike: '',
  expiry: '',
  quantity: -1,
  price: '',
});

const SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const isBlank = (value: FieldValue): boolean => typeof value === 'string' && value.trim() === '';

function isCalendarDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function parseLeg(form: LegForm): { leg: RiskCheckLeg; errors: LegErrors } {
  const errors: LegErrors = {};
  const symbol = form.symbol.trim().toUpperCase();
  if (!symbol) errors.symbol = 'Required';
  else if (!SYMBOL.test(symbol)) errors.symbol = 'Not a ticker';

  const quantity = parseNumber(form.quantity);
  if (isBlank(form.quantity)) errors.quantity = 'Required';
  else if (quantity === null) errors.quantity = 'Not a number';
  else if (!Number.isInteger(quantity)) errors.quantity = 'Must be a whole number';
  else if (quantity === 0) errors.quantity = 'Must not be 0 (+ buys, − sells)';
  else if (Math.abs(quantity) > 100_000) errors.quantity = 'At most 100,000';

  const price = parseNumber(form.price);
  if (!isBlank(form.price)) {
    if (price === null) errors.price = 'Not a number';
    else if (price < 0) errors.price = 'Cannot be negative';
    else if (price > 1_000_000) errors.price = 'At most 1,000,000';
  }

  const leg: RiskCheckLeg = { symbol, kind: form.kind, multiplier: 100, quantity: quantity ?? 0 };
  if (price !== null && !isBlank(form.price)) leg.price = price;
  if (form.kind === 'option') {
    const strike = parseNumber(form.strike);
    if (isBlank(form.strike)) errors.strike = 'Required';
    else if (strike === null) errors.strike = 'Not a number';
    else if (strike <= 0) errors.strike = 'Must be greater than 0';
    else if (strike > 1_000_000) errors.strike = 'At most 1,000,000';
    const expiry = form.expiry.trim();
    if (!expiry) errors.expiry = 'Required';
    else if (!isCalendarDate(expiry)) errors.expiry = 'A date, YYYY-MM-DD';
    leg.right = form.right;
    leg.strike = strike ?? 0;
    leg.expiry = expiry;
  }
  return { leg, errors };
}

export type PreTradeParse = { ok: true; request: RiskCheckRequest } | { ok: false; errors: LegErrors[] };

export function requestFromLegs(legs: readonly LegForm[]): PreTradeParse {
  const parsed = legs.map(parseLeg);
  const errors = parsed.map((p) => p.errors);
  if (errors.some((e) => Object.keys(e).length > 0)) return { ok: false, errors };
  return { ok: true, request: { legs: parsed.map((p) => p.leg), newContractsThisRun: 0 } };
}
