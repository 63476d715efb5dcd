// The connection supervisor driven end to end: the real `@stoqey/ib` client against the protocol-level fake gateway.
import { BrokerError } from '@optionstrader/application';
import { EventName } from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGateway, type FakeGateway, type FakeGatewayEvent } from '../fake-gateway/fake-gateway';
import { errorMessage } from '../fake-gateway/messages';
import {
  backoffDelay,
  createIbkrConnection,
  type IbkrConnectionEvent,
  type IbkrConnectionOptions,
  type SupervisedIbkrConnection,
} from './ibkr-connection';

const CLIENT_ID = 7;
const PROBE_INTERVAL_MS = 200;
const PROBE_TIMEOUT_MS = 150;
/** Generous: the machine is shared, so bounds leave room for a slow scheduler. */
const WITHIN_MS = 5000;

let gateway: FakeGateway | undefined;
const connections: SupervisedIbkrConnection[] = [];

afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.stop()));
  await gateway?.close();
  gateway = undefined;
});

interface Logged {
  at: number;
  event: IbkrConnectionEvent;
}

async function startGateway(accounts = ['DU1234567', 'DU7654321']) {
  const started = await startFakeGateway({ accounts, nextOrderId: 1001 });
  gateway = started;
  const events: FakeGatewayEvent[] = [];
  started.on((event) => events.push(event));
  return { gateway: started, gatewayEvents: events };
}

function supervise(port: number, overrides: Partial<IbkrConnectionOptions> = {}) {
  const log: Logged[] = [];
  const clientErrors: { code: number; message: string }[] = [];
  const connection = createIbkrConnection({
    host: '127.0.0.1',
    port,
    clientId: CLIENT_ID,
    probeIntervalMs: PROBE_INTERVAL_MS,
    probeTimeoutMs: PROBE_TIMEOUT_MS,
    connectTimeoutMs: 1000,
    startTimeoutMs: WITHIN_MS,
    backoff: { initialMs: 50, maxMs: 400, factor: 2 },
    onEvent: (event) => log.push({ at: Date.now(), event }),
    ...overrides,
  });
  connections.push(connection);
  connection.api().on(EventName.error, (error, code) => clientErrors.push({ code, message: error.message }));
  const states = () => log.flatMap(({ event }) => (event.type === 'state' ? [event.state] : []));
  const ofType = <T extends IbkrConnectionEvent['type']>(type: T) =>
    log.flatMap((entry) =>
      entry.event.type === type
        ? [{ at: entry.at, event: entry.event as Extract<IbkrConnectionEvent, { type: T }> }]
        : [],
    );
  /** The decoder reports a wrong layout as 505: none may occur anywhere. */
  const expectNoDecodeErrors = () => {
    expect(ofType('decode_error')).toEqual([]);
    expect(clientErrors.filter((error) => error.code === 505)).toEqual([]);
  };
  return { connection, log, states, ofType, expectNoDecodeErrors };
}

async function waitUntil(condition: () => boolean, timeoutMs = WITHIN_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const startApis = (events: FakeGatewayEvent[]) =>
  events.flatMap((event) => (event.type === 'start_api' ? [event.clientId] : []));

describe('backoffDelay', () => {
  it('grows by the factor from the initial delay and is capped', () => {
    const backoff = { initialMs: 500, maxMs: 30_000, factor: 2 };
    expect([0, 1, 2, 3, 6, 7, 20].map((attempt) => backoffDelay(attempt, backoff))).toEqual([
      500, 1000, 2000, 4000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe('IBKR connection supervisor against the fake gateway', () => {
  it('start resolves at Ready, only after next valid id and managed accounts', async () => {
    const { gateway } = await startGateway();
    const { connection, states, expectNoDecodeErrors } = supervise(gateway.port);

    expect(connection.state()).toBe('disconnected');
    expect(() => connection.nextOrderId()).toThrow(BrokerError);
    await connection.start();

    expect(connection.state()).toBe('ready');
    expect(states()).toEqual(['connecting', 'ready']);
    expect(connection.accounts()).toEqual(['DU1234567', 'DU7654321']);
    expect(connection.nextOrderId()).toBe(1001);
    expect(gateway.connections()).toEqual([{ id: 1, state: 'ready', serverVersion: 193, clientId: CLIENT_ID }]);
    expectNoDecodeErrors();
  });

  it('is not Ready on next valid id alone: an empty managed-accounts list keeps it connecting', async () => {
    const { gateway } = await startGateway([]);
    const { connection, states, expectNoDecodeErrors } = supervise(gateway.port, { startTimeoutMs: 500 });
    let nextValidIds = 0;
    connection.api().on(EventName.nextValidId, () => nextValidIds++);

    await expect(connection.start()).rejects.toBeInstanceOf(BrokerError);

    expect(nextValidIds).toBe(1);
    expect(states()).toEqual(['connecting', 'disconnected']);
    expect(connection.accounts()).toEqual([]);
    expectNoDecodeErrors();
  });

  it('hands out increasing order ids and never goes back across reconnects', async () => {
    const { gateway } = await startGateway();
    const { connection, states, expectNoDecodeErrors } = supervise(gateway.port);
    await connection.start();

    expect([connection.nextOrderId(), connection.nextOrderId(), connection.nextOrderId()]).toEqual([1001, 1002, 1003]);

    // A higher next valid id on reconnect raises the high-water mark.
    gateway.setNextOrderId(1500);
    gateway.dropAll();
    await waitUntil(() => states().filter((state) => state === 'ready').length === 2);
    expect(connection.nextOrderId()).toBe(1500);

    // A lower one (another client used fewer ids, or the gateway restarted) is ignored: ids are never reused.
    gateway.setNextOrderId(10);
    gateway.dropAll();
    await waitUntil(() => states().filter((state) => state === 'ready').length === 3);
    expect(connection.nextOrderId()).toBe(1501);
    expectNoDecodeErrors();
  });

  it('hard drop: ready → disconnected → connecting → ready, with backoff reset after Ready', async () => {
    const { gateway, gatewayEvents } = await startGateway();
    const { connection, states, ofType, expectNoDecodeErrors } = supervise(gateway.port);
    await connection.start();

    const droppedAt = Date.now();
    gateway.dropAll();
    await waitUntil(() => states().length === 5);
    const readyAgain = ofType('state').at(-1);
    const reconnectMs = (readyAgain?.at ?? Infinity) - droppedAt;
    console.info(`[measure] reconnect after dropAll: ${reconnectMs} ms (first backoff 50 ms)`);

    expect(states()).toEqual(['connecting', 'ready', 'disconnected', 'connecting', 'ready']);
    expect(ofType('state')[2]?.event.reason).toBe('socket closed by the gateway');
    expect(ofType('reconnect_scheduled').map(({ event }) => event)).toEqual([
      { type: 'reconnect_scheduled', attempt: 1, delayMs: 50 },
    ]);
    expect(reconnectMs).toBeLessThan(WITHIN_MS);
    expect(startApis(gatewayEvents)).toEqual([CLIENT_ID, CLIENT_ID]);

    // The counter was reset by Ready: a second drop waits the initial delay again.
    gateway.dropAll();
    await waitUntil(() => states().length === 8);
    expect(ofType('reconnect_scheduled').map(({ event }) => event.delayMs)).toEqual([50, 50]);
    expect(connection.state()).toBe('ready');
    expectNoDecodeErrors();
  });

  it('backs off exponentially up to the cap while the gateway is gone', async () => {
    const { gateway: first } = await startGateway();
    const { connection, ofType, expectNoDecodeErrors } = supervise(first.port);
    await connection.start();

    await first.close();
    gateway = undefined;
    await waitUntil(() => ofType('reconnect_scheduled').length >= 6);

    expect(
      ofType('reconnect_scheduled')
        .slice(0, 6)
        .map(({ event }) => event.delayMs),
    ).toEqual([50, 100, 200, 400, 400, 400]);
    expect(connection.state()).not.toBe('ready');
    expectNoDecodeErrors();
  });

  it('half-open socket: the liveness probe detects it, forces a reconnect and comes back to Ready', async () => {
    const { gateway, gatewayEvents } = await startGateway();
    const { connection, states, ofType, expectNoDecodeErrors } = supervise(gateway.port);
    await connection.start();

    // Probes are answered while the gateway speaks: no false alarm over several intervals.
    await sleep(PROBE_INTERVAL_MS * 3);
    expect(ofType('probe_timeout')).toEqual([]);
    expect(gatewayEvents.filter((event) => event.type === 'message' && event.msgId === 49).length).toBeGreaterThan(0);

    const silencedAt = Date.now();
    gateway.setSilent(true);
    await waitUntil(() => ofType('probe_timeout').length > 0);
    const detected = ofType('probe_timeout')[0];
    const detectionMs = (detected?.at ?? Infinity) - silencedAt;
    console.info(
      `[measure] half-open detected ${detectionMs} ms after silence (probe waited ${detected?.event.waitedMs} ms; bound ${PROBE_INTERVAL_MS + PROBE_TIMEOUT_MS} ms + slack)`,
    );
    expect(detected?.event.waitedMs).toBeGreaterThanOrEqual(PROBE_TIMEOUT_MS - 5);
    expect(detectionMs).toBeLessThan(PROBE_INTERVAL_MS + PROBE_TIMEOUT_MS + 2000);

    await waitUntil(() => states().includes('disconnected'));
    expect(ofType('state').find(({ event }) => event.state === 'disconnected')?.event.reason).toBe(
      'liveness probe timed out (half-open socket)',
    );
    gateway.setSilent(false);
    await waitUntil(() => connection.state() === 'ready');

    expect(states().slice(0, 3)).toEqual(['connecting', 'ready', 'disconnected']);
    expect(states().at(-1)).toBe('ready');
    expect(gateway.connections().map((fake) => fake.clientId)).toEqual([CLIENT_ID]);
    expectNoDecodeErrors();
  });

  it('TWS connectivity: 1100 → degraded, 1102 → ready, 2110 → degraded, 1101 → ready and resubscribe', async () => {
    const { gateway } = await startGateway();
    const { connection, states, ofType, expectNoDecodeErrors } = supervise(gateway.port);
    await connection.start();

    gateway.inject(errorMessage(-1, 1100, 'Connectivity between IB and Trader Workstation has been lost.'));
    await waitUntil(() => connection.state() === 'degraded');
    gateway.inject(errorMessage(-1, 1102, 'Connectivity between IB and TWS has been restored - data maintained.'));
    await waitUntil(() => connection.state() === 'ready');
    expect(ofType('resubscribe_needed')).toEqual([]);

    gateway.inject(errorMessage(-1, 2110, 'Connectivity between Trader Workstation and server is broken.'));
    await waitUntil(() => connection.state() === 'degraded');
    // Degraded keeps the socket and the probe: still answered, so no reconnect.
    await sleep(PROBE_INTERVAL_MS * 2);
    expect(connection.state()).toBe('degraded');
    gateway.inject(errorMessage(-1, 1101, 'Connectivity between IB and TWS has been restored - data lost.'));
    await waitUntil(() => connection.state() === 'ready');
    await waitUntil(() => ofType('resubscribe_needed').length > 0);

    expect(states()).toEqual(['connecting', 'ready', 'degraded', 'ready', 'degraded', 'ready']);
    expect(ofType('state')[2]?.event.reason).toContain('IBKR 1100');
    expect(ofType('resubscribe_needed')).toHaveLength(1);
    expect(ofType('probe_timeout')).toEqual([]);
    expectNoDecodeErrors();
  });

  it('client id in use (326): reports it, disconnects and retries with the same client id', async () => {
    const { gateway, gatewayEvents } = await startGateway();
    const { connection, states, ofType, expectNoDecodeErrors } = supervise(gateway.port);
    await connection.start();

    gateway.inject(
      errorMessage(-1, 326, 'Unable to connect as the client id is already in use. Retry with a unique client id.'),
    );
    await waitUntil(() => ofType('client_id_in_use').length > 0);
    await waitUntil(() => states().length === 5);

    expect(ofType('client_id_in_use')[0]?.event).toEqual({
      type: 'client_id_in_use',
      clientId: CLIENT_ID,
      message: 'Unable to connect as the client id is already in use. Retry with a unique client id.',
    });
    expect(states()).toEqual(['connecting', 'ready', 'disconnected', 'connecting', 'ready']);
    expect(ofType('reconnect_scheduled')).toHaveLength(1);
    expect(startApis(gatewayEvents)).toEqual([CLIENT_ID, CLIENT_ID]);
    expect(gateway.connections().map((fake) => fake.clientId)).toEqual([CLIENT_ID]);
    expectNoDecodeErrors();
  });

  it('stop: closes the socket and makes no further reconnect attempts', async () => {
    const { gateway, gatewayEvents } = await startGateway();
    const { connection, states, expectNoDecodeErrors } = supervise(gateway.port);
    await connection.start();

    await connection.stop();
    expect(connection.state()).toBe('disconnected');
    await waitUntil(() => gateway.connections().length === 0);
    await sleep(600); // longer than the largest backoff (400 ms)

    expect(gatewayEvents.filter((event) => event.type === 'connected')).toHaveLength(1);
    expect(states()).toEqual(['connecting', 'ready', 'disconnected']);
    expectNoDecodeErrors();
  });

  it('stop during a backoff wait cancels the pending reconnect', async () => {
    const { gateway, gatewayEvents } = await startGateway();
    const { connection, ofType, expectNoDecodeErrors } = supervise(gateway.port, {
      backoff: { initialMs: 300, maxMs: 400, factor: 2 },
    });
    await connection.start();

    gateway.dropAll();
    await waitUntil(() => ofType('reconnect_scheduled').length === 1);
    await connection.stop();
    await sleep(600);

    expect(gatewayEvents.filter((event) => event.type === 'connected')).toHaveLength(1);
    expect(connection.state()).toBe('disconnected');
    expectNoDecodeErrors();
  });

  it('start rejects with BrokerError unavailable when the gateway never becomes ready, and stops retrying', async () => {
    const { gateway, gatewayEvents } = await startGateway();
    gateway.setSilent(true);
    const { connection } = supervise(gateway.port, { startTimeoutMs: 400, connectTimeoutMs: 5000 });

    const failure = await connection.start().then(
      () => null,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(BrokerError);
    expect(failure).toMatchObject({ kind: 'unavailable' });
    expect(String(failure)).toContain('not ready within 400 ms');
    expect(connection.state()).toBe('disconnected');
    gateway.setSilent(false);
    await sleep(600);
    expect(gatewayEvents.filter((event) => event.type === 'connected')).toHaveLength(1);
    expect(connection.state()).toBe('disconnected');
  });
});
