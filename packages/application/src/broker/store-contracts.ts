// Contracts the application met outside a sync (a strategy's chains, an order's legs): their instruments, broker
// contract ids and quotes, stored in one transaction so later reads (positions, orders, opportunities) can join them.
import type { BrokerContract, BrokerQuote, IngestRepository } from '../ports';
import { collectInstruments, quoteValuesOf } from '../sync/translate';

/** Returns instrument ids by canonical key. */
export async function storeContracts(
  ingest: IngestRepository,
  contracts: BrokerContract[],
  quotes: BrokerQuote[],
): Promise<Map<string, string>> {
  if (contracts.length === 0) return new Map();
  const collected = collectInstruments(contracts);
  return ingest.transaction(async (w) => {
    const { ids } = await w.upsertInstruments(collected.instruments);
    await w.upsertContracts(collected.contracts, ids);
    const inputs = quotes.flatMap((quote) => {
      const instrumentId = ids.get(quote.key);
      return instrumentId === undefined ? [] : [{ ...quoteValuesOf(quote), instrumentId, asOf: quote.asOf }];
    });
    if (inputs.length > 0) await w.insertQuotes(inputs);
    return ids;
  });
}
