// Option chains from stored quotes: the expirations of an underlier, and calls | strike | puts for one expiry.
import { z } from 'zod';
import { decimalSchema } from './accounts';
import { marketDataTypeSchema, symbolSchema } from './positions';

export const chainUnderlyingsResponseSchema = z
  .object({
    underlyings: z.array(z.object({ symbol: z.string(), expirations: z.number().int() })),
  })
  .describe('ChainUnderlyingsResponse');
export type ChainUnderlyingsResponse = z.infer<typeof chainUnderlyingsResponseSchema>;

export const chainParamsSchema = z.object({ symbol: symbolSchema });
export const chainQuerySchema = z.strictObject({
  expiry: z.iso.date().optional().describe('YYYY-MM-DD; default: the nearest expiration'),
});

export const chainQuoteSchema = z
  .object({
    instrumentId: z.uuid(),
    occSymbol: z.string().nullable(),
    bid: decimalSchema.nullable(),
    ask: decimalSchema.nullable(),
    last: decimalSchema.nullable(),
    mark: decimalSchema.nullable(),
    impliedVol: z.number().nullable(),
    delta: z.number().nullable(),
    gamma: z.number().nullable(),
    theta: z.number().nullable(),
    vega: z.number().nullable(),
    volume: z.number().int().nullable(),
    openInterest: z.number().int().nullable(),
    asOf: z.iso.datetime().nullable(),
    dataType: marketDataTypeSchema.nullable(),
    stale: z.boolean(),
  })
  .describe('ChainQuote');
export type ChainQuote = z.infer<typeof chainQuoteSchema>;

export const chainRowSchema = z
  .object({ strike: decimalSchema, call: chainQuoteSchema.nullable(), put: chainQuoteSchema.nullable() })
  .describe('ChainRow');
export type ChainRow = z.infer<typeof chainRowSchema>;

export const chainResponseSchema = z
  .object({
    symbol: z.string(),
    underlyingPrice: decimalSchema.nullable(),
    underlyingAsOf: z.iso.datetime().nullable(),
    expirations: z.array(z.object({ expiry: z.iso.date(), dte: z.number().int() })),
    expiry: z.iso.date().nullable().describe('The expiration the rows are for; null when none is listed'),
    dte: z.number().int().nullable(),
    atmStrike: decimalSchema.nullable().describe('Strike nearest the underlier price'),
    asOf: z.iso.datetime().nullable().describe('Newest quote among the rows'),
    stale: z.boolean().describe('No quotes, or the newest is older than staleAfterSeconds'),
    staleAfterSeconds: z.number().int(),
    rows: z.array(chainRowSchema),
  })
  .describe('ChainResponse');
export type ChainResponse = z.infer<typeof chainResponseSchema>;
