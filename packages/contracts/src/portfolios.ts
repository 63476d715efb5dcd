// Portfolios: the sleeves inside a broker account ("Wheel book", "TFSA CC").
import { z } from 'zod';

export const portfolioSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    accountId: z.uuid(),
    accountCode: z.string(),
    accountLabel: z.string().nullable(),
    positionsCount: z.number().int(),
    strategiesCount: z.number().int().describe('Strategy instances assigned to this sleeve'),
    createdAt: z.iso.datetime(),
  })
  .describe('Portfolio');
export type Portfolio = z.infer<typeof portfolioSchema>;

export const portfoliosResponseSchema = z
  .object({ portfolios: z.array(portfolioSchema) })
  .describe('PortfoliosResponse');
export type PortfoliosResponse = z.infer<typeof portfoliosResponseSchema>;
