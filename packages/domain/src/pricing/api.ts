// The option-pricing entry points: European (Black-Scholes-Merton with yield q) by default, the
// American engines when `options.style` is 'american'. Scalar and column (batch) forms.

import { americanGreeks, americanImpliedVolResult, americanPrice } from './american/index';
import {
  batchLength,
  europeanGreeksBatch,
  europeanImpliedVolBatch,
  europeanPriceBatch,
  isCallAt,
  valueAt,
  type GreeksBatchOutput,
  type IvBatchInput,
  type PricingBatchInput,
} from './batch';
import { bsmGreeks, bsmPrice } from './black-scholes';
import {
  europeanImpliedVolResult,
  IV_ABOVE_MAXIMUM,
  IV_BELOW_INTRINSIC,
  IV_INVALID_INPUT,
  IV_NO_CONVERGENCE,
  IV_OK,
} from './implied-vol';
import type { Greeks, IvFailure, IvInput, IvResult, OptionInput, PricingOptions } from './types';

export { black76Greeks, black76Price, europeanSecondOrder } from './black-scholes';
export { black76ImpliedVolResult } from './implied-vol';
export { ivReason } from './implied-vol';
export type {
  BatchContracts,
  GreeksBatchOutput,
  IvBatchInput,
  NumberColumn,
  PricingBatchInput,
  RightColumn,
} from './batch';

/** Batch options: the exercise style, and where to write per-contract IV outcome codes (see ivReason). */
export interface IvBatchOptions extends PricingOptions {
  reasons?: Uint8Array;
}

const isAmerican = (options: PricingOptions | undefined): boolean => options?.style === 'american';

/** Option price; NaN for invalid input. */
export function price(input: OptionInput, options?: PricingOptions): number {
  return isAmerican(options) ? americanPrice(input, options) : bsmPrice(input);
}

/** Greeks (units in `Greeks`); NaN fields for invalid input. */
export function greeks(input: OptionInput, options?: PricingOptions): Greeks {
  return isAmerican(options) ? americanGreeks(input, options) : bsmGreeks(input);
}

/** Implied vol with the reason when the price has none. */
export function impliedVolResult(input: IvInput, options?: PricingOptions): IvResult {
  return isAmerican(options) ? americanImpliedVolResult(input, options) : europeanImpliedVolResult(input);
}

/** Implied vol, NaN when the price is outside the no-arbitrage bounds or the input is invalid. */
export function impliedVol(input: IvInput, options?: PricingOptions): number {
  return impliedVolResult(input, options).iv;
}

const REASON_CODES: Record<IvFailure, number> = {
  below_intrinsic: IV_BELOW_INTRINSIC,
  above_maximum: IV_ABOVE_MAXIMUM,
  invalid_input: IV_INVALID_INPUT,
  no_convergence: IV_NO_CONVERGENCE,
};

/**
 * Implied vols of a batch (right: 1 = call, 0 = put, or one right for all) into `out`. European batches
 * allocate nothing per contract; American ones go contract by contract through the American engine.
 */
export function impliedVolBatch(input: IvBatchInput, out?: Float64Array, options?: IvBatchOptions): Float64Array {
  if (!isAmerican(options)) return europeanImpliedVolBatch(input, out, options?.reasons);
  const { right, S, K, T, r, q, price: prices } = input;
  const n = batchLength([right, S, K, T, r, q, prices]);
  const iv = out ?? new Float64Array(n);
  const reasons = options?.reasons;
  if (iv.length < n || (reasons !== undefined && reasons.length < n))
    throw new RangeError('output shorter than the batch');
  for (let i = 0; i < n; i++) {
    const res = americanImpliedVolResult(
      {
        right: isCallAt(right, i) ? 'call' : 'put',
        S: valueAt(S, i),
        K: valueAt(K, i),
        T: valueAt(T, i),
        r: valueAt(r, i),
        q: valueAt(q, i),
        price: prices[i] ?? NaN,
      },
      options,
    );
    iv[i] = res.iv;
    if (reasons !== undefined) reasons[i] = res.ok ? IV_OK : REASON_CODES[res.reason];
  }
  return iv;
}

/** Prices of a batch into `out`. */
export function priceBatch(input: PricingBatchInput, out?: Float64Array, options?: PricingOptions): Float64Array {
  if (!isAmerican(options)) return europeanPriceBatch(input, out);
  const n = batchLength([input.right, input.S, input.K, input.T, input.r, input.q, input.sigma]);
  const res = out ?? new Float64Array(n);
  if (res.length < n) throw new RangeError('output shorter than the batch');
  for (let i = 0; i < n; i++) res[i] = americanPrice(contractAt(input, i), options);
  return res;
}

/** Price and greeks of a batch into the given columns (missing columns are allocated). */
export function greeksBatch(
  input: PricingBatchInput,
  out?: Partial<GreeksBatchOutput>,
  options?: PricingOptions,
): GreeksBatchOutput {
  if (!isAmerican(options)) return europeanGreeksBatch(input, out);
  const n = batchLength([input.right, input.S, input.K, input.T, input.r, input.q, input.sigma]);
  const col = (c: Float64Array | undefined): Float64Array => {
    if (c !== undefined && c.length < n) throw new RangeError('output shorter than the batch');
    return c ?? new Float64Array(n);
  };
  const res: GreeksBatchOutput = {
    price: col(out?.price),
    delta: col(out?.delta),
    gamma: col(out?.gamma),
    vega: col(out?.vega),
    theta: col(out?.theta),
    thetaPerDay: col(out?.thetaPerDay),
    rho: col(out?.rho),
    dividendRho: col(out?.dividendRho),
  };
  for (let i = 0; i < n; i++) {
    const c = contractAt(input, i);
    const g = americanGreeks(c, options);
    res.price[i] = americanPrice(c, options);
    res.delta[i] = g.delta;
    res.gamma[i] = g.gamma;
    res.vega[i] = g.vega;
    res.theta[i] = g.theta;
    res.thetaPerDay[i] = g.thetaPerDay;
    res.rho[i] = g.rho;
    res.dividendRho[i] = g.dividendRho;
  }
  return res;
}

function contractAt(input: PricingBatchInput, i: number): OptionInput {
  return {
    right: isCallAt(input.right, i) ? 'call' : 'put',
    S: valueAt(input.S, i),
    K: valueAt(input.K, i),
    T: valueAt(input.T, i),
    r: valueAt(input.r, i),
    q: valueAt(input.q, i),
    sigma: valueAt(input.sigma, i),
  };
}
