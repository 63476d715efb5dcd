// When the broker was last synchronised: overall, and per account (a full sync counts for every account of
// its broker; an account-filtered sync for that account). Only succeeded runs count. And the recent runs as one
// client may see them.
import type { SyncRunRecord, SyncRunsQuery } from '@optionstrader/application';
import { and, desc, eq, exists, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../query-rows';
import { brokerAccounts, syncRuns } from '../schema/index';
import { isUuid } from './is-uuid';
import { toSyncRunRecord } from './sync-runs.repository';

/** A part of an error that starts a new item: `CODE: message` (an account, `quotes`, `chains`). */
const ITEM = /^[^\s:;]+: /;

/**
 * The error without the items about other clients' accounts. The sync service joins one item per failure with
 * `; ` and prefixes an account's with its code; a part that does not start like an item continues the one before.
 */
export function withoutForeignAccounts(error: string | null, foreignCodes: ReadonlySet<string>): string | null {
  if (error === null || foreignCodes.size === 0) return error;
  const items: string[] = [];
  for (const part of error.split('; ')) {
    if (items.length === 0 || ITEM.test(part)) items.push(part);
    else items[items.length - 1] += `; ${part}`;
  }
  const kept = items.filter((item) => !foreignCodes.has(item.slice(0, item.indexOf(': '))));
  const hidden = items.length - kept.length;
  if (hidden === 0) return error;
  kept.push(hidden === 1 ? 'an account of another client failed' : `${hidden} accounts of other clients failed`);
  return kept.join('; ');
}

export function createSyncRunsQuery(db: Db): SyncRunsQuery {
  /** Full syncs and syncs of one of this client's accounts. */
  const visibleTo = (clientId: string): SQL | undefined =>
    or(
      isNull(syncRuns.accountCode),
      exists(
        db
          .select({ one: sql`1` })
          .from(brokerAccounts)
          .where(
            and(
              eq(brokerAccounts.clientId, clientId),
              eq(brokerAccounts.broker, syncRuns.broker),
              eq(brokerAccounts.accountCode, syncRuns.accountCode),
            ),
          ),
      ),
    );

  async function asSeenBy(clientId: string, runs: SyncRunRecord[]): Promise<SyncRunRecord[]> {
    if (!runs.some((run) => run.error !== null)) return runs;
    const foreign = await db
      .select({ broker: brokerAccounts.broker, code: brokerAccounts.accountCode })
      .from(brokerAccounts)
      .where(ne(brokerAccounts.clientId, clientId));
    return runs.map((run) => {
      const codes = new Set(foreign.filter((a) => a.broker === run.broker).map((a) => a.code));
      return { ...run, error: withoutForeignAccounts(run.error, codes) };
    });
  }

  return {
    async lastSync() {
      const [overall] = await queryRows<{ at: number | null }>(
        db,
        sql`select (extract(epoch from max(finished_at)) * 1000)::float8 as at
            from sync_runs where status = 'succeeded'`,
      );
      const rows = await queryRows<{ account_id: string; at: number }>(
        db,
        sql`select a.id::text as account_id, (extract(epoch from max(r.finished_at)) * 1000)::float8 as at
            from broker_accounts a
            join sync_runs r on r.broker = a.broker and (r.account_code is null or r.account_code = a.account_code)
            where r.status = 'succeeded' and r.finished_at is not null
            group by a.id`,
      );
      const at = overall?.at ?? null;
      return {
        at: at === null ? null : new Date(at),
        byAccount: new Map(rows.map((r) => [r.account_id, new Date(r.at)])),
      };
    },

    async recent(clientId, limit) {
      const rows = await db
        .select()
        .from(syncRuns)
        .where(visibleTo(clientId))
        .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
        .limit(limit);
      return asSeenBy(clientId, rows.map(toSyncRunRecord));
    },

    async get(clientId, runId) {
      if (!isUuid(runId)) return undefined;
      const [row] = await db
        .select()
        .from(syncRuns)
        .where(and(eq(syncRuns.id, runId), visibleTo(clientId)));
      return row ? (await asSeenBy(clientId, [toSyncRunRecord(row)]))[0] : undefined;
    },
  };
}
