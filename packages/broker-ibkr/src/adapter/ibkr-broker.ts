// The Broker port over TWS / IB Gateway: `@stoqey/ib`'s raw IBApi behind the connection supervisor, every request
// paced by one outbound limiter (orders first), answers routed by request id, orders and fills kept once each.
//
// Decisions:
// - Positions come from reqAccountUpdates (PORTFOLIO_VALUE carries market price, value and P&L; POSITION does not),
//   one account at a time as TWS allows. Contracts everywhere are the contract details TWS gave for the con_id
//   (looked up once and cached), so a position, an order leg and a fill of one contract are the same contract.
// - Quotes stream for a moment and are cancelled: snapshots cannot carry generic ticks (open interest, mark).
//   A quote is done when every field it can have has arrived, after `quoteSettleMs` without news, or at
//   `quoteTimeoutMs`; a contract TWS cannot quote (200, 354, 10168...) gets an all-unknown quote, never a failure.
// - After every (re)connect the adapter re-syncs before it accepts an order: market data type, open and completed
//   orders (so an idempotency key the broker already has is never sent again), executions since the newest one
//   seen (each exec id once), positions. A reconnect that finds TWS's link down (1100) stays degraded: no orders.
// - Order ids: the gateway's next valid id, never below the persisted high-water mark (saved before sending).
// - A BAG combo's fill arrives once per leg and once for the BAG: the legs are the fills; the BAG execution is
//   not an instrument's fill and only its ORDER_STATUS counts the combo's quantity.
import {
  BrokerError,
  type AccountSummary,
  type AccountType,
  type Broker,
  type BrokerAccount,
  type BrokerContract,
  type BrokerEvent,
  type BrokerExecution,
  type BrokerOrder,
  type BrokerPosition,
  type BrokerQuote,
  type Clock,
  type ConnectionState,
  type ContractQuery,
  type OptionChainParams,
  type OrderLeg,
  type OrderRequest,
  type WhatIfResult,
} from '@optionstrader/application';
import { formatStrike, parseStrike, type IsoDate } from '@optionstrader/domain';
import {
  EventName,
  OrderAction,
  OrderType,
  SecType,
  type CommissionReport,
  type Contract,
  type ContractDetails,
  type Execution,
  type Order,
  type OrderState,
} from '@stoqey/ib';
import {
  createIbkrConnection,
  realTimers,
  type ConnectionTimers,
  type IbkrConnectionOptions,
} from '../connection/ibkr-connection';
import { classifyIbkrError, toBrokerError } from '../errors';
import { createLineBudget, createOutboundLimiter } from '../pacing';
import { createOrderBook, toBrokerOrder, type TrackedOrder } from './order-book';
import { createQuoteCollector, OPTION_GENERIC_TICKS, STOCK_GENERIC_TICKS } from './quote-collector';
import { createRequestRouter, FIRST_REQUEST_ID } from './request-router';
import {
  contractOf,
  contractOfDetails,
  decimalOf,
  decimalOfText,
  expiryOf,
  ibContractOf,
  ibQueryOf,
  isTerminal,
  knownNumber,
  marketDataTypeCode,
  marketDataTypeOf,
  parseTwsTime,
  securityTypeMatches,
  sideOf,
  twsUtcTime,
} from './translate';

export interface IbkrAccountConfig {
  code: string;
  /** How the account is margined; TWS does not say. Default `margin_regt`. */
  type?: AccountType;
  label?: string | null;
}

/** Where the order-id high-water mark survives restarts (the server keeps it in app settings). */
export interface OrderIdStore {
  load(): Promise<number | null>;
  save(nextOrderId: number): Promise<void>;
}

export interface IbkrBrokerOptions {
  host: string;
  port: number;
  /** Fixed: TWS binds orders to the client id that placed them. */
  clientId: number;
  /** Only these managed accounts (with their types and labels); every managed account when absent or empty. */
  accounts?: IbkrAccountConfig[];
  marketDataType?: keyof typeof marketDataTypeCode;
  /** Never sends an order (TWS's own "Read-Only API" setting refuses them too). */
  readOnly?: boolean;
  /** Orders to accounts that are not paper (`DU…`) are refused unless this is true. */
  liveTradingEnabled?: boolean;
  orderIds?: OrderIdStore;
  clock?: Clock;
  timers?: ConnectionTimers;
  /** Messages per second to TWS; IBKR's limit is 50. Default 45. */
  maxMessagesPerSecond?: number;
  /** Market-data lines of the IBKR account (default 100); the adapter keeps 10 free. */
  marketDataLines?: number;
  requestTimeoutMs?: number;
  quoteTimeoutMs?: number;
  quoteSettleMs?: number;
  whatIfTimeoutMs?: number;
  /** How long the gateway may be unreachable before an operator alert (daily restart or a 2FA login). */
  unreachableAlertAfterMs?: number;
  connection?: Pick<
    IbkrConnectionOptions,
    'probeIntervalMs' | 'probeTimeoutMs' | 'connectTimeoutMs' | 'startTimeoutMs' | 'backoff'
  >;
}

export interface IbkrBroker extends Broker {
  /** Messages sent and the peak rate in any 1 s window (for `npm run bench` and the closing note). */
  pacingStats(): { sent: number; peakPerSecond: number; marketDataLinesPeak: number };
}

const SUMMARY_TAGS = [
  'NetLiquidation',
  'TotalCashValue',
  'BuyingPower',
  'InitMarginReq',
  'MaintMarginReq',
  'ExcessLiquidity',
  'GrossPositionValue',
] as const;

/** Market-data codes after which a contract simply has no quote (not subscribed, unknown, competing session). */
const NO_QUOTE_CODES = new Set([200, 354, 10089, 10168, 10197, 101, 300, 321]);
/** Market-data warnings that still deliver data (delayed instead of live, part of it). */
const QUOTE_WARNINGS = new Set([10167, 10090]);

export function createIbkrBroker(options: IbkrBrokerOptions): IbkrBroker {
  const timers = options.timers ?? realTimers;
  const clock = options.clock ?? { now: () => new Date(timers.now()) };
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const quoteTimeoutMs = options.quoteTimeoutMs ?? 4_000;
  const quoteSettleMs = options.quoteSettleMs ?? 250;
  const whatIfTimeoutMs = options.whatIfTimeoutMs ?? 10_000;
  const unreachableAlertAfterMs = options.unreachableAlertAfterMs ?? 120_000;
  const dataType = options.marketDataType ?? 'live';
  const accountConfig = new Map((options.accounts ?? []).map((a) => [a.code, a]));

  const listeners = new Set<(event: BrokerEvent) => void>();
  const emit = (event: BrokerEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the feed goes on.
      }
    }
  };
  const alert = (kind: string, severity: 'info' | 'warning' | 'error' | 'critical', message: string) =>
    emit({ type: 'alert', kind, severity, message, at: clock.now() });

  const limiter = createOutboundLimiter({ maxPerSecond: options.maxMessagesPerSecond ?? 45, timers });
  const lines = createLineBudget({ lines: options.marketDataLines ?? 100, headroom: 10 });
  const router = createRequestRouter(timers);
  const book = createOrderBook();
  /** con_id → the contract TWS described, and key → con_id (so a request by key can use the id safely). */
  const contracts = new Map<number, BrokerContract>();
  const conIdByKey = new Map<string, number>();
  const register = (contract: BrokerContract | null): BrokerContract | null => {
    const conId = Number(contract?.brokerContractId ?? NaN);
    if (contract && Number.isSafeInteger(conId) && conId > 0) {
      contracts.set(conId, contract);
      conIdByKey.set(contract.key, conId);
    }
    return contract;
  };

  // ---- connection ------------------------------------------------------------------------------------------------

  let resynced: Promise<void> | null = null;
  let unreachableSince: number | null = null;
  let unreachableAlerted = false;
  let unreachableTimer: unknown = null;

  const connection = createIbkrConnection({
    host: options.host,
    port: options.port,
    clientId: options.clientId,
    timers,
    // Every request goes through `limiter`; the library's own FIFO cap is set out of its way.
    maxReqPerSec: 1000,
    ...options.connection,
    onEvent(event) {
      switch (event.type) {
        case 'state':
          onState(event.state, event.reason);
          return;
        case 'client_id_in_use':
          alert(
            'ibkr_client_id_in_use',
            'warning',
            `Client id ${event.clientId} is in use by another session at the gateway; retrying with the same id.`,
          );
          return;
        case 'decode_error':
          alert('ibkr_decode_error', 'error', `@stoqey/ib could not decode a TWS message: ${event.message}`);
          return;
        case 'resubscribe_needed':
          // TWS kept the socket but dropped its subscriptions (1101): read everything again.
          resynced = resync();
          resynced.catch(() => undefined);
          return;
        default:
          return;
      }
    },
  });
  const api = connection.api();

  function onState(state: ConnectionState, reason: string) {
    emit({ type: 'connection', state, message: reason, at: clock.now() });
    if (state === 'ready' || state === 'degraded') {
      clearUnreachable();
      if (state === 'ready') {
        resynced = resync();
        resynced.catch(() => undefined);
      }
      return;
    }
    if (state === 'disconnected') {
      resynced = null;
      const error = new BrokerError('unavailable', `IBKR connection lost: ${reason}`);
      router.failAll(error);
      limiter.clear(error);
      lines.clear(error);
      for (const listener of [...disconnectListeners]) listener();
      for (const waiter of [...orderWaiters.values()].flat()) waiter();
      watchUnreachable();
    }
  }

  function watchUnreachable() {
    if (!running || unreachableTimer !== null) return;
    unreachableSince ??= timers.now();
    unreachableTimer = timers.setTimeout(() => {
      unreachableTimer = null;
      if (!running || connection.state() === 'ready' || connection.state() === 'degraded' || unreachableAlerted) return;
      unreachableAlerted = true;
      const minutes = Math.round((timers.now() - (unreachableSince ?? timers.now())) / 60_000);
      alert(
        'ibkr_gateway_unreachable',
        'critical',
        `IBKR gateway ${options.host}:${options.port} unreachable for ${minutes} min. It may be in its daily restart, ` +
          'or waiting for a login with two-factor authentication (the weekly cold restart); check TWS / IB Gateway.',
      );
    }, unreachableAlertAfterMs);
  }

  function clearUnreachable() {
    if (unreachableTimer !== null) timers.clearTimeout(unreachableTimer);
    unreachableTimer = null;
    if (unreachableAlerted) alert('ibkr_gateway_reachable', 'info', 'IBKR gateway reachable again.');
    unreachableSince = null;
    unreachableAlerted = false;
  }

  let running = false;

  /** Every message to TWS goes through here: paced, orders ahead of everything else. */
  const send = (priority: 'order' | 'request', write: () => unknown): Promise<void> =>
    limiter.schedule(priority, () => {
      write();
    });

  // ---- routing of TWS events -------------------------------------------------------------------------------------

  const byReqId =
    (event: EventName) =>
    (reqId: number, ...args: unknown[]) =>
      router.dispatch(reqId, event, args);
  for (const event of [
    EventName.contractDetails,
    EventName.contractDetailsEnd,
    EventName.securityDefinitionOptionParameter,
    EventName.securityDefinitionOptionParameterEnd,
    EventName.tickPrice,
    EventName.tickSize,
    EventName.tickGeneric,
    EventName.tickOptionComputation,
    EventName.tickSnapshotEnd,
    EventName.marketDataType,
    EventName.accountSummary,
    EventName.accountSummaryEnd,
    EventName.execDetailsEnd,
  ]) {
    // One listener per event name, whatever its arguments: the router hands them to the request that owns the id.
    (api.on as (name: string, listener: (...args: never[]) => void) => unknown).call(api, event, byReqId(event));
  }

  api.on(EventName.error, (error: Error, code: number, reqId: number) => {
    if (reqId >= FIRST_REQUEST_ID) {
      router.dispatchError(reqId, code, error.message);
      return;
    }
    if (reqId > 0) {
      onOrderError(reqId, code, error.message);
      return;
    }
  });
  // TWS sends session-wide notices with id −1, which `@stoqey/ib` reports as `info`.
  api.on(EventName.info, (message: string, code: number) => {
    if (code === 10197) alert('ibkr_competing_session', 'warning', `IBKR ${code}: ${message}`);
    // TWS dropped a message without saying which: its request will time out. Worth an operator's eye.
    if (code === 100) alert('ibkr_pacing_violation', 'warning', `IBKR ${code}: ${message}`);
  });

  api.on(EventName.execDetails, (reqId: number, contract: Contract, execution: Execution) => {
    const ingested = ingestExecution(contract, execution);
    if (reqId >= FIRST_REQUEST_ID) router.dispatch(reqId, EventName.execDetails, [ingested]);
    else void ingested.catch(() => undefined);
  });
  api.on(EventName.commissionReport, (report: CommissionReport) => {
    const commission = decimalOf(report.commission);
    if (!report.execId || commission === null) return;
    const currency = report.currency ?? 'USD';
    book.addCommission(report.execId, commission, currency);
    emit({ type: 'commission', execId: report.execId, commission, currency });
  });
  api.on(EventName.openOrder, (orderId: number, contract: Contract, order: Order, state: OrderState) => {
    if (order.whatIf) {
      whatIfAnswers.get(orderId)?.(state);
      return;
    }
    void ingestOrder(orderId, contract, order, state).catch(() => undefined);
  });
  api.on(
    EventName.orderStatus,
    (orderId: number, status: string, filled: number, _remaining: number, avgFillPrice: number, permId?: number) => {
      const changed = book.status(
        orderId,
        { status, filled, avgFillPrice: filled > 0 ? decimalOf(avgFillPrice) : null, permId: permId || null },
        clock.now(),
      );
      if (changed) emit({ type: 'order', order: changed });
      notifyOrder(orderId);
    },
  );
  api.on(EventName.openOrderEnd, () => collectors.openOrders?.end());
  api.on(EventName.completedOrder, (contract: Contract, order: Order, state: OrderState) =>
    collectors.completedOrders?.item(ingestCompleted(contract, order, state)),
  );
  api.on(EventName.completedOrdersEnd, () => collectors.completedOrders?.end());
  api.on(
    EventName.updatePortfolio,
    (
      contract: Contract,
      position: number,
      marketPrice: number,
      marketValue: number,
      averageCost?: number,
      unrealizedPnl?: number,
      realizedPnl?: number,
      account?: string,
    ) =>
      collectors.portfolio?.item(
        positionOf(contract, { position, marketPrice, marketValue, averageCost, unrealizedPnl, realizedPnl, account }),
      ),
  );
  api.on(EventName.accountDownloadEnd, (account: string) => collectors.portfolio?.end(account));

  // ---- requests without a request id: one at a time per kind ------------------------------------------------------

  interface Collector {
    item(value: Promise<unknown>): void;
    end(account?: string): void;
  }
  const collectors: { openOrders?: Collector; completedOrders?: Collector; portfolio?: Collector } = {};
  const queues = new Map<string, Promise<unknown>>();
  /** Runs `work` after the previous call of the same kind has finished: TWS does not tell these answers apart. */
  function exclusive<T>(kind: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(kind) ?? Promise.resolve();
    const next = previous.then(work, work);
    queues.set(
      kind,
      next.catch(() => undefined),
    );
    return next;
  }

  /** Sends `start`, gathers `item`s until `end`, settles with them; fails on timeout or disconnect. */
  function gather<T>(
    slot: keyof typeof collectors,
    label: string,
    start: () => void,
    endMatches: (account?: string) => boolean = () => true,
    onEnd?: () => void,
  ): Promise<T[]> {
    return exclusive(slot, async () => {
      requireConnected();
      const items: Promise<unknown>[] = [];
      let timer: unknown = null;
      let unsubscribe = () => false;
      let timedOut = () => undefined as void;
      const cleanup = () => {
        if (timer !== null) timers.clearTimeout(timer);
        timer = null;
        unsubscribe();
        collectors[slot] = undefined;
      };
      const finished = new Promise<void>((resolve, reject) => {
        unsubscribe = onDisconnect(() => {
          cleanup();
          reject(new BrokerError('unavailable', `IBKR connection lost during ${label}`));
        });
        timedOut = () => {
          cleanup();
          reject(new BrokerError('unavailable', `IBKR did not finish ${label} within ${requestTimeoutMs} ms`));
        };
        collectors[slot] = {
          item: (value) => items.push(value),
          end(account) {
            if (!endMatches(account)) return;
            cleanup();
            resolve();
          },
        };
      });
      // Settled below, or abandoned when the send itself fails: never an unhandled rejection.
      finished.catch(() => undefined);
      try {
        await send('request', start);
        // As for requests with an id, the clock starts once the request is on the wire.
        timer = timers.setTimeout(timedOut, requestTimeoutMs);
        await finished;
      } catch (error) {
        cleanup();
        throw error;
      } finally {
        onEnd?.();
      }
      return (await Promise.all(items)) as T[];
    });
  }

  const disconnectListeners = new Set<() => void>();
  const onDisconnect = (listener: () => void) => {
    disconnectListeners.add(listener);
    return () => disconnectListeners.delete(listener);
  };
  const orderWaiters = new Map<number, (() => void)[]>();
  const whatIfAnswers = new Map<number, (state: OrderState) => void>();

  function requireConnected() {
    const state = connection.state();
    if (state !== 'ready' && state !== 'degraded') {
      throw new BrokerError('unavailable', `IBKR gateway not connected (${state})`);
    }
  }

  // ---- contracts -------------------------------------------------------------------------------------------------

  function requestContractDetails(contract: Contract, label: string): Promise<BrokerContract[]> {
    requireConnected();
    const found: BrokerContract[] = [];
    return router.open<BrokerContract[]>({
      label,
      timeoutMs: requestTimeoutMs,
      start: (reqId) => send('request', () => api.reqContractDetails(reqId, contract)),
      handle(event, args, done) {
        if (event === EventName.contractDetails) {
          const contract = register(contractOfDetails(args[0] as ContractDetails));
          if (contract) found.push(contract);
        } else if (event === EventName.contractDetailsEnd) done(found);
      },
      onError(code, message, done, fail) {
        if (code === 200) return done([]); // no such contract: an empty answer, not a failure
        const error = toBrokerError(code, message);
        if (error) fail(error);
      },
    });
  }

  /** The contract TWS knows under `conId`, from the cache or asked once; `fallback` when TWS cannot say. */
  async function contractById(conId: number | undefined, fallback: Contract): Promise<BrokerContract | null> {
    if (conId && contracts.has(conId)) return contracts.get(conId) ?? null;
    if (conId) {
      const [found] = await requestContractDetails({ conId }, `contract details of con_id ${conId}`).catch(() => []);
      if (found) return found;
    }
    return register(contractOf(fallback));
  }

  // ---- positions and account -------------------------------------------------------------------------------------

  function positionOf(
    contract: Contract,
    values: {
      position: number;
      marketPrice: number;
      marketValue: number;
      averageCost?: number | undefined;
      unrealizedPnl?: number | undefined;
      realizedPnl?: number | undefined;
      account?: string | undefined;
    },
  ): Promise<BrokerPosition | null> {
    const asOf = clock.now();
    return contractById(contract.conId, contract).then((resolved) =>
      resolved === null
        ? null
        : {
            accountCode: values.account ?? '',
            contract: resolved,
            quantity: decimalOf(values.position) ?? '0',
            averageCost: decimalOf(values.averageCost),
            marketPrice: knownNumber(values.marketPrice),
            marketValue: decimalOf(values.marketValue),
            unrealizedPnl: decimalOf(values.unrealizedPnl),
            realizedPnl: decimalOf(values.realizedPnl),
            asOf,
          },
    );
  }

  async function accountPositions(account: string): Promise<BrokerPosition[]> {
    const positions = await gather<BrokerPosition | null>(
      'portfolio',
      `positions of ${account}`,
      () => api.reqAccountUpdates(true, account),
      (ended) => ended === undefined || ended === account,
      () => void send('request', () => api.reqAccountUpdates(false, account)).catch(() => undefined),
    );
    return positions.filter((p): p is BrokerPosition => p !== null && p.accountCode === account);
  }

  function managedAccounts(): string[] {
    const managed = connection.accounts();
    return accountConfig.size === 0 ? managed : managed.filter((code) => accountConfig.has(code));
  }

  function requireAccount(code: string) {
    if (!managedAccounts().includes(code))
      throw new BrokerError('not_found', `IBKR account ${code} is not managed here`);
  }

  // ---- orders and fills --------------------------------------------------------------------------------------------

  function notifyOrder(orderId: number) {
    const waiters = orderWaiters.get(orderId);
    if (!waiters) return;
    orderWaiters.delete(orderId);
    for (const waiter of waiters) waiter();
  }

  function waitForOrder(orderId: number, until: (order: TrackedOrder) => boolean, timeoutMs: number) {
    return new Promise<void>((resolve) => {
      const check = () => {
        const order = book.byId(orderId);
        if (order && until(order)) {
          timers.clearTimeout(timer);
          resolve();
          return;
        }
        if (connection.state() === 'disconnected') {
          timers.clearTimeout(timer);
          resolve();
          return;
        }
        orderWaiters.set(orderId, [...(orderWaiters.get(orderId) ?? []), check]);
      };
      const timer = timers.setTimeout(() => {
        orderWaiters.set(
          orderId,
          (orderWaiters.get(orderId) ?? []).filter((w) => w !== check),
        );
        resolve();
      }, timeoutMs);
      check();
    });
  }

  /** Order ids TWS refused as already used (103): the placement retries under a new id. */
  const duplicateIds = new Set<number>();

  function onOrderError(orderId: number, code: number, message: string) {
    if (code === 103 && book.byId(orderId)?.twsStatus === 'ApiPending') {
      duplicateIds.add(orderId);
      notifyOrder(orderId);
      return;
    }
    const kind = classifyIbkrError(code);
    if (kind === 'order_rejected' && code !== 202 && code !== 161) {
      whatIfRejections.get(orderId)?.(`IBKR ${code}: ${message}`);
      const changed = book.reject(orderId, `IBKR ${code}: ${message}`, clock.now());
      if (changed) emit({ type: 'order', order: changed });
    }
    notifyOrder(orderId);
  }
  const whatIfRejections = new Map<number, (message: string) => void>();

  async function legsOf(contract: Contract, order: Order): Promise<OrderLeg[]> {
    const action = order.action === OrderAction.SELL ? 'SELL' : 'BUY';
    if (contract.secType !== SecType.BAG) {
      const resolved = await contractById(contract.conId, contract);
      return resolved ? [{ contract: resolved, action, ratio: 1 }] : [];
    }
    const legs: OrderLeg[] = [];
    for (const leg of contract.comboLegs ?? []) {
      const resolved = await contractById(leg.conId, { conId: leg.conId });
      if (!resolved) continue;
      // A SELL combo reverses each leg's side (IBKR's convention); the port always states the leg's own side.
      const legAction = leg.action === OrderAction.SELL ? 'SELL' : 'BUY';
      const side = action === 'SELL' ? (legAction === 'SELL' ? 'BUY' : 'SELL') : legAction;
      legs.push({ contract: resolved, action: side, ratio: leg.ratio ?? 1 });
    }
    return legs;
  }

  function trackedOf(
    orderId: number,
    contract: Contract,
    order: Order,
    legs: OrderLeg[],
    status: string,
    at: Date,
  ): TrackedOrder {
    const bag = contract.secType === SecType.BAG;
    const limit = knownNumber(order.lmtPrice);
    const signedLimit = limit === null ? null : bag && order.action === OrderAction.SELL ? -limit : limit;
    return {
      orderId,
      permId: order.permId || null,
      orderRef: order.orderRef || null,
      accountCode: order.account ?? '',
      legs,
      quantity: Number(order.totalQuantity ?? 0),
      orderType: order.orderType === OrderType.MKT ? 'MKT' : 'LMT',
      limitPrice: order.orderType === OrderType.MKT ? null : decimalOf(signedLimit),
      tif: order.tif === 'GTC' ? 'GTC' : 'DAY',
      twsStatus: status,
      filled: Number(order.filledQuantity ?? 0) || 0,
      averageFillPrice: null,
      statusMessage: null,
      rejected: false,
      createdAt: at,
      updatedAt: at,
    };
  }

  async function ingestOrder(orderId: number, contract: Contract, order: Order, state: OrderState) {
    const known = book.byId(orderId);
    const legs = known && known.legs.length > 0 ? known.legs : await legsOf(contract, order);
    const tracked = trackedOf(orderId, contract, order, legs, state.status ?? 'Submitted', clock.now());
    if (known) {
      tracked.createdAt = known.createdAt;
      tracked.filled = Math.max(known.filled, tracked.filled);
      tracked.averageFillPrice = known.averageFillPrice;
      tracked.twsStatus = known.twsStatus === 'ApiPending' ? tracked.twsStatus : known.twsStatus;
    }
    const changed = book.upsert(tracked);
    if (changed) emit({ type: 'order', order: changed });
    notifyOrder(orderId);
    return book.byId(orderId);
  }

  async function ingestCompleted(contract: Contract, order: Order, state: OrderState): Promise<BrokerOrder | null> {
    const known =
      (order.permId ? book.byPermId(order.permId) : undefined) ??
      (order.orderRef ? book.byRef(order.orderRef) : undefined);
    // COMPLETED_ORDER carries no order id: an order this session never saw is keyed by its perm id (negated, so it
    // never meets a real order id).
    const orderId = known?.orderId ?? (order.orderId || (order.permId ? -order.permId : 0));
    if (!orderId) return null;
    const legs = known && known.legs.length > 0 ? known.legs : await legsOf(contract, order);
    const completedAt = parseTwsTime(state.completedTime) ?? clock.now();
    const tracked = trackedOf(orderId, contract, order, legs, state.status ?? 'Cancelled', completedAt);
    tracked.createdAt = known?.createdAt ?? completedAt;
    tracked.filled = Math.max(known?.filled ?? 0, Number(order.filledQuantity ?? 0) || 0);
    tracked.averageFillPrice = known?.averageFillPrice ?? null;
    tracked.statusMessage = state.completedStatus || known?.statusMessage || null;
    tracked.rejected = known?.rejected ?? false;
    const changed = book.upsert(tracked);
    if (changed) emit({ type: 'order', order: changed });
    const stored = book.byId(orderId);
    return stored ? toBrokerOrder(stored) : null;
  }

  async function ingestExecution(contract: Contract, execution: Execution): Promise<BrokerExecution | null> {
    if (contract.secType === SecType.BAG || !execution.execId) return null;
    const resolved = await contractById(contract.conId, contract);
    if (!resolved) return null;
    const orderRef = execution.orderRef || book.byId(execution.orderId ?? 0)?.orderRef || null;
    const fill: BrokerExecution = {
      execId: execution.execId,
      brokerOrderId: String(execution.orderId ?? 0),
      idempotencyKey: orderRef,
      accountCode: execution.acctNumber ?? '',
      contract: resolved,
      side: sideOf(execution.side),
      quantity: decimalOf(execution.shares) ?? '0',
      price: decimalOf(execution.price) ?? '0',
      executedAt: parseTwsTime(execution.time) ?? clock.now(),
      commission: null,
      commissionCurrency: null,
    };
    if (book.addExecution(fill)) emit({ type: 'execution', execution: book.execution(fill.execId) ?? fill });
    return book.execution(fill.execId) ?? fill;
  }

  async function loadExecutions(filter: { accountCode?: string; since?: Date }): Promise<BrokerExecution[]> {
    requireConnected();
    const pending: Promise<BrokerExecution | null>[] = [];
    await router.open<void>({
      label: 'executions',
      timeoutMs: requestTimeoutMs,
      start: (reqId) =>
        send('request', () =>
          api.reqExecutions(reqId, {
            ...(filter.accountCode ? { acctCode: filter.accountCode } : {}),
            ...(filter.since ? { time: twsUtcTime(filter.since) } : {}),
          }),
        ),
      handle(event, args, done) {
        if (event === EventName.execDetails) pending.push(args[0] as Promise<BrokerExecution | null>);
        else if (event === EventName.execDetailsEnd) done();
      },
    });
    const fills = (await Promise.all(pending)).filter((e): e is BrokerExecution => e !== null);
    // Commissions that arrived meanwhile are joined in the book.
    return [...new Map(fills.map((e) => [e.execId, book.execution(e.execId) ?? e])).values()];
  }

  async function orderContractOf(legs: OrderLeg[]): Promise<Contract> {
    const conIdOf = async (contract: BrokerContract) => {
      const known = conIdByKey.get(contract.key);
      if (known !== undefined) return known;
      const [found] = await requestContractDetails(ibContractOf(contract, null), `contract ${contract.key}`);
      const conId = found ? conIdByKey.get(found.key) : undefined;
      if (conId === undefined) throw new BrokerError('not_found', `IBKR does not know ${contract.key}`);
      return conId;
    };
    const [first] = legs;
    if (!first) throw new BrokerError('invalid_request', 'An order needs at least one leg');
    if (legs.length === 1) return ibContractOf(first.contract, await conIdOf(first.contract));
    const comboLegs = [];
    for (const leg of legs) {
      comboLegs.push({ conId: await conIdOf(leg.contract), ratio: leg.ratio, action: leg.action, exchange: 'SMART' });
    }
    return {
      symbol: first.contract.symbol,
      secType: SecType.BAG,
      currency: first.contract.currency,
      exchange: 'SMART',
      comboLegs: comboLegs as Contract['comboLegs'],
    };
  }

  function ibOrderOf(orderId: number, request: OrderRequest, whatIf: boolean): Order {
    const combo = request.legs.length > 1;
    const first = request.legs[0];
    const limit = request.limitPrice === null ? undefined : Number(request.limitPrice);
    return {
      orderId,
      // A combo is bought at its signed net price (negative = credit); each leg carries its own side.
      action: (combo ? 'BUY' : (first?.action ?? 'BUY')) as Order['action'],
      totalQuantity: request.quantity,
      orderType: request.orderType as Order['orderType'],
      ...(request.orderType === 'LMT' && limit !== undefined ? { lmtPrice: limit } : {}),
      tif: request.tif,
      ...(request.ocaGroup ? { ocaGroup: request.ocaGroup } : {}),
      account: request.accountCode,
      orderRef: request.idempotencyKey,
      transmit: true,
      whatIf,
    };
  }

  function validateOrder(request: OrderRequest) {
    const invalid = (message: string) => new BrokerError('invalid_request', message);
    if (!request.idempotencyKey) throw invalid('An order needs an idempotency key');
    if (request.legs.length === 0) throw invalid('An order needs at least one leg');
    if (!Number.isSafeInteger(request.quantity) || request.quantity <= 0) {
      throw invalid(`Order quantity must be a positive integer: ${request.quantity}`);
    }
    if (request.orderType === 'LMT' && request.limitPrice === null) throw invalid('A limit order needs a limit price');
    for (const leg of request.legs) {
      if (!Number.isSafeInteger(leg.ratio) || leg.ratio <= 0) throw invalid(`Leg ratio must be a positive integer`);
    }
    if (options.readOnly) throw invalid('The IBKR adapter is read-only (IBKR_READ_ONLY): no orders are sent');
    if (!request.accountCode.startsWith('DU') && !options.liveTradingEnabled) {
      throw new BrokerError(
        'rejected',
        `Account ${request.accountCode} is a live IBKR account and live trading is not enabled`,
      );
    }
    requireAccount(request.accountCode);
  }

  let orderIdFloor: number | null = null;
  async function allocateOrderId(): Promise<number> {
    if (orderIdFloor === null) orderIdFloor = (await options.orderIds?.load()) ?? 0;
    const orderId = Math.max(connection.nextOrderId(), orderIdFloor);
    orderIdFloor = orderId + 1;
    await options.orderIds?.save(orderIdFloor);
    return orderId;
  }

  /** Waits until the adapter has re-read the broker's orders since the last (re)connect. */
  async function synced() {
    if (connection.state() !== 'ready' || resynced === null) {
      throw new BrokerError('unavailable', `IBKR connection is ${connection.state()}: no orders are sent`);
    }
    // A re-sync that failed (a timeout, a drop meanwhile) is run again: orders wait for a complete one.
    await resynced.catch(() => {
      resynced = resync();
      return resynced;
    });
  }

  const placing = new Map<string, Promise<BrokerOrder>>();

  async function place(request: OrderRequest): Promise<BrokerOrder> {
    await synced();
    const known = book.byRef(request.idempotencyKey);
    if (known) return toBrokerOrder(known);
    const contract = await orderContractOf(request.legs);
    // TWS refuses an id some other session used (103) without taking the order: then a fresh id, same key.
    for (let attempt = 1; ; attempt++) {
      const orderId = await allocateOrderId();
      const now = clock.now();
      book.upsert({
        orderId,
        permId: null,
        orderRef: request.idempotencyKey,
        accountCode: request.accountCode,
        legs: request.legs,
        quantity: request.quantity,
        orderType: request.orderType,
        limitPrice: request.limitPrice,
        tif: request.tif,
        twsStatus: 'ApiPending',
        filled: 0,
        averageFillPrice: null,
        statusMessage: null,
        rejected: false,
        createdAt: now,
        updatedAt: now,
      });
      const answered = waitForOrder(
        orderId,
        (o) => o.twsStatus !== 'ApiPending' || o.rejected || duplicateIds.has(orderId),
        requestTimeoutMs,
      );
      await send('order', () => api.placeOrder(orderId, contract, ibOrderOf(orderId, request, false)));
      await answered;
      if (duplicateIds.delete(orderId)) {
        book.forget(orderId);
        if (attempt < 3) continue;
        throw new BrokerError('rejected', `IBKR 103: order ids ${orderId - 2}…${orderId} are all in use`);
      }
      return placedOrder(orderId);
    }
  }

  function placedOrder(orderId: number): BrokerOrder {
    const order = book.byId(orderId);
    if (!order) throw new BrokerError('unavailable', `Order ${orderId} vanished`);
    if (order.rejected) throw new BrokerError('rejected', order.statusMessage ?? `IBKR rejected order ${orderId}`);
    return toBrokerOrder(order);
  }

  // ---- re-sync after every (re)connect -----------------------------------------------------------------------------

  async function resync(): Promise<void> {
    await send('request', () => api.reqMarketDataType(marketDataTypeCode[dataType]));
    await Promise.all([broker.openOrders(), broker.completedOrders()]);
    const last = book.lastExecutionAt();
    // From a minute before the newest fill seen (clock skew), or everything TWS still has (today's) on first start.
    await loadExecutions(last ? { since: new Date(last.getTime() - 60_000) } : {});
    for (const account of managedAccounts()) {
      for (const position of await accountPositions(account)) emit({ type: 'position', position });
    }
  }

  // ---- the port ----------------------------------------------------------------------------------------------------

  const broker: IbkrBroker = {
    kind: 'ibkr',
    async connect() {
      running = true;
      await connection.start();
      // Connected is connected; a re-sync that fails here is retried before the first order (see `synced`).
      await resynced?.catch((error: unknown) =>
        alert('ibkr_resync_failed', 'warning', `IBKR re-sync after connecting failed: ${String(error)}`),
      );
    },
    async disconnect() {
      running = false;
      if (unreachableTimer !== null) timers.clearTimeout(unreachableTimer);
      unreachableTimer = null;
      await connection.stop();
    },
    connectionState: () => connection.state(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async accounts(): Promise<BrokerAccount[]> {
      requireConnected();
      return managedAccounts().map((code) => ({
        code,
        type: accountConfig.get(code)?.type ?? 'margin_regt',
        baseCurrency: 'USD',
        paper: code.startsWith('DU'),
        label: accountConfig.get(code)?.label ?? null,
      }));
    },

    async accountSummary(accountCode): Promise<AccountSummary> {
      requireConnected();
      requireAccount(accountCode);
      const values = new Map<string, { value: string; currency: string }>();
      await router.open<void>({
        label: `account summary of ${accountCode}`,
        timeoutMs: requestTimeoutMs,
        start: (reqId) => send('request', () => api.reqAccountSummary(reqId, 'All', SUMMARY_TAGS.join(','))),
        handle(event, args, done) {
          if (event === EventName.accountSummary) {
            const [account, tag, value, currency] = args as [string, string, string, string];
            if (account === accountCode) values.set(tag, { value, currency });
          } else if (event === EventName.accountSummaryEnd) done();
        },
        cleanup: (reqId) => void send('request', () => api.cancelAccountSummary(reqId)).catch(() => undefined),
      });
      const amount = (tag: (typeof SUMMARY_TAGS)[number]) => decimalOfText(values.get(tag)?.value);
      return {
        accountCode,
        currency: values.get('NetLiquidation')?.currency || 'USD',
        asOf: clock.now(),
        netLiquidation: amount('NetLiquidation'),
        cash: amount('TotalCashValue'),
        buyingPower: amount('BuyingPower'),
        initialMargin: amount('InitMarginReq'),
        maintenanceMargin: amount('MaintMarginReq'),
        excessLiquidity: amount('ExcessLiquidity'),
        grossPositionValue: amount('GrossPositionValue'),
        raw: Object.fromEntries(values),
      };
    },

    async positions(accountCode) {
      requireConnected();
      if (accountCode !== undefined) {
        requireAccount(accountCode);
        return accountPositions(accountCode);
      }
      const all: BrokerPosition[] = [];
      for (const account of managedAccounts()) all.push(...(await accountPositions(account)));
      return all;
    },

    async contractDetails(query: ContractQuery) {
      const found = await requestContractDetails(ibQueryOf(query), `contract details of ${query.symbol}`);
      return found.filter(
        (c) =>
          securityTypeMatches(query.secType, c) &&
          (!query.expiry || c.expiry === query.expiry) &&
          (!query.right || c.right === query.right) &&
          (!query.strike || c.strike === formatStrike(parseStrike(query.strike))),
      );
    },

    async optionChainParams(underlyingSymbol): Promise<OptionChainParams[]> {
      // The underlier's con_id: from a contract already described (a scan has just quoted it), else asked once.
      const cachedId = conIdByKey.get(`STK:${underlyingSymbol.toUpperCase()}:USD`);
      const cached = cachedId === undefined ? undefined : contracts.get(cachedId);
      const [underlying] = cached
        ? [cached]
        : await broker.contractDetails({ secType: 'STK', symbol: underlyingSymbol });
      if (!underlying) return [];
      const conId = conIdByKey.get(underlying.key) ?? 0;
      const chains: OptionChainParams[] = [];
      await router.open<void>({
        label: `option chain parameters of ${underlyingSymbol}`,
        timeoutMs: requestTimeoutMs,
        start: (reqId) => send('request', () => api.reqSecDefOptParams(reqId, underlying.symbol, '', 'STK', conId)),
        handle(event, args, done) {
          if (event === EventName.securityDefinitionOptionParameter) {
            const [exchange, , tradingClass, multiplier, expirations, strikes] = args as [
              string,
              number,
              string,
              string,
              string[],
              number[],
            ];
            chains.push({
              underlying,
              tradingClass,
              exchange,
              multiplier: Number(multiplier) || 100,
              expirations: expirations
                .map((e) => expiryOf(e))
                .filter((e): e is IsoDate => e !== null)
                .sort(),
              strikes: [...strikes].sort((a, b) => a - b).map((s) => formatStrike(parseStrike(s))),
            });
          } else if (event === EventName.securityDefinitionOptionParameterEnd) done();
        },
        onError(code, message, done, fail) {
          if (code === 200) return done();
          const error = toBrokerError(code, message);
          if (error) fail(error);
        },
      });
      // TWS answers once per exchange; SMART (or the first) stands for each trading class.
      const byClass = new Map<string, OptionChainParams>();
      for (const chain of chains) {
        const kept = byClass.get(chain.tradingClass);
        if (!kept || chain.exchange === 'SMART') byClass.set(chain.tradingClass, chain);
      }
      return [...byClass.values()];
    },

    async quotes(requested) {
      requireConnected();
      return Promise.all(requested.map((contract) => quoteOf(contract)));
    },

    async openOrders() {
      await gather<unknown>('openOrders', 'open orders', () => api.reqAllOpenOrders());
      return book.all().filter((o) => !isTerminal(o.status));
    },

    async completedOrders() {
      const completed = await gather<BrokerOrder | null>('completedOrders', 'completed orders', () =>
        api.reqCompletedOrders(false),
      );
      const byId = new Map<string, BrokerOrder>();
      for (const order of completed) if (order) byId.set(order.brokerOrderId, order);
      // Orders that ended in this session but are not (yet) listed by TWS as completed.
      for (const order of book.all()) if (isTerminal(order.status)) byId.set(order.brokerOrderId, order);
      return [...byId.values()].map((o) => {
        const tracked = book.byId(Number(o.brokerOrderId));
        return tracked ? toBrokerOrder(tracked) : o;
      });
    },

    async executions(filter) {
      const fills = await loadExecutions({
        ...(filter?.accountCode ? { accountCode: filter.accountCode } : {}),
        ...(filter?.since ? { since: filter.since } : {}),
      });
      return fills.filter(
        (e) =>
          (!filter?.accountCode || e.accountCode === filter.accountCode) &&
          (!filter?.since || e.executedAt >= filter.since),
      );
    },

    placeOrder(request) {
      try {
        validateOrder(request);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      const inFlight = placing.get(request.idempotencyKey);
      if (inFlight) return inFlight;
      const placed = place(request).finally(() => placing.delete(request.idempotencyKey));
      placing.set(request.idempotencyKey, placed);
      return placed;
    },

    async cancelOrder(brokerOrderId) {
      const orderId = Number(brokerOrderId);
      const order = Number.isSafeInteger(orderId) ? book.byId(orderId) : undefined;
      if (!order) throw new BrokerError('not_found', `No IBKR order ${brokerOrderId}`);
      if (isTerminal(toBrokerOrder(order).status)) return;
      if (options.readOnly) throw new BrokerError('invalid_request', 'The IBKR adapter is read-only');
      requireConnected();
      const ended = waitForOrder(orderId, (o) => isTerminal(toBrokerOrder(o).status), requestTimeoutMs);
      await send('order', () => api.cancelOrder(orderId));
      await ended;
      const after = book.byId(orderId);
      if (!after || !isTerminal(toBrokerOrder(after).status)) {
        throw new BrokerError('unavailable', `IBKR did not confirm the cancel of order ${orderId}`);
      }
    },

    async whatIf(request): Promise<WhatIfResult> {
      const probe = { ...request, idempotencyKey: request.idempotencyKey || 'what-if' };
      validateOrder(probe);
      await synced();
      const contract = await orderContractOf(request.legs);
      const orderId = await allocateOrderId();
      return new Promise<WhatIfResult>((resolve, reject) => {
        const finish = () => {
          timers.clearTimeout(timer);
          whatIfAnswers.delete(orderId);
          whatIfRejections.delete(orderId);
        };
        const timer = timers.setTimeout(() => {
          finish();
          reject(new BrokerError('unavailable', `IBKR did not answer the what-if order within ${whatIfTimeoutMs} ms`));
        }, whatIfTimeoutMs);
        // TWS may answer twice: first with unset margins, then with the figures. The first with figures counts.
        whatIfAnswers.set(orderId, (state) => {
          const initial = decimalOfText(state.initMarginChange);
          if (initial === null) return;
          finish();
          resolve({
            initialMarginChange: initial,
            maintenanceMarginChange: decimalOfText(state.maintMarginChange),
            equityWithLoanChange: decimalOfText(state.equityWithLoanChange),
            commission: decimalOf(state.commission),
            warning: state.warningText || null,
          });
        });
        whatIfRejections.set(orderId, (message) => {
          finish();
          reject(new BrokerError('rejected', message));
        });
        send('order', () => api.placeOrder(orderId, contract, ibOrderOf(orderId, probe, true))).catch(
          (error: unknown) => {
            finish();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },

    pacingStats() {
      const stats = limiter.stats();
      return { sent: stats.sent, peakPerSecond: stats.peakPerSecond, marketDataLinesPeak: lines.peak() };
    },
  };

  async function quoteOf(contract: BrokerContract): Promise<BrokerQuote> {
    const isOption = contract.secType === 'OPT';
    const collector = createQuoteCollector(contract.key, isOption, contract.right);
    const knownConId = conIdByKey.get(contract.key) ?? null;
    let ibContract: Contract;
    try {
      ibContract = ibContractOf(contract, knownConId);
    } catch {
      return collector.quote(clock.now()); // a key the adapter cannot express: nothing is known
    }
    const release = await lines.acquire();
    let settleTimer: unknown = null;
    try {
      return await router.open<BrokerQuote>({
        label: `quote of ${contract.key}`,
        timeoutMs: quoteTimeoutMs,
        start: (reqId) =>
          send('request', () =>
            api.reqMktData(reqId, ibContract, isOption ? OPTION_GENERIC_TICKS : STOCK_GENERIC_TICKS, false, false),
          ),
        handle(event, args, done) {
          switch (event) {
            case EventName.tickPrice:
              collector.tickPrice(args[0] as number, args[1] as number);
              break;
            case EventName.tickSize:
              collector.tickSize(args[0] as number, args[1] as number);
              break;
            case EventName.tickGeneric:
              collector.tickGeneric(args[0] as number, args[1] as number);
              break;
            case EventName.tickOptionComputation:
              collector.tickOptionComputation(args[0] as number, args.slice(2) as number[]);
              break;
            case EventName.marketDataType:
              collector.marketDataType(marketDataTypeOf(args[0] as number));
              break;
            default:
              break;
          }
          if (collector.complete()) return done(collector.quote(clock.now()));
          if (settleTimer !== null) timers.clearTimeout(settleTimer);
          settleTimer = timers.setTimeout(() => done(collector.quote(clock.now())), quoteSettleMs);
        },
        onError(code, _message, done) {
          if (QUOTE_WARNINGS.has(code)) return true;
          if (code === 10197) alert('ibkr_competing_session', 'warning', `IBKR ${code}: ${_message}`);
          if (NO_QUOTE_CODES.has(code) || classifyIbkrError(code) === 'market_data') {
            done(collector.quote(clock.now()));
            return true;
          }
          if (classifyIbkrError(code) === 'warning' || classifyIbkrError(code) === 'info') return true;
          done(collector.quote(clock.now()));
          return true;
        },
        // Whatever arrived in time is the quote; the rest stays unknown.
        onTimeout: (done) => done(collector.quote(clock.now())),
        cleanup(reqId) {
          if (settleTimer !== null) timers.clearTimeout(settleTimer);
          void send('request', () => api.cancelMktData(reqId)).catch(() => undefined);
        },
      });
    } finally {
      release();
    }
  }

  return broker;
}
