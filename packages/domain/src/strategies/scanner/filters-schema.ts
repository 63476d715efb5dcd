// The scanner's filters and score method as zod schemas, for plugin configs (every field has a default and a
// description, so the UI can render the form). Plugins embed whole schemas or single fields (`.shape.maxSpreadPct`).
import { z } from 'zod';
import type { ScanFilters, ScoreMethod } from './scan-types';

/** Defaults of a general short-option scan: puts, |Δ| 0.15–0.35, 14–45 DTE, a liquid and tight market. */
export const DEFAULT_SCAN_FILTERS: ScanFilters = {
  rights: ['put'],
  minAbsDelta: 0.15,
  maxAbsDelta: 0.35,
  minDte: 14,
  maxDte: 45,
  minIv: null,
  maxIv: null,
  minIvRank: null,
  maxIvRank: null,
  minVolume: null,
  minOpenInterest: 100,
  maxSpreadPct: 0.15,
  minCredit: 0.1,
  minPrice: null,
  maxPrice: null,
  minStrike: null,
  maxStrike: null,
};

const fraction = z.number().min(0).max(1);
const nonNegative = z.number().min(0);

/** The filter fields with the given defaults (so a plugin can keep the descriptions and change the defaults). */
function filterFields(d: ScanFilters) {
  return {
    rights: z
      .array(z.enum(['call', 'put']))
      .min(1)
      .default([...d.rights])
      .describe('Option rights to scan'),
    minAbsDelta: fraction.nullable().default(d.minAbsDelta).describe('Lowest |delta| accepted (none when empty)'),
    maxAbsDelta: fraction.nullable().default(d.maxAbsDelta).describe('Highest |delta| accepted (none when empty)'),
    minDte: z.int().min(0).default(d.minDte).describe('Fewest calendar days to expiry'),
    maxDte: z.int().min(0).default(d.maxDte).describe('Most calendar days to expiry'),
    minIv: nonNegative.nullable().default(d.minIv).describe('Lowest implied vol (0.25 = 25%)'),
    maxIv: nonNegative.nullable().default(d.maxIv).describe('Highest implied vol (0.25 = 25%)'),
    minIvRank: fraction.nullable().default(d.minIvRank).describe('Lowest IV rank of the underlier (0..1)'),
    maxIvRank: fraction.nullable().default(d.maxIvRank).describe('Highest IV rank of the underlier (0..1)'),
    minVolume: z.int().min(0).nullable().default(d.minVolume).describe('Fewest contracts traded today'),
    minOpenInterest: z.int().min(0).nullable().default(d.minOpenInterest).describe('Least open interest'),
    maxSpreadPct: nonNegative
      .nullable()
      .default(d.maxSpreadPct)
      .describe('Widest bid-ask spread as a fraction of the mid (0.10 = 10%)'),
    minCredit: nonNegative
      .nullable()
      .default(d.minCredit)
      .describe('Least premium per share received when selling (the mid)'),
    minPrice: nonNegative.nullable().default(d.minPrice).describe('Lowest option price per share (the mid)'),
    maxPrice: nonNegative.nullable().default(d.maxPrice).describe('Highest option price per share (the mid)'),
    minStrike: nonNegative.nullable().default(d.minStrike).describe('Lowest strike'),
    maxStrike: nonNegative.nullable().default(d.maxStrike).describe('Highest strike'),
  };
}

const ordered = (low: number | null, high: number | null) => low === null || high === null || low <= high;

/** A filters schema whose defaults are `DEFAULT_SCAN_FILTERS` overridden by `defaults`. */
export function scanFiltersSchemaWith(defaults: Partial<ScanFilters> = {}) {
  return z
    .object(filterFields({ ...DEFAULT_SCAN_FILTERS, ...defaults }))
    .refine((f) => f.minDte <= f.maxDte, { message: 'minDte must not exceed maxDte', path: ['minDte'] })
    .refine((f) => ordered(f.minAbsDelta, f.maxAbsDelta), {
      message: 'minAbsDelta must not exceed maxAbsDelta',
      path: ['minAbsDelta'],
    })
    .describe('Scan filters') satisfies z.ZodType<ScanFilters>;
}

export const scanFiltersSchema = scanFiltersSchemaWith();

export const SCORE_METHODS = [
  'balanced',
  'annualized_ror',
  'pop',
  'liquidity',
  'iv_rank',
] as const satisfies readonly ScoreMethod[];

export const scoreMethodSchema = z
  .enum(SCORE_METHODS)
  .default('balanced')
  .describe(
    'How candidates are ranked: balanced (0.4 annualized return capped at 100% + 0.3 POP + 0.2 liquidity + 0.1 IV rank), annualized return, POP, liquidity or IV rank',
  );

/** Complete filters from a partial set (missing fields take the defaults); throws on invalid values. */
export function scanFiltersFor(partial: Partial<ScanFilters> = {}): ScanFilters {
  return scanFiltersSchema.parse(partial);
}
