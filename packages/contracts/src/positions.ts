// Open positions with instrument, latest quote, value, P&L and (for options) greeks, DTE and moneyness.
import { z } from 'zod';
import { decimalSchema } from './accounts';

export const assetClassSchema = z.enum(['STK', 'ETF', 'IND', 'OPT', 'FUT']);
export const optionRightSchema = z.enum(['C', 'P']);
export const marketDataTypeSchema = z.enum(['live', 'delayed', 'frozen', 'model']);

/** Upper-cased ticker: letters, digits and . / ^ - (BRK.B, ^SPX). */
export const symbolSchema = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9.^/-]+$/, 'Not a ticker symbol')
  .transform((text) => text.toUpperCase());

export const positionsQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  portfolioId: z.uuid().optional(),
  underlying: symbolSchema.optional(),
});
export type PositionsFilter = z.input<typeof positionsQuerySchema>;

export const positionSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    accountCode: z.string(),
    accountLabel: z.string().nullable(),
    portfolioId: z.uuid().nullable(),
    portfolioName: z.string().nullable(),
    instrumentId: z.uuid(),
    symbol: z.string(),
    underlying: z.string().describe('Underlier symbol (the symbol itself for stock)'),
    assetClass: assetClassSchema,
    expiry: z.iso.date().nullable(),
    strike: decimalSchema.nullable(),
    right: optionRightSchema.nullable(),
    multiplier: decimalSchema,
    currency: z.string(),
    occSymbol: z.string().nullable(),
    quantity: decimalSchema.describe("Signed: negative is short. Net of the broker's book and the paper book"),
    paperQuantity: z
      .number()
      .describe("The paper book's part of quantity (fills of paper orders; 0 when only the broker holds it)"),
    avgCost: decimalSchema
      .nullable()
      .describe('As the broker reports it (options: per contract); with a paper part, net cost basis ÷ quantity'),
    avgPrice: decimalSchema.nullable().describe('Average cost per share / per unit of premium'),
    costBasis: decimalSchema.nullable(),
    mark: decimalSchema.nullable().describe('Latest mark (or bid/ask mid) per unit'),
    marketValue: decimalSchema.nullable(),
    unrealizedPnl: decimalSchema.nullable(),
    unrealizedPnlPercent: z.number().nullable().describe('Unrealized P&L ÷ |cost basis|'),
    valuation: z
      .enum(['quote', 'broker'])
      .nullable()
      .describe('quote: from the latest quote; broker: as the broker last reported; null: unknown'),
    positionAsOf: z.iso.datetime(),
    quoteAsOf: z.iso.datetime().nullable(),
    quoteDataType: marketDataTypeSchema.nullable(),
    stale: z.boolean().describe('No quote, or the quote is older than the staleness limit'),
    impliedVol: z.number().nullable(),
    delta: z.number().nullable(),
    gamma: z.number().nullable(),
    theta: z.number().nullable(),
    vega: z.number().nullable(),
    positionDelta: z.number().nullable().describe('Share-equivalent delta: delta × quantity × multiplier'),
    dte: z.number().int().nullable().describe('Calendar days to expiry (New York date)'),
    underlyingPrice: decimalSchema.nullable(),
    moneyness: z.enum(['ITM', 'ATM', 'OTM']).nullable(),
    moneynessPercent: z
      .number()
      .nullable()
      .describe('Distance of the underlier from the strike ÷ underlier price; positive in the money'),
  })
  .describe('Position');
export type Position = z.infer<typeof positionSchema>;

export const positionsResponseSchema = z
  .object({ asOf: z.iso.datetime(), staleAfterSeconds: z.number().int(), positions: z.array(positionSchema) })
  .describe('PositionsResponse');
export type PositionsResponse = z.infer<typeof positionsResponseSchema>;
