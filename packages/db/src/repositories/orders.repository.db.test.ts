// The orders repository on a real database (PGlite and PostgreSQL): decisions under concurrency, the paper book
// (fills, positions, settlement) stored once however often it is retried, recommendations following their orders, and
// how the sync and the positions read treat paper rows.
import type {
  AuditEntry,
  NewOrder,
  OrderLegRecord,
  OrdersRepository,
  PaperFill,
  StrategyDefinitionSeed,
} from '@optionstrader/application';
import type { InstrumentKey, IsoDate } from '@optionstrader/domain';
import { describeDb, type TestDatabase } from '@optionstrader/testkit';
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '../client';
import { queryRows } from '../query-rows';
import * as schema from '../schema/index';

const T0 = new Date('2026-03-02T15:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const EXPIRY = '2026-04-17';

const WHEEL: StrategyDefinitionSeed = {
  slug: 'wheel',
  name: 'Wheel',
  description: 'Sell puts, then calls on assignment',
  version: '1',
  codeRef: 'wheel@1',
  configSchema: { type: 'object' },
  defaults: {},
};

let sequence = 0;
const next = () => (sequence += 1);

async function insertAccount(db: Db) {
  const [client] = await db
    .insert(schema.clients)
    .values({ name: `client-${next()}` })
    .returning();
  const [account] = await db
    .insert(schema.brokerAccounts)
    .values({ clientId: client!.id, broker: 'sim', accountCode: `DU${next()}`, type: 'margin_regt' })
    .returning();
  return account!;
}

/** An AAPL put with a strike of its own, so tests never share an instrument. */
async function insertPut(db: Db) {
  const strike = String(100 + next());
  const canonicalKey = `OPT:AAPL:${EXPIRY}:P:${strike}:100:USD`;
  const [row] = await db
    .insert(schema.instruments)
    .values({ symbol: 'AAPL', assetClass: 'OPT', expiry: EXPIRY, right: 'P', strike, multiplier: '100', canonicalKey })
    .returning();
  return { ...row!, key: canonicalKey as InstrumentKey, strikeNumber: Number(strike) };
}

type Put = Awaited<ReturnType<typeof insertPut>>;

function legOf(put: Put, side: 'BUY' | 'SELL' = 'SELL'): OrderLegRecord {
  return {
    instrumentId: put.id,
    key: put.key,
    symbol: 'AAPL',
    kind: 'option',
    right: 'put',
    strike: put.strikeNumber,
    expiry: EXPIRY as IsoDate,
    multiplier: 100,
    side,
    ratio: 1,
    brokerContractId: null,
  };
}

interface Fixture {
  accountId: string;
  accountCode: string;
  /** The client of the account (each fixture has its own). */
  clientId: string;
  instanceId: string;
  versionId: string;
  put: Put;
}

/** An account with a wheel instance and one put to trade. */
async function fixture({ database, repositories }: TestDatabase): Promise<Fixture> {
  await repositories.strategies.seedDefinitions([WHEEL]);
  const versionId = (await repositories.strategies.listDefinitions()).find((d) => d.slug === 'wheel')!.versionId;
  const account = await insertAccount(database.db);
  const instance = await repositories.strategies.createInstance(
    { versionId, accountId: account.id, portfolioId: null, name: 'Wheel', config: {}, enabled: true },
    T0,
  );
  return {
    accountId: account.id,
    accountCode: account.accountCode,
    clientId: account.clientId,
    instanceId: instance.id,
    versionId,
    put: await insertPut(database.db),
  };
}

async function insertRecommendation(
  db: Db,
  f: Fixture,
  overrides: Partial<typeof schema.recommendations.$inferInsert> = {},
): Promise<string> {
  const [row] = await db
    .insert(schema.recommendations)
    .values({
      instanceId: f.instanceId,
      versionId: f.versionId,
      accountId: f.accountId,
      fingerprint: `fp-${next()}`,
      symbol: 'AAPL',
      action: 'sell_put',
      legs: [
        { symbol: 'AAPL', kind: 'option', right: 'put', strike: f.put.strikeNumber, expiry: EXPIRY, side: 'SELL' },
      ],
      quantity: '1',
      limitPrice: '2.35',
      expiresAt: at(60),
      createdAt: T0,
      ...overrides,
    })
    .returning({ id: schema.recommendations.id });
  return row!.id;
}

function newOrder(f: Fixture, recommendationId: string | null, overrides: Partial<NewOrder> = {}): NewOrder {
  return {
    idempotencyKey: recommendationId ? `rec:${recommendationId}` : `manual:${next()}`,
    accountId: f.accountId,
    portfolioId: null,
    recommendationId,
    mode: 'paper',
    legs: [legOf(f.put)],
    side: 'sell',
    limitPrice: '2.35',
    tif: 'day',
    quantity: 1,
    ocaGroup: null,
    automated: false,
    createdBy: null,
    reprice: null,
    ...overrides,
  };
}

const auditOf = (action: string, entityId: string, when: Date): AuditEntry => ({
  actorUserId: null,
  action,
  entityType: 'recommendation',
  entityId,
  after: { note: action },
  at: when,
});

async function approve(
  orders: OrdersRepository,
  f: Fixture,
  recommendationId: string,
  overrides: Partial<NewOrder> = {},
) {
  const result = await orders.approveRecommendation({
    recommendationId,
    decidedBy: null,
    at: at(1),
    order: newOrder(f, recommendationId, overrides),
    audit: auditOf('recommendation.approve', recommendationId, at(1)),
  });
  if (!result.ok) throw new Error(`approval refused: ${result.code}`);
  return result.order;
}

async function recommendationStatus(db: Db, id: string) {
  const [row] = await db
    .select({ status: schema.recommendations.status })
    .from(schema.recommendations)
    .where(eq(schema.recommendations.id, id));
  return row?.status;
}

async function count(db: Db, table: string, where: string): Promise<number> {
  return (await queryRows<{ n: number }>(db, `select count(*)::int as n from ${table} where ${where}`))[0]!.n;
}

/** A sell of `quantity` puts at `price` (per share) with 0.65 commission per contract, as one fill of the order. */
function sellFill(orderId: string, f: Fixture, fillNo: number, quantity: number, price: string, when: Date): PaperFill {
  const gross = Number(price) * 100 * quantity;
  const commission = (0.65 * quantity).toFixed(2);
  return {
    orderId,
    executions: [
      {
        execId: `paper:${orderId}:${fillNo}:0`,
        instrumentId: f.put.id,
        side: 'sell',
        quantity,
        price,
        commission,
        executedAt: when,
      },
    ],
    positions: [{ instrumentId: f.put.id, quantity: -quantity, cost: (-gross + Number(commission)).toFixed(2) }],
    filledQuantity: quantity,
    avgFillPrice: price,
    status: 'filled',
    at: when,
  };
}

async function paperRow(db: Db, accountId: string, instrumentId: string) {
  const [row] = await db
    .select()
    .from(schema.positions)
    .where(
      and(
        eq(schema.positions.accountId, accountId),
        eq(schema.positions.instrumentId, instrumentId),
        eq(schema.positions.source, 'paper'),
      ),
    );
  return row;
}

describeDb('orders repository: decisions', (use) => {
  it('two concurrent approvals of one recommendation make exactly one order; the other is not pending', async () => {
    const { database, repositories } = use();
    const f = await fixture(use());
    const user = await repositories.users.create({
      email: `trader${next()}@example.com`,
      passwordHash: 'h',
      isAdmin: false,
    });
    const recId = await insertRecommendation(database.db, f);
    const attempt = () =>
      repositories.orders.approveRecommendation({
        recommendationId: recId,
        decidedBy: user!.id,
        at: at(1),
        order: newOrder(f, recId, { createdBy: user!.id }),
        audit: { ...auditOf('recommendation.approve', recId, at(1)), actorUserId: user!.id },
      });
    const results = await Promise.all([attempt(), attempt()]);

    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: 'not_pending', status: 'approved' }]);
    expect(await count(database.db, 'orders', `recommendation_id = '${recId}'`)).toBe(1);
    expect(await count(database.db, 'audit_log', `entity_id = '${recId}'`)).toBe(1);

    const order = won[0]!.ok ? won[0]!.order : undefined;
    expect(order).toEqual({
      id: expect.any(String),
      idempotencyKey: `rec:${recId}`,
      accountId: f.accountId,
      accountCode: f.accountCode,
      portfolioId: null,
      recommendationId: recId,
      symbol: 'AAPL',
      brokerOrderId: null,
      permId: null,
      mode: 'paper',
      legs: [legOf(f.put)],
      side: 'sell',
      limitPrice: '2.35',
      tif: 'day',
      status: 'created',
      quantity: 1,
      filledQuantity: 0,
      avgFillPrice: null,
      statusMessage: null,
      ocaGroup: null,
      automated: false,
      createdBy: user!.id,
      reprice: null,
      priceAttempt: 0,
      submittedAt: null,
      createdAt: at(1),
      updatedAt: at(1),
    });
    const [rec] = await database.db.select().from(schema.recommendations).where(eq(schema.recommendations.id, recId));
    expect(rec).toMatchObject({ status: 'approved', decidedBy: user!.id, decidedAt: at(1) });
    expect(await repositories.orders.get(order!.id)).toEqual(order);
    expect(await repositories.orders.getByKey(`rec:${recId}`)).toEqual(order);
  });

  it('refuses an expired, a decided or an unknown recommendation and writes nothing', async () => {
    const { database, repositories } = use();
    const f = await fixture(use());
    const expired = await insertRecommendation(database.db, f, { expiresAt: at(1) });
    const rejected = await insertRecommendation(database.db, f, { status: 'rejected' });
    const tryApprove = (recommendationId: string) =>
      repositories.orders.approveRecommendation({
        recommendationId,
        decidedBy: null,
        at: at(1),
        order: newOrder(f, recommendationId),
        audit: auditOf('recommendation.approve', recommendationId, at(1)),
      });

    // Expired at its expires_at, as the sweep counts it.
    expect(await tryApprove(expired)).toEqual({ ok: false, code: 'expired', expiresAt: at(1) });
    expect(await tryApprove(rejected)).toEqual({ ok: false, code: 'not_pending', status: 'rejected' });
    expect(await tryApprove('00000000-0000-4000-8000-000000000000')).toEqual({ ok: false, code: 'not_found' });
    expect(await tryApprove('not-a-uuid')).toEqual({ ok: false, code: 'not_found' });
    expect(
      await repositories.orders.rejectRecommendation({
        recommendationId: expired,
        decidedBy: null,
        reason: 'late',
        at: at(2),
        audit: auditOf('recommendation.reject', expired, at(2)),
      }),
    ).toEqual({ ok: false, code: 'expired', expiresAt: at(1) });

    expect(await recommendationStatus(database.db, expired)).toBe('pending');
    expect(await recommendationStatus(database.db, rejected)).toBe('rejected');
    expect(await count(database.db, 'orders', `account_id = '${f.accountId}'`)).toBe(0);
    expect(await count(database.db, 'audit_log', `entity_id in ('${expired}', '${rejected}')`)).toBe(0);
  });

  it('rejects with the reason and the audit entry, once', async () => {
    const { database, repositories } = use();
    const f = await fixture(use());
    const recId = await insertRecommendation(database.db, f);
    const reject = () =>
      repositories.orders.rejectRecommendation({
        recommendationId: recId,
        decidedBy: null,
        reason: 'Earnings next week',
        at: at(3),
        audit: auditOf('recommendation.reject', recId, at(3)),
      });
    expect(await reject()).toEqual({ ok: true });
    expect(await reject()).toEqual({ ok: false, code: 'not_pending', status: 'rejected' });

    const [rec] = await database.db.select().from(schema.recommendations).where(eq(schema.recommendations.id, recId));
    expect(rec).toMatchObject({ status: 'rejected', decisionReason: 'Earnings next week', decidedAt: at(3) });
    const audits = await database.db.select().from(schema.auditLog).where(eq(schema.auditLog.entityId, recId));
    expect(audits).toEqual([
      expect.objectContaining({
        action: 'recommendation.reject',
        entityType: 'recommendation',
        after: { note: 'recommendation.reject' },
        at: at(3),
      }),
    ]);
    expect(await count(database.db, 'orders', `recommendation_id = '${recId}'`)).toBe(0);
  });
});

describeDb('orders repository: order state and the recommendation following it', (use) => {
  it('maps submitted, partly filled and filled onto the recommendation and stamps the first submission', async () => {
    const { database, repositories } = use();
    const { orders } = repositories;
    const f = await fixture(use());
    const recId = await insertRecommendation(database.db, f, { quantity: '2' });
    const order = await approve(orders, f, recId, { quantity: 2 });
    const state = { brokerOrderId: null, permId: null, statusMessage: null, avgFillPrice: null, filledQuantity: 0 };

    const submitted = await orders.updateState(order.id, { ...state, status: 'submitted', brokerOrderId: '7' }, at(2));
    expect(submitted).toMatchObject({ status: 'submitted', brokerOrderId: '7', submittedAt: at(2), updatedAt: at(2) });
    expect(await recommendationStatus(database.db, recId)).toBe('submitted');

    // An unchanged state writes nothing; an unknown broker id keeps the known one.
    expect(await orders.updateState(order.id, { ...state, status: 'submitted' }, at(3))).toEqual(submitted);

    const partial = await orders.updateState(
      order.id,
      { ...state, status: 'partially_filled', filledQuantity: 1, avgFillPrice: '2.35' },
      at(4),
    );
    expect(partial).toMatchObject({
      status: 'partially_filled',
      filledQuantity: 1,
      avgFillPrice: '2.35',
      submittedAt: at(2),
    });
    expect(await recommendationStatus(database.db, recId)).toBe('submitted');

    await orders.updateState(order.id, { ...state, status: 'filled', filledQuantity: 2, avgFillPrice: '2.3' }, at(5));
    expect(await recommendationStatus(database.db, recId)).toBe('filled');
    expect(
      await orders.updateState('00000000-0000-4000-8000-000000000000', { ...state, status: 'filled' }, at(5)),
    ).toBe(undefined);
  });

  it('a cancel with nothing filled cancels the recommendation; a partly filled one then cancelled counts as filled', async () => {
    const { database, repositories } = use();
    const { orders } = repositories;
    const f = await fixture(use());
    const state = { brokerOrderId: null, permId: null, avgFillPrice: null, filledQuantity: 0 };

    const untouched = await insertRecommendation(database.db, f);
    const a = await approve(orders, f, untouched);
    const cancelled = await orders.updateState(
      a.id,
      { ...state, status: 'cancelled', statusMessage: 'Cancelled by the operator' },
      at(2),
    );
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      statusMessage: 'Cancelled by the operator',
      submittedAt: null,
    });
    expect(await recommendationStatus(database.db, untouched)).toBe('cancelled');

    const partly = await insertRecommendation(database.db, f, { quantity: '3' });
    const b = await approve(orders, f, partly, { quantity: 3 });
    await orders.updateState(
      b.id,
      { ...state, status: 'partially_filled', filledQuantity: 1, avgFillPrice: '2.35', statusMessage: null },
      at(2),
    );
    await orders.updateState(
      b.id,
      { ...state, status: 'cancelled', filledQuantity: 1, avgFillPrice: '2.35', statusMessage: null },
      at(3),
    );
    expect(await recommendationStatus(database.db, partly)).toBe('filled');
  });

  it('followRecommendations brings every linked recommendation to its order state written by the sync', async () => {
    const { database, repositories } = use();
    const { orders } = repositories;
    const f = await fixture(use());
    const filled = await insertRecommendation(database.db, f);
    const rejected = await insertRecommendation(database.db, f);
    const working = await insertRecommendation(database.db, f);
    const created = await insertRecommendation(database.db, f);
    const byRec = new Map<string, string>();
    for (const id of [filled, rejected, working, created]) byRec.set(id, (await approve(orders, f, id)).id);
    // The sync writes broker state straight into the rows, by idempotency key.
    const write = (recId: string, status: 'filled' | 'rejected' | 'submitted', filledQuantity: string) =>
      database.db
        .update(schema.orders)
        .set({ status, filledQuantity })
        .where(eq(schema.orders.id, byRec.get(recId)!));
    await write(filled, 'filled', '1');
    await write(rejected, 'rejected', '0');
    await write(working, 'submitted', '0');

    expect(await orders.followRecommendations(at(10))).toBe(3);
    expect(await recommendationStatus(database.db, filled)).toBe('filled');
    expect(await recommendationStatus(database.db, rejected)).toBe('cancelled');
    expect(await recommendationStatus(database.db, working)).toBe('submitted');
    expect(await recommendationStatus(database.db, created)).toBe('approved');
    expect(await orders.followRecommendations(at(11))).toBe(0);
  });

  it('updates the working limit, and lists orders newest first by status, mode and account', async () => {
    const { database, repositories } = use();
    const { orders } = repositories;
    const f = await fixture(use());
    const first = await approve(orders, f, await insertRecommendation(database.db, f));
    const second = await orders.approveRecommendation({
      recommendationId: await insertRecommendation(database.db, f),
      decidedBy: null,
      at: at(2),
      order: newOrder(f, null, {
        mode: 'live',
        reprice: { ladder: ['2.35', '2.3', '2.25'], delayMs: 60_000 },
      }),
      audit: auditOf('recommendation.approve', 'x', at(2)),
    });
    if (!second.ok) throw new Error('approval refused');
    await orders.updateLimit(second.order.id, '2.3', 1, at(3));
    expect(await orders.get(second.order.id)).toMatchObject({
      limitPrice: '2.30',
      priceAttempt: 1,
      reprice: { ladder: ['2.35', '2.3', '2.25'], delayMs: 60_000 },
      updatedAt: at(3),
    });
    await orders.updateState(
      first.id,
      {
        brokerOrderId: null,
        permId: null,
        status: 'filled',
        filledQuantity: 1,
        avgFillPrice: '2.35',
        statusMessage: null,
      },
      at(4),
    );

    const ids = async (filter: Parameters<OrdersRepository['list']>[0]) => (await orders.list(filter)).map((o) => o.id);
    expect(await ids({ accountId: f.accountId, limit: 10 })).toEqual([second.order.id, first.id]);
    expect(await ids({ accountId: f.accountId, status: 'working', limit: 10 })).toEqual([second.order.id]);
    expect(await ids({ accountId: f.accountId, status: 'filled', limit: 10 })).toEqual([first.id]);
    expect(await ids({ accountId: f.accountId, mode: 'paper', limit: 10 })).toEqual([first.id]);
    expect(await ids({ accountId: f.accountId, limit: 1 })).toEqual([second.order.id]);
    expect(await ids({ accountId: 'nope', limit: 10 })).toEqual([]);

    // One client's: the orders on its accounts, never another client's.
    const stranger = await fixture(use());
    const theirs = await approve(orders, stranger, await insertRecommendation(database.db, stranger));
    const clientIds = async (clientId: string, filter: Parameters<OrdersRepository['list']>[0]) =>
      (await orders.listClientOrders(clientId, filter)).map((o) => o.id);
    expect(await clientIds(f.clientId, { limit: 10 })).toEqual([second.order.id, first.id]);
    expect(await clientIds(f.clientId, { status: 'working', limit: 10 })).toEqual([second.order.id]);
    expect(await clientIds(stranger.clientId, { limit: 10 })).toEqual([theirs.id]);
    expect(await clientIds(stranger.clientId, { accountId: f.accountId, limit: 10 })).toEqual([]);
    expect(await clientIds('nope', { limit: 10 })).toEqual([]);
    // Every client's (background work).
    expect(await ids({ limit: 1000 })).toEqual(expect.arrayContaining([first.id, second.order.id, theirs.id]));
  });
});

describeDb('orders repository: the paper book', (use) => {
  it('stores a retried paper fill once, moves the position once, and deletes it back at zero', async () => {
    const { database, repositories } = use();
    const { orders } = repositories;
    const f = await fixture(use());
    const recId = await insertRecommendation(database.db, f);
    const order = await approve(orders, f, recId);

    const fill = sellFill(order.id, f, 1, 1, '2.35', at(2));
    expect(await orders.recordPaperFill(fill)).toBe(true);
    expect(await orders.recordPaperFill(fill)).toBe(false);
    expect(await count(database.db, 'executions', `order_id = '${order.id}'`)).toBe(1);
    // Sold 1 × 2.35 × 100 = 235 received, 0.65 paid: −234.35, per contract incl. the multiplier.
    expect(await paperRow(database.db, f.accountId, f.put.id)).toMatchObject({
      quantity: '-1.000000',
      costBasis: '-234.350000',
      avgCost: '234.350000',
      portfolioId: null,
      asOf: at(2),
    });
    expect(await orders.get(order.id)).toMatchObject({
      status: 'filled',
      filledQuantity: 1,
      avgFillPrice: '2.35',
      submittedAt: at(2),
    });
    expect(await recommendationStatus(database.db, recId)).toBe('filled');
    expect(await orders.paperPositions(f.accountId)).toEqual([
      {
        accountId: f.accountId,
        instrumentId: f.put.id,
        key: f.put.key,
        symbol: 'AAPL',
        kind: 'option',
        right: 'put',
        strike: f.put.strikeNumber,
        expiry: EXPIRY,
        multiplier: 100,
        quantity: -1,
        costBasis: '-234.35',
      },
    ]);
    const executions = await orders.listExecutions({ orderId: order.id, limit: 10 });
    // The client's own list holds them; another client's does not, by order or by account.
    expect(await orders.listClientExecutions(f.clientId, { orderId: order.id, limit: 10 })).toEqual(executions);
    expect(await orders.listClientExecutions(f.clientId, { limit: 10 })).toEqual(executions);
    const stranger = await fixture(use());
    expect(await orders.listClientExecutions(stranger.clientId, { orderId: order.id, limit: 10 })).toEqual([]);
    expect(await orders.listClientExecutions(stranger.clientId, { accountId: f.accountId, limit: 10 })).toEqual([]);
    expect(executions).toEqual([
      {
        id: expect.any(String),
        execId: `paper:${order.id}:1:0`,
        orderId: order.id,
        accountId: f.accountId,
        accountCode: f.accountCode,
        instrumentId: f.put.id,
        key: f.put.key,
        symbol: 'AAPL',
        side: 'sell',
        quantity: 1,
        price: '2.35',
        commission: '0.65',
        executedAt: at(2),
        mode: 'paper',
      },
    ]);

    // Bought back at 1.00: the position is flat and gone.
    const close = await orders.approveRecommendation({
      recommendationId: await insertRecommendation(database.db, f),
      decidedBy: null,
      at: at(3),
      order: newOrder(f, null, { legs: [legOf(f.put, 'BUY')], side: 'buy', limitPrice: '1' }),
      audit: auditOf('recommendation.approve', 'close', at(3)),
    });
    if (!close.ok) throw new Error('approval refused');
    expect(
      await orders.recordPaperFill({
        orderId: close.order.id,
        executions: [
          {
            execId: `paper:${close.order.id}:1:0`,
            instrumentId: f.put.id,
            side: 'buy',
            quantity: 1,
            price: '1',
            commission: '0.65',
            executedAt: at(4),
          },
        ],
        positions: [{ instrumentId: f.put.id, quantity: 1, cost: '100.65' }],
        filledQuantity: 1,
        avgFillPrice: '1',
        status: 'filled',
        at: at(4),
      }),
    ).toBe(true);
    expect(await paperRow(database.db, f.accountId, f.put.id)).toBeUndefined();
    expect(await orders.paperPositions(f.accountId)).toEqual([]);

    const journal = await orders.journalInputs(f.clientId, { accountId: f.accountId });
    expect(await orders.journalInputs(f.clientId, {})).toEqual(journal);
    expect(await orders.journalInputs(stranger.clientId, {})).toEqual({ fills: [], events: [] });
    expect(journal.fills.map((fill) => [fill.side, fill.price, fill.mode, fill.kind, fill.multiplier])).toEqual([
      ['sell', '2.35', 'paper', 'option', 100],
      ['buy', '1.00', 'paper', 'option', 100],
    ]);
    expect(journal.events).toEqual([]);
  });

  it("the broker sync replaces its own rows and never the paper book's", async () => {
    const { database, repositories } = use();
    const f = await fixture(use());
    const order = await approve(repositories.orders, f, await insertRecommendation(database.db, f));
    await repositories.orders.recordPaperFill(sellFill(order.id, f, 1, 1, '2.35', at(2)));

    const broker = {
      instrumentId: f.put.id,
      quantity: '-2',
      avgCost: '250',
      marketValue: null,
      unrealizedPnl: null,
      realizedPnl: null,
      asOf: at(5),
    };
    await repositories.ingest.transaction((w) => w.replacePositions(f.accountId, [broker]));
    await repositories.ingest.transaction((w) => w.replacePositions(f.accountId, [{ ...broker, quantity: '-3' }]));
    const rows = await database.db
      .select({ source: schema.positions.source, quantity: schema.positions.quantity })
      .from(schema.positions)
      .where(eq(schema.positions.accountId, f.accountId))
      .orderBy(schema.positions.source);
    expect(rows).toEqual([
      { source: 'broker', quantity: '-3.000000' },
      { source: 'paper', quantity: '-1.000000' },
    ]);

    // Everything closed at the broker: its rows go, the paper row stays.
    const counts = await repositories.ingest.transaction((w) => w.replacePositions(f.accountId, []));
    expect(counts.deleted).toBe(1);
    expect(await paperRow(database.db, f.accountId, f.put.id)).toMatchObject({ quantity: '-1.000000' });
  });

  it('the positions read nets the broker and paper rows of a holding', async () => {
    const { database, repositories } = use();
    const f = await fixture(use());
    const order = await approve(repositories.orders, f, await insertRecommendation(database.db, f));
    // Paper: short 1 for a credit of 234.35.
    await repositories.orders.recordPaperFill(sellFill(order.id, f, 1, 1, '2.35', at(2)));
    const broker = {
      instrumentId: f.put.id,
      quantity: '-2',
      avgCost: '250',
      marketValue: '-400',
      unrealizedPnl: '100',
      realizedPnl: null,
      asOf: at(5),
    };
    await repositories.ingest.transaction((w) => w.replacePositions(f.accountId, [broker]));

    const [netted, ...others] = await repositories.reads.positions.list({ accountId: f.accountId });
    expect(others).toEqual([]);
    // −2 at the broker (basis −500) + −1 paper (basis −234.35) = −3, basis −734.35, 244.783333 per contract.
    expect(netted).toMatchObject({
      quantity: '-3',
      paperQuantity: -1,
      costBasis: '-734.35',
      avgCost: '244.783333',
      // No quote, and the broker's figures cover only its part: unknown.
      marketValue: null,
      unrealizedPnl: null,
      valuation: null,
      positionAsOf: at(5),
    });

    // Broker long 1 against the paper short 1: nothing is held.
    await repositories.ingest.transaction((w) => w.replacePositions(f.accountId, [{ ...broker, quantity: '1' }]));
    expect(await repositories.reads.positions.list({ accountId: f.accountId })).toEqual([]);

    // Only the broker's: its own figures, as before.
    await database.db
      .delete(schema.positions)
      .where(and(eq(schema.positions.accountId, f.accountId), eq(schema.positions.source, 'paper')));
    expect(await repositories.reads.positions.list({ accountId: f.accountId })).toEqual([
      expect.objectContaining({ quantity: '1', paperQuantity: 0, avgCost: '250.00', marketValue: '-400.00' }),
    ]);
  });

  it('settles an expiry once: the event stored by its key, the position moved; a repeat changes nothing', async () => {
    const { database, repositories } = use();
    const { orders } = repositories;
    const f = await fixture(use());
    const order = await approve(orders, f, await insertRecommendation(database.db, f));
    await orders.recordPaperFill(sellFill(order.id, f, 1, 1, '2.35', at(2)));

    const settlement = {
      accountId: f.accountId,
      events: [
        {
          kind: 'expiration' as const,
          accountId: f.accountId,
          instrumentId: f.put.id,
          quantity: 1,
          occurredAt: at(100),
          source: 'paper' as const,
          dedupeKey: `paper:${f.accountId}:${f.put.id}:${EXPIRY}`,
          raw: null,
        },
      ],
      positions: [{ instrumentId: f.put.id, quantity: 1, cost: '0' }],
    };
    expect(await orders.recordPaperSettlement(settlement)).toBe(true);
    expect(await orders.recordPaperSettlement(settlement)).toBe(false);
    expect(await paperRow(database.db, f.accountId, f.put.id)).toBeUndefined();
    const stranger = await fixture(use());
    expect(await orders.listOptionEvents(stranger.clientId, { limit: 10 })).toEqual([]);
    expect(await orders.listOptionEvents(stranger.clientId, { accountId: f.accountId, limit: 10 })).toEqual([]);
    expect(await orders.listOptionEvents(f.clientId, { limit: 10 })).toEqual(
      await orders.listOptionEvents(f.clientId, { accountId: f.accountId, limit: 10 }),
    );
    expect(await orders.listOptionEvents(f.clientId, { accountId: f.accountId, limit: 10 })).toEqual([
      {
        id: expect.any(String),
        kind: 'expiration',
        accountId: f.accountId,
        accountCode: f.accountCode,
        instrumentId: f.put.id,
        key: f.put.key,
        symbol: 'AAPL',
        quantity: 1,
        occurredAt: at(100),
        source: 'paper',
      },
    ]);
    expect((await orders.journalInputs(f.clientId, { accountId: f.accountId })).events).toEqual([
      { accountId: f.accountId, instrumentId: f.put.id, kind: 'expiration', quantity: 1, occurredAt: at(100) },
    ]);
    expect((await orders.journalInputs(stranger.clientId, {})).events).toEqual([]);

    // Broker events by dedupe key: only the new ones count.
    const brokerEvent = { ...settlement.events[0]!, source: 'broker' as const, dedupeKey: `broker:${next()}` };
    expect(await orders.recordOptionEvents([brokerEvent, settlement.events[0]!])).toBe(1);
    expect(await orders.recordOptionEvents([brokerEvent])).toBe(0);
  });
});

describeDb('orders repository: automation and order mode', (use) => {
  it('sums the contracts and notional of automated orders created since a time', async () => {
    const { database, repositories } = use();
    const { orders } = repositories;
    const f = await fixture(use());
    const other = await insertPut(database.db);
    // Well after every other test's orders: the sum is global.
    const day = (minutes: number) => at(100_000 + minutes);
    const place = async (when: Date, overrides: Partial<NewOrder>) => {
      const recId = await insertRecommendation(database.db, f, { expiresAt: null });
      const result = await orders.approveRecommendation({
        recommendationId: recId,
        decidedBy: null,
        at: when,
        order: newOrder(f, recId, overrides),
        audit: auditOf('recommendation.approve', recId, when),
      });
      if (!result.ok) throw new Error('approval refused');
    };
    const roll = [legOf(f.put, 'BUY'), legOf(other, 'SELL')];
    await place(day(-1), { automated: true, quantity: 5 });
    await place(day(1), { automated: true, quantity: 2, legs: roll, limitPrice: '-1.5' });
    await place(day(2), { automated: true, quantity: 1 });
    await place(day(3), { automated: false, quantity: 7 });

    // Roll: 2 legs × 2 = 4 contracts, |−1.5| × 100 × 2 legs × 2 = 600; single: 1 contract, 2.35 × 100 = 235.
    expect(await orders.automatedSince(day(0))).toEqual({ contracts: 5, notional: 835 });
    expect(await orders.automatedSince(day(10))).toEqual({ contracts: 0, notional: 0 });
  });

  it('switches an account between paper and live with an audit entry in the same transaction', async () => {
    const { database, repositories } = use();
    const { orders } = repositories;
    const f = await fixture(use());
    expect(await orders.accountTrading(f.accountId)).toMatchObject({
      accountId: f.accountId,
      accountCode: f.accountCode,
      broker: 'sim',
      orderMode: 'paper',
    });
    const entry: AuditEntry = {
      actorUserId: null,
      action: 'account.order_mode',
      entityType: 'broker_account',
      entityId: f.accountId,
      before: { orderMode: 'paper' },
      after: { orderMode: 'live' },
      at: at(7),
    };
    expect(await orders.setOrderMode(f.accountId, 'live', entry)).toEqual({
      accountId: f.accountId,
      accountCode: f.accountCode,
      broker: 'sim',
      orderMode: 'live',
      updatedAt: at(7),
    });
    expect(await orders.accountsTrading(f.clientId)).toEqual([
      { accountId: f.accountId, accountCode: f.accountCode, broker: 'sim', orderMode: 'live', updatedAt: at(7) },
    ]);
    const stranger = await fixture(use());
    expect((await orders.accountsTrading(stranger.clientId)).map((a) => a.accountId)).toEqual([stranger.accountId]);
    const audits = await database.db.select().from(schema.auditLog).where(eq(schema.auditLog.entityId, f.accountId));
    expect(audits).toEqual([expect.objectContaining({ action: 'account.order_mode', after: { orderMode: 'live' } })]);

    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await orders.setOrderMode(missing, 'live', { ...entry, entityId: missing })).toBeUndefined();
    expect(await count(database.db, 'audit_log', `entity_id = '${missing}'`)).toBe(0);
  });
});
