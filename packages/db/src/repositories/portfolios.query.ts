// Portfolios (sleeves inside broker accounts) with their account and how much they hold.
import type { PortfoliosQuery } from '@optionstrader/application';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../query-rows';

interface PortfolioRow {
  id: string;
  name: string;
  account_id: string;
  account_code: string;
  account_label: string | null;
  positions_count: number;
  strategies_count: number;
  created_at_ms: number;
}

export function createPortfoliosQuery(db: Db): PortfoliosQuery {
  return {
    async list(clientId) {
      const rows = await queryRows<PortfolioRow>(
        db,
        sql`select pf.id, pf.name, pf.account_id, a.account_code, a.label as account_label,
              (select count(*) from positions p where p.portfolio_id = pf.id and p.quantity <> 0)::int as positions_count,
              (select count(*) from strategy_instances si where si.portfolio_id = pf.id)::int as strategies_count,
              (extract(epoch from pf.created_at) * 1000)::float8 as created_at_ms
            from portfolios pf join broker_accounts a on a.id = pf.account_id
            where a.client_id = ${clientId}
            order by a.account_code, pf.name`,
      );
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        accountId: row.account_id,
        accountCode: row.account_code,
        accountLabel: row.account_label,
        positionsCount: row.positions_count,
        strategiesCount: row.strategies_count,
        createdAt: new Date(row.created_at_ms),
      }));
    },

    async exists(portfolioId) {
      const rows = await queryRows(db, sql`select 1 from portfolios where id = ${portfolioId}`);
      return rows.length > 0;
    },
  };
}
