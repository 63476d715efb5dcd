// The daily summary's reads, from the ports that exist: memberships, accounts with their snapshots, recommendations.
import { addMoney, formatMoney, micros, newYorkDateOf, newYorkToUtc, parseMoney } from '@optionstrader/domain';
import type { AccessRepository, AccountsQuery, DailySummarySource, SnapshotRecord, StrategyRepository } from '../ports';

/** Counted up to this; a client with more pending recommendations than this has a different problem. */
const PENDING_COUNT_LIMIT = 1_000;

/** Latest NLV minus the last snapshot of an earlier New York day (as the dashboard measures it); null if unknown. */
export async function dayPnlOf(
  accounts: Pick<AccountsQuery, 'snapshotBefore'>,
  accountId: string,
  latest: SnapshotRecord | null,
): Promise<string | null> {
  if (!latest?.netLiquidation) return null;
  const startOfDay = new Date(newYorkToUtc(newYorkDateOf(latest.asOf.getTime()), 0));
  const baseline = await accounts.snapshotBefore(accountId, startOfDay);
  if (!baseline?.netLiquidation) return null;
  return formatMoney(addMoney(parseMoney(latest.netLiquidation), micros(0n - parseMoney(baseline.netLiquidation))));
}

export function createDailySummarySource(deps: {
  access: Pick<AccessRepository, 'membershipsOf'>;
  accounts: Pick<AccountsQuery, 'listClientAccounts' | 'snapshotBefore'>;
  strategies: Pick<StrategyRepository, 'listClientRecommendations'>;
}): DailySummarySource {
  return {
    async clientsOf(userId) {
      const memberships = await deps.access.membershipsOf(userId);
      return memberships.map((m) => ({ clientId: m.clientId, clientName: m.clientName }));
    },
    async accounts(clientId) {
      const accounts = await deps.accounts.listClientAccounts(clientId);
      return Promise.all(
        accounts.map(async (account) => ({
          accountCode: account.accountCode,
          label: account.label,
          currency: account.latestSnapshot?.currency ?? account.baseCurrency,
          netLiquidation: account.latestSnapshot?.netLiquidation ?? null,
          dayPnl: await dayPnlOf(deps.accounts, account.id, account.latestSnapshot),
          positionsCount: account.positionsCount,
          snapshotAsOf: account.latestSnapshot?.asOf ?? null,
        })),
      );
    },
    async pendingRecommendations(clientId) {
      const pending = await deps.strategies.listClientRecommendations(clientId, {
        status: 'pending',
        limit: PENDING_COUNT_LIMIT,
      });
      return pending.length;
    },
  };
}
