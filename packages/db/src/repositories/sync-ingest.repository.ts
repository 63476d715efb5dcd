// Writes of the broker sync. Every write is a batched multi-row statement that only touches rows whose values
// changed (ON CONFLICT … DO UPDATE … WHERE … IS DISTINCT FROM …) and reports the rows it inserted, updated or
// deleted — `xmax = 0` in RETURNING tells a fresh insert from an update.
import type {
  ContractInput,
  IngestRepository,
  IngestWriter,
  InstrumentInput,
  QuoteValues,
  SnapshotValues,
  WriteCounts,
} from '@optionstrader/application';
import { formatMoney, parseMoney } from '@optionstrader/domain';
import { and, asc, desc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import { queryRows } from '../query-rows';
import { insertOptionEvents } from './paper-book';
import { pgArray } from './pg-array';
import {
  accountSnapshots,
  brokerAccounts,
  clients,
  instruments,
  marketQuotes,
  orders,
  positions,
} from '../schema/index';

/** Rows per statement: well under PostgreSQL's 65,535 parameters for the widest table here. */
const BATCH = 2_000;
/** Rows per `unnest` statement (its parameters are one array per column). */
const UNNEST_BATCH = 10_000;
/** Values per `IN (…)` list. */
const LOOKUP_BATCH = 5_000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Last one wins: one statement must not insert or update the same row twice. */
function uniqueBy<T>(items: T[], key: (item: T) => string | number): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

/** The sync mirrors the broker's book only; rows of the paper Order Manager (source 'paper') are never its to touch. */
const BROKER = 'broker';

const none = (): WriteCounts => ({ inserted: 0, updated: 0, deleted: 0 });

const excluded = (column: PgColumn) => sql.raw(`excluded."${column.name}"`);

/** `(t.a, t.b) is distinct from (excluded.a, excluded.b)`: the row changes only when a value does. */
function changed(columns: PgColumn[]): SQL {
  const current = sql.join(columns, sql`, `);
  const incoming = sql.join(columns.map(excluded), sql`, `);
  return sql`(${current}) is distinct from (${incoming})`;
}

const insertedFlag = sql<boolean>`(xmax = 0)`;

async function insertedRows(tx: Db, query: SQL): Promise<{ inserted: boolean }[]> {
  return queryRows<{ inserted: boolean }>(tx, query);
}

function tally(rows: { inserted: boolean }[], counts: WriteCounts): void {
  for (const row of rows) {
    if (row.inserted) counts.inserted += 1;
    else counts.updated += 1;
  }
}

/** numeric(20,6) reads back as '1.500000'; the application compares canonical decimals ('1.5'). */
const canonical = (value: string | null): string | null => (value === null ? null : formatMoney(parseMoney(value), 0));

function createWriter(tx: Db): IngestWriter {
  return {
    async ensureClient(name) {
      // Serializes concurrent syncs (other processes too) so they create one client, not two.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('optionstrader.sync.ensure_client'))`);
      const [found] = await tx
        .select({ id: clients.id })
        .from(clients)
        .where(eq(clients.name, name))
        .orderBy(asc(clients.createdAt))
        .limit(1);
      if (found) return { clientId: found.id, created: false };
      const [row] = await tx.insert(clients).values({ name }).returning({ id: clients.id });
      if (!row) throw new Error('clients insert returned no row');
      return { clientId: row.id, created: true };
    },

    async accountIds(broker, codes) {
      const ids = new Map<string, string>();
      for (const part of chunks(codes, LOOKUP_BATCH)) {
        const rows = await tx
          .select({ id: brokerAccounts.id, code: brokerAccounts.accountCode })
          .from(brokerAccounts)
          .where(and(eq(brokerAccounts.broker, broker), inArray(brokerAccounts.accountCode, part)));
        for (const row of rows) ids.set(row.code, row.id);
      }
      return ids;
    },

    async upsertAccounts(broker, accounts, clientIdForNew) {
      const counts = none();
      const ids = await this.accountIds(
        broker,
        accounts.map((a) => a.accountCode),
      );
      const fresh = accounts.filter((a) => !ids.has(a.accountCode));
      if (fresh.length > 0) {
        if (clientIdForNew === null) throw new Error('New broker accounts need a client to belong to');
        const rows = await tx
          .insert(brokerAccounts)
          .values(fresh.map((a) => ({ ...a, broker, clientId: clientIdForNew })))
          .onConflictDoNothing()
          .returning({ id: brokerAccounts.id, code: brokerAccounts.accountCode });
        counts.inserted += rows.length;
        for (const row of rows) ids.set(row.code, row.id);
      }
      // Accounts are few: one guarded update each. The client link is the operator's, never overwritten.
      for (const a of accounts) {
        const id = ids.get(a.accountCode);
        if (id === undefined || fresh.includes(a)) continue;
        const rows = await tx
          .update(brokerAccounts)
          .set({ type: a.type, baseCurrency: a.baseCurrency, paper: a.paper, label: a.label, updatedAt: sql`now()` })
          .where(
            and(
              eq(brokerAccounts.id, id),
              sql`(${brokerAccounts.type}, ${brokerAccounts.baseCurrency}, ${brokerAccounts.paper}, ${brokerAccounts.label})
                is distinct from (${a.type}::account_type, ${a.baseCurrency}::char(3), ${a.paper}::boolean, ${a.label}::text)`,
            ),
          )
          .returning({ id: brokerAccounts.id });
        counts.updated += rows.length;
      }
      const missing = accounts.filter((a) => !ids.has(a.accountCode)).map((a) => a.accountCode);
      if (missing.length > 0) for (const [code, id] of await this.accountIds(broker, missing)) ids.set(code, id);
      return { ...counts, ids };
    },

    async latestSnapshot(accountId) {
      const [row] = await tx
        .select()
        .from(accountSnapshots)
        .where(eq(accountSnapshots.accountId, accountId))
        .orderBy(desc(accountSnapshots.asOf), desc(accountSnapshots.createdAt))
        .limit(1);
      if (!row) return undefined;
      return {
        currency: row.currency,
        netLiquidation: canonical(row.netLiquidation),
        cash: canonical(row.cash),
        buyingPower: canonical(row.buyingPower),
        initMargin: canonical(row.initMargin),
        maintMargin: canonical(row.maintMargin),
        excessLiquidity: canonical(row.excessLiquidity),
        grossPositionValue: canonical(row.grossPositionValue),
      } satisfies SnapshotValues;
    },

    async insertSnapshot(snapshot) {
      await tx.insert(accountSnapshots).values({ ...snapshot, raw: snapshot.raw ?? null });
      return { inserted: 1, updated: 0, deleted: 0 };
    },

    async upsertInstruments(batch) {
      const counts = none();
      const ids = new Map<string, string>();
      const list = uniqueBy(batch, (i) => i.canonicalKey);
      const lookup = async (keys: string[]) => {
        for (const part of chunks(keys, LOOKUP_BATCH)) {
          const rows = await tx
            .select({ id: instruments.id, key: instruments.canonicalKey })
            .from(instruments)
            .where(inArray(instruments.canonicalKey, part));
          for (const row of rows) ids.set(row.key, row.id);
        }
      };
      const write = async (group: InstrumentInput[]) => {
        for (const part of chunks(group, UNNEST_BATCH)) {
          const underlying = part.map((i) => (i.underlyingKey === null ? null : (ids.get(i.underlyingKey) ?? null)));
          const rows = await insertedRows(
            tx,
            sql`insert into instruments (symbol, asset_class, underlying_instrument_id, expiry, strike, "right", multiplier,
                  currency, occ_symbol, canonical_key)
                select * from unnest(${pgArray(part.map((i) => i.symbol))}::text[],
                  ${pgArray(part.map((i) => i.assetClass))}::asset_class[], ${pgArray(underlying)}::uuid[],
                  ${pgArray(part.map((i) => i.expiry))}::date[], ${pgArray(part.map((i) => i.strike))}::numeric[],
                  ${pgArray(part.map((i) => i.right))}::option_right[], ${pgArray(part.map((i) => i.multiplier))}::numeric[],
                  ${pgArray(part.map((i) => i.currency))}::text[], ${pgArray(part.map((i) => i.occSymbol))}::text[],
                  ${pgArray(part.map((i) => i.canonicalKey))}::text[])
                -- Identity never changes (it is the key); only missing links are filled in.
                on conflict (canonical_key) do update set
                  underlying_instrument_id = coalesce(instruments.underlying_instrument_id, excluded.underlying_instrument_id),
                  occ_symbol = coalesce(instruments.occ_symbol, excluded.occ_symbol),
                  updated_at = now()
                where (instruments.underlying_instrument_id is null and excluded.underlying_instrument_id is not null)
                   or (instruments.occ_symbol is null and excluded.occ_symbol is not null)
                returning (xmax = 0) as inserted`,
          );
          tally(rows, counts);
        }
        await lookup(group.map((i) => i.canonicalKey));
      };
      const options = list.filter((i) => i.assetClass === 'OPT');
      await write(list.filter((i) => i.assetClass !== 'OPT'));
      const unknownUnderliers = [
        ...new Set(
          options.flatMap((o) => (o.underlyingKey !== null && !ids.has(o.underlyingKey) ? [o.underlyingKey] : [])),
        ),
      ];
      await lookup(unknownUnderliers);
      await write(options);
      return { ...counts, ids };
    },

    async upsertContracts(batch, instrumentIds) {
      const counts = none();
      const list = uniqueBy(batch, (c) => c.conId);
      const instrumentOf = (c: ContractInput) => {
        const instrumentId = instrumentIds.get(c.instrumentKey);
        if (instrumentId === undefined) throw new Error(`No instrument for contract ${c.conId} (${c.instrumentKey})`);
        return instrumentId;
      };
      for (const part of chunks(list, UNNEST_BATCH)) {
        const rows = await insertedRows(
          tx,
          sql`insert into ibkr_contracts (con_id, instrument_id, sec_type, local_symbol, trading_class, exchange,
                primary_exchange, raw)
              select * from unnest(${pgArray(part.map((c) => c.conId))}::bigint[], ${pgArray(part.map(instrumentOf))}::uuid[],
                ${pgArray(part.map((c) => c.secType))}::text[], ${pgArray(part.map((c) => c.localSymbol))}::text[],
                ${pgArray(part.map((c) => c.tradingClass))}::text[], ${pgArray(part.map((c) => c.exchange))}::text[],
                ${pgArray(part.map((c) => c.primaryExchange))}::text[],
                ${pgArray(part.map((c) => (c.raw === null || c.raw === undefined ? null : JSON.stringify(c.raw))))}::jsonb[])
              on conflict (con_id) do update set
                instrument_id = excluded.instrument_id, sec_type = excluded.sec_type, local_symbol = excluded.local_symbol,
                trading_class = excluded.trading_class, exchange = excluded.exchange,
                primary_exchange = excluded.primary_exchange, raw = excluded.raw, updated_at = now()
              where (ibkr_contracts.instrument_id, ibkr_contracts.sec_type, ibkr_contracts.local_symbol,
                     ibkr_contracts.trading_class, ibkr_contracts.exchange, ibkr_contracts.primary_exchange, ibkr_contracts.raw)
                is distinct from (excluded.instrument_id, excluded.sec_type, excluded.local_symbol, excluded.trading_class,
                     excluded.exchange, excluded.primary_exchange, excluded.raw)
              returning (xmax = 0) as inserted`,
        );
        tally(rows, counts);
      }
      return counts;
    },

    async heldPositions(accountId) {
      const rows = await queryRows<{
        instrument_id: string;
        key: string;
        symbol: string;
        kind: 'option' | 'stock';
        right: 'call' | 'put' | null;
        strike: string | null;
        expiry: string | null;
        multiplier: string;
        quantity: string;
        as_of_ms: number;
      }>(
        tx,
        sql`select p.instrument_id, i.canonical_key as key, coalesce(u.symbol, i.symbol) as symbol,
              case when i.asset_class = 'OPT' then 'option' else 'stock' end as kind,
              case i."right" when 'C' then 'call' when 'P' then 'put' end as "right",
              i.strike::text as strike, i.expiry::text as expiry, i.multiplier::text as multiplier,
              p.quantity::text as quantity, (extract(epoch from p.as_of) * 1000)::float8 as as_of_ms
            from positions p
            join instruments i on i.id = p.instrument_id
            left join instruments u on u.id = i.underlying_instrument_id
            where p.account_id = ${accountId} and p.source = 'broker' and p.portfolio_id is null`,
      );
      return rows.map((r) => ({
        instrumentId: r.instrument_id,
        key: r.key,
        symbol: r.symbol,
        kind: r.kind,
        right: r.right,
        strike: r.strike === null ? null : Number(r.strike),
        expiry: r.expiry,
        multiplier: Number(r.multiplier),
        quantity: Number(r.quantity),
        asOf: new Date(r.as_of_ms),
      }));
    },

    async insertOptionEvents(events) {
      return (await insertOptionEvents(tx, events)).length;
    },

    async replacePositions(accountId, batch) {
      const counts = none();
      const list = uniqueBy(batch, (p) => p.instrumentId);
      for (const part of chunks(list, BATCH)) {
        const rows = await tx
          .insert(positions)
          .values(part.map((p) => ({ ...p, accountId, portfolioId: null, source: BROKER })))
          .onConflictDoUpdate({
            target: [positions.accountId, positions.instrumentId, positions.portfolioId, positions.source],
            set: {
              quantity: excluded(positions.quantity),
              avgCost: excluded(positions.avgCost),
              marketValue: excluded(positions.marketValue),
              unrealizedPnl: excluded(positions.unrealizedPnl),
              realizedPnl: excluded(positions.realizedPnl),
              asOf: excluded(positions.asOf),
              updatedAt: sql`now()`,
            },
            // A new as_of alone is not a change: the values are what the row is for.
            setWhere: changed([
              positions.quantity,
              positions.avgCost,
              positions.marketValue,
              positions.unrealizedPnl,
              positions.realizedPnl,
            ]),
          })
          .returning({ inserted: insertedFlag });
        tally(rows, counts);
      }
      // Closed at the broker → deleted here; the executions keep the history. The paper book is not the broker's.
      const held = list.map((p) => p.instrumentId);
      const brokerRows = and(eq(positions.accountId, accountId), eq(positions.source, BROKER));
      const deleted = await tx
        .delete(positions)
        .where(held.length === 0 ? brokerRows : and(brokerRows, notInArray(positions.instrumentId, held)))
        .returning({ id: positions.id });
      counts.deleted += deleted.length;
      return counts;
    },

    async upsertOrders(accountId, batch) {
      const counts = none();
      const ids = new Map<string, string>();
      const list = uniqueBy(batch, (o) => o.idempotencyKey);
      for (const part of chunks(list, BATCH)) {
        const rows = await tx
          .insert(orders)
          .values(part.map((o) => ({ ...o, accountId })))
          .onConflictDoUpdate({
            target: orders.idempotencyKey,
            // Broker state only: what the app planned (legs, mode, recommendation) stays as the app wrote it.
            set: {
              brokerOrderId: excluded(orders.brokerOrderId),
              permId: sql`coalesce(${excluded(orders.permId)}, ${orders.permId})`,
              status: excluded(orders.status),
              filledQuantity: excluded(orders.filledQuantity),
              avgFillPrice: excluded(orders.avgFillPrice),
              updatedAt: sql`now()`,
            },
            setWhere: sql`(${orders.brokerOrderId}, ${orders.permId}, ${orders.status}, ${orders.filledQuantity}, ${orders.avgFillPrice})
              is distinct from (${excluded(orders.brokerOrderId)}, coalesce(${excluded(orders.permId)}, ${orders.permId}),
                ${excluded(orders.status)}, ${excluded(orders.filledQuantity)}, ${excluded(orders.avgFillPrice)})`,
          })
          .returning({ id: orders.id, key: orders.idempotencyKey, inserted: insertedFlag });
        tally(rows, counts);
        for (const row of rows) ids.set(row.key, row.id);
      }
      const missing = list.map((o) => o.idempotencyKey).filter((key) => !ids.has(key));
      for (const part of chunks(missing, LOOKUP_BATCH)) {
        const rows = await tx
          .select({ id: orders.id, key: orders.idempotencyKey })
          .from(orders)
          .where(inArray(orders.idempotencyKey, part));
        for (const row of rows) ids.set(row.key, row.id);
      }
      return { ...counts, ids };
    },

    async upsertExecutions(accountId, batch) {
      const counts = none();
      // A fill reported twice: keep the report that knows the commission.
      const byId = new Map<string, (typeof batch)[number]>();
      for (const e of batch) {
        const seen = byId.get(e.execId);
        if (!seen || (seen.commission === null && e.commission !== null)) byId.set(e.execId, e);
      }
      for (const part of chunks([...byId.values()], UNNEST_BATCH)) {
        const rows = await insertedRows(
          tx,
          sql`insert into executions (exec_id, order_id, account_id, instrument_id, side, quantity, price, commission,
                commission_currency, executed_at)
              select * from unnest(${pgArray(part.map((e) => e.execId))}::text[], ${pgArray(part.map((e) => e.orderId))}::uuid[],
                ${pgArray(part.map(() => accountId))}::uuid[], ${pgArray(part.map((e) => e.instrumentId))}::uuid[],
                ${pgArray(part.map((e) => e.side))}::order_side[], ${pgArray(part.map((e) => e.quantity))}::numeric[],
                ${pgArray(part.map((e) => e.price))}::numeric[], ${pgArray(part.map((e) => e.commission))}::numeric[],
                ${pgArray(part.map((e) => e.commissionCurrency))}::text[], ${pgArray(part.map((e) => e.executedAt))}::timestamptz[])
              on conflict (exec_id) do update set
                commission = coalesce(excluded.commission, executions.commission),
                commission_currency = coalesce(excluded.commission_currency, executions.commission_currency),
                order_id = coalesce(executions.order_id, excluded.order_id)
              -- Fills are immutable; only a commission that arrived late (or a changed one) and a late order link.
              where (excluded.commission is not null and executions.commission is distinct from excluded.commission)
                 or (executions.order_id is null and excluded.order_id is not null)
              returning (xmax = 0) as inserted`,
        );
        tally(rows, counts);
      }
      return counts;
    },

    async latestQuotes(instrumentIds) {
      const latest = new Map<string, QuoteValues>();
      for (const part of chunks([...new Set(instrumentIds)], LOOKUP_BATCH)) {
        const rows = await tx
          .selectDistinctOn([marketQuotes.instrumentId])
          .from(marketQuotes)
          .where(inArray(marketQuotes.instrumentId, part))
          .orderBy(marketQuotes.instrumentId, desc(marketQuotes.asOf), desc(marketQuotes.id));
        for (const row of rows) {
          latest.set(row.instrumentId, {
            bid: canonical(row.bid),
            ask: canonical(row.ask),
            last: canonical(row.last),
            mark: canonical(row.mark),
            volume: row.volume,
            openInterest: row.openInterest,
            impliedVol: row.impliedVol,
            delta: row.delta,
            gamma: row.gamma,
            theta: row.theta,
            vega: row.vega,
            underlyingPrice: canonical(row.underlyingPrice),
            dataType: row.dataType,
          });
        }
      }
      return latest;
    },

    async insertQuotes(quotes) {
      let inserted = 0;
      for (const part of chunks(quotes, BATCH)) {
        await tx.insert(marketQuotes).values(part);
        inserted += part.length;
      }
      return { inserted, updated: 0, deleted: 0 };
    },
  };
}

export function createIngestRepository(db: Db): IngestRepository {
  return {
    transaction(work) {
      // A drizzle transaction is a Db too, so the writer is written once for both.
      return db.transaction((tx) => work(createWriter(tx)));
    },
  };
}
