// Read API of option chains from stored quotes: underliers with options, and calls | strike | puts of one expiry.
import type { ChainOptionRecord, QuoteRecord } from '@optionstrader/application';
import {
  chainParamsSchema,
  chainQuerySchema,
  chainResponseSchema,
  chainUnderlyingsResponseSchema,
  errorBodySchema,
  type ChainQuote,
  type ChainRow,
} from '@optionstrader/contracts';
import { calendarDaysToExpiry, newYorkDateOf, parseIsoDate } from '@optionstrader/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../app-error';
import { isoOrNull, isStale, type ReadRoutesDeps } from './accounts.routes';

function toChainQuote(option: ChainOptionRecord, now: Date, staleAfterMs: number, lastSyncAt: Date | null): ChainQuote {
  const quote = option.quote;
  return {
    instrumentId: option.instrumentId,
    occSymbol: option.occSymbol,
    bid: quote?.bid ?? null,
    ask: quote?.ask ?? null,
    last: quote?.last ?? null,
    mark: quote?.mark ?? null,
    impliedVol: quote?.impliedVol ?? null,
    delta: quote?.delta ?? null,
    gamma: quote?.gamma ?? null,
    theta: quote?.theta ?? null,
    vega: quote?.vega ?? null,
    volume: quote?.volume ?? null,
    openInterest: quote?.openInterest ?? null,
    asOf: isoOrNull(quote?.asOf),
    dataType: quote?.dataType ?? null,
    stale: isStale(quote?.asOf, now, staleAfterMs, lastSyncAt),
  };
}

/** The underlier's price: its own latest quote (mark, else last), else the newest price the option quotes carry. */
function underlierPrice(own: QuoteRecord | null, options: ChainOptionRecord[]): { price: string; asOf: Date } | null {
  const ownPrice = own?.mark ?? own?.last ?? null;
  if (own && ownPrice !== null) return { price: ownPrice, asOf: own.asOf };
  let best: { price: string; asOf: Date } | null = null;
  for (const { quote } of options) {
    if (quote?.underlyingPrice && (!best || quote.asOf > best.asOf))
      best = { price: quote.underlyingPrice, asOf: quote.asOf };
  }
  return best;
}

export function chainsRoutes(deps: ReadRoutesDeps): FastifyPluginAsyncZod {
  const { queries, clock, quoteStaleAfterMs } = deps;
  return async (app) => {
    app.get(
      '/chains',
      {
        // Market data is shared by every client.
        config: { permission: 'read' },
        schema: {
          tags: ['chains'],
          summary: 'Underliers that have options (not yet expired) in the store',
          response: { 200: chainUnderlyingsResponseSchema, 401: errorBodySchema },
        },
      },
      async () => ({ underlyings: await queries.chains.underlyings(newYorkDateOf(clock.now().getTime())) }),
    );

    app.get(
      '/chains/:symbol',
      {
        // Market data is shared by every client.
        config: { permission: 'read' },
        schema: {
          tags: ['chains'],
          summary: 'Expirations of an underlier and, for one of them, calls | strike | puts from the latest quotes',
          params: chainParamsSchema,
          querystring: chainQuerySchema,
          response: { 200: chainResponseSchema, 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) => {
        const { symbol } = request.params;
        const now = clock.now();
        const today = newYorkDateOf(now.getTime());
        if (!(await queries.chains.symbolExists(symbol)))
          throw new AppError(404, 'NOT_FOUND', `No instrument ${symbol}`);
        const expiries = await queries.chains.expirations(symbol, today);
        const wanted = request.query.expiry;
        if (wanted !== undefined && !expiries.includes(wanted))
          throw new AppError(404, 'NOT_FOUND', `No ${symbol} options expire on ${wanted}`);
        const expiry = wanted ?? expiries[0] ?? null;
        const [options, own, sync] = await Promise.all([
          expiry ? queries.chains.options(symbol, expiry) : Promise.resolve([]),
          queries.chains.underlyingQuote(symbol),
          queries.syncRuns.lastSync(),
        ]);
        const lastSyncAt = sync.at;

        const byStrike = new Map<string, ChainRow>();
        for (const option of options) {
          const row = byStrike.get(option.strike) ?? { strike: option.strike, call: null, put: null };
          row[option.right === 'C' ? 'call' : 'put'] = toChainQuote(option, now, quoteStaleAfterMs, lastSyncAt);
          byStrike.set(option.strike, row);
        }
        const rows = [...byStrike.values()].sort((a, b) => Number(a.strike) - Number(b.strike));
        const underlying = underlierPrice(own, options);
        const spot = underlying ? Number(underlying.price) : null;
        const atm =
          spot === null
            ? null
            : rows.reduce<ChainRow | null>(
                (best, row) =>
                  !best || Math.abs(Number(row.strike) - spot) < Math.abs(Number(best.strike) - spot) ? row : best,
                null,
              );
        const newest = options.reduce<Date | null>(
          (max, { quote }) => (quote && (!max || quote.asOf > max) ? quote.asOf : max),
          null,
        );
        const dteOf = (date: string) => calendarDaysToExpiry(today, parseIsoDate(date));
        return {
          symbol,
          underlyingPrice: underlying?.price ?? null,
          underlyingAsOf: isoOrNull(underlying?.asOf),
          expirations: expiries.map((date) => ({ expiry: date, dte: dteOf(date) })),
          expiry,
          dte: expiry ? dteOf(expiry) : null,
          atmStrike: atm?.strike ?? null,
          asOf: isoOrNull(newest),
          stale: isStale(newest, now, quoteStaleAfterMs, lastSyncAt),
          staleAfterSeconds: Math.round(quoteStaleAfterMs / 1000),
          rows,
        };
      },
    );
  };
}
