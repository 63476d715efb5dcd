// Reads of what orders left behind: executions (fills), option events, and the trade journal's inputs.
import type { ExecutionFilter, ExecutionRecord, OptionEventView, OrderMode } from '@optionstrader/application';
import type { JournalEvent, JournalFill, JournalMode } from '@optionstrader/domain';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import { brokerAccounts, executions, instruments, optionEvents, orders } from '../schema/index';
import { isUuid } from './is-uuid';
import { decimal } from './market-data.query';
import { instrumentKeyOf } from './order-records';

// An option belongs to its underlier by link or, when ingestion did not link it, by carrying its symbol.
const underlier = alias(instruments, 'underlier');
const underlierSymbol = sql<string>`coalesce(${underlier.symbol}, ${instruments.symbol})`;

/**
 * Who placed the fill's order: the app (paper or live) or someone else — no order row, or one the sync found at the
 * broker under an `ext:` key (application `externalOrderKey`). Orders the sync stored as 'sim' reached a broker: live.
 */
const journalMode = sql<JournalMode>`case
  when ${orders.id} is null or ${orders.idempotencyKey} like 'ext:%' then 'external'
  when ${orders.mode} = 'paper' then 'paper'
  else 'live' end`;

const executionColumns = {
  id: executions.id,
  execId: executions.execId,
  orderId: executions.orderId,
  accountId: executions.accountId,
  accountCode: brokerAccounts.accountCode,
  instrumentId: executions.instrumentId,
  key: instruments.canonicalKey,
  symbol: underlierSymbol,
  assetClass: instruments.assetClass,
  multiplier: instruments.multiplier,
  side: executions.side,
  quantity: executions.quantity,
  price: executions.price,
  commission: executions.commission,
  executedAt: executions.executedAt,
  mode: journalMode,
};

function selectExecutions(db: Db) {
  return db
    .select(executionColumns)
    .from(executions)
    .innerJoin(brokerAccounts, eq(brokerAccounts.id, executions.accountId))
    .innerJoin(instruments, eq(instruments.id, executions.instrumentId))
    .leftJoin(underlier, eq(underlier.id, instruments.underlyingInstrumentId))
    .leftJoin(orders, eq(orders.id, executions.orderId));
}

const ofAccount = (accountId: string | undefined) =>
  accountId === undefined ? undefined : eq(executions.accountId, accountId);

/** Rows of one client: those on its broker accounts (joined as `brokerAccounts`). */
const ofClient = (clientId: string | undefined) =>
  clientId === undefined ? undefined : eq(brokerAccounts.clientId, clientId);

export function createOrderHistoryQuery(db: Db) {
  async function listExecutions(clientId: string | undefined, filter: ExecutionFilter): Promise<ExecutionRecord[]> {
    if (
      (clientId !== undefined && !isUuid(clientId)) ||
      (filter.orderId && !isUuid(filter.orderId)) ||
      (filter.accountId && !isUuid(filter.accountId))
    ) {
      return [];
    }
    const rows = await selectExecutions(db)
      .where(
        and(
          ofClient(clientId),
          filter.orderId === undefined ? undefined : eq(executions.orderId, filter.orderId),
          ofAccount(filter.accountId),
        ),
      )
      .orderBy(desc(executions.executedAt), desc(executions.id))
      .limit(filter.limit);
    return rows.map(({ assetClass: _assetClass, multiplier: _multiplier, mode, ...row }) => ({
      ...row,
      key: instrumentKeyOf(row.key, `execution ${row.execId}`),
      quantity: Number(row.quantity),
      price: decimal(row.price) ?? row.price,
      commission: decimal(row.commission),
      mode: mode === 'external' ? null : (mode satisfies OrderMode),
    }));
  }

  return {
    listExecutions: (filter: ExecutionFilter) => listExecutions(undefined, filter),

    listClientExecutions: (clientId: string, filter: ExecutionFilter) => listExecutions(clientId, filter),

    async listOptionEvents(
      clientId: string,
      filter: { accountId?: string | undefined; limit: number },
    ): Promise<OptionEventView[]> {
      if (!isUuid(clientId) || (filter.accountId && !isUuid(filter.accountId))) return [];
      const rows = await db
        .select({
          id: optionEvents.id,
          kind: optionEvents.kind,
          accountId: optionEvents.accountId,
          accountCode: brokerAccounts.accountCode,
          instrumentId: optionEvents.instrumentId,
          key: instruments.canonicalKey,
          symbol: underlierSymbol,
          quantity: optionEvents.quantity,
          occurredAt: optionEvents.occurredAt,
          source: optionEvents.source,
        })
        .from(optionEvents)
        .innerJoin(brokerAccounts, eq(brokerAccounts.id, optionEvents.accountId))
        .innerJoin(instruments, eq(instruments.id, optionEvents.instrumentId))
        .leftJoin(underlier, eq(underlier.id, instruments.underlyingInstrumentId))
        .where(
          and(
            ofClient(clientId),
            filter.accountId === undefined ? undefined : eq(optionEvents.accountId, filter.accountId),
          ),
        )
        .orderBy(desc(optionEvents.occurredAt), desc(optionEvents.id))
        .limit(filter.limit);
      return rows.map((row) => ({
        ...row,
        key: instrumentKeyOf(row.key, `option event ${row.id}`),
        quantity: Number(row.quantity),
        source: sourceOf(row.source, `option event ${row.id}`),
      }));
    },

    async journalInputs(
      clientId: string,
      filter: { accountId?: string | undefined },
    ): Promise<{
      fills: JournalFill[];
      events: JournalEvent[];
    }> {
      if (!isUuid(clientId) || (filter.accountId && !isUuid(filter.accountId))) return { fills: [], events: [] };
      const fillRows = await selectExecutions(db)
        .where(and(ofClient(clientId), ofAccount(filter.accountId)))
        .orderBy(asc(executions.executedAt), asc(executions.id));
      const eventRows = await db
        .select({
          accountId: optionEvents.accountId,
          instrumentId: optionEvents.instrumentId,
          kind: optionEvents.kind,
          quantity: optionEvents.quantity,
          occurredAt: optionEvents.occurredAt,
        })
        .from(optionEvents)
        .innerJoin(brokerAccounts, eq(brokerAccounts.id, optionEvents.accountId))
        .where(
          and(
            ofClient(clientId),
            filter.accountId === undefined ? undefined : eq(optionEvents.accountId, filter.accountId),
          ),
        )
        .orderBy(asc(optionEvents.occurredAt), asc(optionEvents.id));
      return {
        fills: fillRows.map((row) => ({
          accountId: row.accountId,
          accountCode: row.accountCode,
          instrumentId: row.instrumentId,
          key: instrumentKeyOf(row.key, `execution ${row.execId}`),
          symbol: row.symbol,
          kind: row.assetClass === 'OPT' ? 'option' : 'stock',
          multiplier: Number(row.multiplier),
          side: row.side,
          quantity: Number(row.quantity),
          price: decimal(row.price) ?? row.price,
          commission: decimal(row.commission),
          executedAt: row.executedAt,
          mode: row.mode,
        })),
        events: eventRows.map((row) => ({ ...row, quantity: Number(row.quantity) })),
      };
    },
  };
}

export function sourceOf(source: string, what: string): 'broker' | 'paper' {
  if (source !== 'broker' && source !== 'paper') throw new Error(`${what} has an unknown source: ${source}`);
  return source;
}
