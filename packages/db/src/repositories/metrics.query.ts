// What /metrics reads at scrape time that no screen's query already answers: pending recommendations per account.
import type { AccountGaugeRecord, MetricsQuery } from '@optionstrader/application';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../query-rows';

export function createMetricsQuery(db: Db): MetricsQuery {
  return {
    async pendingRecommendations(at) {
      const rows = await queryRows<{ account_code: string; pending: number }>(
        db,
        sql`select a.account_code, count(r.id)::float8 as pending
            from broker_accounts a
            left join recommendations r on r.account_id = a.id and r.status = 'pending'
              and (r.expires_at is null or r.expires_at > ${at.toISOString()}::timestamptz)
            group by a.account_code order by a.account_code`,
      );
      return rows.map((row): AccountGaugeRecord => ({ accountCode: row.account_code, value: Number(row.pending) }));
    },
  };
}
