// The IBKR adapter under the fake gateway's faults: the real `@stoqey/ib` client against the fake TWS, the sim broker
// behind it. Each test switches one fault on and asserts what the adapter's users see (events, port answers, what
// went on the wire) — and that the client never hit a decode error (505, raised as an `ibkr_decode_error` alert).
import { afterEach, describe, expect, it } from 'vitest';
import {
  BrokerError,
  type BrokerContract,
  type BrokerEvent,
  type BrokerExecution,
  type BrokerOrder,
  type BrokerQuote,
  type OrderRequest,
} from '@optionstrader/application';
import { newYorkToUtc, parseIsoDate } from '@optionstrader/domain';
import { errorMessage, OutgoingMsgId } from '../fake-gateway/messages';
import { startSimGateway, type SimGatewayRig } from '../testing/sim-gateway';
import type { IbkrBroker, IbkrBrokerOptions } from './ibkr-broker';

/** Before the open: an order placed now rests until `advance` reaches 09:30, so every fill is pushed live. */
const TUESDAY_9AM = newYorkToUtc(parseIsoDate('2026-03-03'), 9 * 60);
const HALF_HOUR = 30 * 60_000;
const ACCOUNT = 'DU-SIM-PM';
const DECIMAL = /^-?\d+(\.\d+)?$/;
const PLACE_ORDER = OutgoingMsgId.PLACE_ORDER;
/** REQ_ACCT_DATA: reqAccountUpdates (subscribe or unsubscribe), how the adapter reads positions. */
const REQ_ACCOUNT_UPDATES = 6;
const QUOTE_FIELDS = [
  'bid',
  'ask',
  'last',
  'mark',
  'volume',
  'openInterest',
  'impliedVol',
  'delta',
  'gamma',
  'theta',
  'vega',
  'underlyingPrice',
] as const satisfies readonly (keyof BrokerQuote)[];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 10 ms; fails after `timeoutMs` (≤ 10 s). Returns the time it took. */
async function waitUntil(condition: () => boolean, label: string, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${label}`);
    await sleep(10);
  }
  return Date.now() - started;
}

async function brokerErrorOf(attempt: Promise<unknown>): Promise<BrokerError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof BrokerError) return error;
    throw error;
  }
  throw new Error('expected a BrokerError, but the call succeeded');
}

interface Harness {
  rig: SimGatewayRig;
  adapter: IbkrBroker;
  /** Every adapter event, with the wall-clock time it arrived. */
  events: BrokerEvent[];
  wallTimes: number[];
  /** How many client messages with this id reached the gateway so far. */
  sent(msgId: number): number;
  /** Connection attempts that got as far as the version handshake. */
  handshakes(): number;
  /** Client messages other than the liveness probe (REQ_CURRENT_TIME) so far. */
  sentExceptProbes(): number;
  alerts(kind: string): BrokerEvent[];
  orderEvents(brokerOrderId: string): BrokerOrder[];
  executionEvents(brokerOrderId: string): BrokerExecution[];
}

let rig: SimGatewayRig | null = null;
/** Wall time of the last client message other than a liveness probe. */
let lastSentAt = 0;

afterEach(async () => {
  // Close only once the adapter has gone quiet (a re-sync finished): see the report on `gather` and disconnects.
  await waitUntil(() => Date.now() - lastSentAt > 200, 'a quiet adapter', 5_000).catch(() => 0);
  await rig?.close();
  rig = null;
});

async function start(options: { startMs?: number; overrides?: Partial<IbkrBrokerOptions> } = {}): Promise<Harness> {
  const started = await startSimGateway(options.startMs === undefined ? {} : { startMs: options.startMs });
  rig = started;
  const wire: number[] = [];
  let handshakes = 0;
  started.gateway.on((event) => {
    if (event.type === 'handshake') handshakes++;
    if (event.type !== 'message') return;
    wire.push(event.msgId);
    if (event.msgId !== OutgoingMsgId.REQ_CURRENT_TIME) lastSentAt = Date.now();
  });
  const adapter = started.adapter(options.overrides);
  const events: BrokerEvent[] = [];
  const wallTimes: number[] = [];
  adapter.subscribe((event) => {
    events.push(event);
    wallTimes.push(Date.now());
  });
  await adapter.connect();
  return {
    rig: started,
    adapter,
    events,
    wallTimes,
    sent: (msgId) => wire.filter((id) => id === msgId).length,
    handshakes: () => handshakes,
    sentExceptProbes: () => wire.filter((id) => id !== OutgoingMsgId.REQ_CURRENT_TIME).length,
    alerts: (kind) => events.filter((e) => e.type === 'alert' && e.kind === kind),
    orderEvents: (id) => events.flatMap((e) => (e.type === 'order' && e.order.brokerOrderId === id ? [e.order] : [])),
    executionEvents: (id) =>
      events.flatMap((e) => (e.type === 'execution' && e.execution.brokerOrderId === id ? [e.execution] : [])),
  };
}

function expectNoDecodeErrors(h: Harness | BrokerEvent[]) {
  const events = Array.isArray(h) ? h : h.events;
  expect(events.filter((e) => e.type === 'alert' && e.kind === 'ibkr_decode_error')).toEqual([]);
}

/** The short KO put the demo portfolio-margin account holds (one contract). */
async function heldKoPut(h: Harness): Promise<BrokerContract> {
  const position = (await h.adapter.positions(ACCOUNT)).find(
    (p) => p.contract.secType === 'OPT' && p.contract.symbol === 'KO' && p.contract.right === 'put',
  );
  if (!position) throw new Error('the demo account holds no KO put');
  expect(position.quantity).toBe('-1');
  return position.contract;
}

async function koStock(h: Harness): Promise<BrokerContract> {
  const [stock] = await h.adapter.contractDetails({ secType: 'STK', symbol: 'KO' });
  if (!stock) throw new Error('no KO contract');
  return stock;
}

const orderOf = (overrides: Partial<OrderRequest> & Pick<OrderRequest, 'idempotencyKey' | 'legs'>): OrderRequest => ({
  accountCode: ACCOUNT,
  quantity: 1,
  orderType: 'MKT',
  limitPrice: null,
  tif: 'DAY',
  ...overrides,
});

/** Moves the sim forward half an hour at a time until the order is filled (as the adapter reports it). */
async function advanceUntilFilled(h: Harness, brokerOrderId: string) {
  const filled = () => h.orderEvents(brokerOrderId).some((o) => o.status === 'filled');
  for (let step = 0; step < 8 && !filled(); step++) {
    const before = h.orderEvents(brokerOrderId).length;
    await h.rig.advance(HALF_HOUR);
    // A check that fills something is answered by a status change; one that fills nothing is not.
    await waitUntil(() => h.orderEvents(brokerOrderId).length > before, 'an order status', 1_000).catch(() => 0);
  }
  await waitUntil(filled, `order ${brokerOrderId} filled`);
}

describe('IBKR adapter under gateway faults', { timeout: 30_000 }, () => {
  it('duplicateOrderStatus: each distinct order state reaches subscribers once', async () => {
    const h = await start({ startMs: TUESDAY_9AM });
    h.rig.gateway.faults.duplicateOrderStatus = true;
    const put = await heldKoPut(h);

    const placed = await h.adapter.placeOrder(
      orderOf({ idempotencyKey: 'fault:dup-status', legs: [{ contract: put, action: 'BUY', ratio: 1 }], quantity: 60 }),
    );
    expect(placed.status).toBe('submitted');
    await advanceUntilFilled(h, placed.brokerOrderId);
    await sleep(100); // room for any late duplicate to (wrongly) surface

    const states = h.orderEvents(placed.brokerOrderId).map((o) => `${o.status}:${o.filledQuantity}`);
    expect(new Set(states).size, states.join(', ')).toBe(states.length);
    expect(states).toContain('submitted:0');
    expect(states.some((s) => s.startsWith('partially_filled:'))).toBe(true);
    expect(states.at(-1)).toBe('filled:60');
    const fills = h.executionEvents(placed.brokerOrderId);
    expect(fills.reduce((sum, e) => sum + Number(e.quantity), 0)).toBe(60);
    expectNoDecodeErrors(h);
  });

  it('rejectOrders: the order fails as rejected; its key again returns the rejected order without a resend', async () => {
    const h = await start();
    h.rig.gateway.faults.rejectOrders = 1;
    const stock = await koStock(h);
    const request = orderOf({
      idempotencyKey: 'fault:reject',
      legs: [{ contract: stock, action: 'BUY', ratio: 1 }],
      orderType: 'LMT',
      limitPrice: '1.00',
      tif: 'GTC',
    });

    const error = await brokerErrorOf(h.adapter.placeOrder(request));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('201');
    expect(h.sent(PLACE_ORDER)).toBe(1);

    const again = await h.adapter.placeOrder(request);
    expect(again.status).toBe('rejected');
    expect(again.idempotencyKey).toBe('fault:reject');
    expect(again.statusMessage).toContain('201');
    expect(h.sent(PLACE_ORDER)).toBe(1);
    expect(h.orderEvents(again.brokerOrderId).filter((o) => o.status === 'rejected')).toHaveLength(1);

    // The fault was for one order: the next key goes through.
    const next = await h.adapter.placeOrder({ ...request, idempotencyKey: 'fault:reject:next' });
    expect(next.status).toBe('submitted');
    expect(h.sent(PLACE_ORDER)).toBe(2);
    expectNoDecodeErrors(h);
  });

  it("marketData 'delayed': quotes say delayed and carry the market's values (option bid, ask, delta)", async () => {
    const h = await start();
    h.rig.gateway.faults.marketData = 'delayed';
    const put = await heldKoPut(h);
    const stock = await koStock(h);

    const [optionQuote, stockQuote] = await h.adapter.quotes([put, stock]);
    const [simOption, simStock] = await h.rig.sim.quotes([put, stock]);

    expect(optionQuote?.dataType).toBe('delayed');
    expect(stockQuote?.dataType).toBe('delayed');
    expect(optionQuote?.bid).not.toBeNull();
    expect(optionQuote?.ask).not.toBeNull();
    expect(optionQuote?.delta).not.toBeNull();
    expect(optionQuote?.bid).toBeCloseTo(simOption?.bid ?? NaN, 6);
    expect(optionQuote?.ask).toBeCloseTo(simOption?.ask ?? NaN, 6);
    expect(optionQuote?.delta).toBeCloseTo(simOption?.delta ?? NaN, 6);
    expect(optionQuote?.delta).toBeLessThan(0); // a put
    expect(stockQuote?.bid).toBeCloseTo(simStock?.bid ?? NaN, 6);
    expect(stockQuote?.ask).toBeCloseTo(simStock?.ask ?? NaN, 6);
    expectNoDecodeErrors(h);
  });

  it("marketData 'not_subscribed' (354): an all-unknown quote, no failure", async () => {
    const h = await start();
    h.rig.gateway.faults.marketData = 'not_subscribed';
    const put = await heldKoPut(h);
    const stock = await koStock(h);

    const quotes = await h.adapter.quotes([put, stock]);

    expect(quotes.map((q) => q.key)).toEqual([put.key, stock.key]);
    for (const quote of quotes) for (const field of QUOTE_FIELDS) expect(quote[field], field).toBeNull();
    expect(h.alerts('ibkr_competing_session')).toEqual([]);
    expectNoDecodeErrors(h);
  });

  it("marketData 'competing_session' (10197): an all-unknown quote and an operator alert", async () => {
    const h = await start();
    h.rig.gateway.faults.marketData = 'competing_session';
    const put = await heldKoPut(h);

    const [quote] = await h.adapter.quotes([put]);

    expect(quote?.key).toBe(put.key);
    for (const field of QUOTE_FIELDS) expect(quote?.[field], field).toBeNull();
    const [alert] = h.alerts('ibkr_competing_session');
    expect(alert).toMatchObject({ type: 'alert', kind: 'ibkr_competing_session', severity: 'warning' });
    expectNoDecodeErrors(h);
  });

  it('1100 degrades the connection and holds orders back; 1102 makes it ready and orders go again', async () => {
    const h = await start();
    const stock = await koStock(h);
    const request = orderOf({
      idempotencyKey: 'fault:1100',
      legs: [{ contract: stock, action: 'BUY', ratio: 1 }],
      orderType: 'LMT',
      limitPrice: '1.00',
      tif: 'GTC',
    });

    expect(
      h.rig.gateway.inject(errorMessage(-1, 1100, 'Connectivity between IB and Trader Workstation has been lost.')),
    ).toBe(1);
    await waitUntil(() => h.adapter.connectionState() === 'degraded', 'degraded');
    expect(h.events).toContainEqual(expect.objectContaining({ type: 'connection', state: 'degraded' }));

    const refused = await brokerErrorOf(h.adapter.placeOrder(request));
    expect(refused.kind).toBe('unavailable');
    expect(h.sent(PLACE_ORDER)).toBe(0);

    h.rig.gateway.inject(
      errorMessage(-1, 1102, 'Connectivity between IB and Trader Workstation has been restored - data maintained.'),
    );
    await waitUntil(() => h.adapter.connectionState() === 'ready', 'ready again');

    const placed = await h.adapter.placeOrder(request);
    expect(placed.status).toBe('submitted');
    expect(h.sent(PLACE_ORDER)).toBe(1);
    expectNoDecodeErrors(h);
  });

  it('1101 (restored, data lost): the adapter re-syncs its orders, executions and positions', async () => {
    const h = await start();
    const before = (msgId: number) => h.sent(msgId);
    const openOrders = before(OutgoingMsgId.REQ_ALL_OPEN_ORDERS);
    const completedOrders = before(OutgoingMsgId.REQ_COMPLETED_ORDERS);
    const executions = before(OutgoingMsgId.REQ_EXECUTIONS);
    const accountUpdates = before(REQ_ACCOUNT_UPDATES);
    expect(openOrders).toBe(1); // the first sync

    h.rig.gateway.inject(
      errorMessage(-1, 1101, 'Connectivity between IB and Trader Workstation has been restored - data lost.'),
    );
    await waitUntil(() => h.sent(OutgoingMsgId.REQ_ALL_OPEN_ORDERS) > openOrders, 'REQ_ALL_OPEN_ORDERS');
    await waitUntil(() => h.sent(OutgoingMsgId.REQ_COMPLETED_ORDERS) > completedOrders, 'REQ_COMPLETED_ORDERS');
    await waitUntil(() => h.sent(OutgoingMsgId.REQ_EXECUTIONS) > executions, 'REQ_EXECUTIONS');
    // Positions: subscribe and unsubscribe once per account (two demo accounts).
    await waitUntil(() => h.sent(REQ_ACCOUNT_UPDATES) >= accountUpdates + 4, 'account updates of every account');
    expect(h.adapter.connectionState()).toBe('ready');
    expectNoDecodeErrors(h);
  });

  it('ERR 100 (id -1, a pacing violation): an operator alert', async () => {
    const h = await start();
    h.rig.gateway.inject(errorMessage(-1, 100, 'Max rate of messages per second has been exceeded:max=50 rec=51'));
    await waitUntil(() => h.alerts('ibkr_pacing_violation').length > 0, 'the pacing alert', 3_000);
    expectNoDecodeErrors(h);
  });

  it('commissionDelayMs: the fill comes first without commission, then the commission joins it', async () => {
    const h = await start({ startMs: TUESDAY_9AM });
    h.rig.gateway.faults.commissionDelayMs = 100;
    const stock = await koStock(h);
    const placed = await h.adapter.placeOrder(
      orderOf({ idempotencyKey: 'fault:late-commission', legs: [{ contract: stock, action: 'BUY', ratio: 1 }] }),
    );

    await h.rig.advance(HALF_HOUR);
    await waitUntil(() => h.executionEvents(placed.brokerOrderId).length > 0, 'the execution');
    const [fill] = h.executionEvents(placed.brokerOrderId);
    if (!fill) throw new Error('no execution');
    expect(fill.commission).toBeNull();
    const isCommission = (e: BrokerEvent) => e.type === 'commission' && e.execId === fill.execId;
    await waitUntil(() => h.events.some(isCommission), 'the commission');
    const executionAt = h.events.findIndex((e) => e.type === 'execution' && e.execution.execId === fill.execId);
    const commissionAt = h.events.findIndex(isCommission);
    expect(commissionAt).toBeGreaterThan(executionAt);
    const commission = h.events[commissionAt];
    expect(commission).toMatchObject({
      type: 'commission',
      currency: 'USD',
      commission: expect.stringMatching(DECIMAL),
    });

    // The backfill's own commission reports come 100 ms after its end: what executions() says is the joined fill.
    const joined = (await h.adapter.executions()).find((e) => e.execId === fill.execId);
    expect(joined?.commission).toBe(commission?.type === 'commission' ? commission.commission : 'missing');
    expect(joined?.commissionCurrency).toBe('USD');
    expectNoDecodeErrors(h);
  });

  it('commissionFirst: a commission that comes before its fill still joins it', async () => {
    const h = await start({ startMs: TUESDAY_9AM });
    h.rig.gateway.faults.commissionFirst = true;
    const stock = await koStock(h);
    const placed = await h.adapter.placeOrder(
      orderOf({ idempotencyKey: 'fault:early-commission', legs: [{ contract: stock, action: 'BUY', ratio: 1 }] }),
    );

    await h.rig.advance(HALF_HOUR);
    await waitUntil(() => h.executionEvents(placed.brokerOrderId).length > 0, 'the execution');
    const [fill] = h.executionEvents(placed.brokerOrderId);
    if (!fill) throw new Error('no execution');
    await waitUntil(() => h.events.some((e) => e.type === 'commission' && e.execId === fill.execId), 'commission');
    const reported = h.events.find((e) => e.type === 'commission' && e.execId === fill.execId);

    const joined = (await h.adapter.executions()).find((e) => e.execId === fill.execId);
    expect(joined?.commission).toMatch(DECIMAL);
    expect(joined?.commission).toBe(reported?.type === 'commission' ? reported.commission : 'missing');
    expectNoDecodeErrors(h);
  });

  it('half-open gateway: the probe notices the silence, and the adapter is ready again once it answers', async () => {
    const h = await start({
      overrides: {
        connection: {
          probeIntervalMs: 1000,
          probeTimeoutMs: 500,
          // A reconnect attempt whose handshake met the silent gateway is abandoned after this (default 10 s).
          connectTimeoutMs: 1000,
          backoff: { initialMs: 20, maxMs: 200 },
        },
      },
    });
    expect(h.adapter.connectionState()).toBe('ready');

    h.rig.gateway.setSilent(true);
    const detectedMs = await waitUntil(() => h.adapter.connectionState() !== 'ready', 'leaving ready');
    console.log(`half-open: left ready ${detectedMs} ms after the gateway fell silent (probe 1000 + 500 ms)`);
    expect(h.events).toContainEqual(
      expect.objectContaining({
        type: 'connection',
        state: 'disconnected',
        message: expect.stringContaining('liveness probe') as unknown,
      }),
    );
    await expect(h.adapter.accounts()).rejects.toThrow(BrokerError);

    // Stay silent until a reconnect attempt has sent its handshake into the silence, then answer again.
    const handshakes = h.handshakes();
    await waitUntil(() => h.handshakes() > handshakes, 'a reconnect attempt');
    await sleep(50);
    expect(h.adapter.connectionState()).toBe('connecting');
    h.rig.gateway.setSilent(false);
    const recoveredMs = await waitUntil(() => h.adapter.connectionState() === 'ready', 'ready again');
    console.log(
      `half-open: ready ${recoveredMs} ms after the gateway answered again (connectTimeoutMs 1000 abandons the stuck attempt)`,
    );
    expect((await h.adapter.accounts()).map((a) => a.code)).toContain(ACCOUNT);
    expectNoDecodeErrors(h);
  });

  it('hard drop: the adapter reconnects to ready', async () => {
    const h = await start();
    const firstReady = h.events.filter((e) => e.type === 'connection' && e.state === 'ready').length;

    const droppedAt = Date.now();
    h.rig.gateway.dropAll();
    await waitUntil(
      () => h.events.filter((e) => e.type === 'connection' && e.state === 'ready').length > firstReady,
      'ready after the drop',
    );
    const readyIndex = h.events.findLastIndex((e) => e.type === 'connection' && e.state === 'ready');
    const reconnectMs = (h.wallTimes[readyIndex] ?? NaN) - droppedAt;
    console.log(`hard drop: ready again ${reconnectMs} ms after the drop`);
    expect(h.events).toContainEqual(expect.objectContaining({ type: 'connection', state: 'disconnected' }));
    expect(h.adapter.connectionState()).toBe('ready');
    expect((await h.adapter.positions(ACCOUNT)).length).toBeGreaterThan(0);
    expectNoDecodeErrors(h);
  });

  it('a two-leg put roll is placed once and filled per leg: OPT executions only, combo units counted once', async () => {
    const h = await start({ startMs: TUESDAY_9AM });
    const near = await heldKoPut(h);
    const [chain] = await h.adapter.optionChainParams('KO');
    let far: BrokerContract | undefined;
    for (const expiry of (chain?.expirations ?? []).filter((e) => near.expiry !== null && e > near.expiry)) {
      [far] = await h.adapter.contractDetails({
        secType: 'OPT',
        symbol: 'KO',
        expiry,
        strike: near.strike ?? '',
        right: 'put',
      });
      if (far) break;
    }
    if (!far) throw new Error(`no later KO put at strike ${near.strike}`);
    const request = orderOf({
      idempotencyKey: 'fault:roll',
      legs: [
        { contract: near, action: 'BUY', ratio: 1 },
        { contract: far, action: 'SELL', ratio: 1 },
      ],
      orderType: 'LMT',
      limitPrice: '0.50', // pays at most 0.50 net; a roll out in time is normally a credit
    });

    const placed = await h.adapter.placeOrder(request);
    expect((await h.adapter.placeOrder(request)).brokerOrderId).toBe(placed.brokerOrderId);
    expect(h.sent(PLACE_ORDER)).toBe(1);
    expect(placed.legs.map((l) => [l.contract.key, l.action])).toEqual([
      [near.key, 'BUY'],
      [far.key, 'SELL'],
    ]);
    expect(Number(placed.limitPrice)).toBe(0.5);

    await advanceUntilFilled(h, placed.brokerOrderId);
    await waitUntil(() => h.executionEvents(placed.brokerOrderId).length >= 2, 'both legs filled');
    await sleep(100); // room for the BAG's own execution to (wrongly) surface

    const fills = h.executionEvents(placed.brokerOrderId);
    expect(fills.map((e) => [e.contract.key, e.side, e.quantity])).toEqual([
      [near.key, 'BUY', '1'],
      [far.key, 'SELL', '1'],
    ]);
    expect(fills.every((e) => e.contract.secType === 'OPT')).toBe(true);
    const listed = (await h.adapter.executions()).filter((e) => e.brokerOrderId === placed.brokerOrderId);
    expect(listed.map((e) => e.contract.key).sort()).toEqual([near.key, far.key].sort());
    expect(listed.every((e) => e.contract.secType === 'OPT')).toBe(true);
    const done = h.orderEvents(placed.brokerOrderId).at(-1);
    expect(done).toMatchObject({ status: 'filled', quantity: 1, filledQuantity: 1 });
    const completed = (await h.adapter.completedOrders()).find((o) => o.brokerOrderId === placed.brokerOrderId);
    expect(completed).toMatchObject({ status: 'filled', filledQuantity: 1 });
    const positions = await h.adapter.positions(ACCOUNT);
    expect(positions.find((p) => p.contract.key === near.key)).toBeUndefined();
    expect(positions.find((p) => p.contract.key === far.key)?.quantity).toBe('-1');
    expectNoDecodeErrors(h);
  });

  it('whatIf: margin changes as decimal strings, nothing placed', async () => {
    const h = await start();
    const put = await heldKoPut(h);

    const result = await h.adapter.whatIf(
      orderOf({ idempotencyKey: 'fault:what-if', legs: [{ contract: put, action: 'SELL', ratio: 1 }], quantity: 2 }),
    );

    expect(result.initialMarginChange).not.toBeNull();
    expect(result.initialMarginChange).toMatch(DECIMAL);
    expect(Number(result.initialMarginChange)).toBeGreaterThan(0); // two more short puts need margin
    expect(result.maintenanceMarginChange).toMatch(DECIMAL);
    expect(result.equityWithLoanChange).toMatch(DECIMAL);
    expect(result.commission === null || DECIMAL.test(result.commission)).toBe(true);
    expect((await h.adapter.openOrders()).filter((o) => o.idempotencyKey === 'fault:what-if')).toEqual([]);
    expect((await h.rig.sim.openOrders()).filter((o) => o.idempotencyKey === 'fault:what-if')).toEqual([]);
    expectNoDecodeErrors(h);
  });

  it('live guard: a non-paper account is refused before anything is sent, unless live trading is enabled', async () => {
    const live = { code: 'U7654321', type: 'margin_regt' as const, label: 'Live' };
    const h = await start({ overrides: { accounts: [live] } });
    const stock = await koStock(h);
    const request = orderOf({
      accountCode: live.code,
      idempotencyKey: 'fault:live',
      legs: [{ contract: stock, action: 'BUY', ratio: 1 }],
    });

    const before = h.sentExceptProbes();
    const refused = await brokerErrorOf(h.adapter.placeOrder(request));
    expect(refused.kind).toBe('rejected');
    expect(refused.message).toContain('live trading is not enabled');
    expect(h.sentExceptProbes()).toBe(before);
    expect(h.sent(PLACE_ORDER)).toBe(0);

    // With live trading enabled the guard steps aside: the account itself decides (the fake manages only DU…).
    const enabled = h.rig.adapter({ accounts: [live], liveTradingEnabled: true });
    const enabledEvents: BrokerEvent[] = [];
    enabled.subscribe((event) => enabledEvents.push(event));
    await enabled.connect();
    const passed = await brokerErrorOf(enabled.placeOrder(request));
    expect(passed.kind).toBe('not_found');
    expect(h.sent(PLACE_ORDER)).toBe(0);
    expectNoDecodeErrors(h);
    expectNoDecodeErrors(enabledEvents);
  });

  it('readOnly: orders are refused as invalid requests and never sent', async () => {
    const h = await start({ overrides: { readOnly: true } });
    const stock = await koStock(h);

    const refused = await brokerErrorOf(
      h.adapter.placeOrder(
        orderOf({ idempotencyKey: 'fault:read-only', legs: [{ contract: stock, action: 'BUY', ratio: 1 }] }),
      ),
    );
    expect(refused.kind).toBe('invalid_request');
    expect(h.sent(PLACE_ORDER)).toBe(0);
    expectNoDecodeErrors(h);
  });
});
