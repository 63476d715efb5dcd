// The installation's recent errors in one list (the admin's Logs page): strategy runs that recorded errors, sync
// runs that ended with an error, and failed job attempts, read straight from their tables.
import type { ErrorRecord, ErrorsQuery, ErrorSource } from '@optionstrader/application';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../query-rows';

interface ErrorRow {
  source: ErrorSource;
  at_ms: number;
  message: string;
  reference_id: string;
  instance_name: string | null;
  account_code: string | null;
  job_name: string | null;
}

export function createErrorsQuery(db: Db): ErrorsQuery {
  return {
    async recent(limit) {
      // Each branch is ordered and limited on its own (their time indexes), then merged; times as epoch ms so
      // PGlite and node-postgres return the same values. Backtests are left out: their page shows their errors.
      const rows = await queryRows<ErrorRow>(
        db,
        sql`select * from (
          (select 'strategy_run' as source,
              (extract(epoch from coalesce(r.finished_at, r.started_at, r.created_at)) * 1000)::float8 as at_ms,
              (select string_agg(e, '; ') from jsonb_array_elements_text(r.errors) e) as message,
              r.id::text as reference_id, i.name as instance_name, a.account_code, null::text as job_name
            from strategy_runs r
            left join strategy_instances i on i.id = r.instance_id
            left join broker_accounts a on a.id = i.account_id
            where r.mode <> 'backtest' and jsonb_typeof(r.errors) = 'array' and jsonb_array_length(r.errors) > 0
            order by r.created_at desc limit ${limit})
          union all
          (select 'sync_run', (extract(epoch from coalesce(s.finished_at, s.started_at)) * 1000)::float8, s.error,
              s.id::text, null, s.account_code, null
            from sync_runs s where s.error is not null
            order by s.started_at desc limit ${limit})
          union all
          (select 'job_run', (extract(epoch from coalesce(j.finished_at, j.started_at)) * 1000)::float8,
              coalesce(j.error, 'failed without a message'), j.id::text, null, null, j.name
            from job_runs j where j.status = 'failed'
            order by j.started_at desc limit ${limit})
        ) merged order by at_ms desc, reference_id limit ${limit}`,
      );
      return rows.map((row): ErrorRecord => ({
        source: row.source,
        at: new Date(row.at_ms),
        message: row.message,
        referenceId: row.reference_id,
        instanceName: row.instance_name,
        accountCode: row.account_code,
        jobName: row.job_name,
      }));
    },
  };
}
