// Read API of open positions: instrument, value and P&L from the latest quote, greeks, DTE and moneyness.
import type { PositionRecord } from '@optionstrader/application';
import {
  errorBodySchema,
  positionsQuerySchema,
  positionsResponseSchema,
  type Position,
} from '@optionstrader/contracts';
import { calendarDaysToExpiry, newYorkDateOf, parseIsoDate } from '@optionstrader/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clientOf } from '../access';
import { isoOrNull, isStale, ratioOf, type ReadRoutesDeps } from './accounts.routes';

/** Within this fraction of the underlier price, an option counts as at the money. */
const ATM_BAND = 0.005;

export function moneynessOf(
  right: 'C' | 'P',
  strike: number,
  spot: number,
): { moneyness: 'ITM' | 'ATM' | 'OTM'; percent: number } {
  const percent = (right === 'C' ? spot - strike : strike - spot) / spot;
  return { moneyness: Math.abs(percent) < ATM_BAND ? 'ATM' : percent > 0 ? 'ITM' : 'OTM', percent };
}

function toPosition(record: PositionRecord, now: Date, staleAfterMs: number, lastSyncAt: Date | null): Position {
  const { quote, positionAsOf, costBasis, unrealizedPnl, ...rest } = record;
  const isOption = record.assetClass === 'OPT';
  const quantity = Number(record.quantity);
  const multiplier = Number(record.multiplier);
  const strike = record.strike === null ? null : Number(record.strike);
  const spot = record.underlyingPrice === null ? null : Number(record.underlyingPrice);
  const moneyness =
    isOption && record.right && strike !== null && spot !== null && spot > 0
      ? moneynessOf(record.right, strike, spot)
      : null;
  const delta = quote?.delta ?? null;
  const basisAbs = costBasis === null ? null : Math.abs(Number(costBasis)).toString();
  return {
    ...rest,
    paperQuantity: record.paperQuantity,
    costBasis,
    unrealizedPnl,
    unrealizedPnlPercent: ratioOf(unrealizedPnl, basisAbs),
    positionAsOf: positionAsOf.toISOString(),
    quoteAsOf: isoOrNull(quote?.asOf),
    quoteDataType: quote?.dataType ?? null,
    stale: isStale(quote?.asOf, now, staleAfterMs, lastSyncAt),
    impliedVol: quote?.impliedVol ?? null,
    delta,
    gamma: quote?.gamma ?? null,
    theta: quote?.theta ?? null,
    vega: quote?.vega ?? null,
    // Stock is one share of delta per share; an option's is its delta per share times contracts × multiplier.
    positionDelta: isOption ? (delta === null ? null : delta * quantity * multiplier) : quantity * multiplier,
    dte:
      isOption && record.expiry
        ? calendarDaysToExpiry(newYorkDateOf(now.getTime()), parseIsoDate(record.expiry))
        : null,
    moneyness: moneyness?.moneyness ?? null,
    moneynessPercent: moneyness?.percent ?? null,
  };
}

export function positionsRoutes(deps: ReadRoutesDeps): FastifyPluginAsyncZod {
  const { queries, clock } = deps;
  return async (app) => {
    app.get(
      '/positions',
      {
        // A filter naming another client's account or portfolio: 404 from the access hook.
        config: { permission: 'read', owns: { 'query.accountId': 'account', 'query.portfolioId': 'portfolio' } },
        schema: {
          tags: ['positions'],
          summary: 'Open positions with latest mark, value, unrealized P&L and option greeks',
          querystring: positionsQuerySchema,
          response: { 200: positionsResponseSchema, 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) => {
        const { accountId, portfolioId, underlying } = request.query;
        const now = clock.now();
        const [records, sync] = await Promise.all([
          queries.positions.listClientPositions(clientOf(request), { accountId, portfolioId, underlying }),
          queries.syncRuns.lastSync(),
        ]);
        return {
          asOf: now.toISOString(),
          staleAfterSeconds: Math.round(deps.quoteStaleAfterMs / 1000),
          positions: records.map((record) => toPosition(record, now, deps.quoteStaleAfterMs, sync.at)),
        };
      },
    );
  };
}
