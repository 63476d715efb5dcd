// A TWS/IB Gateway stand-in that speaks the real socket protocol on loopback, so the IBKR adapter and its
// connection supervisor are tested against `@stoqey/ib` itself rather than a mock of it (ibkr-protocol.md §2).
import { createServer, type Server, type Socket } from 'node:net';
import type { Broker } from '@optionstrader/application';
import { API_PREFIX, createFrameDecoder, decodeFields, encodeFrame, type Field, type FrameDecoder } from '../framing';
import {
  type BackendSession,
  type BrokerBackend,
  createBrokerBackend,
  type FakeFaults,
  noFaults,
} from './broker-backend';
import {
  currentTime,
  errorMessage,
  farmStatusOk,
  managedAccounts,
  MIN_CLIENT_VERSION,
  nextValidId,
  OutgoingMsgId,
  SERVER_VERSION,
  versionReply,
} from './messages';

export type { FakeFaults } from './broker-backend';

/** IBKR's limit: more client messages than this in any 1 s window get ERR 100. */
export const MAX_MESSAGES_PER_SECOND = 50;

export interface FakeGatewayOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * Sent as MANAGED_ACCTS after START_API (clients such as ib_async refuse an empty list). With a `backend` and
   * no list, the backend's accounts.
   */
  accounts?: string[];
  nextOrderId?: number;
  /** The highest version the fake negotiates; the layouts it emits are those of 193. */
  serverVersion?: number;
  clock?: () => Date;
  /**
   * The brokerage behind the gateway (the sim broker): it answers account, position, contract, market-data, order
   * and execution requests, and its order and fill events reach the clients. Without it those requests are
   * recorded as unhandled.
   */
  backend?: Broker;
  /** Answer more than 50 messages in any 1 s window with ERR 100, as TWS does. Default true. */
  enforcePacing?: boolean;
}

export type FakeConnectionState = 'awaiting_handshake' | 'awaiting_start_api' | 'ready';

export interface FakeConnection {
  id: number;
  state: FakeConnectionState;
  serverVersion: number | null;
  clientId: number | null;
}

export interface ReceivedMessage {
  connectionId: number;
  msgId: number;
  fields: string[];
}

export type FakeGatewayEvent =
  | { type: 'connected'; connectionId: number }
  | { type: 'handshake'; connectionId: number; clientMin: number; clientMax: number; serverVersion: number }
  | { type: 'refused'; connectionId: number; reason: string }
  | { type: 'start_api'; connectionId: number; clientId: number }
  | ({ type: 'message' } & ReceivedMessage)
  | ({ type: 'unhandled' } & ReceivedMessage)
  | { type: 'protocol_error'; connectionId: number; message: string }
  | { type: 'pacing_violation'; connectionId: number; messagesInWindow: number }
  | { type: 'closed'; connectionId: number };

export interface FakeGateway {
  readonly host: string;
  readonly port: number;
  connections(): FakeConnection[];
  /** Fault switches of the backend (market data errors, rejections, duplicates, late commissions, drops). */
  readonly faults: FakeFaults;
  /** Client messages received so far and the most in any 1 s window (what IBKR's pacing limit counts). */
  messageRate(): { total: number; peakPerSecond: number };
  /** Every gateway event in order; returns unsubscribe. */
  on(listener: (event: FakeGatewayEvent) => void): () => void;
  /** Messages the fake has no script for (recorded, never fatal). */
  unhandled(): ReceivedMessage[];
  /** The id the next NEXT_VALID_ID carries (START_API, REQ_IDS). */
  setNextOrderId(orderId: number): void;
  /** Fault: closes every client socket at once, as a crashed or restarted gateway would. */
  dropAll(): void;
  /** Fault: half-open gateway — keeps reading bytes but answers nothing while on. */
  setSilent(silent: boolean): void;
  /** Sends one message to every connection past START_API, even when silent; returns how many got it. */
  inject(fields: readonly Field[]): number;
  close(): Promise<void>;
}

interface ConnectionState extends FakeConnection {
  socket: Socket;
  decoder: FrameDecoder;
  prefix: Buffer;
  /** Arrival times of the last messages (ms), for pacing. */
  arrivals: number[];
  session: BackendSession;
}

export async function startFakeGateway(options: FakeGatewayOptions): Promise<FakeGateway> {
  const host = options.host ?? '127.0.0.1';
  const accounts =
    options.accounts ?? (options.backend ? (await options.backend.accounts()).map((account) => account.code) : []);
  const enforcePacing = options.enforcePacing ?? true;
  let totalMessages = 0;
  let peakPerSecond = 0;
  const maxVersion = options.serverVersion ?? SERVER_VERSION;
  const clock = options.clock ?? (() => new Date());
  let nextOrderId = options.nextOrderId ?? 1;
  let silent = false;
  let nextConnectionId = 1;
  const live = new Map<number, ConnectionState>();
  const listeners = new Set<(event: FakeGatewayEvent) => void>();
  const unhandled: ReceivedMessage[] = [];

  const emit = (event: FakeGatewayEvent) => {
    for (const listener of listeners) listener(event);
  };
  const send = (connection: ConnectionState, fields: readonly Field[]) => {
    if (!silent && !connection.socket.destroyed) connection.socket.write(encodeFrame(fields));
  };
  const backend: BrokerBackend | null = options.backend
    ? createBrokerBackend(options.backend, {
        sessions: () => [...live.values()].filter((c) => c.state === 'ready').map((c) => c.session),
        accounts: () => accounts,
        onError: () => undefined,
      })
    : null;
  const faults = backend?.faults ?? noFaults();

  /** Counts a client message; true when it broke the 50-per-second limit. */
  const paced = (connection: ConnectionState): boolean => {
    const now = Date.now();
    totalMessages++;
    connection.arrivals.push(now);
    while ((connection.arrivals[0] ?? now) <= now - 1000) connection.arrivals.shift();
    peakPerSecond = Math.max(peakPerSecond, connection.arrivals.length);
    if (!enforcePacing || connection.arrivals.length <= MAX_MESSAGES_PER_SECOND) return false;
    emit({ type: 'pacing_violation', connectionId: connection.id, messagesInWindow: connection.arrivals.length });
    send(
      connection,
      errorMessage(
        -1,
        100,
        'Max rate of messages per second has been exceeded:max=50 rec=' + connection.arrivals.length,
      ),
    );
    return true;
  };

  const protocolError = (connection: ConnectionState, message: string) => {
    emit({ type: 'protocol_error', connectionId: connection.id, message });
    connection.socket.destroy();
  };

  const onHandshake = (connection: ConnectionState, payload: Buffer) => {
    // `v100..193`, or `v100` alone; IBKR allows connect options after a space.
    const match = /^v(\d+)(?:\.\.(\d+))?/.exec(payload.toString('latin1'));
    if (!match?.[1]) return protocolError(connection, `malformed version range "${payload.toString('latin1')}"`);
    const clientMin = Number(match[1]);
    const clientMax = Number(match[2] ?? match[1]);
    if (clientMax < MIN_CLIENT_VERSION || clientMin > maxVersion) {
      emit({ type: 'refused', connectionId: connection.id, reason: `client range v${clientMin}..${clientMax}` });
      connection.socket.destroy();
      return;
    }
    const version = Math.min(maxVersion, clientMax);
    connection.serverVersion = version;
    connection.state = 'awaiting_start_api';
    emit({ type: 'handshake', connectionId: connection.id, clientMin, clientMax, serverVersion: version });
    send(connection, versionReply(version, clock()));
  };

  const onMessage = (connection: ConnectionState, fields: string[]) => {
    const msgId = Number(fields[0]);
    if (!Number.isInteger(msgId)) return protocolError(connection, `message id "${fields[0]}" is not a number`);
    const received: ReceivedMessage = { connectionId: connection.id, msgId, fields };
    emit({ type: 'message', ...received });
    if (paced(connection)) return;
    // Nothing but START_API is served before the session is up (or after it was refused).
    if (connection.state !== 'ready' && msgId !== OutgoingMsgId.START_API) {
      unhandled.push(received);
      emit({ type: 'unhandled', ...received });
      return;
    }
    switch (msgId) {
      case OutgoingMsgId.START_API: {
        // [71, 2, clientId, optionalCapabilities]
        const clientId = Number(fields[2]);
        const clash = [...live.values()].some(
          (c) => c !== connection && c.state === 'ready' && c.clientId === clientId,
        );
        if (clash) {
          // TWS refuses a second session with a client id in use, and closes it.
          send(
            connection,
            errorMessage(
              -1,
              326,
              'Unable to connect as the client id is already in use. Retry with a unique client id.',
            ),
          );
          connection.socket.end();
          return;
        }
        connection.clientId = clientId;
        connection.session.clientId = clientId;
        connection.state = 'ready';
        emit({ type: 'start_api', connectionId: connection.id, clientId });
        send(connection, managedAccounts(accounts));
        send(connection, nextValidId(Math.max(nextOrderId, (backend?.highestOrderId() ?? 0) + 1)));
        for (const notice of farmStatusOk) send(connection, notice);
        return;
      }
      case OutgoingMsgId.REQ_CURRENT_TIME:
        return send(connection, currentTime(clock()));
      case OutgoingMsgId.REQ_IDS:
        return send(connection, nextValidId(Math.max(nextOrderId, (backend?.highestOrderId() ?? 0) + 1)));
    }
    if (backend?.handle(connection.session, msgId, fields)) return;
    unhandled.push(received);
    emit({ type: 'unhandled', ...received });
  };

  const onData = (connection: ConnectionState, chunk: Buffer) => {
    let data = chunk;
    if (connection.state === 'awaiting_handshake' && connection.prefix.length < API_PREFIX.length) {
      const needed = API_PREFIX.length - connection.prefix.length;
      connection.prefix = Buffer.concat([connection.prefix, data.subarray(0, needed)]);
      data = data.subarray(needed);
      if (!API_PREFIX.subarray(0, connection.prefix.length).equals(connection.prefix)) {
        return protocolError(connection, 'the connection did not open with "API\\0"');
      }
      if (data.length === 0) return;
    }
    let payloads: Buffer[];
    try {
      payloads = connection.decoder.push(data);
    } catch (error) {
      return protocolError(connection, error instanceof Error ? error.message : String(error));
    }
    for (const payload of payloads) {
      if (connection.socket.destroyed) return;
      if (connection.state === 'awaiting_handshake') onHandshake(connection, payload);
      else onMessage(connection, decodeFields(payload));
    }
  };

  const server: Server = createServer((socket) => {
    const connection: ConnectionState = {
      id: nextConnectionId++,
      state: 'awaiting_handshake',
      serverVersion: null,
      clientId: null,
      socket,
      decoder: createFrameDecoder(),
      prefix: Buffer.alloc(0),
      arrivals: [],
      session: {
        id: 0,
        clientId: 0,
        marketDataType: 1,
        send: (fields) => send(connection, fields),
        drop: () => connection.socket.destroy(),
      },
    };
    connection.session.id = connection.id;
    live.set(connection.id, connection);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => onData(connection, chunk));
    // A client resetting the socket is ordinary here; `close` follows and does the bookkeeping.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      live.delete(connection.id);
      emit({ type: 'closed', connectionId: connection.id });
    });
    emit({ type: 'connected', connectionId: connection.id });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake gateway: no TCP address');

  return {
    host,
    port: address.port,
    connections: () =>
      [...live.values()].map(({ id, state, serverVersion, clientId }) => ({ id, state, serverVersion, clientId })),
    faults,
    messageRate: () => ({ total: totalMessages, peakPerSecond }),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    unhandled: () => [...unhandled],
    setNextOrderId(orderId) {
      nextOrderId = orderId;
    },
    dropAll() {
      for (const connection of live.values()) connection.socket.destroy();
    },
    setSilent(value) {
      silent = value;
    },
    inject(fields) {
      let count = 0;
      for (const connection of live.values()) {
        if (connection.state !== 'ready' || connection.socket.destroyed) continue;
        connection.socket.write(encodeFrame(fields));
        count++;
      }
      return count;
    },
    async close() {
      backend?.close();
      for (const connection of live.values()) connection.socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      listeners.clear();
    },
  };
}
