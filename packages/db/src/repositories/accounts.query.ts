// Broker accounts with their latest snapshot and open-position count; snapshot history.
import type { AccountRecord, AccountsQuery, SnapshotRecord } from '@optionstrader/application';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../query-rows';
import { decimal } from './market-data.query';

interface SnapshotColumns {
  as_of_ms: number;
  currency: string;
  net_liquidation: string | null;
  cash: string | null;
  buying_power: string | null;
  init_margin: string | null;
  maint_margin: string | null;
  excess_liquidity: string | null;
  gross_position_value: string | null;
}

const snapshotColumns = sql.raw(`(extract(epoch from s.as_of) * 1000)::float8 as as_of_ms, s.currency,
  s.net_liquidation::text as net_liquidation, s.cash::text as cash, s.buying_power::text as buying_power,
  s.init_margin::text as init_margin, s.maint_margin::text as maint_margin,
  s.excess_liquidity::text as excess_liquidity, s.gross_position_value::text as gross_position_value`);

function snapshotFrom(row: SnapshotColumns): SnapshotRecord {
  return {
    asOf: new Date(row.as_of_ms),
    currency: row.currency,
    netLiquidation: decimal(row.net_liquidation),
    cash: decimal(row.cash),
    buyingPower: decimal(row.buying_power),
    initMargin: decimal(row.init_margin),
    maintMargin: decimal(row.maint_margin),
    excessLiquidity: decimal(row.excess_liquidity),
    grossPositionValue: decimal(row.gross_position_value),
  };
}

type AccountRow = Omit<SnapshotColumns, 'as_of_ms' | 'currency'> & {
  id: string;
  broker: AccountRecord['broker'];
  account_code: string;
  type: AccountRecord['type'];
  base_currency: string;
  paper: boolean;
  label: string | null;
  positions_count: number;
  as_of_ms: number | null;
  currency: string | null;
};

/** Which accounts to list: all, one client's, or one account. */
type AccountScope = { all: true } | { clientId: string } | { accountId: string };

const whereOf = (scope: AccountScope) =>
  'clientId' in scope
    ? sql`where a.client_id = ${scope.clientId}`
    : 'accountId' in scope
      ? sql`where a.id = ${scope.accountId}`
      : sql``;

async function listAccounts(db: Db, scope: AccountScope): Promise<AccountRecord[]> {
  const rows = await queryRows<AccountRow>(
    db,
    sql`select a.id, a.broker::text as broker, a.account_code, a.type::text as type, a.base_currency, a.paper,
          a.label,
          -- Holdings as the positions read nets them (broker and paper rows of one instrument are one).
          (select count(*) from (select 1 from positions p where p.account_id = a.id
            group by p.instrument_id, p.portfolio_id having sum(p.quantity) <> 0) held)::int as positions_count,
          ${snapshotColumns}
        from broker_accounts a
        left join lateral (
          select * from account_snapshots s0 where s0.account_id = a.id order by s0.as_of desc, s0.created_at desc limit 1
        ) s on true
        ${whereOf(scope)}
        order by a.account_code, a.broker`,
  );
  return rows.map((row) => ({
    id: row.id,
    broker: row.broker,
    accountCode: row.account_code,
    type: row.type,
    baseCurrency: row.base_currency,
    paper: row.paper,
    label: row.label,
    positionsCount: row.positions_count,
    latestSnapshot:
      row.as_of_ms === null || row.currency === null
        ? null
        : snapshotFrom({ ...row, as_of_ms: row.as_of_ms, currency: row.currency }),
  }));
}

export function createAccountsQuery(db: Db): AccountsQuery {
  return {
    list: () => listAccounts(db, { all: true }),

    listClientAccounts: (clientId) => listAccounts(db, { clientId }),

    async get(accountId) {
      const [account] = await listAccounts(db, { accountId });
      return account;
    },

    async exists(accountId) {
      const rows = await queryRows(db, sql`select 1 from broker_accounts where id = ${accountId}`);
      return rows.length > 0;
    },

    async snapshots(accountId, limit) {
      const rows = await queryRows<SnapshotColumns>(
        db,
        sql`select * from (
              select ${snapshotColumns} from account_snapshots s
              where s.account_id = ${accountId} order by s.as_of desc, s.created_at desc limit ${limit}
            ) newest order by as_of_ms`,
      );
      return rows.map(snapshotFrom);
    },

    async snapshotBefore(accountId, before) {
      const [row] = await queryRows<SnapshotColumns>(
        db,
        sql`select ${snapshotColumns} from account_snapshots s
            where s.account_id = ${accountId} and s.as_of < ${before.toISOString()}
            order by s.as_of desc, s.created_at desc limit 1`,
      );
      return row ? snapshotFrom(row) : undefined;
    },

    async peakNetLiquidation(accountId) {
      const [row] = await queryRows<{ peak: string | null }>(
        db,
        sql`select max(net_liquidation)::text as peak from account_snapshots where account_id = ${accountId}`,
      );
      return decimal(row?.peak ?? null);
    },
  };
}
