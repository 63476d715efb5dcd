// The order ticket's logic: the form filled from the server's defaults (the first preview), what the user changed
// turned into the overrides approve and preview take (unchanged fields are left to the server), the limit price in
// words (a combo's net: + debit / − credit), the allowed band, and the server's issues placed next to their field.
import type { OrderOverridesInput, OrderPreviewView } from '@optionstrader/contracts';
import { parseNumber, type FieldValue } from '../calculator/calculator-form';
import { formatFixed } from '../dashboard/read-format';
import { netPriceText } from './recommendation-format';

export type Tif = OrderPreviewView['tif'];

export interface TicketForm {
  quantity: FieldValue;
  limitPrice: FieldValue;
  tif: Tif;
}

export type TicketField = keyof TicketForm;
export type TicketErrors = Partial<Record<TicketField, string>>;

/** The order as the server would send it unchanged: quantity, limit and TIF of the first preview. */
export interface TicketDefaults {
  quantity: number;
  limitPrice: number | null;
  tif: Tif;
}

export const MAX_QUANTITY = 10_000;

export function ticketDefaults(preview: Pick<OrderPreviewView, 'quantity' | 'limitPrice' | 'tif'>): TicketDefaults {
  return {
    quantity: preview.quantity,
    limitPrice: preview.limitPrice === null ? null : Number(preview.limitPrice),
    tif: preview.tif,
  };
}

export const formFromDefaults = (defaults: TicketDefaults): TicketForm => ({
  quantity: defaults.quantity,
  limitPrice: defaults.limitPrice ?? '',
  tif: defaults.tif,
});

const isBlank = (value: FieldValue): boolean => typeof value === 'string' && value.trim() === '';

export type ParsedTicket = { ok: true; overrides: OrderOverridesInput } | { ok: false; errors: TicketErrors };

/** Checks the form as the contract would; the overrides hold only what differs from the defaults. */
export function overridesFromForm(form: TicketForm, defaults: TicketDefaults): ParsedTicket {
  const errors: TicketErrors = {};
  const overrides: OrderOverridesInput = {};

  const quantity = parseNumber(form.quantity);
  if (quantity === null) errors.quantity = isBlank(form.quantity) ? 'Enter a quantity' : 'Not a number';
  else if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY)
    errors.quantity = `A whole number from 1 to ${MAX_QUANTITY.toLocaleString('en-US')}`;
  else if (quantity !== defaults.quantity) overrides.quantity = quantity;

  const limit = parseNumber(form.limitPrice);
  if (limit === null) {
    if (!isBlank(form.limitPrice)) errors.limitPrice = 'Not a number';
    // Blank keeps the recommendation's own price, when it has one.
    else if (defaults.limitPrice === null) errors.limitPrice = 'Enter a limit price';
  } else if (limit !== defaults.limitPrice) overrides.limitPrice = limit;

  if (form.tif !== defaults.tif) overrides.tif = form.tif;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, overrides };
}

/** One order side, for a single leg: what the user does with the premium. */
export type LegSide = 'BUY' | 'SELL';

/**
 * The limit in words. One leg: the price per share paid (BUY) or received (SELL). Several legs: the signed net,
 * "+" a debit paid, "−" a credit received, 0 even.
 */
export function limitInWords(limit: number | null, legs: readonly { side: LegSide }[]): string {
  if (limit === null || !Number.isFinite(limit)) return 'No limit price';
  const amount = formatFixed(Math.abs(limit), 2);
  if (legs.length <= 1) {
    return legs[0]?.side === 'SELL' ? `Sell at ${amount} or more per share` : `Buy at ${amount} or less per share`;
  }
  if (limit === 0) return 'Net even: nothing paid or received';
  return limit > 0
    ? `Net debit of ${amount} per share: you pay at most ${amount}`
    : `Net credit of ${amount} per share: you receive at least ${amount}`;
}

/** The cash the order moves at its limit: |limit| × shares per unit × quantity; null when not computable. */
export function orderCash(limit: number | null, quantity: number | null, sharesPerUnit: number): number | null {
  if (limit === null || quantity === null || !Number.isFinite(limit) || !Number.isFinite(quantity)) return null;
  return Math.abs(limit) * sharesPerUnit * quantity;
}

/** Whether the cash is received (a sold leg, a net credit) or paid. */
export function cashDirection(limit: number, legs: readonly { side: LegSide }[]): 'receive' | 'pay' {
  if (legs.length <= 1) return legs[0]?.side === 'SELL' ? 'receive' : 'pay';
  return limit < 0 ? 'receive' : 'pay';
}

/** Shares one unit of the order stands for: the first leg's multiplier × ratio (100 for a standard contract). */
export function sharesPerUnit(legs: readonly { multiplier: number; ratio: number }[]): number {
  const first = legs[0];
  return first ? first.multiplier * first.ratio : 1;
}

/** The limits the price band allows: "1.00 – 1.40"; a combo "1.40 credit – 1.00 credit", lowest signed net first. */
export function bandText(band: OrderPreviewView['band'], legCount: number): string {
  if (!band) return 'unknown (no quote)';
  return `${netPriceText(band.min, legCount)} – ${netPriceText(band.max, legCount)}`;
}

const FIELDS: readonly TicketField[] = ['quantity', 'limitPrice', 'tif'];

/** The server's issues on their field ("body.limitPrice"); what names no field is left for the ticket's alert. */
export function ticketErrorsFromIssues(issues: ReadonlyArray<{ path: string; message: string }>): {
  fields: TicketErrors;
  other: string[];
} {
  const fields: TicketErrors = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = FIELDS.find((f) => issue.path.split('.').includes(f));
    if (field) fields[field] ??= issue.message;
    else other.push(issue.message);
  }
  return { fields, other };
}

/** The error codes approve answers with, in the words the ticket shows above the server's message. */
export const APPROVE_ERROR_TITLE: Record<string, string> = {
  NOT_PENDING: 'Already decided',
  EXPIRED: 'This recommendation has expired',
  PRICE_OUT_OF_BAND: 'Limit price outside the allowed band',
  RISK_BLOCKED: 'Blocked by the risk rules',
  ORDER_INVALID: 'The order cannot be built',
  LIMIT_EXCEEDED: 'Over an automation or order limit',
  VALIDATION_FAILED: 'Check the fields',
  LIVE_TRADING_DISABLED: 'Live trading is not enabled',
  BROKER_UNAVAILABLE: 'The broker is not reachable',
};
