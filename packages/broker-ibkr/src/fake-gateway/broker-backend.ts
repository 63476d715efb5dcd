// The fake gateway's brokerage: TWS requests answered from a Broker port (the sim broker in demos and tests), and
// the backend's order, fill and commission events pushed to the clients as TWS pushes them — so the real IBKR
// adapter runs against the sim's market and book. Fault switches reproduce what real gateways do (§2.6).
import {
  BrokerError,
  type Broker,
  type BrokerContract,
  type BrokerEvent,
  type BrokerExecution,
  type BrokerOrder,
  type OrderLeg,
} from '@optionstrader/application';
import { twsUtcTime } from '../adapter/translate';
import type { Field } from '../framing';
import {
  accountDownloadEnd,
  accountUpdateTime,
  contractData,
  contractDataEnd,
  decodeCancelMktData,
  decodeReqAccountUpdates,
  decodeReqContractData,
  decodeReqMarketDataType,
  decodeReqMktData,
  decodeReqSecDefOptParams,
  marketDataType,
  portfolioValue,
  secDefOptParam,
  secDefOptParamEnd,
  tickOptionComputation,
  tickPrice,
  tickGeneric,
  tickReqParams,
  tickSize,
  tickSnapshotEnd,
  TickType,
} from './market-messages';
import { accountSummary, accountSummaryEnd, errorMessage, OutgoingMsgId, position, positionEnd } from './messages';
import {
  commissionReport,
  completedOrder,
  completedOrdersEnd,
  decodeCancelOrder,
  decodePlaceOrder,
  decodeReqExecutions,
  executionData,
  executionDataEnd,
  openOrder,
  openOrderEnd,
  orderStatus,
} from './order-messages';
import type { WireComboLeg, WireContract, WireOrder, WireOrderState } from './wire-types';
import {
  createContractRegistry,
  parseFilterTime,
  queryOf,
  twsStatusOf,
  wireChain,
  wireContract,
  wireContractDetails,
} from './wire-translate';

/** One client connection, as the backend sees it. */
export interface BackendSession {
  id: number;
  clientId: number;
  send(fields: readonly Field[]): void;
  /** Closes the socket at once (a fault). */
  drop(): void;
  /** The type REQ_MARKET_DATA_TYPE asked for (1 live … 4 delayed-frozen). */
  marketDataType: number;
}

/** What the fake does wrong on purpose; every switch is off by default. */
export interface FakeFaults {
  /** Market data: `delayed` answers with 10167 and delayed ticks, the others with their error and no data. */
  marketData: 'live' | 'delayed' | 'not_subscribed' | 'competing_session';
  /** The next N orders are rejected with ERR 201 (never reach the backend). */
  rejectOrders: number;
  /** Every ORDER_STATUS is sent twice (TWS repeats them). */
  duplicateOrderStatus: boolean;
  /** Commission reports go out this many ms after their execution (0: right after). */
  commissionDelayMs: number;
  /** Reordered: each live commission report goes out before its execution. */
  commissionFirst: boolean;
  /** During a REQ_EXECUTIONS backfill, the connection is dropped after this many executions (null: never). */
  dropDuringBackfillAfter: number | null;
  /** Live fills: the connection is dropped right after this many more live executions went out (null: never). */
  dropAfterLiveExecutions: number | null;
}

export const noFaults = (): FakeFaults => ({
  marketData: 'live',
  rejectOrders: 0,
  duplicateOrderStatus: false,
  commissionDelayMs: 0,
  commissionFirst: false,
  dropDuringBackfillAfter: null,
  dropAfterLiveExecutions: null,
});

const UNSET = 1.7976931348623157e308;
const SUMMARY_TAGS: Record<string, (s: Awaited<ReturnType<Broker['accountSummary']>>) => string | null> = {
  NetLiquidation: (s) => s.netLiquidation,
  TotalCashValue: (s) => s.cash,
  BuyingPower: (s) => s.buyingPower,
  InitMarginReq: (s) => s.initialMargin,
  MaintMarginReq: (s) => s.maintenanceMargin,
  ExcessLiquidity: (s) => s.excessLiquidity,
  GrossPositionValue: (s) => s.grossPositionValue,
};

export interface BrokerBackend {
  /** Answers one client message; false when the message is not the backend's. */
  handle(session: BackendSession, msgId: number, fields: string[]): boolean;
  /** Every session gone: forget their subscriptions. */
  closed(session: BackendSession): void;
  faults: FakeFaults;
  /** The highest order id a client has used (0: none). */
  highestOrderId(): number;
  close(): void;
}

interface OrderLink {
  orderId: number;
  permId: number;
  clientId: number;
  /** The backend order id. */
  brokerOrderId: string;
  placedBy: number | null;
}

export function createBrokerBackend(
  broker: Broker,
  deps: { sessions: () => BackendSession[]; accounts: () => string[]; onError: (error: unknown) => void },
): BrokerBackend {
  const faults = noFaults();
  const registry = createContractRegistry();
  const links = new Map<string, OrderLink>(); // by backend order id
  const byTwsId = new Map<number, OrderLink>();
  let nextPermId = 700_000_001;
  /** The highest order id any client used: TWS's next valid id never goes below it. */
  let highestOrderId = 0;
  /** Ids for orders the clients did not place (placed elsewhere): TWS shows them with ids of their own. */
  let nextForeignId = 900_000_001;

  const linkOf = (order: BrokerOrder): OrderLink => {
    const known = links.get(order.brokerOrderId);
    if (known) return known;
    const link = {
      orderId: nextForeignId++,
      permId: nextPermId++,
      clientId: 0,
      brokerOrderId: order.brokerOrderId,
      placedBy: null,
    };
    links.set(order.brokerOrderId, link);
    byTwsId.set(link.orderId, link);
    return link;
  };

  const idOf = (contract: BrokerContract) => registry.idOf(contract);
  const underlyingIdOf = async (contract: BrokerContract) => {
    if (contract.secType !== 'OPT') return 0;
    const [underlying] = await broker.contractDetails({ secType: 'STK', symbol: contract.symbol });
    return underlying ? idOf(underlying) : 0;
  };

  /** The contract a request names: by con_id when given, else by its fields. */
  async function resolve(contract: WireContract): Promise<BrokerContract | null> {
    if (contract.conId > 0) {
      const known = registry.byId(contract.conId);
      if (known) return known;
    }
    const query = queryOf(contract);
    if (query === null) return null;
    const found = await broker.contractDetails(query);
    const [first] = found;
    if (!first || (contract.conId > 0 && found.every((c) => idOf(c) !== contract.conId))) return null;
    for (const c of found) idOf(c);
    return contract.conId > 0 ? (registry.byId(contract.conId) ?? null) : first;
  }

  const broadcast = (fields: readonly Field[], clientId?: number) => {
    for (const session of deps.sessions()) {
      if (clientId === undefined || session.clientId === clientId || session.clientId === 0) session.send(fields);
    }
  };

  // ---- orders ------------------------------------------------------------------------------------------------------

  function wireOrderOf(
    order: BrokerOrder,
    link: OrderLink,
    whatIf = false,
  ): { order: WireOrder; contract: WireContract; legs: WireComboLeg[] } {
    const combo = order.legs.length > 1;
    const [first] = order.legs;
    const contract: WireContract =
      combo || !first
        ? {
            conId: 28_812_380, // TWS's con_id of every BAG contract
            symbol: first?.contract.symbol ?? '',
            secType: 'BAG',
            lastTradeDateOrContractMonth: '',
            strike: 0,
            right: '',
            multiplier: '',
            exchange: 'SMART',
            primaryExchange: '',
            currency: first?.contract.currency ?? 'USD',
            localSymbol: '',
            tradingClass: '',
          }
        : wireContract(first.contract, idOf(first.contract));
    const legs: WireComboLeg[] = combo
      ? order.legs.map((leg) => ({
          conId: idOf(leg.contract),
          ratio: leg.ratio,
          action: leg.action,
          exchange: 'SMART',
        }))
      : [];
    const limit = order.limitPrice === null ? null : Number(order.limitPrice);
    return {
      contract,
      legs,
      order: {
        orderId: link.orderId,
        clientId: link.clientId,
        permId: link.permId,
        action: combo ? 'BUY' : (first?.action ?? 'BUY'),
        totalQuantity: order.quantity,
        orderType: order.orderType,
        lmtPrice: limit,
        tif: order.tif,
        ocaGroup: '',
        account: order.accountCode,
        orderRef: order.idempotencyKey ?? '',
        whatIf,
        transmit: true,
        filledQuantity: order.filledQuantity,
      },
    };
  }

  const state = (status: string, extra: Partial<WireOrderState> = {}): WireOrderState => ({
    status,
    initMarginChange: '',
    maintMarginChange: '',
    equityWithLoanChange: '',
    commission: null,
    commissionCurrency: '',
    warningText: '',
    completedTime: '',
    completedStatus: '',
    ...extra,
  });

  function sendStatus(order: BrokerOrder, link: OrderLink, target?: BackendSession) {
    const fields = orderStatus({
      orderId: link.orderId,
      status: twsStatusOf(order.status),
      filled: order.filledQuantity,
      remaining: Math.max(0, order.quantity - order.filledQuantity),
      avgFillPrice: order.averageFillPrice === null ? 0 : Number(order.averageFillPrice),
      permId: link.permId,
      parentId: 0,
      lastFillPrice: order.averageFillPrice === null ? 0 : Number(order.averageFillPrice),
      clientId: link.clientId,
      whyHeld: '',
      mktCapPrice: 0,
    });
    const copies = faults.duplicateOrderStatus ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      if (target) target.send(fields);
      else broadcast(fields, link.clientId);
    }
  }

  function sendOpenOrder(order: BrokerOrder, link: OrderLink, target?: BackendSession) {
    const wire = wireOrderOf(order, link);
    const fields = openOrder(wire.order, wire.contract, wire.legs, state(twsStatusOf(order.status)));
    if (target) target.send(fields);
    else broadcast(fields, link.clientId);
  }

  function executionFields(execution: BrokerExecution, reqId: number, cumQty: number): Field[][] {
    const link = links.get(execution.brokerOrderId);
    const base = {
      reqId,
      orderId: link?.orderId ?? 0,
      execId: execution.execId,
      time: twsUtcTime(execution.executedAt),
      account: execution.accountCode,
      exchange: 'SMART',
      side: execution.side === 'SELL' ? ('SLD' as const) : ('BOT' as const),
      shares: Number(execution.quantity),
      price: Number(execution.price),
      permId: link?.permId ?? 0,
      clientId: link?.clientId ?? 0,
      cumQty,
      avgPrice: Number(execution.price),
      orderRef: execution.idempotencyKey ?? '',
    };
    return [executionData({ ...base, contract: wireContract(execution.contract, idOf(execution.contract)) })];
  }

  /** commissionFirst: fills held until their commission event, by exec id. */
  const awaitingCommission = new Map<string, BrokerEvent>();
  /** Exec ids whose commission went out with the execution: the backend's own commission event is no news. */
  const commissionSent = new Set<string>();

  function commissionFields(execution: BrokerExecution): Field[] | null {
    if (execution.commission === null) return null;
    commissionSent.add(execution.execId);
    return commissionReport({
      execId: execution.execId,
      commission: Number(execution.commission),
      currency: execution.commissionCurrency ?? 'USD',
      realizedPnl: null,
    });
  }

  const sendCommission = (fields: Field[], send: (f: Field[]) => void) => {
    if (faults.commissionDelayMs > 0) setTimeout(() => send(fields), faults.commissionDelayMs).unref();
    else send(fields);
  };

  /** Combo fills: TWS reports one execution per leg and one for the BAG; the fake does the same. */
  const comboOrders = new Map<string, BrokerOrder>();

  /**
   * While a placement is in flight the backend may already report its order and fills (the sim fills a marketable
   * order inside placeOrder); they wait here until the order's TWS id is known, then go out after OPEN_ORDER.
   */
  let placing = 0;
  const held: BrokerEvent[] = [];
  const heldFor = (event: BrokerEvent): string | null =>
    event.type === 'order'
      ? event.order.brokerOrderId
      : event.type === 'execution'
        ? event.execution.brokerOrderId
        : null;

  const unsubscribe = broker.subscribe(onBackendEvent);
  function onBackendEvent(event: BrokerEvent): void {
    const orderOf = heldFor(event);
    if (placing > 0 && orderOf !== null && !links.has(orderOf)) {
      held.push(event);
      return;
    }
    if (
      placing > 0 &&
      event.type === 'commission' &&
      held.some((e) => e.type === 'execution' && e.execution.execId === event.execId)
    ) {
      held.push(event);
      return;
    }
    forward(event);
  }
  /** Replays what was held for a backend order now linked (the rest stays held for its own placement). */
  function release(brokerOrderId: string): void {
    const mine = held.filter((e) => {
      const id = heldFor(e);
      if (id !== null) return id === brokerOrderId;
      return (
        e.type === 'commission' &&
        held.some(
          (x) =>
            x.type === 'execution' && x.execution.execId === e.execId && x.execution.brokerOrderId === brokerOrderId,
        )
      );
    });
    for (const event of mine) held.splice(held.indexOf(event), 1);
    for (const event of mine) forward(event);
  }

  function forward(event: BrokerEvent): void {
    switch (event.type) {
      case 'order': {
        const link = links.get(event.order.brokerOrderId);
        if (!link) return;
        if (event.order.legs.length > 1) comboOrders.set(event.order.brokerOrderId, event.order);
        sendStatus(event.order, link);
        return;
      }
      case 'execution': {
        const link = links.get(event.execution.brokerOrderId);
        if (!link) return;
        // Reordered: a fill whose commission comes as its own event waits for it, then goes out after it.
        if (faults.commissionFirst && event.execution.commission === null) {
          awaitingCommission.set(event.execution.execId, event);
          return;
        }
        const sessions = deps.sessions().filter((s) => s.clientId === link.clientId || s.clientId === 0);
        const commission = commissionFields(event.execution);
        if (commission && faults.commissionFirst) for (const session of sessions) session.send(commission);
        for (const fields of executionFields(event.execution, -1, Number(event.execution.quantity))) {
          for (const session of sessions) session.send(fields);
        }
        const combo = comboOrders.get(event.execution.brokerOrderId);
        const firstLeg = combo?.legs[0];
        if (combo && firstLeg && firstLeg.contract.key === event.execution.contract.key) {
          const bag = wireOrderOf(combo, link).contract;
          const fields = executionData({
            reqId: -1,
            orderId: link.orderId,
            contract: bag,
            execId: `${event.execution.execId}.bag`,
            time: twsUtcTime(event.execution.executedAt),
            account: event.execution.accountCode,
            exchange: 'SMART',
            side: 'BOT',
            shares: Number(event.execution.quantity) / firstLeg.ratio,
            price: 0,
            permId: link.permId,
            clientId: link.clientId,
            cumQty: 0,
            avgPrice: 0,
            orderRef: event.execution.idempotencyKey ?? '',
          });
          for (const session of sessions) session.send(fields);
        }
        if (commission && !faults.commissionFirst) {
          sendCommission(commission, (f) => sessions.forEach((s) => s.send(f)));
        }
        if (faults.dropAfterLiveExecutions !== null) {
          faults.dropAfterLiveExecutions -= 1;
          if (faults.dropAfterLiveExecutions <= 0) {
            faults.dropAfterLiveExecutions = null;
            for (const session of sessions) session.drop();
          }
        }
        return;
      }
      case 'commission': {
        const waiting = awaitingCommission.get(event.execId);
        if (waiting?.type === 'execution') {
          awaitingCommission.delete(event.execId);
          const execution = { ...waiting.execution, commission: event.commission, commissionCurrency: event.currency };
          forward({ type: 'execution', execution });
          return;
        }
        if (commissionSent.has(event.execId)) return;
        const fields = commissionReport({
          execId: event.execId,
          commission: Number(event.commission),
          currency: event.currency,
          realizedPnl: null,
        });
        sendCommission(fields, (f) => broadcast(f));
        return;
      }
      default:
        return;
    }
  }

  // ---- request handlers ----------------------------------------------------------------------------------------------

  const handlers: Record<number, (session: BackendSession, fields: string[]) => Promise<void>> = {
    [OutgoingMsgId.REQ_ACCOUNT_SUMMARY]: async (session, fields) => {
      // [62, 1, reqId, group, tags]
      const reqId = Number(fields[2]);
      const tags = new Set((fields[4] ?? '').split(',').filter((t) => t !== ''));
      for (const account of deps.accounts()) {
        const summary = await broker.accountSummary(account);
        for (const [tag, read] of Object.entries(SUMMARY_TAGS)) {
          const value = read(summary);
          if (tags.has(tag) && value !== null) {
            session.send(accountSummary(reqId, account, { tag, value, currency: summary.currency }));
          }
        }
      }
      session.send(accountSummaryEnd(reqId));
    },
    [OutgoingMsgId.CANCEL_ACCOUNT_SUMMARY]: async () => {},
    [OutgoingMsgId.REQ_POSITIONS]: async (session) => {
      for (const account of deps.accounts()) {
        for (const p of await broker.positions(account)) {
          const wire = wireContract(p.contract, idOf(p.contract));
          session.send(
            position({
              account,
              contract: { ...wire, strike: wire.strike, right: wire.right || undefined },
              position: p.quantity,
              avgCost: p.averageCost === null ? 0 : Number(p.averageCost),
            }),
          );
        }
      }
      session.send(positionEnd());
    },
    [OutgoingMsgId.CANCEL_POSITIONS]: async () => {},
    6: async (session, fields) => {
      // REQ_ACCT_DATA: reqAccountUpdates(subscribe, account); the fake sends the snapshot only.
      const { subscribe, account } = decodeReqAccountUpdates(fields);
      if (!subscribe) return;
      if (!deps.accounts().includes(account)) {
        session.send(errorMessage(-1, 321, `Error validating request: account ${account} is not managed here`));
        return;
      }
      for (const p of await broker.positions(account)) {
        const value = (v: string | null) => (v === null ? UNSET : Number(v));
        session.send(
          portfolioValue({
            contract: wireContract(p.contract, idOf(p.contract)),
            position: Number(p.quantity),
            marketPrice: p.marketPrice ?? UNSET,
            marketValue: value(p.marketValue),
            averageCost: value(p.averageCost),
            unrealizedPnl: value(p.unrealizedPnl),
            realizedPnl: value(p.realizedPnl),
            account,
          }),
        );
      }
      session.send(accountUpdateTime('00:00'));
      session.send(accountDownloadEnd(account));
    },
    [OutgoingMsgId.REQ_CONTRACT_DATA]: async (session, fields) => {
      const { reqId, contract } = decodeReqContractData(fields);
      let found: BrokerContract[];
      if (contract.conId > 0) {
        const known = registry.byId(contract.conId);
        found = known ? [known] : [];
      } else {
        const query = queryOf(contract);
        found = query ? await broker.contractDetails(query) : [];
      }
      if (found.length === 0) {
        session.send(errorMessage(reqId, 200, 'No security definition has been found for the request'));
        return;
      }
      for (const c of found) {
        session.send(contractData(reqId, wireContractDetails(c, idOf(c), await underlyingIdOf(c))));
      }
      session.send(contractDataEnd(reqId));
    },
    [OutgoingMsgId.REQ_SEC_DEF_OPT_PARAMS]: async (session, fields) => {
      const { reqId, underlyingSymbol } = decodeReqSecDefOptParams(fields);
      for (const chain of await broker.optionChainParams(underlyingSymbol)) {
        session.send(secDefOptParam(reqId, wireChain(chain, idOf(chain.underlying))));
      }
      session.send(secDefOptParamEnd(reqId));
    },
    [OutgoingMsgId.REQ_MARKET_DATA_TYPE]: async (session, fields) => {
      session.marketDataType = decodeReqMarketDataType(fields).marketDataType;
    },
    [OutgoingMsgId.REQ_MKT_DATA]: async (session, fields) => {
      const request = decodeReqMktData(fields);
      const { reqId } = request;
      if (faults.marketData === 'not_subscribed') {
        session.send(errorMessage(reqId, 354, 'Requested market data is not subscribed.'));
        return;
      }
      if (faults.marketData === 'competing_session') {
        session.send(errorMessage(reqId, 10197, 'No market data during competing live session'));
        return;
      }
      const contract = await resolve(request.contract);
      if (!contract) {
        session.send(errorMessage(reqId, 200, 'No security definition has been found for the request'));
        return;
      }
      const [quote] = await broker.quotes([contract]);
      if (!quote) return;
      const delayed = faults.marketData === 'delayed';
      if (delayed) {
        session.send(
          errorMessage(reqId, 10167, 'Requested market data is not subscribed. Displaying delayed market data.'),
        );
      }
      session.send(marketDataType(reqId, delayed ? 3 : session.marketDataType || 1));
      session.send(tickReqParams(reqId, 0.01, 'SMART', 3));
      const generic = new Set(request.genericTicks.split(',').filter((t) => t !== ''));
      const price = (live: number, late: number, value: number | null) =>
        session.send(tickPrice(reqId, delayed ? late : live, value ?? -1));
      price(TickType.BID, TickType.DELAYED_BID, quote.bid);
      price(TickType.ASK, TickType.DELAYED_ASK, quote.ask);
      price(TickType.LAST, TickType.DELAYED_LAST, quote.last);
      if (generic.has('221')) session.send(tickPrice(reqId, TickType.MARK_PRICE, quote.mark ?? -1));
      if (quote.volume !== null) {
        session.send(tickSize(reqId, delayed ? TickType.DELAYED_VOLUME : TickType.VOLUME, quote.volume));
      }
      if (contract.secType !== 'OPT' && generic.has('106') && quote.impliedVol !== null) {
        session.send(tickGeneric(reqId, TickType.OPTION_IMPLIED_VOL, quote.impliedVol));
      }
      if (contract.secType === 'OPT') {
        if (generic.has('101') && quote.openInterest !== null) {
          const tick =
            contract.right === 'call' ? TickType.OPTION_CALL_OPEN_INTEREST : TickType.OPTION_PUT_OPEN_INTEREST;
          session.send(tickSize(reqId, tick, quote.openInterest));
        }
        session.send(
          tickOptionComputation(reqId, delayed ? TickType.DELAYED_MODEL_OPTION : TickType.MODEL_OPTION, 1, {
            impliedVol: quote.impliedVol,
            delta: quote.delta,
            optPrice: quote.mark,
            pvDividend: null,
            gamma: quote.gamma,
            vega: quote.vega,
            theta: quote.theta,
            undPrice: quote.underlyingPrice,
          }),
        );
      }
      if (request.snapshot) session.send(tickSnapshotEnd(reqId));
    },
    2: async (_session, fields) => {
      decodeCancelMktData(fields); // streaming here is one burst: nothing more to stop
    },
    [OrderMsg.PLACE_ORDER]: async (session, fields) => {
      const placed = decodePlaceOrder(fields);
      const { order } = placed;
      if (faults.rejectOrders > 0) {
        faults.rejectOrders -= 1;
        session.send(
          errorMessage(order.orderId, 201, 'Order rejected - reason:The fake gateway was told to reject it'),
        );
        return;
      }
      const legs = await legsOf(placed.contract, placed.comboLegs, order.action);
      if (legs === null) {
        session.send(errorMessage(order.orderId, 200, 'No security definition has been found for the request'));
        return;
      }
      const signed =
        order.lmtPrice === null
          ? null
          : placed.comboLegs.length > 0 && order.action === 'SELL'
            ? -order.lmtPrice
            : order.lmtPrice;
      const request = {
        accountCode: order.account,
        idempotencyKey: order.orderRef || `tws:${session.clientId}:${order.orderId}`,
        legs,
        quantity: order.totalQuantity,
        orderType: order.orderType === 'MKT' ? ('MKT' as const) : ('LMT' as const),
        limitPrice: signed === null ? null : String(signed),
        tif: order.tif === 'GTC' ? ('GTC' as const) : ('DAY' as const),
        ocaGroup: order.ocaGroup || null,
      };
      if (order.whatIf) {
        try {
          const result = await broker.whatIf(request);
          const link = {
            orderId: order.orderId,
            permId: 0,
            clientId: session.clientId,
            brokerOrderId: '',
            placedBy: session.id,
          };
          const wire = whatIfOrder(request, link);
          session.send(
            openOrder(
              wire.order,
              wire.contract,
              wire.legs,
              state('PreSubmitted', {
                initMarginChange: result.initialMarginChange ?? '',
                maintMarginChange: result.maintenanceMarginChange ?? '',
                equityWithLoanChange: result.equityWithLoanChange ?? '',
                commission: result.commission === null ? null : Number(result.commission),
                commissionCurrency: result.commission === null ? '' : 'USD',
                warningText: result.warning ?? '',
              }),
            ),
          );
        } catch (error) {
          session.send(errorMessage(order.orderId, 201, `Order rejected - reason:${messageOf(error)}`));
        }
        return;
      }
      highestOrderId = Math.max(highestOrderId, order.orderId);
      if (byTwsId.has(order.orderId)) {
        session.send(errorMessage(order.orderId, 103, 'Duplicate order id'));
        return;
      }
      const link: OrderLink = {
        orderId: order.orderId,
        permId: nextPermId++,
        clientId: session.clientId,
        brokerOrderId: '',
        placedBy: session.id,
      };
      byTwsId.set(order.orderId, link);
      highestOrderId = Math.max(highestOrderId, order.orderId);
      let result: BrokerOrder;
      placing++;
      try {
        result = await broker.placeOrder(request);
      } catch (error) {
        placing--;
        byTwsId.delete(order.orderId);
        session.send(errorMessage(order.orderId, 201, `Order rejected - reason:${messageOf(error)}`));
        return;
      }
      placing--;
      link.brokerOrderId = result.brokerOrderId;
      links.set(result.brokerOrderId, link);
      if (result.legs.length > 1) comboOrders.set(result.brokerOrderId, result);
      sendOpenOrder(result, link, session);
      sendStatus(result, link, session);
      release(result.brokerOrderId);
    },
    [OrderMsg.CANCEL_ORDER]: async (session, fields) => {
      const { orderId } = decodeCancelOrder(fields);
      const link = byTwsId.get(orderId);
      if (!link?.brokerOrderId) {
        session.send(errorMessage(orderId, 10147, `OrderId ${orderId} that needs to be cancelled is not found.`));
        return;
      }
      try {
        await broker.cancelOrder(link.brokerOrderId);
        session.send(errorMessage(orderId, 202, 'Order Canceled - reason:'));
      } catch (error) {
        session.send(
          errorMessage(orderId, 161, `Cancel attempted when order is not in a cancellable state: ${messageOf(error)}`),
        );
      }
    },
    [OutgoingMsgId.REQ_ALL_OPEN_ORDERS]: (session) => listOpenOrders(session),
    [OutgoingMsgId.REQ_OPEN_ORDERS]: (session) => listOpenOrders(session),
    [OutgoingMsgId.REQ_EXECUTIONS]: async (session, fields) => {
      const { reqId, filter } = decodeReqExecutions(fields);
      const since = parseFilterTime(filter.time);
      const fills = await broker.executions({
        ...(filter.acctCode ? { accountCode: filter.acctCode } : {}),
        ...(since ? { since } : {}),
      });
      let sent = 0;
      for (const fill of fills) {
        for (const f of executionFields(fill, reqId, Number(fill.quantity))) session.send(f);
        const commission = commissionFields(fill);
        if (commission) sendCommission(commission, (f) => session.send(f));
        sent++;
        if (faults.dropDuringBackfillAfter !== null && sent >= faults.dropDuringBackfillAfter) {
          faults.dropDuringBackfillAfter = null;
          session.drop();
          return;
        }
      }
      session.send(executionDataEnd(reqId));
    },
    [OutgoingMsgId.REQ_COMPLETED_ORDERS]: async (session) => {
      for (const order of await broker.completedOrders()) {
        const link = linkOf(order);
        const wire = wireOrderOf(order, link);
        session.send(
          completedOrder(
            wire.order,
            wire.contract,
            wire.legs,
            state(twsStatusOf(order.status), {
              completedTime: twsUtcTime(order.updatedAt),
              completedStatus: order.statusMessage ?? twsStatusOf(order.status),
            }),
          ),
        );
      }
      session.send(completedOrdersEnd());
    },
  };

  async function listOpenOrders(session: BackendSession) {
    for (const order of await broker.openOrders()) {
      const link = linkOf(order);
      sendOpenOrder(order, link, session);
      sendStatus(order, link, session);
    }
    session.send(openOrderEnd());
  }

  function whatIfOrder(
    request: {
      accountCode: string;
      idempotencyKey: string;
      legs: OrderLeg[];
      quantity: number;
      orderType: 'LMT' | 'MKT';
      limitPrice: string | null;
      tif: 'DAY' | 'GTC';
    },
    link: OrderLink,
  ) {
    const now = new Date(0);
    return wireOrderOf(
      {
        brokerOrderId: '',
        permId: null,
        idempotencyKey: request.idempotencyKey,
        accountCode: request.accountCode,
        legs: request.legs,
        quantity: request.quantity,
        orderType: request.orderType,
        limitPrice: request.limitPrice,
        tif: request.tif,
        status: 'submitted',
        filledQuantity: 0,
        averageFillPrice: null,
        statusMessage: null,
        createdAt: now,
        updatedAt: now,
      },
      link,
      true,
    );
  }

  /** The port's legs of a PLACE_ORDER: the contract itself, or the BAG's combo legs (a SELL BAG flips them). */
  async function legsOf(
    contract: WireContract,
    comboLegs: WireComboLeg[],
    action: 'BUY' | 'SELL',
  ): Promise<OrderLeg[] | null> {
    if (comboLegs.length === 0) {
      const resolved = await resolve(contract);
      return resolved ? [{ contract: resolved, action, ratio: 1 }] : null;
    }
    const legs: OrderLeg[] = [];
    for (const leg of comboLegs) {
      const resolved = registry.byId(leg.conId);
      if (!resolved) return null;
      const flipped = action === 'SELL' ? (leg.action === 'BUY' ? 'SELL' : 'BUY') : leg.action;
      legs.push({ contract: resolved, action: flipped, ratio: leg.ratio });
    }
    return legs;
  }

  return {
    faults,
    handle(session, msgId, fields) {
      const handler = handlers[msgId];
      if (!handler) return false;
      handler(session, fields).catch((error: unknown) => {
        deps.onError(error);
        const reqId = Number(fields[REQUEST_ID_FIELD[msgId] ?? -1] ?? -1);
        const code = error instanceof BrokerError && error.kind === 'not_found' ? 200 : 321;
        session.send(
          errorMessage(Number.isFinite(reqId) ? reqId : -1, code, `Error processing request: ${messageOf(error)}`),
        );
      });
      return true;
    },
    closed() {},
    highestOrderId: () => highestOrderId,
    close: () => unsubscribe(),
  };
}

const OrderMsg = { PLACE_ORDER: 3, CANCEL_ORDER: 4 } as const;

/** Where each request carries the id its answers and errors go back under (absent: none, errors use −1). */
const REQUEST_ID_FIELD: Record<number, number> = {
  [OutgoingMsgId.REQ_MKT_DATA]: 2,
  [OrderMsg.PLACE_ORDER]: 1,
  [OrderMsg.CANCEL_ORDER]: 1,
  [OutgoingMsgId.REQ_EXECUTIONS]: 2,
  [OutgoingMsgId.REQ_CONTRACT_DATA]: 2,
  [OutgoingMsgId.REQ_ACCOUNT_SUMMARY]: 2,
  [OutgoingMsgId.REQ_SEC_DEF_OPT_PARAMS]: 1,
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
