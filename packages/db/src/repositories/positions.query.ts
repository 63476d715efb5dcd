// Open positions (the broker's and the paper book's rows of a holding netted into one) joined with their instrument,
// sleeve, account and latest quote; values derived in exact numeric.
import type { PositionFilter, PositionRecord, PositionsQuery } from '@optionstrader/application';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../query-rows';
import { decimal, latestQuoteJoin, quoteFrom, quoteSelect, quoteSelected } from './market-data.query';

interface PositionRow extends Record<string, unknown> {
  id: string;
  account_id: string;
  account_code: string;
  account_label: string | null;
  portfolio_id: string | null;
  portfolio_name: string | null;
  instrument_id: string;
  symbol: string;
  underlying: string;
  asset_class: PositionRecord['assetClass'];
  expiry: string | null;
  strike: string | null;
  right: PositionRecord['right'];
  multiplier: string;
  currency: string;
  occ_symbol: string | null;
  quantity: string;
  paper_quantity: number;
  avg_cost: string | null;
  avg_price: string | null;
  cost_basis: string | null;
  mark: string | null;
  market_value: string | null;
  unrealized_pnl: string | null;
  valuation: PositionRecord['valuation'];
  position_as_of_ms: number;
  underlying_price: string | null;
}

async function listPositions(db: Db, clientId: string | null, filter: PositionFilter): Promise<PositionRecord[]> {
  const conditions: SQL[] = [];
  if (clientId !== null) {
    conditions.push(sql`p.account_id in (select ca.id from broker_accounts ca where ca.client_id = ${clientId})`);
  }
  if (filter.accountId) conditions.push(sql`p.account_id = ${filter.accountId}`);
  if (filter.portfolioId) conditions.push(sql`p.portfolio_id = ${filter.portfolioId}`);
  if (filter.underlying) conditions.push(sql`coalesce(u.symbol, i.symbol) = ${filter.underlying}`);
  const rows = await queryRows<PositionRow>(
    db,
    sql`with filtered as (
          select p.*, coalesce(p.cost_basis, p.quantity * p.avg_cost) as row_basis
          from positions p
          join instruments i on i.id = p.instrument_id
          left join instruments u on u.id = i.underlying_instrument_id
          ${conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
        ), netted as (
          -- The broker's row and the paper book's row of one holding are one position: a paper fill counts
          -- wherever positions are read (risk, strategies, the screen). 'broker' sorts first: its id is kept.
          select (array_agg(id order by source))[1] as id, account_id, instrument_id, portfolio_id,
            sum(quantity) as quantity,
            coalesce(sum(quantity) filter (where source = 'paper'), 0) as paper_quantity,
            -- One row of unknown basis makes the whole basis unknown.
            case when count(row_basis) = count(*) then sum(row_basis) end as cost_basis,
            case when count(*) = 1 then max(avg_cost) end as single_avg_cost,
            -- What the broker last reported covers the broker's part only: kept when there is nothing else.
            case when count(*) filter (where source <> 'broker') = 0 then max(market_value) end as market_value,
            case when count(*) filter (where source <> 'broker') = 0 then max(unrealized_pnl) end as unrealized_pnl,
            max(as_of) as as_of
          from filtered
          group by account_id, instrument_id, portfolio_id
          having sum(quantity) <> 0
        ), base as (
          select n.*, coalesce(n.single_avg_cost, round(n.cost_basis / n.quantity, 6)) as avg_cost,
            i.symbol, i.asset_class, i.expiry, i.strike, i.right, i.multiplier, i.currency, i.occ_symbol,
            coalesce(u.symbol, i.symbol) as underlying, u.id as underlying_id,
            a.account_code, a.label as account_label, pf.name as portfolio_name
          from netted n
          join instruments i on i.id = n.instrument_id
          left join instruments u on u.id = i.underlying_instrument_id
          join broker_accounts a on a.id = n.account_id
          left join portfolios pf on pf.id = n.portfolio_id
        ), priced as (
          select base.*, ${quoteSelect('q')},
            coalesce(q.mark::numeric, case when q.bid is not null and q.ask is not null and q.ask::numeric >= q.bid::numeric
              then (q.bid::numeric + q.ask::numeric) / 2 end) as unit_mark,
            base.cost_basis as basis,
            coalesce(q.underlying_price::numeric, uq.mark::numeric, uq.last::numeric) as spot
          from base
          ${latestQuoteJoin(sql`base.instrument_id`, 'q')}
          ${latestQuoteJoin(sql`base.underlying_id`, 'uq')}
        )
        select id, account_id, account_code, account_label, portfolio_id, portfolio_name, instrument_id, symbol,
          underlying, asset_class::text as asset_class, expiry::text as expiry, strike::text as strike,
          "right"::text as "right", multiplier::text as multiplier, currency, occ_symbol,
          quantity::text as quantity, paper_quantity::float8 as paper_quantity, avg_cost::text as avg_cost,
          round(avg_cost / nullif(multiplier, 0), 6)::text as avg_price,
          basis::text as cost_basis,
          round(unit_mark, 6)::text as mark,
          case when unit_mark is not null then round(quantity * unit_mark * multiplier, 6)
            else market_value end::text as market_value,
          case when unit_mark is not null then round(quantity * unit_mark * multiplier - basis, 6)
            else unrealized_pnl end::text as unrealized_pnl,
          case when unit_mark is not null then 'quote'
            when market_value is not null or unrealized_pnl is not null then 'broker' end as valuation,
          (extract(epoch from as_of) * 1000)::float8 as position_as_of_ms,
          round(spot, 6)::text as underlying_price,
          ${quoteSelected('q')}
        from priced
        order by underlying, asset_class <> 'OPT' desc, expiry nulls first, strike, "right", account_code`,
  );
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    accountCode: row.account_code,
    accountLabel: row.account_label,
    portfolioId: row.portfolio_id,
    portfolioName: row.portfolio_name,
    instrumentId: row.instrument_id,
    symbol: row.symbol,
    underlying: row.underlying,
    assetClass: row.asset_class,
    expiry: row.expiry,
    strike: decimal(row.strike),
    right: row.right,
    multiplier: decimal(row.multiplier, 0) ?? row.multiplier,
    currency: row.currency,
    occSymbol: row.occ_symbol,
    quantity: decimal(row.quantity, 0) ?? row.quantity,
    paperQuantity: row.paper_quantity,
    avgCost: decimal(row.avg_cost),
    avgPrice: decimal(row.avg_price),
    costBasis: decimal(row.cost_basis),
    mark: decimal(row.mark),
    marketValue: decimal(row.market_value),
    unrealizedPnl: decimal(row.unrealized_pnl),
    valuation: row.valuation,
    positionAsOf: new Date(row.position_as_of_ms),
    quote: quoteFrom(row, 'q'),
    underlyingPrice: decimal(row.underlying_price),
  }));
}

export function createPositionsQuery(db: Db): PositionsQuery {
  return {
    list: (filter) => listPositions(db, null, filter),
    listClientPositions: (clientId, filter) => listPositions(db, clientId, filter),
  };
}
