// Latest-quote reads shared by the read queries, and the store-wide data freshness.
import type { MarketDataQuery, QuoteRecord } from '@optionstrader/application';
import { formatMoney, parseMoney } from '@optionstrader/domain';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../query-rows';

/** numeric(20,6) as text ('125000.000000') → canonical decimal ('125000.00'); null stays null. */
export function decimal(text: string | null, minDecimals = 2): string | null {
  return text === null ? null : formatMoney(parseMoney(text), minDecimals);
}

export const dateOf = (epochMs: number | null): Date | null => (epochMs === null ? null : new Date(epochMs));

/** Columns of a quote as selected by `latestQuoteJoin`, prefixed so several can sit in one row. */
export interface QuoteColumns {
  bid: string | null;
  ask: string | null;
  last: string | null;
  mark: string | null;
  volume: number | null;
  open_interest: number | null;
  implied_vol: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
  underlying_price: string | null;
  data_type: QuoteRecord['dataType'] | null;
  as_of_ms: number | null;
}

/**
 * `left join lateral` of the newest quote of `instrumentId` as `alias`, with portable column types: numerics and
 * timestamps are cast (text, epoch ms) so PGlite and node-postgres return the same JS values.
 */
export function latestQuoteJoin(instrumentId: SQL, alias: string): SQL {
  return sql`left join lateral (
    select mq.bid::text as bid, mq.ask::text as ask, mq.last::text as last, mq.mark::text as mark,
      mq.volume::float8 as volume, mq.open_interest::float8 as open_interest, mq.implied_vol, mq.delta, mq.gamma,
      mq.theta, mq.vega, mq.underlying_price::text as underlying_price, mq.data_type::text as data_type,
      (extract(epoch from mq.as_of) * 1000)::float8 as as_of_ms
    from market_quotes mq where mq.instrument_id = ${instrumentId}
    order by mq.as_of desc, mq.id desc limit 1
  ) ${sql.raw(alias)} on true`;
}

const quoteColumnNames: (keyof QuoteColumns)[] = [
  'bid',
  'ask',
  'last',
  'mark',
  'volume',
  'open_interest',
  'implied_vol',
  'delta',
  'gamma',
  'theta',
  'vega',
  'underlying_price',
  'data_type',
  'as_of_ms',
];

/** The select list for a `latestQuoteJoin` alias, each column named `<alias>_<column>`. */
export function quoteSelect(alias: string): SQL {
  return sql.raw(quoteColumnNames.map((column) => `${alias}.${column} as ${alias}_${column}`).join(', '));
}

/** The `<alias>_<column>` names `quoteSelect` produced, to carry them through an outer select. */
export function quoteSelected(alias: string): SQL {
  return sql.raw(quoteColumnNames.map((column) => `${alias}_${column}`).join(', '));
}

/** Reads the `<alias>_*` columns of a row back into a quote; null when the join found none. */
export function quoteFrom(row: Record<string, unknown>, alias: string): QuoteRecord | null {
  const get = <K extends keyof QuoteColumns>(column: K) => row[`${alias}_${column}`] as QuoteColumns[K];
  const asOf = get('as_of_ms');
  const dataType = get('data_type');
  if (asOf === null || dataType === null) return null;
  return {
    bid: decimal(get('bid')),
    ask: decimal(get('ask')),
    last: decimal(get('last')),
    mark: decimal(get('mark')),
    volume: get('volume'),
    openInterest: get('open_interest'),
    impliedVol: get('implied_vol'),
    delta: get('delta'),
    gamma: get('gamma'),
    theta: get('theta'),
    vega: get('vega'),
    underlyingPrice: decimal(get('underlying_price')),
    dataType,
    asOf: new Date(asOf),
  };
}

export function createMarketDataQuery(db: Db): MarketDataQuery {
  return {
    async newestQuoteAt() {
      // The newest rows by insertion (primary key index), not a scan of the largest table; ingestion writes
      // quotes roughly in time order, so the newest as_of is among them.
      const [row] = await queryRows<{ at: number | null }>(
        db,
        sql`select (extract(epoch from max(as_of)) * 1000)::float8 as at
            from (select as_of from market_quotes order by id desc limit 1000) recent`,
      );
      return dateOf(row?.at ?? null);
    },
  };
}
