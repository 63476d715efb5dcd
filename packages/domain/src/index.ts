export * from './money';
export * from './math/normal-distribution';
export type * from './pricing/types';
export * from './pricing/api';
export * from './calendar';
export * from './instruments';
export * from './analytics';
