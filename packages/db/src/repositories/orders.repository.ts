// Storage of the order flow (application `OrdersRepository`): decisions on recommendations, orders and their state,
// the paper book (fills, positions, expiry settlement), option events and the account's order mode. Times come from
// the caller (clock seam); every multi-row change is one transaction.
import {
  WORKING_ORDER_STATUSES,
  type AccountTradingRecord,
  type AuditEntry,
  type DecisionRefusal,
  type OrderFilter,
  type OrderRecord,
  type OrdersRepository,
  type PaperPositionRecord,
} from '@optionstrader/application';
import { parseIsoDate } from '@optionstrader/domain';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import { queryRows } from '../query-rows';
import { auditLog, brokerAccounts, executions, instruments, orders, positions, recommendations } from '../schema/index';
import { auditRow } from './audit.repository';
import { isUuid } from './is-uuid';
import { decimal } from './market-data.query';
import { createOrderHistoryQuery } from './order-history.query';
import { instrumentKeyOf, rightOf, storedModes, toOrderRecord } from './order-records';
import { followOrders, insertOptionEvents, movePaperPositions } from './paper-book';
import { moneyOf, moneyOrNull } from './strategy-records';

const underlier = alias(instruments, 'underlier');
const underlierSymbol = sql<string>`coalesce(${underlier.symbol}, ${instruments.symbol})`;

/** Statuses that mean the order reached the broker (or the paper engine took it): submitted_at is stamped. */
const REACHED = new Set(['submitted', 'partially_filled', 'filled', 'cancel_requested']);

const orderColumns = {
  id: orders.id,
  idempotencyKey: orders.idempotencyKey,
  accountId: orders.accountId,
  accountCode: brokerAccounts.accountCode,
  portfolioId: orders.portfolioId,
  recommendationId: orders.recommendationId,
  // The underlier of the first leg, from its instrument; the leg's own symbol when the instrument is unknown.
  symbol: sql<string>`coalesce(
    (select coalesce(lu.symbol, li.symbol) from instruments li left join instruments lu on lu.id = li.underlying_instrument_id
      where li.id = (${orders.legs} -> 0 ->> 'instrumentId')::uuid),
    ${orders.legs} -> 0 ->> 'symbol', '')`,
  brokerOrderId: orders.brokerOrderId,
  permId: orders.permId,
  mode: orders.mode,
  legs: orders.legs,
  side: orders.side,
  limitPrice: orders.limitPrice,
  tif: orders.tif,
  status: orders.status,
  quantity: orders.quantity,
  filledQuantity: orders.filledQuantity,
  avgFillPrice: orders.avgFillPrice,
  statusMessage: orders.statusMessage,
  ocaGroup: orders.ocaGroup,
  automated: orders.automated,
  createdBy: orders.createdBy,
  reprice: orders.reprice,
  priceAttempt: orders.priceAttempt,
  submittedAt: orders.submittedAt,
  createdAt: orders.createdAt,
  updatedAt: orders.updatedAt,
};

const tradingColumns = {
  accountId: brokerAccounts.id,
  accountCode: brokerAccounts.accountCode,
  broker: brokerAccounts.broker,
  liveTradingEnabled: brokerAccounts.liveTradingEnabled,
  updatedAt: brokerAccounts.updatedAt,
};

function toTradingRecord(row: {
  accountId: string;
  accountCode: string;
  broker: 'sim' | 'ibkr';
  liveTradingEnabled: boolean;
  updatedAt: Date;
}): AccountTradingRecord {
  const { liveTradingEnabled, ...rest } = row;
  return { ...rest, orderMode: liveTradingEnabled ? 'live' : 'paper' };
}

const quantityText = (quantity: number, what: string): string => {
  if (!Number.isFinite(quantity) || quantity < 0) throw new Error(`${what} must be a finite number ≥ 0: ${quantity}`);
  return String(quantity);
};

function selectOrders(db: Db) {
  return db.select(orderColumns).from(orders).innerJoin(brokerAccounts, eq(brokerAccounts.id, orders.accountId));
}

async function orderById(db: Db, id: string) {
  const [row] = await selectOrders(db).where(eq(orders.id, id));
  return row ? toOrderRecord(row) : undefined;
}

/** Locks the recommendation and says why it cannot be decided at `at`, or null when it is pending and unexpired. */
async function refusalOf(tx: Db, recommendationId: string, at: Date): Promise<DecisionRefusal | null> {
  if (!isUuid(recommendationId)) return { ok: false, code: 'not_found' };
  const [row] = await tx
    .select({ status: recommendations.status, expiresAt: recommendations.expiresAt })
    .from(recommendations)
    .where(eq(recommendations.id, recommendationId))
    .for('update');
  if (!row) return { ok: false, code: 'not_found' };
  if (row.status !== 'pending') return { ok: false, code: 'not_pending', status: row.status };
  // As the expiry sweep: expired at its expires_at, not after.
  if (row.expiresAt !== null && row.expiresAt.getTime() <= at.getTime()) {
    return { ok: false, code: 'expired', expiresAt: row.expiresAt };
  }
  return null;
}

async function audit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values(auditRow(entry));
}

export function createOrdersRepository(db: Db): OrdersRepository {
  const history = createOrderHistoryQuery(db);

  const tradingOf = async (q: Db, accountId: string) => {
    const [row] = await q.select(tradingColumns).from(brokerAccounts).where(eq(brokerAccounts.id, accountId));
    return row ? toTradingRecord(row) : undefined;
  };

  async function listOrders(clientId: string | undefined, filter: OrderFilter): Promise<OrderRecord[]> {
    if (
      (clientId !== undefined && !isUuid(clientId)) ||
      (filter.accountId && !isUuid(filter.accountId)) ||
      (filter.recommendationId && !isUuid(filter.recommendationId))
    ) {
      return [];
    }
    const rows = await selectOrders(db)
      .where(
        and(
          clientId === undefined ? undefined : eq(brokerAccounts.clientId, clientId),
          filter.status === undefined
            ? undefined
            : filter.status === 'working'
              ? inArray(orders.status, [...WORKING_ORDER_STATUSES])
              : eq(orders.status, filter.status),
          filter.accountId === undefined ? undefined : eq(orders.accountId, filter.accountId),
          filter.mode === undefined ? undefined : inArray(orders.mode, storedModes(filter.mode)),
          filter.recommendationId === undefined ? undefined : eq(orders.recommendationId, filter.recommendationId),
        ),
      )
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(filter.limit);
    return rows.map(toOrderRecord);
  }

  return {
    ...history,

    async accountsTrading(clientId) {
      if (!isUuid(clientId)) return [];
      const rows = await db
        .select(tradingColumns)
        .from(brokerAccounts)
        .where(eq(brokerAccounts.clientId, clientId))
        .orderBy(asc(brokerAccounts.accountCode), asc(brokerAccounts.id));
      return rows.map(toTradingRecord);
    },

    async accountTrading(accountId) {
      return isUuid(accountId) ? tradingOf(db, accountId) : undefined;
    },

    async setOrderMode(accountId, mode, entry) {
      if (!isUuid(accountId)) return undefined;
      return db.transaction(async (tx) => {
        const rows = await tx
          .update(brokerAccounts)
          .set({ liveTradingEnabled: mode === 'live', updatedAt: entry.at })
          .where(eq(brokerAccounts.id, accountId))
          .returning({ id: brokerAccounts.id });
        if (rows.length === 0) return undefined;
        await audit(tx, entry);
        return tradingOf(tx, accountId);
      });
    },

    async approveRecommendation({ recommendationId, decidedBy, at, order, audit: entry }) {
      return db.transaction(async (tx) => {
        const refusal = await refusalOf(tx, recommendationId, at);
        if (refusal) return refusal;
        await tx
          .update(recommendations)
          .set({ status: 'approved', decidedBy, decidedAt: at, updatedAt: at })
          .where(eq(recommendations.id, recommendationId));
        const [row] = await tx
          .insert(orders)
          .values({
            idempotencyKey: order.idempotencyKey,
            accountId: order.accountId,
            portfolioId: order.portfolioId,
            recommendationId: order.recommendationId,
            ocaGroup: order.ocaGroup,
            side: order.side,
            orderType: 'limit',
            limitPrice: moneyOf(order.limitPrice),
            tif: order.tif,
            status: 'created',
            quantity: quantityText(order.quantity, 'order quantity'),
            mode: order.mode,
            legs: order.legs,
            automated: order.automated,
            createdBy: order.createdBy,
            reprice: order.reprice,
            createdAt: at,
            updatedAt: at,
          })
          .returning({ id: orders.id });
        if (!row) throw new Error('orders insert returned no row');
        await audit(tx, entry);
        const created = await orderById(tx, row.id);
        if (!created) throw new Error(`order ${row.id} vanished inside its own transaction`);
        return { ok: true as const, order: created };
      });
    },

    async rejectRecommendation({ recommendationId, decidedBy, reason, at, audit: entry }) {
      return db.transaction(async (tx) => {
        const refusal = await refusalOf(tx, recommendationId, at);
        if (refusal) return refusal;
        await tx
          .update(recommendations)
          .set({ status: 'rejected', decidedBy, decidedAt: at, decisionReason: reason, updatedAt: at })
          .where(eq(recommendations.id, recommendationId));
        await audit(tx, entry);
        return { ok: true as const };
      });
    },

    async get(id) {
      return isUuid(id) ? orderById(db, id) : undefined;
    },

    async getByKey(idempotencyKey) {
      const [row] = await selectOrders(db).where(eq(orders.idempotencyKey, idempotencyKey));
      return row ? toOrderRecord(row) : undefined;
    },

    list: (filter) => listOrders(undefined, filter),

    listClientOrders: (clientId, filter) => listOrders(clientId, filter),

    async updateState(id, state, at) {
      if (!isUuid(id)) return undefined;
      const filled = quantityText(state.filledQuantity, 'filled quantity');
      const avgFillPrice = moneyOrNull(state.avgFillPrice);
      const reached = REACHED.has(state.status) || state.brokerOrderId !== null;
      const when = sql`${at.toISOString()}::timestamptz`;
      const incoming = sql`(coalesce(${state.brokerOrderId}::text, broker_order_id), coalesce(${state.permId}::text, perm_id),
        ${state.status}::order_status, ${filled}::numeric, ${avgFillPrice}::numeric, ${state.statusMessage}::text)`;
      return db.transaction(async (tx) => {
        // Only a change is written (and bumps updated_at); the recommendation follows either way.
        await tx.execute(
          sql`update orders set
                (broker_order_id, perm_id, status, filled_quantity, avg_fill_price, status_message) = ${incoming},
                submitted_at = ${reached ? sql`coalesce(submitted_at, ${when})` : sql`submitted_at`},
                updated_at = ${when}
              where id = ${id}::uuid
                and ((broker_order_id, perm_id, status, filled_quantity, avg_fill_price, status_message)
                       is distinct from ${incoming}
                     or (submitted_at is null and ${reached}::boolean))`,
        );
        await followOrders(tx, at, id);
        return orderById(tx, id);
      });
    },

    async updateLimit(id, limitPrice, priceAttempt, at) {
      if (!isUuid(id)) return;
      if (!Number.isSafeInteger(priceAttempt) || priceAttempt < 0) {
        throw new Error(`price attempt must be a whole number ≥ 0: ${priceAttempt}`);
      }
      await db
        .update(orders)
        .set({ limitPrice: moneyOf(limitPrice), priceAttempt, updatedAt: at })
        .where(eq(orders.id, id));
    },

    async followRecommendations(at) {
      return followOrders(db, at);
    },

    async recordPaperFill(fill) {
      return db.transaction(async (tx) => {
        const [order] = await tx
          .select({ accountId: orders.accountId })
          .from(orders)
          .where(eq(orders.id, fill.orderId))
          .for('update');
        if (!order) throw new Error(`No order ${fill.orderId} to fill`);
        if (fill.executions.length === 0) return false;
        const inserted = await tx
          .insert(executions)
          .values(
            fill.executions.map((e) => ({
              execId: e.execId,
              orderId: fill.orderId,
              accountId: order.accountId,
              instrumentId: e.instrumentId,
              side: e.side,
              quantity: quantityText(e.quantity, `execution ${e.execId} quantity`),
              price: moneyOf(e.price),
              commission: moneyOf(e.commission),
              executedAt: e.executedAt,
              createdAt: fill.at,
            })),
          )
          .onConflictDoNothing({ target: executions.execId })
          .returning({ id: executions.id });
        if (inserted.length === 0) return false;
        // Exec ids are per fill: some stored and some not means two different fills share ids.
        if (inserted.length !== fill.executions.length) {
          throw new Error(`Fill of order ${fill.orderId}: some of its executions were already stored`);
        }
        await movePaperPositions(tx, order.accountId, fill.positions, fill.at);
        await tx
          .update(orders)
          .set({
            status: fill.status,
            filledQuantity: quantityText(fill.filledQuantity, 'filled quantity'),
            avgFillPrice: moneyOf(fill.avgFillPrice),
            submittedAt: sql`coalesce(${orders.submittedAt}, ${fill.at.toISOString()}::timestamptz)`,
            updatedAt: fill.at,
          })
          .where(eq(orders.id, fill.orderId));
        await followOrders(tx, fill.at, fill.orderId);
        return true;
      });
    },

    async paperPositions(accountId) {
      if (accountId !== undefined && !isUuid(accountId)) return [];
      const rows = await db
        .select({
          accountId: positions.accountId,
          instrumentId: positions.instrumentId,
          key: instruments.canonicalKey,
          symbol: underlierSymbol,
          assetClass: instruments.assetClass,
          right: instruments.right,
          strike: instruments.strike,
          expiry: instruments.expiry,
          multiplier: instruments.multiplier,
          quantity: positions.quantity,
          costBasis: positions.costBasis,
        })
        .from(positions)
        .innerJoin(instruments, eq(instruments.id, positions.instrumentId))
        .leftJoin(underlier, eq(underlier.id, instruments.underlyingInstrumentId))
        .where(
          and(eq(positions.source, 'paper'), accountId === undefined ? undefined : eq(positions.accountId, accountId)),
        )
        .orderBy(asc(positions.accountId), asc(underlierSymbol), asc(instruments.expiry), asc(instruments.strike));
      return rows.map((row): PaperPositionRecord => {
        const what = `paper position ${row.accountId}/${row.instrumentId}`;
        if (row.costBasis === null) throw new Error(`${what} has no cost basis`);
        return {
          accountId: row.accountId,
          instrumentId: row.instrumentId,
          key: instrumentKeyOf(row.key, what),
          symbol: row.symbol,
          kind: row.assetClass === 'OPT' ? 'option' : 'stock',
          right: rightOf(row.right),
          strike: row.strike === null ? null : Number(row.strike),
          expiry: row.expiry === null ? null : parseIsoDate(row.expiry),
          multiplier: Number(row.multiplier),
          quantity: Number(row.quantity),
          costBasis: decimal(row.costBasis) ?? row.costBasis,
        };
      });
    },

    async recordPaperSettlement({ events, positions: deltas, accountId }) {
      const [first, ...rest] = events;
      if (first === undefined) return false;
      return db.transaction(async (tx) => {
        // The first event's key stands for the whole settlement; the unique index serializes two concurrent runs.
        const stored = await insertOptionEvents(tx, [first]);
        if (stored.length === 0) return false;
        await insertOptionEvents(tx, rest);
        await movePaperPositions(tx, accountId, deltas, first.occurredAt);
        return true;
      });
    },

    async recordOptionEvents(events) {
      return (await insertOptionEvents(db, events)).length;
    },

    async automatedSince(since) {
      // Contracts count every leg (a roll of 1 is 2 contracts), as the Order Manager measures an order.
      const [row] = await queryRows<{ contracts: number; notional: number }>(
        db,
        sql`select coalesce(sum((leg ->> 'ratio')::numeric * o.quantity), 0)::float8 as contracts,
              coalesce(sum(abs(coalesce(o.limit_price, 0)) * (leg ->> 'multiplier')::numeric * (leg ->> 'ratio')::numeric
                * o.quantity), 0)::float8 as notional
            from orders o cross join lateral jsonb_array_elements(o.legs) leg
            where o.automated and o.created_at >= ${since.toISOString()}::timestamptz`,
      );
      return { contracts: row?.contracts ?? 0, notional: row?.notional ?? 0 };
    },
  };
}
