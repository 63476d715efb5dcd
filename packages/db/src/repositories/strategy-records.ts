// Row ↔ record conversions of the strategy tables: jsonb read back with a shape check (a hand-edited row must fail
// loudly), exact numerics as numbers for market metrics, and numbers checked before they are stored.
import type {
  OpportunityRecord,
  RecommendationRecord,
  RecommendationStatus,
  RunMode,
  RunStatus,
  StrategyRunRecord,
} from '@optionstrader/application';
import { formatMoney, parseMoney } from '@optionstrader/domain';
import { recommendationAction } from '../schema/index';
import { decimal } from './market-data.query';

type Action = (typeof recommendationAction.enumValues)[number];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A jsonb object column; `what` names it in the error. */
export function objectOf(value: unknown, what: string): Record<string, unknown> {
  if (!isObject(value)) throw new Error(`${what} is not a JSON object`);
  return value;
}

export function objectOrNull(value: unknown, what: string): Record<string, unknown> | null {
  return value === null || value === undefined ? null : objectOf(value, what);
}

function numbersOrNull(value: unknown, what: string): Record<string, number> | null {
  const object = objectOrNull(value, what);
  if (object === null) return null;
  for (const [key, entry] of Object.entries(object)) {
    if (typeof entry !== 'number') throw new Error(`${what}.${key} is not a number`);
  }
  return object as Record<string, number>; // every entry checked above
}

function stringsOf(value: unknown, what: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw new Error(`${what} is not a list of strings`);
  }
  return value;
}

function spreadOf(value: unknown, what: string): { bid: number | null; ask: number | null } {
  // Rows from before the spread was stored have none: unknown on both sides.
  if (value === null || value === undefined) return { bid: null, ask: null };
  const object = objectOf(value, what);
  const side = (key: 'bid' | 'ask') => {
    const entry = object[key] ?? null;
    if (entry !== null && typeof entry !== 'number') throw new Error(`${what}.${key} is not a number`);
    return entry;
  };
  return { bid: side('bid'), ask: side('ask') };
}

/** numeric text → number for market metrics (null = unknown). */
export const numberOrNull = (text: string | null): number | null => (text === null ? null : Number(text));

/** A metric about to be stored: NaN or ±Infinity is corrupt data, never written. */
export function finiteOrNull(value: number | null, what: string): number | null {
  if (value !== null && !Number.isFinite(value)) throw new Error(`${what} is not a finite number: ${value}`);
  return value;
}

/** A number for a numeric column; the column's scale rounds it (market metrics, not accounted money). */
export function numericOrNull(value: number | null, what: string): string | null {
  const finite = finiteOrNull(value, what);
  return finite === null ? null : String(finite);
}

/** A decimal string for an exact money column; more than 6 decimals is an error, not a rounding. */
export const moneyOf = (text: string): string => formatMoney(parseMoney(text), 0);

export const moneyOrNull = (text: string | null): string | null => (text === null ? null : moneyOf(text));

export function actionOf(action: string): Action {
  const found = recommendationAction.enumValues.find((value) => value === action);
  if (found === undefined) throw new Error(`Unknown recommendation action: ${action}`);
  return found;
}

export interface RunRow {
  id: string;
  instanceId: string | null;
  instanceName: string | null;
  strategySlug: string | null;
  versionId: string | null;
  mode: RunMode;
  status: RunStatus;
  config: unknown;
  startedAt: Date | null;
  finishedAt: Date | null;
  stats: unknown;
  errors: unknown;
  timings: unknown;
  createdAt: Date;
}

export function toRunRecord(row: RunRow): StrategyRunRecord {
  const what = `strategy_runs ${row.id}`;
  return {
    ...row,
    config: row.config ?? null,
    stats: numbersOrNull(row.stats, `${what} stats`),
    errors: stringsOf(row.errors, `${what} errors`),
    timings: numbersOrNull(row.timings, `${what} timings`),
  };
}

export interface OpportunityRow {
  id: string;
  runId: string;
  instanceId: string | null;
  instanceName: string | null;
  instrumentId: string;
  symbol: string;
  expiry: string | null;
  strike: string | null;
  right: 'C' | 'P' | null;
  bid: string | null;
  ask: string | null;
  mid: string | null;
  delta: number | null;
  dte: number | null;
  iv: number | null;
  ivRank: number | null;
  ror: number | null;
  annualizedRor: number | null;
  pop: number | null;
  volume: number | null;
  openInterest: number | null;
  spreadPct: number | null;
  score: number | null;
  rank: number | null;
  details: unknown;
  createdAt: Date;
}

export function toOpportunityRecord(row: OpportunityRow): OpportunityRecord {
  const { expiry, strike, right } = row;
  // Opportunities are option contracts; one pointing at anything else is a bug upstream.
  if (expiry === null || strike === null || right === null) {
    throw new Error(`opportunity ${row.id} refers to instrument ${row.instrumentId}, which is not an option`);
  }
  return {
    ...row,
    expiry,
    strike: Number(strike),
    right: right === 'C' ? 'call' : 'put',
    bid: numberOrNull(row.bid),
    ask: numberOrNull(row.ask),
    mid: numberOrNull(row.mid),
    details: objectOf(row.details ?? {}, `opportunity ${row.id} details`),
  };
}

export interface RecommendationRow {
  id: string;
  instanceId: string | null;
  instanceName: string | null;
  strategySlug: string | null;
  accountId: string;
  accountCode: string;
  runId: string | null;
  opportunityId: string | null;
  fingerprint: string | null;
  symbol: string;
  action: string;
  legs: unknown;
  quantity: string;
  limitPrice: string | null;
  spread: unknown;
  rationale: string | null;
  confidence: number | null;
  params: unknown;
  riskCheck: unknown;
  status: RecommendationStatus;
  decidedAt: Date | null;
  decisionReason: string | null;
  expiresAt: Date | null;
  createdAt: Date;
}

export function toRecommendationRecord(row: RecommendationRow): RecommendationRecord {
  const what = `recommendation ${row.id}`;
  if (!Array.isArray(row.legs)) throw new Error(`${what} legs is not a list`);
  return {
    ...row,
    legs: row.legs,
    quantity: Number(row.quantity),
    limitPrice: decimal(row.limitPrice),
    spread: spreadOf(row.spread, `${what} spread`),
    params: objectOrNull(row.params, `${what} params`),
    riskCheck: objectOrNull(row.riskCheck, `${what} risk_check`),
  };
}
