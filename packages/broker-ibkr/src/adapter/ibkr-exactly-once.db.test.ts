// Faults in the middle of trading, end to end: the real IBKR adapter over the fake gateway (the sim behind it),
// synced into a real database. The gateway connection is killed while an order is filling and while executions
// are being backfilled; afterwards every execution is stored exactly once and no order reached the broker twice.
import type { BrokerEvent, OrderRequest } from '@optionstrader/application';
import { createSyncService } from '@optionstrader/application';
import { queryRows } from '@optionstrader/db';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '@optionstrader/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { koPut, startSimGateway, type SimGatewayRig } from '../testing/sim-gateway';

const HALF_HOUR = 30 * 60_000;

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(postgresUnavailable())('IBKR adapter: exactly once across gateway drops', () => {
  let rig: SimGatewayRig;
  let db: TestDatabase;
  let placeOrders: string[];

  beforeEach(async () => {
    [rig, db] = await Promise.all([startSimGateway(), createTestDatabase()]);
    placeOrders = [];
    rig.gateway.on((event) => {
      // PLACE_ORDER carries the orderRef; what-if probes are not orders.
      if (event.type === 'message' && event.msgId === 3) placeOrders.push(event.fields.join('|'));
    });
  });
  afterEach(async () => {
    await rig?.close();
    await db?.close();
  });

  const syncOf = (broker: Parameters<typeof createSyncService>[0]['broker']) =>
    createSyncService({
      broker,
      ingest: db.repositories.ingest,
      syncRuns: db.repositories.syncRuns,
      clock: rig.clock,
    });
  const storedExecIds = async () =>
    (await queryRows<{ exec_id: string }>(db.database.db, 'select exec_id from executions')).map((r) => r.exec_id);
  const simExecIds = async () => (await rig.sim.executions()).map((e) => e.execId);

  it('a drop while an order fills: every fill stored once, the order sent once, even by a restarted adapter', async () => {
    const adapter = rig.adapter();
    const events: BrokerEvent[] = [];
    adapter.subscribe((event) => events.push(event));
    await adapter.connect();
    const request: OrderRequest = {
      accountCode: 'DU-SIM-PM',
      idempotencyKey: 'rec-drop-mid-fill',
      legs: [{ contract: await koPut(rig.sim), action: 'SELL', ratio: 1 }],
      quantity: 120,
      orderType: 'MKT',
      limitPrice: null,
      tif: 'GTC',
    };
    const placed = await adapter.placeOrder(request);

    // The first fill reaches the adapter live, then the gateway connection dies; the sim goes on filling.
    rig.gateway.faults.dropAfterLiveExecutions = 1;
    await rig.advance(HALF_HOUR);
    await waitUntil(() => events.some((e) => e.type === 'connection' && e.state === 'disconnected'), 'the drop');
    await rig.advance(HALF_HOUR);
    await rig.advance(HALF_HOUR);
    await waitUntil(() => adapter.connectionState() === 'ready', 'the reconnect');
    await rig.advance(3 * HALF_HOUR);

    const fills = await simExecIds();
    expect(fills.length, 'the order filled in several slices').toBeGreaterThan(2);
    // The same key again, after the reconnect: the known order, nothing sent.
    expect((await adapter.placeOrder(request)).brokerOrderId).toBe(placed.brokerOrderId);

    // A restarted app (a fresh adapter, another client id) finds the order by its orderRef and sends nothing.
    await adapter.disconnect();
    const restarted = rig.adapter();
    await restarted.connect();
    const again = await restarted.placeOrder(request);
    expect(again.idempotencyKey).toBe(request.idempotencyKey);
    expect(placeOrders).toHaveLength(1);
    expect(placeOrders[0]).toContain('rec-drop-mid-fill');

    const sync = syncOf(restarted);
    expect((await sync.run({ trigger: 'cli' })).run.status).toBe('succeeded');
    expect((await sync.run({ trigger: 'cli' })).run.status).toBe('succeeded');
    const stored = await storedExecIds();
    expect([...stored].sort()).toEqual([...fills].sort());
    expect(new Set(stored).size).toBe(stored.length);
    const [order] = await queryRows<{ status: string; filled_quantity: string; n: number }>(
      db.database.db,
      "select status, filled_quantity, (select count(*)::int from orders) as n from orders where idempotency_key = 'rec-drop-mid-fill'",
    );
    expect(order).toMatchObject({ status: 'filled', n: 1 });
    expect(Number(order?.filled_quantity)).toBe(120);
  });

  it('a drop in the middle of an executions backfill: the next sync stores every execution exactly once', async () => {
    const adapter = rig.adapter();
    await adapter.connect();
    await adapter.placeOrder({
      accountCode: 'DU-SIM-PM',
      idempotencyKey: 'rec-backfill',
      legs: [{ contract: await koPut(rig.sim), action: 'SELL', ratio: 1 }],
      quantity: 120,
      orderType: 'MKT',
      limitPrice: null,
      tif: 'GTC',
    });
    await rig.advance(8 * HALF_HOUR);
    const fills = await simExecIds();
    expect(fills.length).toBeGreaterThan(3);

    rig.gateway.faults.dropDuringBackfillAfter = 2;
    const sync = syncOf(adapter);
    const interrupted = await sync.run({ trigger: 'cli' });
    expect(interrupted.run.status).toBe('failed');
    expect(interrupted.run.error).toMatch(/IBKR connection lost|unavailable|IBKR/);
    await waitUntil(() => adapter.connectionState() === 'ready', 'the reconnect');

    expect((await sync.run({ trigger: 'cli' })).run.status).toBe('succeeded');
    const stored = await storedExecIds();
    expect([...stored].sort()).toEqual([...fills].sort());
    expect(new Set(stored).size).toBe(stored.length);
    expect(placeOrders).toHaveLength(1);
  });
});
