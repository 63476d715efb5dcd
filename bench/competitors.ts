// The npm packages a TypeScript user would otherwise pick, behind typed signatures (they ship no types).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type Right = 'call' | 'put';

export const blackScholesPackage = require('black-scholes') as {
  blackScholes(s: number, k: number, t: number, v: number, r: number, callPut: Right): number;
};
export const greeksPackage = require('greeks') as {
  getDelta(s: number, k: number, t: number, v: number, r: number, callPut: Right): number;
  getGamma(s: number, k: number, t: number, v: number, r: number): number;
  /** per 1% of vol */
  getVega(s: number, k: number, t: number, v: number, r: number): number;
  /** per day (scale 365) */
  getTheta(s: number, k: number, t: number, v: number, r: number, callPut: Right): number;
  /** per 1% of rate */
  getRho(s: number, k: number, t: number, v: number, r: number, callPut: Right): number;
};
export const impliedVolatilityPackage = require('implied-volatility') as {
  getImpliedVolatility(
    price: number,
    s: number,
    k: number,
    t: number,
    r: number,
    callPut: Right,
    estimate?: number,
  ): number;
};
