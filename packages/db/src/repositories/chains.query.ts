// Option chains from stored instruments and their latest quotes. An option belongs to an underlier by link
// (underlying_instrument_id) or, when ingestion did not link it, by carrying the underlier's symbol.
import type { ChainsQuery } from '@optionstrader/application';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../query-rows';
import { decimal, latestQuoteJoin, quoteFrom, quoteSelect } from './market-data.query';

const optionsOf = (symbol: string) => sql`(
  select o.* from instruments o
  where o.asset_class = 'OPT' and (
    o.symbol = ${symbol}
    or o.underlying_instrument_id in (select u.id from instruments u where u.symbol = ${symbol} and u.asset_class <> 'OPT')
  )
)`;

export function createChainsQuery(db: Db): ChainsQuery {
  return {
    async underlyings(fromDate) {
      const rows = await queryRows<{ symbol: string; expirations: number }>(
        db,
        sql`select coalesce(u.symbol, o.symbol) as symbol, count(distinct o.expiry)::int as expirations
            from instruments o left join instruments u on u.id = o.underlying_instrument_id
            where o.asset_class = 'OPT' and o.expiry >= ${fromDate}::date
            group by 1 order by 1`,
      );
      return rows;
    },

    async symbolExists(symbol) {
      const rows = await queryRows(db, sql`select 1 from instruments where symbol = ${symbol} limit 1`);
      return rows.length > 0;
    },

    async expirations(symbol, fromDate) {
      const rows = await queryRows<{ expiry: string }>(
        db,
        sql`select distinct o.expiry::text as expiry from ${optionsOf(symbol)} o
            where o.expiry >= ${fromDate}::date order by 1`,
      );
      return rows.map((row) => row.expiry);
    },

    async options(symbol, expiry) {
      const rows = await queryRows<
        Record<string, unknown> & {
          instrument_id: string;
          strike: string;
          right: 'C' | 'P';
          occ_symbol: string | null;
          multiplier: string;
        }
      >(
        db,
        sql`select o.id as instrument_id, o.strike::text as strike, o."right"::text as "right", o.occ_symbol,
              o.multiplier::text as multiplier, ${quoteSelect('q')}
            from ${optionsOf(symbol)} o
            ${latestQuoteJoin(sql`o.id`, 'q')}
            where o.expiry = ${expiry}::date
            order by o.strike, o."right"`,
      );
      return rows.map((row) => ({
        instrumentId: row.instrument_id,
        strike: decimal(row.strike) ?? row.strike,
        right: row.right,
        occSymbol: row.occ_symbol,
        multiplier: decimal(row.multiplier, 0) ?? row.multiplier,
        quote: quoteFrom(row, 'q'),
      }));
    },

    async underlyingQuote(symbol) {
      const [row] = await queryRows<Record<string, unknown>>(
        db,
        sql`select ${quoteSelect('q')} from (
              select u.id from instruments u where u.symbol = ${symbol} and u.asset_class <> 'OPT'
              order by u.created_at limit 1
            ) u
            ${latestQuoteJoin(sql`u.id`, 'q')}`,
      );
      return row ? quoteFrom(row, 'q') : null;
    },
  };
}
