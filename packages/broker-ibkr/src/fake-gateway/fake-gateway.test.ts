// The fake gateway proven against the real client: `@stoqey/ib`'s raw IBApi (the adapter's transport), with a
// programmable Broker port behind it answering account, contract, market-data, order and execution requests.
import { connect as connectSocket, type Socket } from 'node:net';
import { BrokerError, type BrokerOrder } from '@optionstrader/application';
import { parseIsoDate } from '@optionstrader/domain';
import {
  accountSummary,
  brokerAccount,
  brokerExecution,
  brokerPosition,
  brokerQuote,
  createFakeBroker,
  optionContract,
  stockContract,
  type FakeBroker,
} from '@optionstrader/testkit';
import {
  type CommissionReport,
  type Contract,
  EventName,
  type Execution,
  IBApi,
  OptionType,
  type Order,
  OrderAction,
  OrderType,
  SecType,
} from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeFields, encodeHandshake, createFrameDecoder } from '../framing';
import {
  MAX_MESSAGES_PER_SECOND,
  startFakeGateway,
  type FakeGateway,
  type FakeGatewayEvent,
  type FakeGatewayOptions,
} from './fake-gateway';
import { TickType } from './market-messages';
import { errorMessage } from './messages';
import { installOrderDesk } from './testing/order-desk';
import { waitUntil } from './testing/wait-until';

const CLIENT_ID = 7;
const NOW = new Date('2026-01-05T14:30:00Z');
const NOW_EPOCH_SEC = 1_767_623_400;

/** The events the backend's replies cause, recorded in arrival order with their raw arguments. */
const RECORDED_EVENTS = [
  EventName.accountSummary,
  EventName.accountSummaryEnd,
  EventName.position,
  EventName.positionEnd,
  EventName.updatePortfolio,
  EventName.updateAccountValue,
  EventName.updateAccountTime,
  EventName.accountDownloadEnd,
  EventName.contractDetails,
  EventName.contractDetailsEnd,
  EventName.securityDefinitionOptionParameter,
  EventName.securityDefinitionOptionParameterEnd,
  EventName.marketDataType,
  EventName.tickReqParams,
  EventName.tickPrice,
  EventName.tickSize,
  EventName.tickGeneric,
  EventName.tickOptionComputation,
  EventName.tickSnapshotEnd,
  EventName.openOrder,
  EventName.openOrderEnd,
  EventName.orderStatus,
  EventName.execDetails,
  EventName.execDetailsEnd,
  EventName.commissionReport,
  EventName.completedOrder,
  EventName.completedOrdersEnd,
] as const;

type RecordedEvent = (typeof RECORDED_EVENTS)[number];

interface ClientLog {
  connected: number;
  disconnected: number;
  server: { version: number; connectionTime: string }[];
  nextValidIds: number[];
  accounts: string[];
  times: number[];
  /** Notices with id -1: farm status, and the errors TWS sends without a request id (100, 326, 321 …). */
  infos: { code: number; message: string }[];
  errors: { code: number; message: string; reqId: number }[];
  timeline: { name: RecordedEvent; args: unknown[] }[];
}

let gateway: FakeGateway | undefined;
const clients: IBApi[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const api of clients.splice(0)) api.disconnect();
  for (const socket of sockets.splice(0)) socket.destroy();
  await gateway?.close();
  gateway = undefined;
});

async function startGateway(options: Partial<FakeGatewayOptions> = {}) {
  gateway = await startFakeGateway({ accounts: ['DU1234567'], nextOrderId: 1001, clock: () => NOW, ...options });
  const events: FakeGatewayEvent[] = [];
  gateway.on((event) => events.push(event));
  return { gateway, events };
}

interface ClientOptions {
  clientId?: number;
  /** IBApi's own outbound limiter (default 40/s); raise it to let a burst reach the gateway at once. */
  maxReqPerSec?: number;
}

function startClient(port: number, options: ClientOptions = {}): { api: IBApi; log: ClientLog } {
  const api = new IBApi({
    host: '127.0.0.1',
    port,
    ...(options.maxReqPerSec === undefined ? {} : { maxReqPerSec: options.maxReqPerSec }),
  });
  clients.push(api);
  const log: ClientLog = {
    connected: 0,
    disconnected: 0,
    server: [],
    nextValidIds: [],
    accounts: [],
    times: [],
    infos: [],
    errors: [],
    timeline: [],
  };
  // IBApi's typed overloads cannot take a generic listener; its EventEmitter base can.
  const emitter: { on(event: string, listener: (...args: unknown[]) => void): unknown } = api;
  for (const name of RECORDED_EVENTS) emitter.on(name, (...args: unknown[]) => log.timeline.push({ name, args }));
  api
    .on(EventName.connected, () => log.connected++)
    .on(EventName.disconnected, () => log.disconnected++)
    .on(EventName.server, (version, connectionTime) => log.server.push({ version, connectionTime }))
    .on(EventName.nextValidId, (orderId) => log.nextValidIds.push(orderId))
    .on(EventName.managedAccounts, (accounts) => log.accounts.push(accounts))
    .on(EventName.currentTime, (time) => log.times.push(time))
    .on(EventName.info, (message, code) => log.infos.push({ code, message }))
    .on(EventName.error, (error, code, reqId) => log.errors.push({ code, message: error.message, reqId }));
  api.connect(options.clientId ?? CLIENT_ID);
  return { api, log };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The decoder reports unprocessed or missing fields as error 505: any of them means a wrong layout. */
function expectNoDecodeErrors(log: ClientLog) {
  expect(log.errors.filter((error) => error.code === 505)).toEqual([]);
}

async function connectedClient(port: number, options: ClientOptions = {}) {
  const client = startClient(port, options);
  await waitUntil(() => client.log.nextValidIds.length > 0 && client.log.infos.length >= 3);
  return client;
}

/** A raw TCP client for what IBApi cannot be made to send (old version ranges, garbage). */
async function rawClient(port: number) {
  const socket = connectSocket({ host: '127.0.0.1', port });
  sockets.push(socket);
  const received: Buffer[] = [];
  let closed = false;
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', () => undefined);
  socket.on('close', () => (closed = true));
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, received, isClosed: () => closed };
}

describe('fake gateway with the @stoqey/ib client', () => {
  it('completes the handshake and START_API: version 193, accounts, next valid id and farm notices', async () => {
    const { gateway } = await startGateway({ accounts: ['DU1234567', 'DU7654321'] });
    const { api, log } = await connectedClient(gateway.port);

    expect(log.connected).toBe(1);
    expect(log.server).toEqual([{ version: 193, connectionTime: '20260105 14:30:00 UTC' }]);
    expect(api.serverVersion).toBe(193);
    expect(log.accounts).toEqual(['DU1234567,DU7654321']);
    expect(log.nextValidIds).toEqual([1001]);
    expect(log.infos.map((info) => info.code)).toEqual([2104, 2106, 2158]);
    expect(log.infos[0]?.message).toBe('Market data farm connection is OK:usfarm');
    expect(gateway.connections()).toEqual([{ id: 1, state: 'ready', serverVersion: 193, clientId: CLIENT_ID }]);
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('answers REQ_CURRENT_TIME with the fake clock in epoch seconds', async () => {
    const { gateway } = await startGateway();
    const { api, log } = await connectedClient(gateway.port);

    api.reqCurrentTime();
    await waitUntil(() => log.times.length > 0);

    expect(log.times).toEqual([NOW_EPOCH_SEC]);
    expectNoDecodeErrors(log);
  });

  it('answers REQ_IDS with the current next order id', async () => {
    const { gateway } = await startGateway();
    const { api, log } = await connectedClient(gateway.port);

    gateway.setNextOrderId(5000);
    api.reqIds();
    await waitUntil(() => log.nextValidIds.length > 1);

    expect(log.nextValidIds).toEqual([1001, 5000]);
    expectNoDecodeErrors(log);
  });

  it('records a message it has no script for and keeps serving the connection', async () => {
    const { gateway, events } = await startGateway();
    const { api, log } = await connectedClient(gateway.port);

    api.reqPositions();
    api.reqCurrentTime();
    await waitUntil(() => log.times.length > 0);

    expect(gateway.unhandled()).toEqual([{ connectionId: 1, msgId: 61, fields: ['61', '1'] }]);
    expect(events.filter((event) => event.type === 'unhandled')).toHaveLength(1);
    expect(log.times).toEqual([NOW_EPOCH_SEC]);
    expectNoDecodeErrors(log);
  });

  it('delivers an injected notice with id -1 as info (how connectivity faults will be scripted)', async () => {
    const { gateway } = await startGateway();
    const { log } = await connectedClient(gateway.port);

    expect(
      gateway.inject(errorMessage(-1, 1100, 'Connectivity between IB and Trader Workstation has been lost.')),
    ).toBe(1);
    await waitUntil(() => log.infos.some((info) => info.code === 1100));

    expectNoDecodeErrors(log);
  });

  it('hard drop: the client sees disconnected and the gateway forgets the connection', async () => {
    const { gateway, events } = await startGateway();
    const { api, log } = await connectedClient(gateway.port);

    gateway.dropAll();
    await waitUntil(() => log.disconnected > 0);

    expect(api.isConnected).toBe(false);
    await waitUntil(() => gateway.connections().length === 0);
    expect(events.some((event) => event.type === 'closed')).toBe(true);
    expectNoDecodeErrors(log);
  });

  it('silent (half-open): requests go unanswered while the client still believes it is connected', async () => {
    const { gateway, events } = await startGateway();
    const { api, log } = await connectedClient(gateway.port);

    gateway.setSilent(true);
    api.reqCurrentTime();
    await waitUntil(() => events.some((event) => event.type === 'message' && event.msgId === 49));
    await sleep(300);

    // This is the case the connection supervisor must detect itself: no disconnect, no error, no answer.
    expect(log.times).toEqual([]);
    expect(api.isConnected).toBe(true);
    expect(log.disconnected).toBe(0);
    expect(log.errors).toEqual([]);

    // Swallowed, not queued: once the gateway speaks again only the new request is answered.
    gateway.setSilent(false);
    api.reqCurrentTime();
    await waitUntil(() => log.times.length > 0);
    await sleep(50);
    expect(log.times).toEqual([NOW_EPOCH_SEC]);
    expectNoDecodeErrors(log);
  });
});

// ---- a Broker backend behind the gateway ------------------------------------------------------------------------

const ACCOUNT = 'DU1234567';
const OTHER_ACCOUNT = 'DU7654321';
const EXPIRY = '2026-01-16';

const SPY = { ...stockContract('SPY', 756733), primaryExchange: 'ARCA' };
const SPY_CALL = { ...optionContract('SPY', EXPIRY, 'call', '590', 712345678), localSymbol: 'SPY   260116C00590000' };
/** Listed, held nowhere: the far leg of a roll. */
const SPY_CALL_FEB = optionContract('SPY', '2026-02-20', 'call', '600', 712399999);
const EXEC_TIME_1 = new Date('2026-01-05T14:00:00Z');
const EXEC_TIME_2 = new Date('2026-01-05T14:20:00Z');

/** The call as a client names it, with and without the con_id it learned. */
const IB_SPY_CALL: Contract = {
  symbol: 'SPY',
  secType: SecType.OPT,
  lastTradeDateOrContractMonth: '20260116',
  strike: 590,
  right: OptionType.Call,
  multiplier: 100,
  exchange: 'SMART',
  currency: 'USD',
};
const IB_SPY_CALL_BY_ID: Contract = { ...IB_SPY_CALL, conId: 712345678 };
const IB_SPY: Contract = { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

const COVERED_CALL: Order = {
  action: OrderAction.SELL,
  totalQuantity: 2,
  orderType: OrderType.LMT,
  lmtPrice: 3.45,
  tif: 'GTC',
  account: ACCOUNT,
  orderRef: 'wheel:cc:1',
  transmit: true,
};

/** An order placed elsewhere (TWS itself, another tool): the gateway has no order id of a client for it. */
function foreignOrder(overrides: Partial<BrokerOrder> = {}): BrokerOrder {
  return {
    brokerOrderId: 'tws-ui-1',
    permId: null,
    idempotencyKey: null,
    accountCode: ACCOUNT,
    legs: [{ contract: SPY, action: 'BUY', ratio: 1 }],
    quantity: 100,
    orderType: 'LMT',
    limitPrice: '580',
    tif: 'DAY',
    status: 'submitted',
    filledQuantity: 0,
    averageFillPrice: null,
    statusMessage: null,
    createdAt: EXEC_TIME_1,
    updatedAt: EXEC_TIME_1,
    ...overrides,
  };
}

function backendBroker(): FakeBroker {
  return createFakeBroker({
    accounts: [brokerAccount(ACCOUNT), brokerAccount(OTHER_ACCOUNT)],
    summaries: [
      accountSummary(ACCOUNT, NOW, { netLiquidation: '125000.5', cash: '80000.25', buyingPower: null }),
      accountSummary(OTHER_ACCOUNT, NOW, { netLiquidation: '5000', cash: null, buyingPower: '10000' }),
    ],
    positions: [
      brokerPosition(ACCOUNT, SPY, '100', NOW, {
        averageCost: '580.25',
        marketPrice: 585.5,
        marketValue: '58550',
        unrealizedPnl: '525',
        realizedPnl: '0',
      }),
      // Nothing known about its market: price, value and P&L unknown.
      brokerPosition(ACCOUNT, SPY_CALL, '-2', NOW, { averageCost: '345.5' }),
      brokerPosition(OTHER_ACCOUNT, SPY, '10', NOW, { averageCost: '590' }),
    ],
    listed: [SPY_CALL_FEB],
    chains: [
      {
        underlying: SPY,
        tradingClass: 'SPY',
        exchange: 'SMART',
        multiplier: 100,
        expirations: [parseIsoDate('2026-01-16'), parseIsoDate('2026-02-20')],
        strikes: ['580', '590', '600'],
      },
    ],
    quotes: [
      brokerQuote(SPY, NOW, { bid: 585.1, ask: 585.2, last: 585.15, mark: 585.15, volume: 1_200_000 }),
      brokerQuote(SPY_CALL, NOW, {
        bid: 3.4,
        ask: 3.5,
        last: null,
        mark: 3.45,
        volume: 120,
        openInterest: 5000,
        impliedVol: 0.18,
        delta: 0.45,
        gamma: 0.05,
        theta: null,
        vega: 0.2,
        underlyingPrice: 585.15,
      }),
    ],
  });
}

/** A gateway answering from `broker` (connected first, as the port requires); MANAGED_ACCTS from its accounts. */
async function startBackendGateway(broker: FakeBroker, options: Partial<FakeGatewayOptions> = {}) {
  await broker.connect();
  gateway = await startFakeGateway({ backend: broker, nextOrderId: 1001, clock: () => NOW, ...options });
  const events: FakeGatewayEvent[] = [];
  gateway.on((event) => events.push(event));
  return { gateway, events };
}

/** A backend gateway with one client past nextValidId and the farm notices. */
async function backendSession(broker: FakeBroker = backendBroker()) {
  const { gateway, events } = await startBackendGateway(broker);
  const { api, log } = await connectedClient(gateway.port);
  return { broker, gateway, events, api, log };
}

function argsOf(log: ClientLog, name: RecordedEvent): unknown[][] {
  return log.timeline.filter((event) => event.name === name).map((event) => event.args);
}

/** The events of one request (their first argument is its reqId), as [name, ...args after the reqId]. */
function eventsOf(log: ClientLog, reqId: number): unknown[][] {
  return log.timeline.filter((event) => event.args[0] === reqId).map((event) => [event.name, ...event.args.slice(1)]);
}

function errorsOf(log: ClientLog, reqId: number): number[] {
  return log.errors.filter((error) => error.reqId === reqId).map((error) => error.code);
}

/**
 * Waits until everything the gateway had sent before now has arrived: its replies go out in order, and
 * REQ_CURRENT_TIME is answered at once.
 */
async function barrier(api: IBApi, log: ClientLog) {
  const before = log.times.length;
  api.reqCurrentTime();
  await waitUntil(() => log.times.length > before);
}

describe('fake gateway with a Broker backend: account and positions', () => {
  it("announces the backend's accounts in MANAGED_ACCTS when given no list", async () => {
    const { log } = await backendSession();

    expect(log.accounts).toEqual([`${ACCOUNT},${OTHER_ACCOUNT}`]);
    expectNoDecodeErrors(log);
  });

  it('answers REQ_ACCOUNT_SUMMARY with the requested tags of every account, unknown values omitted, then the end', async () => {
    const { api, log, gateway, events } = await backendSession();

    api.reqAccountSummary(42, 'All', 'NetLiquidation,TotalCashValue,BuyingPower');
    await waitUntil(() => argsOf(log, EventName.accountSummaryEnd).length > 0);

    // MaintMarginReq & co. are known but not asked for; BuyingPower (first account) and cash (second) are null.
    expect(argsOf(log, EventName.accountSummary)).toEqual([
      [42, ACCOUNT, 'NetLiquidation', '125000.5', 'USD'],
      [42, ACCOUNT, 'TotalCashValue', '80000.25', 'USD'],
      [42, OTHER_ACCOUNT, 'NetLiquidation', '5000', 'USD'],
      [42, OTHER_ACCOUNT, 'BuyingPower', '10000', 'USD'],
    ]);
    expect(argsOf(log, EventName.accountSummaryEnd)).toEqual([[42]]);

    api.cancelAccountSummary(42);
    await waitUntil(() => events.some((event) => event.type === 'message' && event.msgId === 63));
    expect(gateway.unhandled()).toEqual([]);
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('answers REQ_POSITIONS with every position of every account, then POSITION_END, and handles the cancel', async () => {
    const { api, log, gateway, events } = await backendSession();

    api.reqPositions();
    await waitUntil(() => argsOf(log, EventName.positionEnd).length > 0);

    expect(argsOf(log, EventName.position)).toEqual([
      [
        ACCOUNT,
        expect.objectContaining({
          conId: 756733,
          symbol: 'SPY',
          secType: 'STK',
          strike: 0,
          exchange: 'SMART',
          currency: 'USD',
          localSymbol: 'SPY',
          tradingClass: 'SPY',
        }),
        100,
        580.25,
      ],
      [
        ACCOUNT,
        expect.objectContaining({
          conId: 712345678,
          symbol: 'SPY',
          secType: 'OPT',
          lastTradeDateOrContractMonth: '20260116',
          strike: 590,
          right: 'C',
          multiplier: 100,
          exchange: 'SMART',
          currency: 'USD',
          localSymbol: 'SPY   260116C00590000',
          tradingClass: 'SPY',
        }),
        -2,
        345.5,
      ],
      [OTHER_ACCOUNT, expect.objectContaining({ conId: 756733, secType: 'STK' }), 10, 590],
    ]);
    expect(argsOf(log, EventName.positionEnd)).toEqual([[]]);

    api.cancelPositions();
    await waitUntil(() => events.some((event) => event.type === 'message' && event.msgId === 64));
    expect(gateway.unhandled()).toEqual([]);
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('answers reqAccountUpdates with the portfolio, the update time and the download end; unknown values as unset', async () => {
    const { api, log } = await backendSession();

    api.reqAccountUpdates(true, ACCOUNT);
    await waitUntil(() => argsOf(log, EventName.accountDownloadEnd).length > 0);

    expect(argsOf(log, EventName.updatePortfolio)).toEqual([
      [
        expect.objectContaining({
          conId: 756733,
          symbol: 'SPY',
          secType: 'STK',
          strike: 0,
          primaryExch: 'ARCA',
          currency: 'USD',
          localSymbol: 'SPY',
          tradingClass: 'SPY',
        }),
        100,
        585.5,
        58550,
        580.25,
        525,
        0,
        ACCOUNT,
      ],
      // Unknown price, value and P&L go out as TWS's unset double (the max double), which IBApi reads as undefined
      // (an empty field would read as 0, a plausible value).
      [
        expect.objectContaining({
          conId: 712345678,
          secType: 'OPT',
          lastTradeDateOrContractMonth: '20260116',
          strike: 590,
          right: 'C',
          multiplier: 100,
        }),
        -2,
        undefined,
        undefined,
        345.5,
        undefined,
        undefined,
        ACCOUNT,
      ],
    ]);
    expect(argsOf(log, EventName.updateAccountTime)).toEqual([['00:00']]);
    expect(argsOf(log, EventName.accountDownloadEnd)).toEqual([[ACCOUNT]]);
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('refuses reqAccountUpdates for an account the gateway does not manage (321, without a request id)', async () => {
    const { api, log } = await backendSession();

    api.reqAccountUpdates(true, 'DU0000000');
    await waitUntil(() => log.infos.some((info) => info.code === 321));

    expect(argsOf(log, EventName.updatePortfolio)).toEqual([]);
    expect(argsOf(log, EventName.accountDownloadEnd)).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('answers a failing backend call with an error for the request: 200 when not found, else 321', async () => {
    const broker = backendBroker();
    broker.fail('accountSummary');
    const { api, log } = await backendSession(broker);

    api.reqAccountSummary(9, 'All', 'NetLiquidation');
    await waitUntil(() => errorsOf(log, 9).length > 0);
    expect(errorsOf(log, 9)).toEqual([321]);
    expect(log.errors.find((error) => error.reqId === 9)?.message).toMatch(/accountSummary failed/);
    expect(argsOf(log, EventName.accountSummaryEnd)).toEqual([]);

    broker.fail('contractDetails', new BrokerError('not_found', 'no such contract'));
    api.reqContractDetails(10, IB_SPY);
    await waitUntil(() => errorsOf(log, 10).length > 0);
    expect(errorsOf(log, 10)).toEqual([200]);
    expectNoDecodeErrors(log);
  });
});

describe('fake gateway with a Broker backend: contracts and market data', () => {
  it('answers REQ_CONTRACT_DATA for a stock and an option (with its underlying con_id), and 200 when not found', async () => {
    const { api, log } = await backendSession();

    api.reqContractDetails(1, IB_SPY);
    api.reqContractDetails(2, IB_SPY_CALL);
    api.reqContractDetails(3, { symbol: 'NOPE', secType: SecType.STK, exchange: 'SMART', currency: 'USD' });
    await waitUntil(() => eventsOf(log, 1).length >= 2 && eventsOf(log, 2).length >= 2 && errorsOf(log, 3).length > 0);

    const common = { minTick: 0.01, timeZoneId: 'US/Eastern', validExchanges: 'SMART,CBOE,ISE,AMEX' };
    expect(eventsOf(log, 1)).toEqual([
      [
        EventName.contractDetails,
        expect.objectContaining({
          ...common,
          contract: expect.objectContaining({
            conId: 756733,
            symbol: 'SPY',
            secType: 'STK',
            exchange: 'SMART',
            primaryExch: 'ARCA',
            currency: 'USD',
            localSymbol: 'SPY',
            tradingClass: 'SPY',
          }),
          stockType: 'COMMON',
          underConId: 0,
        }),
      ],
      [EventName.contractDetailsEnd],
    ]);
    expect(eventsOf(log, 2)).toEqual([
      [
        EventName.contractDetails,
        expect.objectContaining({
          ...common,
          contract: expect.objectContaining({
            conId: 712345678,
            symbol: 'SPY',
            secType: 'OPT',
            lastTradeDateOrContractMonth: '20260116',
            strike: 590,
            right: 'C',
            multiplier: 100,
            tradingClass: 'SPY',
          }),
          underConId: 756733,
          underSymbol: 'SPY',
          underSecType: 'STK',
        }),
      ],
      [EventName.contractDetailsEnd],
    ]);
    // Not found: ERR 200 for that request, and no end.
    expect(errorsOf(log, 3)).toEqual([200]);
    expect(eventsOf(log, 3)).toEqual([]);

    // A con_id the gateway has handed out is enough on its own.
    api.reqContractDetails(4, { conId: 712345678 });
    await waitUntil(() => eventsOf(log, 4).length >= 2);
    expect(eventsOf(log, 4)).toEqual([
      [
        EventName.contractDetails,
        expect.objectContaining({ contract: expect.objectContaining({ conId: 712345678, strike: 590 }) }),
      ],
      [EventName.contractDetailsEnd],
    ]);
    expectNoDecodeErrors(log);
  });

  it('answers REQ_SEC_DEF_OPT_PARAMS with the chain per exchange, then the end', async () => {
    const { api, log } = await backendSession();

    api.reqSecDefOptParams(5, 'SPY', '', SecType.STK, 756733);
    await waitUntil(() => argsOf(log, EventName.securityDefinitionOptionParameterEnd).length > 0);

    expect(eventsOf(log, 5)).toEqual([
      // IBApi types the multiplier as a string but reads it as a number.
      [
        EventName.securityDefinitionOptionParameter,
        'SMART',
        756733,
        'SPY',
        100,
        ['20260116', '20260220'],
        [580, 590, 600],
      ],
      [EventName.securityDefinitionOptionParameterEnd],
    ]);
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('answers a market data snapshot of a stock and an option: ticks, option computation, snapshot end', async () => {
    const { api, log } = await backendSession();

    api.reqMktData(10, IB_SPY, '', true, false);
    api.reqMktData(11, IB_SPY_CALL_BY_ID, '101,221', true, false);
    api.reqMktData(12, { symbol: 'NOPE', secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, '', true, false);
    await waitUntil(() => argsOf(log, EventName.tickSnapshotEnd).length === 2 && errorsOf(log, 12).length > 0);

    // BID/ASK/LAST carry no size: IBApi derives a size tick from ASK and LAST with an undefined size (and none from
    // BID: its test for a derived tick type is falsy for BID_SIZE, which is 0).
    expect(eventsOf(log, 10)).toEqual([
      [EventName.marketDataType, 1],
      [EventName.tickReqParams, 0, 'SMART', 3],
      [EventName.tickPrice, TickType.BID, 585.1, false],
      [EventName.tickPrice, TickType.ASK, 585.2, false],
      [EventName.tickSize, TickType.ASK_SIZE, undefined],
      [EventName.tickPrice, TickType.LAST, 585.15, false],
      [EventName.tickSize, TickType.LAST_SIZE, undefined],
      [EventName.tickSize, TickType.VOLUME, 1_200_000],
      [EventName.tickSnapshotEnd],
    ]);
    // Unknown values: a price goes out as -1 (as TWS sends "no price"), an option computation value as its
    // not-computed marker, which IBApi reports as undefined.
    expect(eventsOf(log, 11)).toEqual([
      [EventName.marketDataType, 1],
      [EventName.tickReqParams, 0, 'SMART', 3],
      [EventName.tickPrice, TickType.BID, 3.4, false],
      [EventName.tickPrice, TickType.ASK, 3.5, false],
      [EventName.tickSize, TickType.ASK_SIZE, undefined],
      [EventName.tickPrice, TickType.LAST, -1, false],
      [EventName.tickSize, TickType.LAST_SIZE, undefined],
      [EventName.tickPrice, TickType.MARK_PRICE, 3.45, false],
      [EventName.tickSize, TickType.VOLUME, 120],
      [EventName.tickSize, TickType.OPTION_CALL_OPEN_INTEREST, 5000],
      [
        EventName.tickOptionComputation,
        TickType.MODEL_OPTION,
        1,
        0.18,
        0.45,
        3.45,
        undefined,
        0.05,
        0.2,
        undefined,
        585.15,
      ],
      [EventName.tickSnapshotEnd],
    ]);
    expect(errorsOf(log, 12)).toEqual([200]);
    expect(eventsOf(log, 12)).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('confirms the market data type the client asked for; a streaming request has no snapshot end', async () => {
    const { api, log, gateway } = await backendSession();

    api.reqMarketDataType(4);
    api.reqMktData(13, IB_SPY, '', false, false);
    await waitUntil(() => eventsOf(log, 13).length > 0);
    await barrier(api, log);

    expect(eventsOf(log, 13)[0]).toEqual([EventName.marketDataType, 4]);
    expect(argsOf(log, EventName.tickSnapshotEnd)).toEqual([]);

    api.cancelMktData(13);
    await barrier(api, log);
    expect(gateway.unhandled()).toEqual([]);
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('market data faults: delayed (10167, delayed ticks, type 3), not subscribed (354), competing session (10197)', async () => {
    const { api, log, gateway } = await backendSession();

    gateway.faults.marketData = 'delayed';
    api.reqMktData(20, IB_SPY, '', true, false);
    await waitUntil(() => argsOf(log, EventName.tickSnapshotEnd).length > 0);
    expect(errorsOf(log, 20)).toEqual([10167]);
    expect(eventsOf(log, 20)).toEqual([
      [EventName.marketDataType, 3],
      [EventName.tickReqParams, 0, 'SMART', 3],
      [EventName.tickPrice, TickType.DELAYED_BID, 585.1, false],
      [EventName.tickSize, TickType.DELAYED_BID_SIZE, undefined],
      [EventName.tickPrice, TickType.DELAYED_ASK, 585.2, false],
      [EventName.tickSize, TickType.DELAYED_ASK_SIZE, undefined],
      [EventName.tickPrice, TickType.DELAYED_LAST, 585.15, false],
      [EventName.tickSize, TickType.DELAYED_LAST_SIZE, undefined],
      [EventName.tickSize, TickType.DELAYED_VOLUME, 1_200_000],
      [EventName.tickSnapshotEnd],
    ]);

    gateway.faults.marketData = 'not_subscribed';
    api.reqMktData(21, IB_SPY, '', true, false);
    await waitUntil(() => errorsOf(log, 21).length > 0);

    gateway.faults.marketData = 'competing_session';
    api.reqMktData(22, IB_SPY_CALL_BY_ID, '', true, false);
    await waitUntil(() => errorsOf(log, 22).length > 0);
    await barrier(api, log);

    expect(errorsOf(log, 21)).toEqual([354]);
    expect(eventsOf(log, 21)).toEqual([]);
    expect(errorsOf(log, 22)).toEqual([10197]);
    expect(eventsOf(log, 22)).toEqual([]);
    expectNoDecodeErrors(log);
  });
});

describe('fake gateway with a Broker backend: orders and executions', () => {
  async function orderSession() {
    const broker = backendBroker();
    const desk = installOrderDesk(broker, () => NOW);
    return { desk, ...(await backendSession(broker)) };
  }

  it('placeOrder reaches the backend as an order request; the client gets openOrder and orderStatus', async () => {
    const { api, log, desk } = await orderSession();

    api.placeOrder(1001, IB_SPY_CALL_BY_ID, COVERED_CALL);
    await waitUntil(() => argsOf(log, EventName.orderStatus).length > 0);

    expect(desk.placed).toEqual([
      {
        accountCode: ACCOUNT,
        idempotencyKey: 'wheel:cc:1',
        legs: [{ contract: SPY_CALL, action: 'SELL', ratio: 1 }],
        quantity: 2,
        orderType: 'LMT',
        limitPrice: '3.45',
        tif: 'GTC',
        ocaGroup: null,
      },
    ]);
    expect(argsOf(log, EventName.openOrder)).toEqual([
      [
        1001,
        expect.objectContaining({
          conId: 712345678,
          symbol: 'SPY',
          secType: 'OPT',
          lastTradeDateOrContractMonth: '20260116',
          strike: 590,
          right: 'C',
          multiplier: 100,
        }),
        expect.objectContaining({
          orderId: 1001,
          clientId: CLIENT_ID,
          permId: 700_000_001,
          action: 'SELL',
          totalQuantity: 2,
          orderType: 'LMT',
          lmtPrice: 3.45,
          tif: 'GTC',
          account: ACCOUNT,
          orderRef: 'wheel:cc:1',
        }),
        expect.objectContaining({ status: 'Submitted' }),
      ],
    ]);
    expect(argsOf(log, EventName.orderStatus)).toEqual([
      [1001, 'Submitted', 0, 2, 0, 700_000_001, 0, 0, CLIENT_ID, '', 0],
    ]);
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it("pushes the backend's order and fill events to the client that placed the order", async () => {
    const { api, log, desk, broker } = await orderSession();
    api.placeOrder(1001, IB_SPY_CALL_BY_ID, COVERED_CALL);
    await waitUntil(() => argsOf(log, EventName.orderStatus).length > 0);
    const [placed] = broker.data.openOrders;
    if (!placed) throw new Error('the order did not reach the backend');

    desk.emit({ type: 'order', order: { ...placed, status: 'filled', filledQuantity: 2, averageFillPrice: '3.45' } });
    desk.emit({
      type: 'execution',
      execution: brokerExecution(ACCOUNT, 'exec-live-1', SPY_CALL, NOW, {
        brokerOrderId: placed.brokerOrderId,
        idempotencyKey: 'wheel:cc:1',
        side: 'SELL',
        quantity: '2',
        price: '3.45',
        commission: '1.3',
        commissionCurrency: 'USD',
      }),
    });
    await waitUntil(() => argsOf(log, EventName.commissionReport).length > 0);

    expect(argsOf(log, EventName.orderStatus)[1]).toEqual([
      1001,
      'Filled',
      2,
      0,
      3.45,
      700_000_001,
      0,
      3.45,
      CLIENT_ID,
      '',
      0,
    ]);
    // Live fills carry reqId -1.
    expect(argsOf(log, EventName.execDetails)).toEqual([
      [
        -1,
        expect.objectContaining({ conId: 712345678, secType: 'OPT' }),
        expect.objectContaining({
          orderId: 1001,
          clientId: CLIENT_ID,
          permId: 700_000_001,
          execId: 'exec-live-1',
          acctNumber: ACCOUNT,
          side: 'SLD',
          shares: 2,
          price: 3.45,
          cumQty: 2,
          avgPrice: 3.45,
          orderRef: 'wheel:cc:1',
        }),
      ],
    ]);
    expect(argsOf(log, EventName.commissionReport)).toEqual([
      [expect.objectContaining({ execId: 'exec-live-1', commission: 1.3, currency: 'USD', realizedPNL: undefined })],
    ]);
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('duplicateOrderStatus fault: every order status arrives twice', async () => {
    const { api, log, gateway } = await orderSession();
    gateway.faults.duplicateOrderStatus = true;

    api.placeOrder(1001, IB_SPY_CALL_BY_ID, COVERED_CALL);
    await waitUntil(() => argsOf(log, EventName.orderStatus).length >= 2);
    await barrier(api, log);

    const status = [1001, 'Submitted', 0, 2, 0, 700_000_001, 0, 0, CLIENT_ID, '', 0];
    expect(argsOf(log, EventName.orderStatus)).toEqual([status, status]);
    expect(argsOf(log, EventName.openOrder)).toHaveLength(1);
    expectNoDecodeErrors(log);
  });

  it('rejectOrders fault: the next order gets ERR 201 with its order id and never reaches the backend', async () => {
    const { api, log, gateway, desk } = await orderSession();
    gateway.faults.rejectOrders = 1;

    api.placeOrder(1002, IB_SPY_CALL_BY_ID, COVERED_CALL);
    await waitUntil(() => errorsOf(log, 1002).length > 0);

    expect(errorsOf(log, 1002)).toEqual([201]);
    expect(log.errors.find((error) => error.reqId === 1002)?.message).toMatch(/^Order rejected - reason:/);
    expect(desk.placed).toEqual([]);
    expect(argsOf(log, EventName.openOrder)).toEqual([]);
    expect(gateway.faults.rejectOrders).toBe(0);

    // Only that one: the following order goes through.
    api.placeOrder(1003, IB_SPY_CALL_BY_ID, { ...COVERED_CALL, orderRef: 'wheel:cc:2' });
    await waitUntil(() => argsOf(log, EventName.orderStatus).length > 0);
    expect(desk.placed.map((request) => request.idempotencyKey)).toEqual(['wheel:cc:2']);
    expect(argsOf(log, EventName.orderStatus)[0]?.slice(0, 2)).toEqual([1003, 'Submitted']);
    expectNoDecodeErrors(log);
  });

  it('cancelOrder cancels at the backend: ERR 202 with the order id and the Cancelled status; unknown ids get 10147', async () => {
    const { api, log, desk } = await orderSession();
    api.placeOrder(1001, IB_SPY_CALL_BY_ID, COVERED_CALL);
    await waitUntil(() => argsOf(log, EventName.orderStatus).length > 0);

    api.cancelOrder(1001);
    await waitUntil(() => errorsOf(log, 1001).length > 0);

    expect(desk.cancelled).toEqual(['desk-1']);
    expect(errorsOf(log, 1001)).toEqual([202]);
    expect(log.errors.find((error) => error.reqId === 1001)?.message).toBe('Order Canceled - reason:');
    expect(argsOf(log, EventName.orderStatus).map((args) => args.slice(0, 4))).toEqual([
      [1001, 'Submitted', 0, 2],
      [1001, 'Cancelled', 0, 2],
    ]);

    api.cancelOrder(4242);
    await waitUntil(() => errorsOf(log, 4242).length > 0);
    expect(errorsOf(log, 4242)).toEqual([10147]);
    expect(desk.cancelled).toEqual(['desk-1']);
    expectNoDecodeErrors(log);
  });

  it("reqAllOpenOrders lists the backend's open orders with their status, then openOrderEnd", async () => {
    const { api, log, broker } = await orderSession();
    broker.data.openOrders.push(foreignOrder());
    api.placeOrder(1001, IB_SPY_CALL_BY_ID, COVERED_CALL);
    await waitUntil(() => argsOf(log, EventName.orderStatus).length > 0);
    const placedEvents = log.timeline.length;

    api.reqAllOpenOrders();
    await waitUntil(() => argsOf(log, EventName.openOrderEnd).length > 0);

    const listing = log.timeline.slice(placedEvents);
    // The foreign order gets an order id of the gateway's own and client id 0; the placed one keeps its ids.
    expect(listing.map((event) => [event.name, event.args[0]])).toEqual([
      [EventName.openOrder, 900_000_001],
      [EventName.orderStatus, 900_000_001],
      [EventName.openOrder, 1001],
      [EventName.orderStatus, 1001],
      [EventName.openOrderEnd, undefined],
    ]);
    expect(listing[0]?.args).toEqual([
      900_000_001,
      expect.objectContaining({ conId: 756733, secType: 'STK' }),
      expect.objectContaining({
        orderId: 900_000_001,
        clientId: 0,
        permId: 700_000_002,
        action: 'BUY',
        totalQuantity: 100,
        lmtPrice: 580,
        tif: 'DAY',
      }),
      expect.objectContaining({ status: 'Submitted' }),
    ]);
    expect(listing[2]?.args[2]).toEqual(
      expect.objectContaining({ orderId: 1001, clientId: CLIENT_ID, permId: 700_000_001, orderRef: 'wheel:cc:1' }),
    );
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('reqExecutions backfills the fills with their commission reports (joined by execId), filtered by time', async () => {
    const broker = backendBroker();
    broker.data.executions.push(
      brokerExecution(ACCOUNT, 'exec-1', SPY_CALL, EXEC_TIME_1, {
        side: 'SELL',
        quantity: '2',
        price: '3.45',
        commission: '1.3',
        commissionCurrency: 'USD',
      }),
      // Its commission is not known yet: no report.
      brokerExecution(ACCOUNT, 'exec-2', SPY, EXEC_TIME_2, { side: 'BUY', quantity: '100', price: '585.2' }),
    );
    const { api, log } = await backendSession(broker);

    api.reqExecutions(5, {});
    await waitUntil(() => argsOf(log, EventName.execDetailsEnd).length > 0);

    const commissions = new Map(
      argsOf(log, EventName.commissionReport).map(([report]) => {
        const r = report as CommissionReport;
        return [r.execId, r];
      }),
    );
    const fills = (reqId: number) =>
      argsOf(log, EventName.execDetails)
        .filter(([id]) => id === reqId)
        .map(([, contract, execution]) => {
          const { secType } = contract as Contract;
          const { execId, side, shares, price, time } = execution as Execution;
          return { secType, execId, side, shares, price, time, commission: commissions.get(execId)?.commission };
        });
    expect(fills(5)).toEqual([
      {
        secType: 'OPT',
        execId: 'exec-1',
        side: 'SLD',
        shares: 2,
        price: 3.45,
        time: '20260105-14:00:00',
        commission: 1.3,
      },
      {
        secType: 'STK',
        execId: 'exec-2',
        side: 'BOT',
        shares: 100,
        price: 585.2,
        time: '20260105-14:20:00',
        commission: undefined,
      },
    ]);
    expect([...commissions.keys()]).toEqual(['exec-1']);
    expect(argsOf(log, EventName.execDetailsEnd)).toEqual([[5]]);

    api.reqExecutions(6, { time: '20260105-14:10:00' });
    await waitUntil(() => argsOf(log, EventName.execDetailsEnd).length > 1);
    expect(fills(6).map((fill) => fill.execId)).toEqual(['exec-2']);
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it("reqCompletedOrders lists the backend's completed orders with completion time and status, then the end", async () => {
    const broker = backendBroker();
    broker.data.completedOrders.push(
      foreignOrder({
        brokerOrderId: 'done-1',
        status: 'filled',
        filledQuantity: 100,
        averageFillPrice: '580',
        updatedAt: new Date('2026-01-05T14:05:00Z'),
      }),
    );
    const { api, log } = await backendSession(broker);

    api.reqCompletedOrders(false);
    await waitUntil(() => argsOf(log, EventName.completedOrdersEnd).length > 0);

    expect(argsOf(log, EventName.completedOrder)).toEqual([
      [
        expect.objectContaining({ conId: 756733, symbol: 'SPY', secType: 'STK' }),
        expect.objectContaining({
          permId: 700_000_001,
          action: 'BUY',
          totalQuantity: 100,
          orderType: 'LMT',
          lmtPrice: 580,
          tif: 'DAY',
          account: ACCOUNT,
          filledQuantity: 100,
        }),
        expect.objectContaining({
          status: 'Filled',
          completedTime: '20260105-14:05:00',
          completedStatus: 'Filled',
        }),
      ],
    ]);
    expect(argsOf(log, EventName.completedOrdersEnd)).toEqual([[]]);
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('a what-if order is answered with its margin impact in an openOrder only: nothing is placed', async () => {
    const { api, log, broker, desk } = await orderSession();
    const asked: string[] = [];
    broker.whatIf = async (request) => {
      asked.push(request.idempotencyKey);
      return {
        initialMarginChange: '1200',
        maintenanceMarginChange: '1000',
        equityWithLoanChange: '-5',
        commission: '1.3',
        warning: null,
      };
    };

    api.placeOrder(1001, IB_SPY_CALL_BY_ID, { ...COVERED_CALL, whatIf: true });
    await waitUntil(() => argsOf(log, EventName.openOrder).length > 0);
    await barrier(api, log);

    expect(asked).toEqual(['wheel:cc:1']);
    expect(desk.placed).toEqual([]);
    expect(argsOf(log, EventName.openOrder)).toEqual([
      [
        1001,
        expect.objectContaining({ conId: 712345678 }),
        expect.objectContaining({ orderId: 1001, whatIf: true, action: 'SELL', totalQuantity: 2 }),
        expect.objectContaining({
          status: 'PreSubmitted',
          initMarginChange: 1200,
          maintMarginChange: 1000,
          equityWithLoanChange: -5,
          commission: 1.3,
          commissionCurrency: 'USD',
        }),
      ],
    ]);
    expect(argsOf(log, EventName.orderStatus)).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('a SELL BAG of legs the gateway has named becomes a credit order with the legs flipped', async () => {
    const { api, log, desk } = await orderSession();
    // The client learns the legs' con_ids first, as it must to build a combo.
    api.reqContractDetails(1, IB_SPY_CALL);
    api.reqContractDetails(2, { ...IB_SPY_CALL, lastTradeDateOrContractMonth: '20260220', strike: 600 });
    await waitUntil(() => argsOf(log, EventName.contractDetailsEnd).length === 2);

    const roll: Contract = {
      symbol: 'SPY',
      secType: SecType.BAG,
      exchange: 'SMART',
      currency: 'USD',
      comboLegs: [
        { conId: 712345678, ratio: 1, action: OrderAction.BUY, exchange: 'SMART' },
        { conId: 712399999, ratio: 1, action: OrderAction.SELL, exchange: 'SMART' },
      ],
    };
    api.placeOrder(1001, roll, { ...COVERED_CALL, action: OrderAction.SELL, totalQuantity: 1, lmtPrice: 0.85 });
    await waitUntil(() => argsOf(log, EventName.orderStatus).length > 0);

    expect(desk.placed).toEqual([
      expect.objectContaining({
        legs: [
          { contract: SPY_CALL, action: 'SELL', ratio: 1 },
          { contract: SPY_CALL_FEB, action: 'BUY', ratio: 1 },
        ],
        quantity: 1,
        limitPrice: '-0.85',
      }),
    ]);
    // Echoed as TWS shows a combo: a BUY of the BAG at the signed net, legs as placed at the backend.
    expect(argsOf(log, EventName.openOrder)).toEqual([
      [
        1001,
        expect.objectContaining({
          conId: 28812380,
          secType: 'BAG',
          comboLegs: [
            expect.objectContaining({ conId: 712345678, ratio: 1, action: 'SELL' }),
            expect.objectContaining({ conId: 712399999, ratio: 1, action: 'BUY' }),
          ],
        }),
        expect.objectContaining({ orderId: 1001, action: 'BUY', totalQuantity: 1, lmtPrice: -0.85 }),
        expect.objectContaining({ status: 'Submitted' }),
      ],
    ]);
    expect(log.errors).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('commissionDelayMs fault: the commission report of a backfilled fill arrives after the executions end', async () => {
    const broker = backendBroker();
    broker.data.executions.push(
      brokerExecution(ACCOUNT, 'exec-1', SPY_CALL, EXEC_TIME_1, { commission: '1.3', commissionCurrency: 'USD' }),
    );
    const { api, log, gateway } = await backendSession(broker);
    gateway.faults.commissionDelayMs = 30;

    api.reqExecutions(5, {});
    await waitUntil(() => argsOf(log, EventName.commissionReport).length > 0);

    expect(log.timeline.map((event) => event.name)).toEqual([
      EventName.execDetails,
      EventName.execDetailsEnd,
      EventName.commissionReport,
    ]);
    expectNoDecodeErrors(log);
  });

  it('dropDuringBackfillAfter fault: the connection drops mid-backfill, once', async () => {
    const broker = backendBroker();
    broker.data.executions.push(
      brokerExecution(ACCOUNT, 'exec-1', SPY_CALL, EXEC_TIME_1),
      brokerExecution(ACCOUNT, 'exec-2', SPY, EXEC_TIME_2),
    );
    const { api, log, gateway } = await backendSession(broker);
    gateway.faults.dropDuringBackfillAfter = 1;

    api.reqExecutions(5, {});
    await waitUntil(() => log.disconnected > 0);

    expect(argsOf(log, EventName.execDetails).map(([, , execution]) => (execution as Execution).execId)).toEqual([
      'exec-1',
    ]);
    expect(argsOf(log, EventName.execDetailsEnd)).toEqual([]);
    expect(gateway.faults.dropDuringBackfillAfter).toBeNull();
    expectNoDecodeErrors(log);
  });

  it('dropAfterLiveExecutions fault: the connection drops right after that many live fills went out', async () => {
    const { api, log, gateway, desk, broker } = await orderSession();
    api.placeOrder(1001, IB_SPY_CALL_BY_ID, COVERED_CALL);
    await waitUntil(() => argsOf(log, EventName.orderStatus).length > 0);
    const brokerOrderId = broker.data.openOrders[0]?.brokerOrderId ?? '';
    gateway.faults.dropAfterLiveExecutions = 1;

    desk.emit({
      type: 'execution',
      execution: brokerExecution(ACCOUNT, 'exec-live-1', SPY_CALL, NOW, { brokerOrderId, quantity: '2' }),
    });
    await waitUntil(() => log.disconnected > 0);

    expect(
      argsOf(log, EventName.execDetails).map(([reqId, , execution]) => [reqId, (execution as Execution).execId]),
    ).toEqual([[-1, 'exec-live-1']]);
    expect(gateway.faults.dropAfterLiveExecutions).toBeNull();
    expectNoDecodeErrors(log);
  });
});

describe('fake gateway pacing and client ids', () => {
  const BURST = 60;

  it('answers messages beyond 50 in 1 s with ERR 100 and reports the peak rate', async () => {
    const { gateway, events } = await startGateway();
    // IBApi's own limiter (40/s by default) would spread the burst out; let it through at once.
    const { api, log } = await connectedClient(gateway.port, { maxReqPerSec: 1000 });

    for (let i = 0; i < BURST; i++) api.reqCurrentTime();
    const paced = () => log.infos.filter((info) => info.code === 100);
    // Every request gets exactly one answer: the time, or ERR 100 in its place.
    await waitUntil(() => log.times.length + paced().length === BURST);

    expect(paced().length).toBeGreaterThan(0);
    expect(paced()[0]?.message).toMatch(/^Max rate of messages per second has been exceeded:max=50 rec=\d+$/);
    expect(events.filter((event) => event.type === 'pacing_violation')).toHaveLength(paced().length);
    expect(gateway.messageRate().total).toBe(BURST + 1); // and START_API
    expect(gateway.messageRate().peakPerSecond).toBeGreaterThan(MAX_MESSAGES_PER_SECOND);
    expect(api.isConnected).toBe(true);
    expectNoDecodeErrors(log);
  });

  it('with enforcePacing: false answers the whole burst and still counts the peak', async () => {
    const { gateway, events } = await startGateway({ enforcePacing: false });
    const { api, log } = await connectedClient(gateway.port, { maxReqPerSec: 1000 });

    for (let i = 0; i < BURST; i++) api.reqCurrentTime();
    await waitUntil(() => log.times.length === BURST);

    expect(log.infos.filter((info) => info.code === 100)).toEqual([]);
    expect(events.filter((event) => event.type === 'pacing_violation')).toEqual([]);
    expect(gateway.messageRate()).toEqual({ total: BURST + 1, peakPerSecond: expect.any(Number) });
    expect(gateway.messageRate().peakPerSecond).toBeGreaterThan(MAX_MESSAGES_PER_SECOND);
    expectNoDecodeErrors(log);
  });

  it('refuses a second session with a client id in use (326) and closes it; the first stays connected', async () => {
    const { gateway, events } = await startGateway();
    const first = await connectedClient(gateway.port);

    const second = startClient(gateway.port); // the same CLIENT_ID
    await waitUntil(() => second.log.disconnected > 0 && second.log.infos.length > 0);

    // TWS sends it with id -1, which IBApi reports as `info`, not `error`.
    expect(second.log.infos).toEqual([
      { code: 326, message: 'Unable to connect as the client id is already in use. Retry with a unique client id.' },
    ]);
    expect(second.log.nextValidIds).toEqual([]);
    expect(second.log.accounts).toEqual([]);
    expect(second.api.isConnected).toBe(false);
    await waitUntil(() => gateway.connections().length === 1);
    expect(gateway.connections()).toEqual([{ id: 1, state: 'ready', serverVersion: 193, clientId: CLIENT_ID }]);
    expect(events.filter((event) => event.type === 'start_api')).toHaveLength(1);

    expect(first.api.isConnected).toBe(true);
    expect(first.log.disconnected).toBe(0);
    await barrier(first.api, first.log);
    expect(first.log.times).toEqual([NOW_EPOCH_SEC]);

    // Once the first session is gone the id is free again.
    first.api.disconnect();
    await waitUntil(() => gateway.connections().length === 0);
    const third = await connectedClient(gateway.port);
    expect(third.log.nextValidIds).toEqual([1001]);
    expectNoDecodeErrors(first.log);
    expectNoDecodeErrors(second.log);
    expectNoDecodeErrors(third.log);
  });
});

describe('fake gateway handshake with a raw socket', () => {
  it('refuses a client whose maximum version is below 100: no reply, socket closed', async () => {
    const { gateway, events } = await startGateway();
    const client = await rawClient(gateway.port);

    client.socket.write(encodeHandshake(38, 99));
    await waitUntil(client.isClosed);

    expect(Buffer.concat(client.received).length).toBe(0);
    expect(events).toContainEqual({ type: 'refused', connectionId: 1, reason: 'client range v38..99' });
  });

  it('negotiates down to the client maximum, even with the handshake split across writes', async () => {
    const { gateway, events } = await startGateway();
    const client = await rawClient(gateway.port);

    const handshake = encodeHandshake(100, 176);
    client.socket.write(handshake.subarray(0, 2));
    await sleep(20);
    client.socket.write(handshake.subarray(2, 7));
    await sleep(20);
    client.socket.write(handshake.subarray(7));
    await waitUntil(() => client.received.length > 0);

    const decoder = createFrameDecoder();
    expect(decoder.push(Buffer.concat(client.received)).map(decodeFields)).toEqual([['176', '20260105 14:30:00 UTC']]);
    expect(events).toContainEqual({
      type: 'handshake',
      connectionId: 1,
      clientMin: 100,
      clientMax: 176,
      serverVersion: 176,
    });
  });

  it('closes a connection that does not open with API\\0', async () => {
    const { gateway, events } = await startGateway();
    const client = await rawClient(gateway.port);

    client.socket.write('GET / HTTP/1.1\r\n\r\n');
    await waitUntil(client.isClosed);

    expect(events.some((event) => event.type === 'protocol_error')).toBe(true);
    expect(Buffer.concat(client.received).length).toBe(0);
  });
});
