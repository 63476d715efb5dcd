// Read API of broker accounts: list with latest snapshot, snapshot history, and the dashboard overview.
import type { Clock, ReadQueries, SnapshotRecord } from '@optionstrader/application';
import {
  accountSnapshotsResponseSchema,
  accountsResponseSchema,
  dashboardResponseSchema,
  errorBodySchema,
  snapshotsQuerySchema,
  uuidParamsSchema,
  type AccountSnapshot,
  type DashboardAccount,
  type DashboardTotals,
  type Freshness,
} from '@optionstrader/contracts';
import { addMoney, formatMoney, micros, newYorkDateOf, newYorkToUtc, parseMoney } from '@optionstrader/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clientOf } from '../access';

/** What the read routes (accounts, dashboard, positions, portfolios, chains) need. */
export interface ReadRoutesDeps {
  queries: ReadQueries;
  clock: Clock;
  /** A quote older than this is stale: flagged as such, never presented as current. */
  quoteStaleAfterMs: number;
}

export const DEFAULT_QUOTE_STALE_AFTER_MS = 5 * 60_000;

export const isoOrNull = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

/**
 * When a stored quote was last known to be current. The sync writes a quote only when it changed, so an
 * unchanged quote keeps its old `as_of`; every later successful sync re-confirmed it (a sync whose quotes
 * fail is a failed run). A stalled feed stops confirming, and the quote goes stale.
 */
export const confirmedAt = (asOf: Date | null | undefined, lastSyncAt: Date | null): Date | null =>
  !asOf ? null : lastSyncAt && lastSyncAt > asOf ? lastSyncAt : asOf;

export const isStale = (
  asOf: Date | null | undefined,
  now: Date,
  staleAfterMs: number,
  lastSyncAt: Date | null = null,
): boolean => {
  const confirmed = confirmedAt(asOf, lastSyncAt);
  return !confirmed || now.getTime() - confirmed.getTime() > staleAfterMs;
};

/** A ratio of two decimals (for display, not accounting); null when unknown or the denominator is not positive. */
export function ratioOf(numerator: string | null, denominator: string | null): number | null {
  if (numerator === null || denominator === null) return null;
  const bottom = Number(denominator);
  return bottom > 0 ? Number(numerator) / bottom : null;
}

const subtract = (a: string, b: string) => formatMoney(addMoney(parseMoney(a), micros(0n - parseMoney(b))));

export const toSnapshot = (snapshot: SnapshotRecord): AccountSnapshot => ({
  ...snapshot,
  asOf: snapshot.asOf.toISOString(),
  marginUsage: ratioOf(snapshot.maintMargin, snapshot.netLiquidation),
});

export function accountsRoutes(deps: ReadRoutesDeps): FastifyPluginAsyncZod {
  const { queries, clock } = deps;
  return async (app) => {
    app.get(
      '/accounts',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['accounts'],
          summary: 'Broker accounts with their latest balance snapshot',
          response: { 200: accountsResponseSchema, 401: errorBodySchema },
        },
      },
      async (request) => {
        const accounts = await queries.accounts.listClientAccounts(clientOf(request));
        return {
          accounts: accounts.map((account) => ({
            ...account,
            latestSnapshot: account.latestSnapshot ? toSnapshot(account.latestSnapshot) : null,
          })),
        };
      },
    );

    app.get(
      '/accounts/:id/snapshots',
      {
        // Unknown or another client's account: 404 from the access hook.
        config: { permission: 'read', owns: { 'params.id': 'account' } },
        schema: {
          tags: ['accounts'],
          summary: 'Balance snapshots of one account, oldest first (for charts)',
          params: uuidParamsSchema,
          querystring: snapshotsQuerySchema,
          response: {
            200: accountSnapshotsResponseSchema,
            400: errorBodySchema,
            401: errorBodySchema,
            404: errorBodySchema,
          },
        },
      },
      async (request) => {
        const { id } = request.params;
        const snapshots = await queries.accounts.snapshots(id, request.query.limit);
        return { accountId: id, snapshots: snapshots.map(toSnapshot) };
      },
    );

    app.get(
      '/dashboard',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['accounts'],
          summary: 'Per-account and total balances, margin usage, day P&L, last sync and data freshness',
          response: { 200: dashboardResponseSchema, 401: errorBodySchema },
        },
      },
      async (request) => {
        const now = clock.now();
        // Market data and the broker's sync are shared by every client; the accounts are the caller's client's.
        const [accounts, sync, newestQuoteAt] = await Promise.all([
          queries.accounts.listClientAccounts(clientOf(request)),
          queries.syncRuns.lastSync(),
          queries.marketData.newestQuoteAt(),
        ]);
        const rows: DashboardAccount[] = await Promise.all(
          accounts.map(async (account) => {
            const latest = account.latestSnapshot;
            const baseline = latest ? await dayBaseline(deps, account.id, latest) : undefined;
            const dayPnl =
              latest?.netLiquidation && baseline?.netLiquidation
                ? subtract(latest.netLiquidation, baseline.netLiquidation)
                : null;
            return {
              accountId: account.id,
              accountCode: account.accountCode,
              label: account.label,
              broker: account.broker,
              type: account.type,
              paper: account.paper,
              currency: latest?.currency ?? account.baseCurrency,
              snapshotAsOf: isoOrNull(latest?.asOf),
              netLiquidation: latest?.netLiquidation ?? null,
              cash: latest?.cash ?? null,
              buyingPower: latest?.buyingPower ?? null,
              maintMargin: latest?.maintMargin ?? null,
              excessLiquidity: latest?.excessLiquidity ?? null,
              marginUsage: latest ? ratioOf(latest.maintMargin, latest.netLiquidation) : null,
              positionsCount: account.positionsCount,
              dayPnl,
              dayPnlSince: dayPnl === null ? null : isoOrNull(baseline?.asOf),
              lastSyncAt: isoOrNull(sync.byAccount.get(account.id)),
            };
          }),
        );
        const confirmed = confirmedAt(newestQuoteAt, sync.at);
        const freshness: Freshness = {
          newestQuoteAt: isoOrNull(newestQuoteAt),
          ageSeconds: confirmed ? Math.max(0, Math.round((now.getTime() - confirmed.getTime()) / 1000)) : null,
          stale: isStale(newestQuoteAt, now, deps.quoteStaleAfterMs, sync.at),
          staleAfterSeconds: Math.round(deps.quoteStaleAfterMs / 1000),
        };
        return {
          asOf: now.toISOString(),
          accounts: rows,
          totals: totalsOf(rows),
          lastSyncAt: isoOrNull(sync.at),
          freshness,
        };
      },
    );
  };
}

/** The last snapshot of an earlier New York day than `latest`: what day P&L is measured against. */
function dayBaseline(deps: ReadRoutesDeps, accountId: string, latest: SnapshotRecord) {
  const startOfDay = new Date(newYorkToUtc(newYorkDateOf(latest.asOf.getTime()), 0));
  return deps.queries.accounts.snapshotBefore(accountId, startOfDay);
}

type MoneyField = 'netLiquidation' | 'cash' | 'buyingPower' | 'maintMargin' | 'dayPnl';

function totalsOf(rows: DashboardAccount[]): DashboardTotals {
  const currencies = new Set(rows.map((row) => row.currency));
  const positionsCount = rows.reduce((sum, row) => sum + row.positionsCount, 0);
  const single = currencies.size === 1 ? [...currencies][0] : undefined;
  if (single === undefined) {
    // No accounts, or several currencies: adding them up without FX rates would be wrong.
    return {
      currency: null,
      netLiquidation: null,
      cash: null,
      buyingPower: null,
      maintMargin: null,
      marginUsage: null,
      positionsCount,
      dayPnl: null,
      complete: rows.length === 0,
    };
  }
  const sum = (field: MoneyField, { allOrNothing = false } = {}): string | null => {
    const known = rows.map((row) => row[field]).filter((value): value is string => value !== null);
    if (known.length === 0 || (allOrNothing && known.length < rows.length)) return null;
    return formatMoney(addMoney(...known.map(parseMoney)));
  };
  const netLiquidation = sum('netLiquidation');
  const maintMargin = sum('maintMargin');
  return {
    currency: single,
    netLiquidation,
    cash: sum('cash'),
    buyingPower: sum('buyingPower'),
    maintMargin,
    marginUsage: ratioOf(maintMargin, netLiquidation),
    positionsCount,
    // A day P&L that leaves out an account would read as the whole book's.
    dayPnl: sum('dayPnl', { allOrNothing: true }),
    complete: rows.every((row) => row.netLiquidation !== null),
  };
}
