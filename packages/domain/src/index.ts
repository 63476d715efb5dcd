export * from './money';
export { erf, erfc, erfcx, normCdf, normInv, normPdf } from './math/normal-distribution';
export type * from './pricing/types';
export * from './pricing/api';
export * from './calendar';
export * from './instruments';
export * from './analytics';
export * from './risk';
export * from './strategies';
