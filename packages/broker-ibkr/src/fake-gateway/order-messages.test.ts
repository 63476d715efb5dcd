// The order codecs proven against the real client: what `IBApi` puts on the wire decodes to what was placed, and
// what the encoders emit reaches `IBApi`'s events intact, with no decode error (505) from its strict decoder.
import {
  type CommissionReport,
  ConjunctionConnection,
  type Contract,
  EventName,
  type Execution,
  IBApi,
  OptionType,
  type Order,
  OrderAction,
  type OrderState,
  OrderType,
  PriceCondition,
  SecType,
  TimeCondition,
  TriggerMethod,
} from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGateway, type FakeGateway } from './fake-gateway';
import {
  commissionReport,
  completedOrder,
  completedOrdersEnd,
  decodeCancelOrder,
  decodePlaceOrder,
  decodeReqCompletedOrders,
  decodeReqExecutions,
  executionData,
  executionDataEnd,
  openOrder,
  openOrderEnd,
  orderStatus,
} from './order-messages';
import type { WireComboLeg, WireContract, WireExecution, WireOrder, WireOrderState } from './wire-types';
import { waitUntil } from './testing/wait-until';

const ACCOUNT = 'DU1234567';
const CLIENT_ID = 7;
const NOW = new Date('2026-01-05T14:30:00Z');

// --- builders ---------------------------------------------------------------------------------------------------

const SPY_CALL: WireContract = {
  conId: 712345678,
  symbol: 'SPY',
  secType: 'OPT',
  lastTradeDateOrContractMonth: '20260116',
  strike: 590,
  right: 'C',
  multiplier: '100',
  exchange: 'SMART',
  primaryExchange: '',
  currency: 'USD',
  localSymbol: 'SPY   260116C00590000',
  tradingClass: 'SPY',
};

const SPY_STOCK: WireContract = {
  conId: 756733,
  symbol: 'SPY',
  secType: 'STK',
  lastTradeDateOrContractMonth: '',
  strike: 0,
  right: '',
  multiplier: '',
  exchange: 'SMART',
  primaryExchange: 'ARCA',
  currency: 'USD',
  localSymbol: 'SPY',
  tradingClass: 'SPY',
};

const SPY_BAG: WireContract = {
  ...SPY_STOCK,
  conId: 28812380,
  secType: 'BAG',
  primaryExchange: '',
  localSymbol: '',
  tradingClass: '',
};

/** A roll: buy back the near call, sell the far one. */
const ROLL_LEGS: WireComboLeg[] = [
  { conId: 712345678, ratio: 1, action: 'BUY', exchange: 'SMART' },
  { conId: 712399999, ratio: 1, action: 'SELL', exchange: 'SMART' },
];

function wireOrder(overrides: Partial<WireOrder> = {}): WireOrder {
  return {
    orderId: 1001,
    clientId: CLIENT_ID,
    permId: 900001,
    action: 'SELL',
    totalQuantity: 2,
    orderType: 'LMT',
    lmtPrice: 3.45,
    tif: 'GTC',
    ocaGroup: 'wheel-oca-1',
    account: ACCOUNT,
    orderRef: 'wheel:csp:42',
    whatIf: false,
    transmit: true,
    ...overrides,
  };
}

function orderState(overrides: Partial<WireOrderState> = {}): WireOrderState {
  return {
    status: 'Submitted',
    initMarginChange: '',
    maintMarginChange: '',
    equityWithLoanChange: '',
    commission: null,
    commissionCurrency: '',
    warningText: '',
    completedTime: '',
    completedStatus: '',
    ...overrides,
  };
}

/** The option as a client would place it (`@stoqey/ib` types: numeric multiplier, enum right). */
const placedCall: Contract = {
  conId: 712345678,
  symbol: 'SPY',
  secType: SecType.OPT,
  lastTradeDateOrContractMonth: '20260116',
  strike: 590,
  right: OptionType.Call,
  multiplier: 100,
  exchange: 'SMART',
  currency: 'USD',
  localSymbol: 'SPY   260116C00590000',
  tradingClass: 'SPY',
};

const placedLimitSell: Order = {
  action: OrderAction.SELL,
  totalQuantity: 2,
  orderType: OrderType.LMT,
  lmtPrice: 3.45,
  tif: 'GTC',
  ocaGroup: 'wheel-oca-1',
  account: ACCOUNT,
  orderRef: 'wheel:csp:42',
  transmit: true,
};

// --- harness ----------------------------------------------------------------------------------------------------

let gateway: FakeGateway | undefined;
const clients: IBApi[] = [];

afterEach(async () => {
  for (const api of clients.splice(0)) api.disconnect();
  await gateway?.close();
  gateway = undefined;
});

/** A fake gateway with one real client past nextValidId, and every error that client reports. */
async function connected() {
  gateway = await startFakeGateway({ accounts: [ACCOUNT], nextOrderId: 1001, clock: () => NOW });
  const api = new IBApi({ host: '127.0.0.1', port: gateway.port });
  clients.push(api);
  const errors: { code: number; message: string; reqId: number }[] = [];
  let ready = false;
  api
    .on(EventName.error, (error, code, reqId) => errors.push({ code, message: error.message, reqId }))
    .on(EventName.nextValidId, () => (ready = true));
  api.connect(CLIENT_ID);
  await waitUntil(() => ready);
  return { gateway, api, errors };
}

/** Runs `send` and returns the fields of the first message with this id the gateway then receives. */
async function nextSent(gateway: FakeGateway, msgId: number, send: () => void): Promise<string[]> {
  const received: string[][] = [];
  const off = gateway.on((event) => {
    if (event.type === 'message' && event.msgId === msgId) received.push(event.fields);
  });
  send();
  await waitUntil(() => received.length > 0);
  off();
  return received[0] ?? [];
}

interface OpenOrderEvent {
  orderId: number;
  contract: Contract;
  order: Order;
  orderState: OrderState;
}

function recordOpenOrders(api: IBApi): OpenOrderEvent[] {
  const events: OpenOrderEvent[] = [];
  api.on(EventName.openOrder, (orderId, contract, order, state) =>
    events.push({ orderId, contract, order, orderState: state }),
  );
  return events;
}

// --- decoders ---------------------------------------------------------------------------------------------------

describe('PLACE_ORDER and friends, as the real IBApi encodes them', () => {
  it('decodes a single-leg LMT option order with orderRef, GTC, ocaGroup and account (118 fields)', async () => {
    const { gateway, api, errors } = await connected();
    const fields = await nextSent(gateway, 3, () => api.placeOrder(1001, placedCall, placedLimitSell));

    expect(fields).toHaveLength(118);
    expect(decodePlaceOrder(fields)).toEqual({
      order: wireOrder({ clientId: 0, permId: 0 }),
      contract: SPY_CALL,
      comboLegs: [],
    });
    expect(errors).toEqual([]);
  });

  it('decodes a MKT stock order: no limit is null; an omitted transmit arrives empty and means "do not transmit"', async () => {
    const { gateway, api, errors } = await connected();
    const stock: Contract = {
      symbol: 'SPY',
      secType: SecType.STK,
      exchange: 'SMART',
      primaryExch: 'ARCA',
      currency: 'USD',
    };
    const order: Order = { action: OrderAction.BUY, totalQuantity: 100, orderType: OrderType.MKT };
    const fields = await nextSent(gateway, 3, () => api.placeOrder(1002, stock, order));

    expect(decodePlaceOrder(fields)).toEqual({
      order: {
        orderId: 1002,
        clientId: 0,
        permId: 0,
        action: 'BUY',
        totalQuantity: 100,
        orderType: 'MKT',
        lmtPrice: null,
        tif: '',
        ocaGroup: '',
        account: '',
        orderRef: '',
        whatIf: false,
        // TWS reads the empty field as false and parks the order: adapters must always set transmit: true.
        transmit: false,
      },
      contract: {
        ...SPY_STOCK,
        conId: 0,
        localSymbol: '',
        tradingClass: '',
      },
      comboLegs: [],
    });
    expect(errors).toEqual([]);
  });

  it('decodes a 2-leg BAG roll with a negative net limit and a routing param (139 fields)', async () => {
    const { gateway, api, errors } = await connected();
    const combo: Contract = {
      conId: 28812380,
      symbol: 'SPY',
      secType: SecType.BAG,
      exchange: 'SMART',
      currency: 'USD',
      comboLegs: [
        { conId: 712345678, ratio: 1, action: OrderAction.BUY, exchange: 'SMART' },
        { conId: 712399999, ratio: 1, action: OrderAction.SELL, exchange: 'SMART' },
      ],
    };
    const order: Order = {
      action: OrderAction.BUY,
      totalQuantity: 1,
      orderType: OrderType.LMT,
      lmtPrice: -0.85,
      tif: 'DAY',
      account: ACCOUNT,
      orderRef: 'wheel:roll:7',
      transmit: true,
      smartComboRoutingParams: [{ tag: 'NonGuaranteed', value: '1' }],
    };
    const fields = await nextSent(gateway, 3, () => api.placeOrder(1003, combo, order));

    expect(fields).toHaveLength(139);
    expect(decodePlaceOrder(fields)).toEqual({
      order: wireOrder({
        orderId: 1003,
        clientId: 0,
        permId: 0,
        action: 'BUY',
        totalQuantity: 1,
        lmtPrice: -0.85,
        tif: 'DAY',
        ocaGroup: '',
        orderRef: 'wheel:roll:7',
      }),
      contract: { ...SPY_BAG, primaryExchange: '', tradingClass: '' },
      comboLegs: ROLL_LEGS,
    });
    expect(errors).toEqual([]);
  });

  it('decodes a whatIf order', async () => {
    const { gateway, api, errors } = await connected();
    const fields = await nextSent(gateway, 3, () =>
      api.placeOrder(1004, placedCall, { ...placedLimitSell, whatIf: true }),
    );

    expect(decodePlaceOrder(fields).order).toEqual(wireOrder({ orderId: 1004, clientId: 0, permId: 0, whatIf: true }));
    expect(errors).toEqual([]);
  });

  it('walks the optional blocks it does not model (delta-neutral, hedge, algo, conditions, PEG MID on IBKRATS)', async () => {
    const { gateway, api, errors } = await connected();
    const contract: Contract = {
      ...placedCall,
      exchange: 'IBKRATS',
      deltaNeutralContract: { conId: 756733, delta: 0.5, price: 590 },
    };
    const order: Order = {
      ...placedLimitSell,
      orderType: OrderType.PEG_MID,
      deltaNeutralOrderType: 'MKT',
      scalePriceIncrement: 0.05,
      hedgeType: 'D',
      hedgeParam: '0.5',
      algoStrategy: 'Adaptive',
      algoParams: [{ tag: 'adaptivePriority', value: 'Normal' }],
      conditions: [
        new PriceCondition(600, TriggerMethod.Default, 756733, 'SMART', true, ConjunctionConnection.AND),
        new TimeCondition('20260105 15:00:00 UTC', true, ConjunctionConnection.OR),
      ],
      minTradeQty: 1,
      midOffsetAtWhole: 0.01,
      midOffsetAtHalf: 0.005,
      whatIf: true,
    };
    const fields = await nextSent(gateway, 3, () => api.placeOrder(1005, contract, order));

    const decoded = decodePlaceOrder(fields);
    expect(decoded.order).toEqual(
      wireOrder({ orderId: 1005, clientId: 0, permId: 0, orderType: 'PEG MID', whatIf: true }),
    );
    expect(decoded.contract.exchange).toBe('IBKRATS');
    expect(errors).toEqual([]);
  });

  it('decodes CANCEL_ORDER', async () => {
    const { gateway, api, errors } = await connected();
    const fields = await nextSent(gateway, 4, () => api.cancelOrder(1001));

    expect(fields).toEqual(['4', '1001', '', '', '2147483647']);
    expect(decodeCancelOrder(fields)).toEqual({ orderId: 1001 });
    expect(errors).toEqual([]);
  });

  it('decodes REQ_EXECUTIONS with a full filter and with an empty one ("any")', async () => {
    const { gateway, api, errors } = await connected();
    const full = await nextSent(gateway, 7, () =>
      api.reqExecutions(42, {
        clientId: String(CLIENT_ID),
        acctCode: ACCOUNT,
        time: '20260105-14:00:00',
        symbol: 'SPY',
        secType: SecType.OPT,
        exchange: 'SMART',
        side: 'SELL',
      }),
    );
    const empty = await nextSent(gateway, 7, () => api.reqExecutions(43, {}));

    expect(decodeReqExecutions(full)).toEqual({
      reqId: 42,
      filter: {
        clientId: CLIENT_ID,
        acctCode: ACCOUNT,
        time: '20260105-14:00:00',
        symbol: 'SPY',
        secType: 'OPT',
        exchange: 'SMART',
        side: 'SELL',
      },
    });
    expect(decodeReqExecutions(empty)).toEqual({
      reqId: 43,
      filter: { clientId: 0, acctCode: '', time: '', symbol: '', secType: '', exchange: '', side: '' },
    });
    expect(errors).toEqual([]);
  });

  it('decodes REQ_COMPLETED_ORDERS', async () => {
    const { gateway, api, errors } = await connected();
    const all = await nextSent(gateway, 99, () => api.reqCompletedOrders(false));
    const apiOnly = await nextSent(gateway, 99, () => api.reqCompletedOrders(true));

    expect(decodeReqCompletedOrders(all)).toEqual({ apiOnly: false });
    expect(decodeReqCompletedOrders(apiOnly)).toEqual({ apiOnly: true });
    expect(errors).toEqual([]);
  });

  it('throws a clear error on a malformed message', async () => {
    const { gateway, api, errors } = await connected();
    const fields = await nextSent(gateway, 3, () => api.placeOrder(1006, placedCall, placedLimitSell));

    expect(() => decodePlaceOrder(fields.slice(0, 60))).toThrow(/malformed PLACE_ORDER: missing field 60/);
    expect(() => decodePlaceOrder([...fields, 'extra'])).toThrow(/malformed PLACE_ORDER: 1 unexpected field/);
    expect(() => decodePlaceOrder(fields.with(16, 'SSHORT'))).toThrow(/action "SSHORT" is not BUY or SELL/);
    expect(() => decodePlaceOrder(fields.with(17, 'lots'))).toThrow(/field 17 \(totalQuantity\) is not a number/);
    expect(() => decodePlaceOrder(['4', '1001'])).toThrow(/expected message id 3, got "4"/);
    expect(() => decodeCancelOrder(['4', 'x', '', '', ''])).toThrow(/field 1 \(orderId\) is not an integer/);
    expect(() => decodeReqExecutions(['7', '2', '1'])).toThrow(/version 2, expected 3/);
    expect(() => decodeReqCompletedOrders(['99', 'yes'])).toThrow(/apiOnly\) is not a boolean/);
    expect(errors).toEqual([]);
  });
});

// --- encoders ---------------------------------------------------------------------------------------------------

describe('OPEN_ORDER, ORDER_STATUS, executions and completed orders, as the real IBApi decodes them', () => {
  it('delivers a single-leg open order with its contract, order fields and state (133 fields)', async () => {
    const { gateway, api, errors } = await connected();
    const opened = recordOpenOrders(api);
    let ended = 0;
    api.on(EventName.openOrderEnd, () => ended++);

    const fields = openOrder(wireOrder(), SPY_CALL, [], orderState());
    expect(fields).toHaveLength(133);
    gateway.inject(fields);
    gateway.inject(openOrderEnd());
    await waitUntil(() => ended > 0);

    expect(opened).toHaveLength(1);
    const [event] = opened;
    expect(event?.orderId).toBe(1001);
    expect(event?.contract).toEqual(
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
        comboLegsDescription: '',
      }),
    );
    expect(event?.contract).not.toHaveProperty('comboLegs');
    expect(event?.order).toEqual(
      expect.objectContaining({
        orderId: 1001,
        clientId: CLIENT_ID,
        permId: 900001,
        action: 'SELL',
        totalQuantity: 2,
        orderType: 'LMT',
        lmtPrice: 3.45,
        auxPrice: undefined,
        tif: 'GTC',
        ocaGroup: 'wheel-oca-1',
        account: ACCOUNT,
        orderRef: 'wheel:csp:42',
        whatIf: false,
      }),
    );
    expect(event?.orderState).toEqual(
      expect.objectContaining({
        status: 'Submitted',
        initMarginChange: undefined,
        commission: undefined,
        commissionCurrency: '',
        warningText: '',
      }),
    );
    expect(errors).toEqual([]);
  });

  it('delivers a MKT order with no limit price as lmtPrice undefined', async () => {
    const { gateway, api, errors } = await connected();
    const opened = recordOpenOrders(api);

    gateway.inject(
      openOrder(
        wireOrder({ action: 'BUY', totalQuantity: 100, orderType: 'MKT', lmtPrice: null, tif: 'DAY' }),
        SPY_STOCK,
        [],
        orderState({ status: 'PreSubmitted' }),
      ),
    );
    await waitUntil(() => opened.length > 0);

    expect(opened[0]?.contract).toEqual(
      expect.objectContaining({ secType: 'STK', strike: 0, right: undefined, multiplier: 0, exchange: 'SMART' }),
    );
    expect(opened[0]?.order).toEqual(
      expect.objectContaining({ orderType: 'MKT', lmtPrice: undefined, totalQuantity: 100, tif: 'DAY' }),
    );
    expect(errors).toEqual([]);
  });

  it('delivers both what-if replies: first unset margins, then margins and commission as numbers', async () => {
    const { gateway, api, errors } = await connected();
    const opened = recordOpenOrders(api);
    const whatIf = wireOrder({ whatIf: true, permId: 0 });

    gateway.inject(openOrder(whatIf, SPY_CALL, [], orderState({ status: 'PreSubmitted' })));
    gateway.inject(
      openOrder(
        whatIf,
        SPY_CALL,
        [],
        orderState({
          status: 'PreSubmitted',
          initMarginChange: '11800.25',
          maintMarginChange: '11800.25',
          equityWithLoanChange: '-1.30',
          commission: 1.3,
          commissionCurrency: 'USD',
          warningText: 'Order would exceed buying power in 2 days',
        }),
      ),
    );
    await waitUntil(() => opened.length === 2);

    expect(opened[0]?.order.whatIf).toBe(true);
    expect(opened[0]?.orderState).toEqual(
      expect.objectContaining({
        status: 'PreSubmitted',
        initMarginBefore: undefined,
        initMarginChange: undefined,
        maintMarginChange: undefined,
        equityWithLoanChange: undefined,
        initMarginAfter: undefined,
        commission: undefined,
        minCommission: undefined,
        maxCommission: undefined,
        commissionCurrency: '',
      }),
    );
    expect(opened[1]?.order.whatIf).toBe(true);
    expect(opened[1]?.orderState).toEqual(
      expect.objectContaining({
        initMarginBefore: undefined,
        initMarginChange: 11800.25,
        maintMarginChange: 11800.25,
        equityWithLoanChange: -1.3,
        initMarginAfter: undefined,
        commission: 1.3,
        commissionCurrency: 'USD',
        warningText: 'Order would exceed buying power in 2 days',
      }),
    );
    expect(errors).toEqual([]);
  });

  it('delivers a BAG open order with its combo legs on the contract and the signed net limit', async () => {
    const { gateway, api, errors } = await connected();
    const opened = recordOpenOrders(api);
    const roll = wireOrder({ orderId: 1003, action: 'BUY', totalQuantity: 1, lmtPrice: -0.85, tif: 'DAY' });

    const fields = openOrder(roll, SPY_BAG, ROLL_LEGS, orderState());
    expect(fields).toHaveLength(133 + 8 * ROLL_LEGS.length);
    gateway.inject(fields);
    await waitUntil(() => opened.length > 0);

    expect(opened[0]?.contract).toEqual(
      expect.objectContaining({
        conId: 28812380,
        secType: 'BAG',
        comboLegsDescription: '712345678|1,712399999|-1',
        comboLegs: [
          {
            conId: 712345678,
            ratio: 1,
            action: 'BUY',
            exchange: 'SMART',
            openClose: 0,
            shortSaleSlot: 0,
            designatedLocation: '',
            exemptCode: -1,
          },
          {
            conId: 712399999,
            ratio: 1,
            action: 'SELL',
            exchange: 'SMART',
            openClose: 0,
            shortSaleSlot: 0,
            designatedLocation: '',
            exemptCode: -1,
          },
        ],
      }),
    );
    expect(opened[0]?.order).toEqual(expect.objectContaining({ orderId: 1003, lmtPrice: -0.85, action: 'BUY' }));
    expect(opened[0]?.order.orderComboLegs).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('echoes a placed order back: decodePlaceOrder → openOrder reaches the client unchanged', async () => {
    const { gateway, api, errors } = await connected();
    const opened = recordOpenOrders(api);
    const fields = await nextSent(gateway, 3, () => api.placeOrder(1007, placedCall, placedLimitSell));
    const placed = decodePlaceOrder(fields);

    gateway.inject(
      openOrder({ ...placed.order, clientId: CLIENT_ID }, placed.contract, placed.comboLegs, orderState()),
    );
    await waitUntil(() => opened.length > 0);

    // OPEN_ORDER has no transmit field: everything else placed comes back.
    const { transmit: _notEchoed, ...echoed } = placedLimitSell;
    expect(opened[0]?.order).toEqual(expect.objectContaining({ ...echoed, orderId: 1007 }));
    expect(opened[0]?.order).not.toHaveProperty('transmit');
    expect(errors).toEqual([]);
  });

  it('refuses combo legs on a non-BAG contract', () => {
    expect(() => openOrder(wireOrder(), SPY_CALL, ROLL_LEGS, orderState())).toThrow(/only BAG orders carry legs/);
  });

  it('delivers ORDER_STATUS (no version field) with sizes and prices as numbers', async () => {
    const { gateway, api, errors } = await connected();
    const statuses: unknown[][] = [];
    api.on(EventName.orderStatus, (...args) => statuses.push(args));

    gateway.inject(
      orderStatus({
        orderId: 1001,
        status: 'Submitted',
        filled: 1,
        remaining: 1,
        avgFillPrice: 3.45,
        permId: 900001,
        parentId: 0,
        lastFillPrice: 3.45,
        clientId: CLIENT_ID,
        whyHeld: '',
        mktCapPrice: 0,
      }),
    );
    await waitUntil(() => statuses.length > 0);

    expect(statuses).toEqual([[1001, 'Submitted', 1, 1, 3.45, 900001, 0, 3.45, CLIENT_ID, '', 0]]);
    expect(errors).toEqual([]);
  });

  it('delivers EXECUTION_DATA (32 fields), its end, and commission reports with and without realized P&L', async () => {
    const { gateway, api, errors } = await connected();
    const executions: { reqId: number; contract: Contract; execution: Execution }[] = [];
    const ends: number[] = [];
    const reports: CommissionReport[] = [];
    api
      .on(EventName.execDetails, (reqId, contract, execution) => executions.push({ reqId, contract, execution }))
      .on(EventName.execDetailsEnd, (reqId) => ends.push(reqId))
      .on(EventName.commissionReport, (report) => reports.push(report));
    const fill: WireExecution = {
      reqId: 42,
      orderId: 1001,
      contract: SPY_CALL,
      execId: '0000e0d5.6576a1b2.01.01',
      time: '20260105-14:31:07',
      account: ACCOUNT,
      exchange: 'CBOE',
      side: 'SLD',
      shares: 2,
      price: 3.45,
      permId: 900001,
      clientId: CLIENT_ID,
      cumQty: 2,
      avgPrice: 3.45,
      orderRef: 'wheel:csp:42',
    };

    const fields = executionData(fill);
    expect(fields).toHaveLength(32);
    gateway.inject(fields);
    gateway.inject(executionDataEnd(42));
    gateway.inject(commissionReport({ execId: fill.execId, commission: 1.3, currency: 'USD', realizedPnl: null }));
    gateway.inject(commissionReport({ execId: 'closing.01', commission: 0.65, currency: 'USD', realizedPnl: 120.5 }));
    await waitUntil(() => ends.length > 0 && reports.length === 2);

    expect(executions).toHaveLength(1);
    expect(executions[0]?.reqId).toBe(42);
    expect(executions[0]?.contract).toEqual({
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
    });
    expect(executions[0]?.execution).toEqual({
      orderId: 1001,
      execId: '0000e0d5.6576a1b2.01.01',
      time: '20260105-14:31:07',
      acctNumber: ACCOUNT,
      exchange: 'CBOE',
      side: 'SLD',
      shares: 2,
      price: 3.45,
      permId: 900001,
      clientId: CLIENT_ID,
      liquidation: 0,
      cumQty: 2,
      avgPrice: 3.45,
      orderRef: 'wheel:csp:42',
      evRule: '',
      evMultiplier: undefined,
      modelCode: '',
      lastLiquidity: 0,
      pendingPriceRevision: false,
    });
    expect(ends).toEqual([42]);
    expect(reports).toEqual([
      {
        execId: '0000e0d5.6576a1b2.01.01',
        commission: 1.3,
        currency: 'USD',
        realizedPNL: undefined,
        yield: undefined,
        yieldRedemptionDate: 0,
      },
      {
        execId: 'closing.01',
        commission: 0.65,
        currency: 'USD',
        realizedPNL: 120.5,
        yield: undefined,
        yieldRedemptionDate: 0,
      },
    ]);
    expect(errors).toEqual([]);
  });

  it('delivers live fills with reqId -1', async () => {
    const { gateway, api, errors } = await connected();
    const reqIds: number[] = [];
    api.on(EventName.execDetails, (reqId) => reqIds.push(reqId));

    gateway.inject(
      executionData({
        reqId: -1,
        orderId: 1002,
        contract: SPY_STOCK,
        execId: 'stk.01',
        time: '20260105-14:32:00',
        account: ACCOUNT,
        exchange: 'ARCA',
        side: 'BOT',
        shares: 100,
        price: 580.25,
        permId: 900002,
        clientId: CLIENT_ID,
        cumQty: 100,
        avgPrice: 580.25,
        orderRef: '',
      }),
    );
    await waitUntil(() => reqIds.length > 0);

    expect(reqIds).toEqual([-1]);
    expect(errors).toEqual([]);
  });

  it('delivers COMPLETED_ORDER (single-leg and BAG) and its end: permId but no orderId, completion time and status', async () => {
    const { gateway, api, errors } = await connected();
    const completed: { contract: Contract; order: Order; orderState: OrderState }[] = [];
    let ended = 0;
    api
      .on(EventName.completedOrder, (contract, order, state) => completed.push({ contract, order, orderState: state }))
      .on(EventName.completedOrdersEnd, () => ended++);

    const single = completedOrder(
      wireOrder(),
      SPY_CALL,
      [],
      orderState({ status: 'Filled', completedTime: '20260105 14:31:07 UTC', completedStatus: 'Filled' }),
    );
    expect(single).toHaveLength(98);
    gateway.inject(single);
    gateway.inject(
      completedOrder(
        wireOrder({ orderId: 1003, permId: 900003, action: 'BUY', totalQuantity: 1, lmtPrice: -0.85, tif: 'DAY' }),
        SPY_BAG,
        ROLL_LEGS,
        orderState({
          status: 'Cancelled',
          completedTime: '20260105 15:00:00 UTC',
          completedStatus: 'Cancelled by Trader',
        }),
      ),
    );
    gateway.inject(completedOrdersEnd());
    await waitUntil(() => ended > 0);

    expect(completed).toHaveLength(2);
    expect(completed[0]?.contract).toEqual(
      expect.objectContaining({ conId: 712345678, secType: 'OPT', strike: 590, right: 'C', multiplier: 100 }),
    );
    expect(completed[0]?.order).toEqual(
      expect.objectContaining({
        permId: 900001,
        action: 'SELL',
        totalQuantity: 2,
        orderType: 'LMT',
        lmtPrice: 3.45,
        tif: 'GTC',
        ocaGroup: 'wheel-oca-1',
        account: ACCOUNT,
        orderRef: 'wheel:csp:42',
        filledQuantity: undefined,
      }),
    );
    expect(completed[0]?.order).not.toHaveProperty('orderId');
    expect(completed[0]?.order).not.toHaveProperty('clientId');
    expect(completed[0]?.orderState).toEqual({
      status: 'Filled',
      completedTime: '20260105 14:31:07 UTC',
      completedStatus: 'Filled',
    });
    expect(completed[1]?.contract.comboLegs?.map((leg) => [leg.conId, leg.action])).toEqual([
      [712345678, 'BUY'],
      [712399999, 'SELL'],
    ]);
    expect(completed[1]?.order).toEqual(expect.objectContaining({ permId: 900003, lmtPrice: -0.85 }));
    expect(completed[1]?.orderState).toEqual(
      expect.objectContaining({ status: 'Cancelled', completedStatus: 'Cancelled by Trader' }),
    );
    expect(errors).toEqual([]);
  });
});
