// The trading history a strategy reads: option events (assignments, expirations, ...) and the net premium of
// option fills, per underlier. Premiums are summed in exact numeric and only the total becomes a number.
import type { OptionEventRecord, StrategyHistoryQuery } from '@optionstrader/application';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import { executions, instruments, optionEvents } from '../schema/index';

// An option belongs to its underlier by link or, when ingestion did not link it, by carrying its symbol.
const underlier = alias(instruments, 'underlier');
const underlierSymbol = sql<string>`coalesce(${underlier.symbol}, ${instruments.symbol})`;

export function createStrategyHistoryQuery(db: Db): StrategyHistoryQuery {
  return {
    async optionEvents(accountId, since) {
      const rows = await db
        .select({
          id: optionEvents.id,
          kind: optionEvents.kind,
          symbol: underlierSymbol,
          right: instruments.right,
          strike: instruments.strike,
          expiry: instruments.expiry,
          quantity: optionEvents.quantity,
          at: optionEvents.occurredAt,
        })
        .from(optionEvents)
        .innerJoin(instruments, eq(instruments.id, optionEvents.instrumentId))
        .leftJoin(underlier, eq(underlier.id, instruments.underlyingInstrumentId))
        .where(and(eq(optionEvents.accountId, accountId), gte(optionEvents.occurredAt, since)))
        .orderBy(asc(optionEvents.occurredAt), asc(optionEvents.id));
      return rows.map(({ id, right, strike, expiry, quantity, ...row }): OptionEventRecord => {
        // An option event on an instrument that is not an option is corrupt data.
        if (right === null || strike === null || expiry === null) {
          throw new Error(`option_events ${id} refers to an instrument that is not an option`);
        }
        return {
          ...row,
          right: right === 'C' ? 'call' : 'put',
          strike: Number(strike),
          expiry,
          quantity: Number(quantity),
        };
      });
    },

    async optionPremiums(accountId, since) {
      // Per fill: sold adds, bought subtracts (price is per share, × contracts × multiplier); commission is a cost.
      const signed = sql`case when ${executions.side} = 'sell' then 1 else -1 end
        * ${executions.price} * ${executions.quantity} * ${instruments.multiplier}
        - coalesce(${executions.commission}, 0)`;
      const rows = await db
        .select({ symbol: underlierSymbol, net: sql<string>`sum(${signed})::text` })
        .from(executions)
        .innerJoin(instruments, eq(instruments.id, executions.instrumentId))
        .leftJoin(underlier, eq(underlier.id, instruments.underlyingInstrumentId))
        .where(
          and(
            eq(executions.accountId, accountId),
            gte(executions.executedAt, since),
            eq(instruments.assetClass, 'OPT'),
          ),
        )
        .groupBy(underlierSymbol);
      return new Map(rows.map((row) => [row.symbol, Number(row.net)]));
    },
  };
}
