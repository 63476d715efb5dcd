// A live order filling in several parts while the broker connection keeps dropping, through the server's own order
// flow: the Order Manager (approve → one order, by key), the IBKR adapter on the fake gateway (the sim behind it) and
// the sync feeding the database. The gateway drops every connection right after a fill, again while fills happen
// with nobody connected, and again just after the adapter came back. Afterwards the database holds exactly the
// sim's fills of that order (each once), the order is filled, the position is the sim's, and the broker holds one
// order for the key.
import { createSyncService, type BrokerEvent, type SyncService } from '@optionstrader/application';
import { queryRows } from '@optionstrader/db';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '@optionstrader/testkit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePlaceOrder, koPut, startSimGateway, type SimGatewayRig } from '@optionstrader/broker-ibkr/testing';
import { staticReference } from './adapters/risk-market-data';
import { loadConfig } from './config';
import { insertPutRecommendation } from './testing/put-recommendation';
import { createServices } from './container';
import { startOrderFlow, type OrderFlow } from './order-flow';

const HALF_HOUR = 30 * 60_000;
const ACCOUNT = 'DU-SIM-PM';
const QUANTITY = 120; // well above the sim's displayed size (5–50 contracts per match): several fills
const PLACE_ORDER = 3;

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(postgresUnavailable())('live order: broker drops during the fills', () => {
  let rig: SimGatewayRig;
  let db: TestDatabase;
  let flow: OrderFlow;
  let services: ReturnType<typeof createServices>;
  let sync: SyncService;
  let adapter: ReturnType<SimGatewayRig['adapter']>;
  const events: BrokerEvent[] = [];
  const placed: string[] = [];

  beforeAll(async () => {
    [rig, db] = await Promise.all([startSimGateway(), createTestDatabase()]);
    rig.gateway.on((event) => {
      if (event.type !== 'message' || event.msgId !== PLACE_ORDER) return;
      const { order } = decodePlaceOrder(event.fields);
      if (!order.whatIf) placed.push(order.orderRef);
    });
    // Drops here are the gateway's (sockets closed): a slow event loop under a busy database must not add others.
    adapter = rig.adapter({
      connection: { probeIntervalMs: 1000, probeTimeoutMs: 10_000, backoff: { initialMs: 20, maxMs: 200 } },
    });
    adapter.subscribe((event) => events.push(event));
    await adapter.connect();
    services = createServices(db.database, { sessionTtlHours: 1, clock: rig.clock });
    sync = createSyncService({
      broker: adapter,
      ingest: services.repositories.ingest,
      syncRuns: services.repositories.syncRuns,
      clock: rig.clock,
    });
    expect((await sync.run({ trigger: 'cli' })).run.status).toBe('succeeded');
    // The server's own wiring: broker order events → the manager, reconcile on every reconnect.
    flow = startOrderFlow(
      loadConfig({ PAPER_FILL_INTERVAL_SECONDS: '0' }),
      services,
      services.risk(staticReference, adapter),
      adapter,
      pino({ level: 'silent' }),
    );
  }, 60_000);

  afterAll(async () => {
    flow?.stop();
    await rig?.close();
    await db?.close();
  });

  const rows = <T>(query: string) => queryRows<T>(db.database.db, query);
  const disconnects = () => events.filter((e) => e.type === 'connection' && e.state === 'disconnected').length;
  const ready = () => adapter.connectionState() === 'ready';

  it('stores every fill once, fills the order and its recommendation, and never sends the order twice', async () => {
    const [account] = await rows<{ id: string }>(`select id from broker_accounts where account_code = '${ACCOUNT}'`);
    const accountId = account?.id ?? '';
    const live = await flow.manager.setOrderMode(accountId, 'live', ACCOUNT, null);
    expect(live.ok).toBe(true);
    // An order larger than the sim's displayed size is far above the per-ticker and per-run defaults: lifted here.
    await services.repositories.riskLimits.set(
      accountId,
      { tickerExposureWarn: null, tickerExposureMax: null, maxNewContractsPerRun: null },
      rig.clock.now(),
    );

    const put = await koPut(rig.sim);
    const [quote] = await rig.sim.quotes([put]);
    if (quote?.bid == null || quote.ask == null) throw new Error('the KO put has no two-sided quote');
    const recId = await insertPutRecommendation(db.database.db, {
      accountId,
      put,
      quote: { bid: quote.bid, ask: quote.ask },
      quantity: QUANTITY,
      fingerprint: 'broker-drop-test',
      expiresAt: new Date(rig.clock.t + 86_400_000),
    });
    const ref = `rec:${recId}`;

    // Marketable: the lowest limit the band allows for a sale (at or below the bid), so every match fills while the
    // quote drifts over the afternoon; GTC so the close does not end it.
    await waitUntil(ready, 'the adapter to be ready');
    const preview = await flow.manager.preview(recId, {});
    if (!preview.ok) throw new Error(preview.refusal.message);
    const { natural, band } = preview.value;
    expect(natural).not.toBeNull();
    const limitPrice = Math.min(natural ?? Infinity, band?.min ?? Infinity);
    const approved = await flow.manager.approve(recId, { limitPrice, tif: 'GTC' }, { userId: null, automated: false });
    if (!approved.ok) throw new Error(approved.refusal.message);
    expect(approved.value.order.brokerOrderId).not.toBeNull();

    const simOrder = async () =>
      [...(await rig.sim.openOrders()), ...(await rig.sim.completedOrders())].filter((o) => o.idempotencyKey === ref);

    // A fill reaches the adapter live, then every connection drops; the sim goes on filling while nobody listens.
    rig.gateway.faults.dropAfterLiveExecutions = 1;
    let seen = disconnects();
    await rig.advance(HALF_HOUR);
    await waitUntil(() => disconnects() > seen, 'the drop after a fill');
    await rig.advance(HALF_HOUR);
    await waitUntil(ready, 'the reconnect');
    // Dropped again right after coming back (the adapter is re-reading orders and executions), then on and off
    // between the fills until the sim has filled the order.
    for (let step = 0; step < 16 && (await simOrder())[0]?.status !== 'filled'; step++) {
      if (step % 2 === 0) {
        seen = disconnects();
        rig.gateway.dropAll();
        await waitUntil(() => disconnects() > seen, 'a drop');
      }
      await rig.advance(HALF_HOUR);
      await waitUntil(ready, 'a reconnect');
    }
    const [atBroker, ...others] = await simOrder();
    expect(others, 'one order at the broker for the key').toHaveLength(0);
    expect(atBroker?.status, 'the sim filled the order').toBe('filled');
    expect(disconnects()).toBeGreaterThanOrEqual(2);

    // The sync, twice (the second must change nothing), then what the server does after each sync.
    await waitUntil(ready, 'the adapter to be ready for the sync');
    for (const pass of ['first', 'second']) {
      const { run } = await sync.run({ trigger: 'cli' });
      expect(run.status, `${pass} sync: ${run.error}`).toBe('succeeded');
    }
    await flow.afterSync();

    const simFills = (await rig.sim.executions()).filter((e) => e.idempotencyKey === ref).map((e) => e.execId);
    expect(simFills.length, 'filled in several parts').toBeGreaterThan(2);
    const stored = await rows<{ exec_id: string }>(
      `select e.exec_id from executions e join orders o on o.id = e.order_id where o.idempotency_key = '${ref}'`,
    );
    expect(stored.map((r) => r.exec_id).sort()).toEqual([...simFills].sort());
    expect(new Set(stored.map((r) => r.exec_id)).size).toBe(stored.length);

    const orders = await rows<{ status: string; filled_quantity: string; broker_order_id: string | null }>(
      `select status, filled_quantity, broker_order_id from orders where recommendation_id = '${recId}'`,
    );
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'filled', broker_order_id: approved.value.order.brokerOrderId });
    expect(Number(orders[0]?.filled_quantity)).toBe(QUANTITY);
    const [recommendation] = await rows<{ status: string }>(`select status from recommendations where id = '${recId}'`);
    expect(recommendation?.status).toBe('filled');

    const simPosition = (await rig.sim.positions(ACCOUNT)).find((p) => p.contract.key === put.key);
    const [position] = await rows<{ quantity: string }>(
      `select p.quantity from positions p join instruments i on i.id = p.instrument_id
       where p.account_id = '${accountId}' and p.source = 'broker' and i.canonical_key = '${put.key}'`,
    );
    expect(simPosition).toBeDefined();
    expect(Number(position?.quantity)).toBe(Number(simPosition?.quantity));

    expect(
      placed.filter((r) => r === ref),
      'PLACE_ORDERs with the key',
    ).toHaveLength(1);
  }, 60_000);
});
