// A TWS/IB Gateway stand-in that speaks the real socket protocol on loopback, so the IBKR adapter and its
// connection supervisor are tested against `@stoqey/ib` itself rather than a mock of it (ibkr-protocol.md §2).
import { createServer, type Server, type Socket } from 'node:net';
import { API_PREFIX, createFrameDecoder, decodeFields, encodeFrame, type Field, type FrameDecoder } from '../framing';
import {
  accountSummary,
  accountSummaryEnd,
  type BookPosition,
  type BookSummaryValue,
  currentTime,
  farmStatusOk,
  managedAccounts,
  MIN_CLIENT_VERSION,
  nextValidId,
  OutgoingMsgId,
  position,
  positionEnd,
  SERVER_VERSION,
  versionReply,
} from './messages';

export type { BookContract, BookPosition, BookSummaryValue } from './messages';

/**
 * The account state the fake reports: plain data, read on every request, so a test (or a simulator behind it)
 * can change what the next REQ_ACCOUNT_SUMMARY / REQ_POSITIONS sees.
 */
export interface FakeBook {
  /** Every summary value of one managed account; the fake keeps only the requested tags. */
  accountSummary(account: string): BookSummaryValue[];
  positions(): BookPosition[];
}

export interface FakeGatewayOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Sent as MANAGED_ACCTS after START_API; clients such as ib_async refuse an empty list. */
  accounts: string[];
  nextOrderId?: number;
  /** The highest version the fake negotiates; the layouts it emits are those of 193. */
  serverVersion?: number;
  clock?: () => Date;
  /** Answers REQ_ACCOUNT_SUMMARY and REQ_POSITIONS; without it both are recorded as unhandled. */
  book?: FakeBook;
}

export type FakeConnectionState = 'awaiting_handshake' | 'awaiting_start_api' | 'ready';

export interface FakeConnection {
  id: number;
  state: FakeConnectionState;
  serverVersion: number | null;
  clientId: number | null;
}

export interface FakeBookSubscriptions {
  connectionId: number;
  accountSummaryReqIds: number[];
  positions: boolean;
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
  | { type: 'closed'; connectionId: number };

export interface FakeGateway {
  readonly host: string;
  readonly port: number;
  connections(): FakeConnection[];
  /** The book requests each live connection holds open (opened by REQ_*, closed by CANCEL_*). */
  bookSubscriptions(): FakeBookSubscriptions[];
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
  /** Open account summary requests (REQ_ACCOUNT_SUMMARY until CANCEL_ACCOUNT_SUMMARY). */
  accountSummaryReqIds: Set<number>;
  positionsSubscribed: boolean;
}

export async function startFakeGateway(options: FakeGatewayOptions): Promise<FakeGateway> {
  const host = options.host ?? '127.0.0.1';
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
    switch (msgId) {
      case OutgoingMsgId.START_API: {
        // [71, 2, clientId, optionalCapabilities]
        const clientId = Number(fields[2]);
        connection.clientId = clientId;
        connection.state = 'ready';
        emit({ type: 'start_api', connectionId: connection.id, clientId });
        send(connection, managedAccounts(options.accounts));
        send(connection, nextValidId(nextOrderId));
        for (const notice of farmStatusOk) send(connection, notice);
        return;
      }
      case OutgoingMsgId.REQ_CURRENT_TIME:
        return send(connection, currentTime(clock()));
      case OutgoingMsgId.REQ_IDS:
        return send(connection, nextValidId(nextOrderId));
      case OutgoingMsgId.REQ_ACCOUNT_SUMMARY: {
        if (!options.book) break;
        // [62, 1, reqId, group, tags]; the fake has one group, "All" (every managed account).
        const reqId = Number(fields[2]);
        const tags = new Set((fields[4] ?? '').split(',').filter((tag) => tag !== ''));
        connection.accountSummaryReqIds.add(reqId);
        for (const account of options.accounts) {
          for (const entry of options.book.accountSummary(account)) {
            if (tags.has(entry.tag)) send(connection, accountSummary(reqId, account, entry));
          }
        }
        return send(connection, accountSummaryEnd(reqId));
      }
      case OutgoingMsgId.CANCEL_ACCOUNT_SUMMARY:
        // [63, 1, reqId]; nothing streams after the snapshot, so cancelling only closes the request.
        if (!options.book) break;
        connection.accountSummaryReqIds.delete(Number(fields[2]));
        return;
      case OutgoingMsgId.REQ_POSITIONS: {
        // [61, 1]
        if (!options.book) break;
        connection.positionsSubscribed = true;
        for (const entry of options.book.positions()) send(connection, position(entry));
        return send(connection, positionEnd());
      }
      case OutgoingMsgId.CANCEL_POSITIONS:
        // [64, 1]
        if (!options.book) break;
        connection.positionsSubscribed = false;
        return;
    }
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
      accountSummaryReqIds: new Set(),
      positionsSubscribed: false,
    };
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
    bookSubscriptions: () =>
      [...live.values()].map((connection) => ({
        connectionId: connection.id,
        accountSummaryReqIds: [...connection.accountSummaryReqIds],
        positions: connection.positionsSubscribed,
      })),
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
      for (const connection of live.values()) connection.socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      listeners.clear();
    },
  };
}
