// A pending sell-put recommendation as the strategy runner stores it, for tests and benchmarks that approve one
// without running a strategy (the crash tests, gateway drops, the order benchmark).
import type { BrokerContract } from '@optionstrader/application';
import { schema, type Database } from '@optionstrader/db';

export interface PutRecommendationInput {
  accountId: string;
  put: BrokerContract;
  quote: { bid: number; ask: number };
  quantity: number;
  /** Unique per pending recommendation of an instance (here: per test). */
  fingerprint: string;
  expiresAt: Date;
}

/** Inserts it at the quote's mid; returns its id. */
export async function insertPutRecommendation(db: Database['db'], input: PutRecommendationInput): Promise<string> {
  const { put, quote } = input;
  const mid = (quote.bid + quote.ask) / 2;
  const [row] = await db
    .insert(schema.recommendations)
    .values({
      accountId: input.accountId,
      symbol: put.symbol,
      action: 'sell_put',
      legs: [
        {
          symbol: put.symbol,
          kind: 'option',
          right: 'put',
          strike: Number(put.strike),
          expiry: put.expiry,
          multiplier: put.multiplier ?? 100,
          side: 'SELL',
          ratio: 1,
          bid: quote.bid,
          ask: quote.ask,
          mid,
        },
      ],
      quantity: String(input.quantity),
      limitPrice: mid.toFixed(4),
      spread: { bid: quote.bid, ask: quote.ask },
      status: 'pending',
      fingerprint: input.fingerprint,
      expiresAt: input.expiresAt,
    })
    .returning({ id: schema.recommendations.id });
  if (!row) throw new Error('no recommendation inserted');
  return row.id;
}
