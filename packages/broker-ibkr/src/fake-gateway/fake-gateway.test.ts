// The fake gateway proven against the real client: `@stoqey/ib`'s raw IBApi (the adapter's transport).
import { connect as connectSocket, type Socket } from 'node:net';
import { EventName, IBApi } from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeFields, encodeHandshake, createFrameDecoder } from '../framing';
import {
  startFakeGateway,
  type FakeBook,
  type FakeGateway,
  type FakeGatewayEvent,
  type FakeGatewayOptions,
} from './fake-gateway';
import { errorMessage } from './messages';

const CLIENT_ID = 7;
const NOW = new Date('2026-01-05T14:30:00Z');
const NOW_EPOCH_SEC = 1_767_623_400;

interface ClientLog {
  connected: number;
  disconnected: number;
  server: { version: number; connectionTime: string }[];
  nextValidIds: number[];
  accounts: string[];
  times: number[];
  infos: { code: number; message: string }[];
  errors: { code: number; message: string; reqId: number }[];
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

function startClient(port: number): { api: IBApi; log: ClientLog } {
  const api = new IBApi({ host: '127.0.0.1', port });
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
  };
  api
    .on(EventName.connected, () => log.connected++)
    .on(EventName.disconnected, () => log.disconnected++)
    .on(EventName.server, (version, connectionTime) => log.server.push({ version, connectionTime }))
    .on(EventName.nextValidId, (orderId) => log.nextValidIds.push(orderId))
    .on(EventName.managedAccounts, (accounts) => log.accounts.push(accounts))
    .on(EventName.currentTime, (time) => log.times.push(time))
    .on(EventName.info, (message, code) => log.infos.push({ code, message }))
    .on(EventName.error, (error, code, reqId) => log.errors.push({ code, message: error.message, reqId }));
  api.connect(CLIENT_ID);
  return { api, log };
}

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The decoder reports unprocessed or missing fields as error 505: any of them means a wrong layout. */
function expectNoDecodeErrors(log: ClientLog) {
  expect(log.errors.filter((error) => error.code === 505)).toEqual([]);
}

async function connectedClient(port: number) {
  const client = startClient(port);
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

const ACCOUNT = 'DU1234567';

const book: FakeBook = {
  accountSummary: (account) =>
    account === ACCOUNT
      ? [
          { tag: 'NetLiquidation', value: '125000.50', currency: 'USD' },
          { tag: 'TotalCashValue', value: '80000.25', currency: 'USD' },
          { tag: 'BuyingPower', value: '250000', currency: 'USD' },
          { tag: 'MaintMarginReq', value: '12000', currency: 'USD' },
        ]
      : [],
  positions: () => [
    {
      account: ACCOUNT,
      contract: {
        conId: 756733,
        symbol: 'SPY',
        secType: 'STK',
        exchange: 'ARCA',
        currency: 'USD',
        localSymbol: 'SPY',
        tradingClass: 'SPY',
      },
      position: '100',
      avgCost: 580.25,
    },
    {
      account: ACCOUNT,
      contract: {
        conId: 712345678,
        symbol: 'SPY',
        secType: 'OPT',
        lastTradeDateOrContractMonth: '20260116',
        strike: 590,
        right: 'C',
        multiplier: '100',
        exchange: 'SMART',
        currency: 'USD',
        localSymbol: 'SPY   260116C00590000',
        tradingClass: 'SPY',
      },
      position: '-2',
      avgCost: 345.5,
    },
  ],
};

describe('fake gateway book with the @stoqey/ib client', () => {
  it('answers REQ_ACCOUNT_SUMMARY with the requested tags of every account, then the end, and handles the cancel', async () => {
    const { gateway, events } = await startGateway({ book });
    const { api, log } = await connectedClient(gateway.port);
    const summary: { reqId: number; account: string; tag: string; value: string; currency: string }[] = [];
    const ends: number[] = [];
    api
      .on(EventName.accountSummary, (reqId, account, tag, value, currency) =>
        summary.push({ reqId, account, tag, value, currency }),
      )
      .on(EventName.accountSummaryEnd, (reqId) => ends.push(reqId));

    api.reqAccountSummary(42, 'All', 'NetLiquidation,TotalCashValue,BuyingPower');
    await waitUntil(() => ends.length > 0);

    expect(summary).toEqual([
      { reqId: 42, account: ACCOUNT, tag: 'NetLiquidation', value: '125000.50', currency: 'USD' },
      { reqId: 42, account: ACCOUNT, tag: 'TotalCashValue', value: '80000.25', currency: 'USD' },
      { reqId: 42, account: ACCOUNT, tag: 'BuyingPower', value: '250000', currency: 'USD' },
    ]);
    expect(ends).toEqual([42]);
    expect(gateway.bookSubscriptions()).toEqual([{ connectionId: 1, accountSummaryReqIds: [42], positions: false }]);

    api.cancelAccountSummary(42);
    await waitUntil(() => events.some((event) => event.type === 'message' && event.msgId === 63));
    expect(gateway.bookSubscriptions()).toEqual([{ connectionId: 1, accountSummaryReqIds: [], positions: false }]);
    expect(gateway.unhandled()).toEqual([]);
    expectNoDecodeErrors(log);
  });

  it('answers REQ_POSITIONS with a stock and an option position, then the end, and handles the cancel', async () => {
    const { gateway, events } = await startGateway({ book });
    const { api, log } = await connectedClient(gateway.port);
    const positions: { account: string; contract: unknown; pos: number; avgCost: number | undefined }[] = [];
    let ended = 0;
    api
      .on(EventName.position, (account, contract, pos, avgCost) => positions.push({ account, contract, pos, avgCost }))
      .on(EventName.positionEnd, () => ended++);

    api.reqPositions();
    await waitUntil(() => ended > 0);

    expect(positions).toEqual([
      {
        account: ACCOUNT,
        contract: expect.objectContaining({
          conId: 756733,
          symbol: 'SPY',
          secType: 'STK',
          lastTradeDateOrContractMonth: '',
          strike: 0,
          exchange: 'ARCA',
          currency: 'USD',
          localSymbol: 'SPY',
          tradingClass: 'SPY',
        }),
        pos: 100,
        avgCost: 580.25,
      },
      {
        account: ACCOUNT,
        contract: expect.objectContaining({
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
        pos: -2,
        avgCost: 345.5,
      },
    ]);
    expect(ended).toBe(1);
    expect(gateway.bookSubscriptions()).toEqual([{ connectionId: 1, accountSummaryReqIds: [], positions: true }]);

    api.cancelPositions();
    await waitUntil(() => events.some((event) => event.type === 'message' && event.msgId === 64));
    expect(gateway.bookSubscriptions()).toEqual([{ connectionId: 1, accountSummaryReqIds: [], positions: false }]);
    expect(gateway.unhandled()).toEqual([]);
    expectNoDecodeErrors(log);
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
