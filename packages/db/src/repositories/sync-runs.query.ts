// When the broker was last synchronised: overall, and per account (a full sync counts for every account of
// its broker; an account-filtered sync for that account). Only succeeded runs count.
import type { SyncRunsQuery } from '@optionstrader/application';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../query-rows';

export function createSyncRunsQuery(db: Db): SyncRunsQuery {
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
  };
}
