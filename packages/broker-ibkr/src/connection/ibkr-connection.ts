// Connection supervisor of the IBKR adapter: one raw `IBApi` with a fixed client id, Ready only after both
// next valid id and managed accounts, degraded on 1100/2110, a reqCurrentTime liveness probe that catches
// half-open sockets (which `@stoqey/ib` never recovers itself) and reconnects with exponential backoff
// (ibkr-protocol.md §1 and §1.6).
import { BrokerError } from '@optionstrader/application';
import { EventName, IBApi } from '@stoqey/ib';
import { classifyIbkrError, requiresResubscribe } from '../errors';

export type IbkrConnectionState = 'disconnected' | 'connecting' | 'ready' | 'degraded';

export type IbkrConnectionEvent =
  | { type: 'state'; state: IbkrConnectionState; reason: string }
  /** Operator-visible: another session holds this client id. The supervisor retries with the same id. */
  | { type: 'client_id_in_use'; clientId: number; message: string }
  /** 1101: TWS is back but dropped market data and account subscriptions; the adapter must renew them. */
  | { type: 'resubscribe_needed' }
  /** 505 from `@stoqey/ib`'s decoder: a protocol mismatch worth an alert. */
  | { type: 'decode_error'; message: string }
  /** The probe got no CURRENT_TIME in time: the socket is treated as half-open and dropped. */
  | { type: 'probe_timeout'; waitedMs: number }
  | { type: 'reconnect_scheduled'; attempt: number; delayMs: number };

/** The clock seam: tests may inject their own; nothing here reads wall-clock time directly. */
export interface ConnectionTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface IbkrConnectionOptions {
  host: string;
  port: number;
  /** Fixed for the life of the process: TWS binds orders to it, so it is never incremented on retry. */
  clientId: number;
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  /** One attempt (TCP connect → handshake → next valid id and accounts) is abandoned after this long. */
  connectTimeoutMs?: number;
  /** `start()` rejects when the first Ready takes longer than this. */
  startTimeoutMs?: number;
  backoff?: { initialMs?: number; maxMs?: number; factor?: number };
  timers?: ConnectionTimers;
  /**
   * `@stoqey/ib`'s own send rate cap. The adapter paces every request itself (orders first), so it sets this
   * above its own limit; the library's FIFO cap would otherwise reorder nothing but delay orders behind scans.
   */
  maxReqPerSec?: number;
  /** Called synchronously from socket callbacks: it must not throw. */
  onEvent?: (event: IbkrConnectionEvent) => void;
}

/** What the rest of the system sees; no `@stoqey/ib` type crosses it. */
export interface IbkrConnection {
  /** Resolves at the first Ready; rejects with BrokerError('unavailable') on start timeout or stop. */
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): IbkrConnectionState;
  /** Next order id: the gateway's next valid id, then incremented locally; never reused, never goes back. */
  nextOrderId(): number;
  accounts(): string[];
}

/** The adapter's own handle, with the raw client. Internal: not exported from the package index. */
export interface SupervisedIbkrConnection extends IbkrConnection {
  api(): IBApi;
}

/** Real timers: the default of every ConnectionTimers seam in the package. */
export const realTimers: ConnectionTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  // The handle is whatever setTimeout above returned.
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
  now: () => Date.now(),
};

/** Delay before reconnect attempt `attempt` (0-based): initial × factor^attempt, capped. */
export function backoffDelay(attempt: number, backoff: { initialMs: number; maxMs: number; factor: number }): number {
  return Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** attempt);
}

export function createIbkrConnection(options: IbkrConnectionOptions): SupervisedIbkrConnection {
  const timers = options.timers ?? realTimers;
  const probeIntervalMs = options.probeIntervalMs ?? 15_000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 5_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const backoff = {
    initialMs: options.backoff?.initialMs ?? 500,
    maxMs: options.backoff?.maxMs ?? 30_000,
    factor: options.backoff?.factor ?? 2,
  };
  const { clientId } = options;
  const emit = (event: IbkrConnectionEvent) => options.onEvent?.(event);

  const api = new IBApi({ host: options.host, port: options.port, maxReqPerSec: options.maxReqPerSec ?? 40 });

  let current: IbkrConnectionState = 'disconnected';
  let running = false;
  /** True from `api.connect()` until the library reports `disconnected`: the only time `disconnect()` is valid. */
  let socketOpen = false;
  /** Why we dropped the socket ourselves; used as the reason of the following `disconnected` transition. */
  let dropReason: string | null = null;
  let attempt = 0;
  let highWater: number | null = null;
  let accountList: string[] = [];
  // Per-attempt handshake progress and TWS-side connectivity.
  let gotNextValidId = false;
  let gotAccounts = false;
  let linkLost = false;

  let reconnectTimer: unknown = null;
  let connectTimer: unknown = null;
  let probeTimer: unknown = null;
  let probeDeadline: unknown = null;
  let probeSentAt = 0;
  let pendingStart: { resolve: () => void; reject: (error: Error) => void; timer: unknown } | null = null;
  let stopWaiters: (() => void)[] = [];

  const clear = (handle: unknown) => {
    if (handle !== null) timers.clearTimeout(handle);
    return null;
  };

  const transition = (next: IbkrConnectionState, reason: string) => {
    if (next === current) return;
    current = next;
    emit({ type: 'state', state: next, reason });
    if (next === 'ready') {
      attempt = 0;
      if (pendingStart) {
        pendingStart.timer = clear(pendingStart.timer);
        pendingStart.resolve();
        pendingStart = null;
      }
    }
  };

  const stopProbe = () => {
    probeTimer = clear(probeTimer);
    probeDeadline = clear(probeDeadline);
  };

  const scheduleProbe = () => {
    probeTimer = clear(probeTimer);
    probeTimer = timers.setTimeout(() => {
      probeTimer = null;
      probeSentAt = timers.now();
      probeDeadline = timers.setTimeout(() => {
        probeDeadline = null;
        emit({ type: 'probe_timeout', waitedMs: timers.now() - probeSentAt });
        drop('liveness probe timed out (half-open socket)');
      }, probeTimeoutMs);
      api.reqCurrentTime();
    }, probeIntervalMs);
  };

  /** Closes the socket ourselves; the library's `disconnected` event then drives the reconnect. */
  const drop = (reason: string) => {
    stopProbe();
    connectTimer = clear(connectTimer);
    if (!socketOpen) return;
    dropReason = reason;
    api.disconnect();
  };

  const connect = () => {
    reconnectTimer = null;
    if (!running || socketOpen) return;
    gotNextValidId = false;
    gotAccounts = false;
    linkLost = false;
    transition('connecting', attempt === 0 ? 'connecting' : `reconnect attempt ${attempt}`);
    socketOpen = true;
    connectTimer = timers.setTimeout(() => {
      connectTimer = null;
      drop(`not ready within ${connectTimeoutMs} ms`);
    }, connectTimeoutMs);
    api.connect(clientId);
  };

  const scheduleReconnect = () => {
    if (!running || reconnectTimer !== null) return;
    const delayMs = backoffDelay(attempt, backoff);
    attempt++;
    emit({ type: 'reconnect_scheduled', attempt, delayMs });
    reconnectTimer = timers.setTimeout(connect, delayMs);
  };

  const maybeReady = () => {
    if (current !== 'connecting' || !gotNextValidId || !gotAccounts) return;
    connectTimer = clear(connectTimer);
    if (linkLost) transition('degraded', 'connected, but TWS has lost its link to IBKR');
    else transition('ready', 'next valid id and managed accounts received');
    scheduleProbe();
  };

  const onCode = (code: number, message: string) => {
    switch (classifyIbkrError(code)) {
      case 'connectivity_lost':
        linkLost = true;
        if (current === 'ready') transition('degraded', `IBKR ${code}: ${message}`);
        return;
      case 'connectivity_restored':
        linkLost = false;
        if (current === 'degraded') transition('ready', `IBKR ${code}: ${message}`);
        if (requiresResubscribe(code)) emit({ type: 'resubscribe_needed' });
        return;
      case 'client_id_in_use':
        emit({ type: 'client_id_in_use', clientId, message });
        drop(`IBKR ${code}: client id ${clientId} in use`);
        return;
      case 'decode_error':
        emit({ type: 'decode_error', message });
        return;
      default:
        // Request-level errors and notices belong to the adapter, which listens on `api()` itself.
        return;
    }
  };

  api
    .on(EventName.nextValidId, (orderId: number) => {
      highWater = highWater === null ? orderId : Math.max(highWater, orderId);
      gotNextValidId = true;
      maybeReady();
    })
    .on(EventName.managedAccounts, (accounts: string) => {
      accountList = accounts
        .split(',')
        .map((account) => account.trim())
        .filter((account) => account.length > 0);
      gotAccounts = accountList.length > 0;
      maybeReady();
    })
    .on(EventName.currentTime, () => {
      if (probeDeadline === null) return;
      probeDeadline = clear(probeDeadline);
      if (current === 'ready' || current === 'degraded') scheduleProbe();
    })
    .on(EventName.info, (message: string, code: number) => onCode(code, message))
    .on(EventName.error, (error: Error, code: number) => onCode(code, error.message))
    .on(EventName.disconnected, () => {
      socketOpen = false;
      stopProbe();
      connectTimer = clear(connectTimer);
      const reason = dropReason ?? 'socket closed by the gateway';
      dropReason = null;
      transition('disconnected', running ? reason : 'stopped');
      for (const resolve of stopWaiters.splice(0)) resolve();
      scheduleReconnect();
    });

  return {
    start() {
      if (current === 'ready') return Promise.resolve();
      if (pendingStart) return Promise.reject(new BrokerError('unavailable', 'IBKR connection is already starting'));
      return new Promise<void>((resolve, reject) => {
        pendingStart = {
          resolve,
          reject,
          timer: timers.setTimeout(() => {
            pendingStart = null;
            const error = new BrokerError(
              'unavailable',
              `IBKR gateway at ${options.host}:${options.port} (client id ${clientId}) not ready within ${startTimeoutMs} ms`,
            );
            // A failed start leaves nothing running behind the caller's back: settle once the socket is closed.
            void stop().then(() => reject(error));
          }, startTimeoutMs),
        };
        running = true;
        attempt = 0;
        if (!socketOpen && reconnectTimer === null) connect();
      });
    },
    stop,
    state: () => current,
    nextOrderId() {
      if (highWater === null) throw new BrokerError('unavailable', 'IBKR has not sent a next valid order id yet');
      return highWater++;
    },
    accounts: () => [...accountList],
    api: () => api,
  };

  async function stop(): Promise<void> {
    running = false;
    reconnectTimer = clear(reconnectTimer);
    stopProbe();
    connectTimer = clear(connectTimer);
    if (pendingStart) {
      pendingStart.timer = clear(pendingStart.timer);
      pendingStart.reject(new BrokerError('unavailable', 'IBKR connection stopped before it was ready'));
      pendingStart = null;
    }
    if (socketOpen) {
      const closed = new Promise<void>((resolve) => stopWaiters.push(resolve));
      dropReason = 'stopped';
      api.disconnect();
      await closed;
    }
    stopWaiters = [];
    transition('disconnected', 'stopped');
  }
}
