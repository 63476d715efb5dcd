// Column-oriented European pricing for whole chains: typed arrays in, caller-owned typed arrays out,
// no allocation per contract (the scanner and the chain viewer run thousands of contracts at a time).

import {
  europeanGreeksInto,
  europeanPrice,
  DAYS_PER_YEAR,
  G_DELTA,
  G_DIVIDEND_RHO,
  G_GAMMA,
  G_PRICE,
  G_RHO,
  G_SIZE,
  G_THETA,
  G_VEGA,
} from './black-scholes';
import { europeanImpliedVolCode, ivStatus } from './implied-vol';
import type { OptionRight } from './types';

/** Per-contract rights (1 = call, 0 = put) or one right for the whole batch. */
export type RightColumn = Int8Array | Uint8Array | OptionRight;
/** Per-contract values or one value broadcast to every contract. */
export type NumberColumn = Float64Array | number;

export interface BatchContracts {
  right: RightColumn;
  S: NumberColumn;
  K: NumberColumn;
  T: NumberColumn;
  r: NumberColumn;
  q: NumberColumn;
}

export interface IvBatchInput extends BatchContracts {
  /** Observed option prices; their length is the batch length. */
  price: Float64Array;
}

export interface PricingBatchInput extends BatchContracts {
  sigma: NumberColumn;
}

/** One column per greek, in the units of `Greeks`, plus the price. */
export interface GreeksBatchOutput {
  price: Float64Array;
  delta: Float64Array;
  gamma: Float64Array;
  vega: Float64Array;
  theta: Float64Array;
  thetaPerDay: Float64Array;
  rho: Float64Array;
  dividendRho: Float64Array;
}

export function isCallAt(right: RightColumn, i: number): boolean {
  return typeof right === 'string' ? right === 'call' : right[i] === 1;
}

export function valueAt(column: NumberColumn, i: number): number {
  return typeof column === 'number' ? column : (column[i] ?? NaN);
}

/** The batch length: the common length of the array columns (a length mismatch is a caller bug). */
export function batchLength(columns: readonly (NumberColumn | RightColumn)[]): number {
  let n = -1;
  for (const c of columns) {
    if (typeof c === 'number' || typeof c === 'string') continue;
    if (n === -1) n = c.length;
    else if (c.length !== n) throw new RangeError(`batch columns differ in length: ${n} vs ${c.length}`);
  }
  return n === -1 ? 1 : n;
}

function outputColumn(out: Float64Array | undefined, n: number, name: string): Float64Array {
  if (out === undefined) return new Float64Array(n);
  if (out.length < n) throw new RangeError(`output column ${name} has length ${out.length} < ${n}`);
  return out;
}

/**
 * European implied vols of a batch into `out` (allocated when absent). NaN where there is none; the
 * outcome codes (see ivReason) go to `reasons` when given.
 */
export function europeanImpliedVolBatch(input: IvBatchInput, out?: Float64Array, reasons?: Uint8Array): Float64Array {
  const { right, S, K, T, r, q, price } = input;
  const n = batchLength([right, S, K, T, r, q, price]);
  const iv = outputColumn(out, n, 'iv');
  if (reasons !== undefined && reasons.length < n) throw new RangeError(`reasons has length ${reasons.length} < ${n}`);
  for (let i = 0; i < n; i++) {
    iv[i] = europeanImpliedVolCode(
      isCallAt(right, i),
      valueAt(S, i),
      valueAt(K, i),
      valueAt(T, i),
      valueAt(r, i),
      valueAt(q, i),
      price[i] ?? NaN,
    );
    if (reasons !== undefined) reasons[i] = ivStatus[0] ?? 0;
  }
  return iv;
}

/** European prices of a batch into `out` (allocated when absent). */
export function europeanPriceBatch(input: PricingBatchInput, out?: Float64Array): Float64Array {
  const { right, S, K, T, r, q, sigma } = input;
  const n = batchLength([right, S, K, T, r, q, sigma]);
  const price = outputColumn(out, n, 'price');
  for (let i = 0; i < n; i++) {
    price[i] = europeanPrice(
      isCallAt(right, i),
      valueAt(S, i),
      valueAt(K, i),
      valueAt(T, i),
      valueAt(r, i),
      valueAt(q, i),
      valueAt(sigma, i),
    );
  }
  return price;
}

const scratch = new Float64Array(G_SIZE);

/** European price and greeks of a batch into the given columns (missing ones are allocated). */
export function europeanGreeksBatch(input: PricingBatchInput, out: Partial<GreeksBatchOutput> = {}): GreeksBatchOutput {
  const { right, S, K, T, r, q, sigma } = input;
  const n = batchLength([right, S, K, T, r, q, sigma]);
  const res: GreeksBatchOutput = {
    price: outputColumn(out.price, n, 'price'),
    delta: outputColumn(out.delta, n, 'delta'),
    gamma: outputColumn(out.gamma, n, 'gamma'),
    vega: outputColumn(out.vega, n, 'vega'),
    theta: outputColumn(out.theta, n, 'theta'),
    thetaPerDay: outputColumn(out.thetaPerDay, n, 'thetaPerDay'),
    rho: outputColumn(out.rho, n, 'rho'),
    dividendRho: outputColumn(out.dividendRho, n, 'dividendRho'),
  };
  const { price, delta, gamma, vega, theta, thetaPerDay, rho, dividendRho } = res;
  const g = scratch;
  for (let i = 0; i < n; i++) {
    europeanGreeksInto(
      g,
      isCallAt(right, i),
      valueAt(S, i),
      valueAt(K, i),
      valueAt(T, i),
      valueAt(r, i),
      valueAt(q, i),
      valueAt(sigma, i),
    );
    price[i] = g[G_PRICE] ?? NaN;
    delta[i] = g[G_DELTA] ?? NaN;
    gamma[i] = g[G_GAMMA] ?? NaN;
    vega[i] = g[G_VEGA] ?? NaN;
    const th = g[G_THETA] ?? NaN;
    theta[i] = th;
    thetaPerDay[i] = th / DAYS_PER_YEAR;
    rho[i] = g[G_RHO] ?? NaN;
    dividendRho[i] = g[G_DIVIDEND_RHO] ?? NaN;
  }
  return res;
}
