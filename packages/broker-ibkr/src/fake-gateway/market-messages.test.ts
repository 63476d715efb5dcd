// The contract, market-data and account-update codecs proven against the real `@stoqey/ib` IBApi over the fake
// gateway: decoders read what IBApi actually sends, encoders produce what IBApi decodes without error 505.
import { type Contract, EventName, IBApi, OptionType, SecType } from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { type Field } from '../framing';
import { startFakeGateway, type FakeGateway } from './fake-gateway';
import {
  accountDownloadEnd,
  accountUpdateTime,
  accountValue,
  contractData,
  contractDataEnd,
  decodeCancelMktData,
  decodeReqAccountUpdates,
  decodeReqContractData,
  decodeReqMarketDataType,
  decodeReqMktData,
  decodeReqSecDefOptParams,
  marketDataType,
  MessageLayoutError,
  portfolioValue,
  secDefOptParam,
  secDefOptParamEnd,
  tickGeneric,
  tickOptionComputation,
  tickPrice,
  tickReqParams,
  TickType,
  tickSize,
  tickSnapshotEnd,
} from './market-messages';
import type { WireContract, WireContractDetails, WireOptionComputation } from './wire-types';
import { waitUntil } from './testing/wait-until';

const ACCOUNT = 'DU1234567';
const CLIENT_ID = 7;

/** Every event the codecs here can cause, recorded in arrival order with its raw arguments. */
const RECORDED_EVENTS = [
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
  EventName.updateAccountValue,
  EventName.updatePortfolio,
  EventName.updateAccountTime,
  EventName.accountDownloadEnd,
] as const;

interface Session {
  gateway: FakeGateway;
  api: IBApi;
  /** Client → server messages as the gateway split them (fields[0] is the message id). */
  received: string[][];
  timeline: { name: EventName; args: unknown[] }[];
  /** Every `error` event; the decoder reports layout mismatches as code 505. */
  errors: { code: number; message: string; reqId: number }[];
}

let gateway: FakeGateway | undefined;
const clients: IBApi[] = [];

afterEach(async () => {
  for (const api of clients.splice(0)) api.disconnect();
  await gateway?.close();
  gateway = undefined;
});

/** A fake gateway and an IBApi past nextValidId (before it the client holds every request back). */
async function openSession(): Promise<Session> {
  gateway = await startFakeGateway({ accounts: [ACCOUNT], nextOrderId: 1, clock: () => new Date('2026-01-05T14:30Z') });
  const received: string[][] = [];
  gateway.on((event) => {
    if (event.type === 'message') received.push(event.fields);
  });
  const api = new IBApi({ host: '127.0.0.1', port: gateway.port });
  clients.push(api);
  const timeline: Session['timeline'] = [];
  const errors: Session['errors'] = [];
  let ready = false;
  // IBApi's typed overloads cannot take a generic listener; its EventEmitter base can.
  const emitter: { on(event: string, listener: (...args: unknown[]) => void): unknown } = api;
  for (const name of RECORDED_EVENTS) emitter.on(name, (...args: unknown[]) => timeline.push({ name, args }));
  api
    .on(EventName.nextValidId, () => (ready = true))
    .on(EventName.error, (error, code, reqId) => errors.push({ code, message: error.message, reqId }));
  api.connect(CLIENT_ID);
  await waitUntil(() => ready);
  return { gateway, api, received, timeline, errors };
}

/** Waits for the client's next message with this id after the `skip` earlier ones, and returns its fields. */
async function sent(session: Session, msgId: number, skip = 0): Promise<string[]> {
  const matching = () => session.received.filter((fields) => fields[0] === String(msgId));
  await waitUntil(() => matching().length > skip);
  return matching()[skip] ?? [];
}

/** Sends the frames in order and waits until the last one's event has arrived (frames are processed in order). */
async function injectAll(session: Session, frames: Field[][], last: EventName): Promise<void> {
  for (const frame of frames) expect(session.gateway.inject(frame)).toBe(1);
  await waitUntil(() => session.timeline.some((event) => event.name === last));
}

function argsOf(session: Session, name: EventName): unknown[][] {
  return session.timeline.filter((event) => event.name === name).map((event) => event.args);
}

function expectNoErrors(session: Session) {
  expect(session.errors).toEqual([]);
}

const SPY: WireContract = {
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

const IB_SPY_CALL: Contract = {
  symbol: 'SPY',
  secType: SecType.OPT,
  lastTradeDateOrContractMonth: '20260116',
  strike: 590,
  right: OptionType.Call,
  multiplier: 100,
  exchange: 'SMART',
  currency: 'USD',
  tradingClass: 'SPY',
};

describe('contract details', () => {
  it('decodes REQ_CONTRACT_DATA for a bare stock (unset conId and strike read as 0) and a full option', async () => {
    const session = await openSession();

    session.api.reqContractDetails(11, { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' });
    session.api.reqContractDetails(12, { ...IB_SPY_CALL, conId: 712345678, primaryExch: 'CBOE', localSymbol: 'X' });

    const stock = await sent(session, 9);
    expect(stock).toEqual([
      '9',
      '8',
      '11',
      '',
      'SPY',
      'STK',
      '',
      '',
      '',
      '',
      'SMART',
      '',
      'USD',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    expect(decodeReqContractData(stock)).toEqual({
      reqId: 11,
      contract: { ...SPY, conId: 0, primaryExchange: '', localSymbol: '', tradingClass: '' },
    });
    expect(decodeReqContractData(await sent(session, 9, 1))).toEqual({
      reqId: 12,
      contract: { ...SPY_CALL, primaryExchange: 'CBOE', localSymbol: 'X' },
    });
    expectNoErrors(session);
  });

  it('CONTRACT_DATA (42 fields) and CONTRACT_DATA_END reach contractDetails / contractDetailsEnd', async () => {
    const session = await openSession();
    const etf: WireContractDetails = {
      contract: SPY,
      marketName: 'SPY',
      minTick: 0.01,
      longName: 'SPDR S&P 500 ETF TRUST',
      stockType: 'ETF',
      underConId: 0,
      underSymbol: '',
      underSecType: '',
      timeZoneId: 'US/Eastern',
      validExchanges: 'SMART,AMEX,NYSE,ARCA',
      orderTypes: 'LMT,MKT,STP',
    };
    const option: WireContractDetails = {
      ...etf,
      contract: SPY_CALL,
      longName: 'SPDR S&P 500 ETF TRUST',
      stockType: '',
      underConId: 756733,
      underSymbol: 'SPY',
      underSecType: 'STK',
      validExchanges: 'SMART,CBOE,ISE',
    };
    expect(contractData(21, etf)).toHaveLength(42);
    expect(contractData(21, option)).toHaveLength(42);

    await injectAll(
      session,
      [contractData(21, etf), contractData(21, option), contractDataEnd(21)],
      EventName.contractDetailsEnd,
    );

    // Both contracts as IBApi builds them: numbers for strike, multiplier and conId; an empty right is
    // `undefined`; a stock's empty lastTradeDateOrContractMonth is not set at all; primaryExchange is primaryExch.
    const common = {
      marketName: 'SPY',
      minTick: 0.01,
      orderTypes: 'LMT,MKT,STP',
      priceMagnifier: 1,
      longName: 'SPDR S&P 500 ETF TRUST',
      contractMonth: '',
      industry: '',
      category: '',
      subcategory: '',
      timeZoneId: 'US/Eastern',
      tradingHours: '',
      liquidHours: '',
      evRule: '',
      evMultiplier: 0,
      aggGroup: 0,
      marketRuleIds: '',
      realExpirationDate: '',
      minSize: 1,
      sizeIncrement: 1,
      suggestedSizeIncrement: 1,
      ineligibilityReasonList: [],
    };
    expect(argsOf(session, EventName.contractDetails)).toStrictEqual([
      [
        21,
        {
          ...common,
          contract: {
            symbol: 'SPY',
            secType: 'STK',
            lastTradeDate: '',
            strike: 0,
            right: undefined,
            exchange: 'SMART',
            currency: 'USD',
            localSymbol: 'SPY',
            tradingClass: 'SPY',
            conId: 756733,
            multiplier: 0,
            primaryExch: 'ARCA',
          },
          validExchanges: 'SMART,AMEX,NYSE,ARCA',
          underConId: 0,
          underSymbol: '',
          underSecType: '',
          stockType: 'ETF',
        },
      ],
      [
        21,
        {
          ...common,
          contract: {
            symbol: 'SPY',
            secType: 'OPT',
            lastTradeDateOrContractMonth: '20260116',
            lastTradeDate: '20260116',
            strike: 590,
            right: 'C',
            exchange: 'SMART',
            currency: 'USD',
            localSymbol: 'SPY   260116C00590000',
            tradingClass: 'SPY',
            conId: 712345678,
            multiplier: 100,
            primaryExch: '',
          },
          validExchanges: 'SMART,CBOE,ISE',
          underConId: 756733,
          underSymbol: 'SPY',
          underSecType: 'STK',
          stockType: '',
        },
      ],
    ]);
    expect(argsOf(session, EventName.contractDetailsEnd)).toStrictEqual([[21]]);
    expectNoErrors(session);
  });
});

describe('option chain parameters', () => {
  it('decodes REQ_SEC_DEF_OPT_PARAMS (no version field)', async () => {
    const session = await openSession();

    session.api.reqSecDefOptParams(31, 'SPY', '', SecType.STK, 756733);

    const fields = await sent(session, 78);
    expect(fields).toEqual(['78', '31', 'SPY', '', 'STK', '756733']);
    expect(decodeReqSecDefOptParams(fields)).toEqual({
      reqId: 31,
      underlyingSymbol: 'SPY',
      futFopExchange: '',
      underlyingSecType: 'STK',
      underlyingConId: 756733,
    });
    expectNoErrors(session);
  });

  it('SEC_DEF_OPT_PARAM per exchange, then the end: multiplier arrives as a number despite IBApi typing it string', async () => {
    const session = await openSession();
    const chain = {
      underlyingConId: 756733,
      tradingClass: 'SPY',
      multiplier: '100',
      expirations: ['20260116', '20260220'],
      strikes: [580, 585.5, 590],
    };

    await injectAll(
      session,
      [
        secDefOptParam(31, { ...chain, exchange: 'SMART' }),
        secDefOptParam(31, { ...chain, exchange: 'CBOE', expirations: [], strikes: [] }),
        secDefOptParamEnd(31),
      ],
      EventName.securityDefinitionOptionParameterEnd,
    );

    expect(argsOf(session, EventName.securityDefinitionOptionParameter)).toStrictEqual([
      [31, 'SMART', 756733, 'SPY', 100, ['20260116', '20260220'], [580, 585.5, 590]],
      [31, 'CBOE', 756733, 'SPY', 100, [], []],
    ]);
    expect(argsOf(session, EventName.securityDefinitionOptionParameterEnd)).toStrictEqual([[31]]);
    expectNoErrors(session);
  });
});

describe('market data requests', () => {
  it('decodes REQ_MARKET_DATA_TYPE and MARKET_DATA_TYPE reaches marketDataType(reqId, type)', async () => {
    const session = await openSession();

    session.api.reqMarketDataType(3);
    const fields = await sent(session, 59);
    expect(fields).toEqual(['59', '1', '3']);
    expect(decodeReqMarketDataType(fields)).toEqual({ marketDataType: 3 });

    await injectAll(session, [marketDataType(41, 3)], EventName.marketDataType);
    expect(argsOf(session, EventName.marketDataType)).toStrictEqual([[41, 3]]);
    expectNoErrors(session);
  });

  it('decodes REQ_MKT_DATA: a stock snapshot and a streaming option with generic ticks, then CANCEL_MKT_DATA', async () => {
    const session = await openSession();

    session.api.reqMktData(
      41,
      { conId: 756733, symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' },
      '',
      true,
      false,
    );
    session.api.reqMktData(42, IB_SPY_CALL, '100,101', false, false);
    session.api.cancelMktData(42);

    const stock = await sent(session, 1);
    expect(stock).toEqual([
      ...['1', '11', '41', '756733', 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', ''],
      ...['0', '', '1', '0', ''],
    ]);
    expect(decodeReqMktData(stock)).toEqual({
      reqId: 41,
      contract: { ...SPY, primaryExchange: '', localSymbol: '', tradingClass: '' },
      genericTicks: '',
      snapshot: true,
      regulatorySnapshot: false,
    });
    expect(decodeReqMktData(await sent(session, 1, 1))).toEqual({
      reqId: 42,
      contract: { ...SPY_CALL, conId: 0, primaryExchange: '', localSymbol: '' },
      genericTicks: '100,101',
      snapshot: false,
      regulatorySnapshot: false,
    });
    const cancel = await sent(session, 2);
    expect(cancel).toEqual(['2', '1', '42']);
    expect(decodeCancelMktData(cancel)).toEqual({ reqId: 42 });
    expectNoErrors(session);
  });

  it('decodes a BAG REQ_MKT_DATA by skipping its legs and a delta-neutral contract', () => {
    const fields = [
      ...['1', '11', '43', '0', 'SPY', 'BAG', '', '0', '', '', 'SMART', '', 'USD', '', ''],
      ...['2', '1', '1', 'BUY', 'SMART', '2', '1', 'SELL', 'SMART'],
      ...['1', '756733', '0.5', '585'],
      ...['', '0', '0', ''],
    ];
    expect(decodeReqMktData(fields)).toMatchObject({ reqId: 43, contract: { secType: 'BAG' }, genericTicks: '' });
  });
});

describe('market data replies', () => {
  it('TICK_REQ_PARAMS reaches tickReqParams, with minTick truncated to an integer by the client', async () => {
    const session = await openSession();

    await injectAll(
      session,
      [tickReqParams(41, 0.01, 'a60001', 3), tickReqParams(42, 1, '', 0)],
      EventName.tickReqParams,
    );
    await waitUntil(() => argsOf(session, EventName.tickReqParams).length === 2);

    // @stoqey/ib reads minTick with readInt (Java reads a double): 0.01 arrives as 0.
    expect(argsOf(session, EventName.tickReqParams)).toStrictEqual([
      [41, 0, 'a60001', 3],
      [42, 1, '', 0],
    ]);
    expectNoErrors(session);
  });

  it('TICK_PRICE reaches tickPrice(reqId, tickType, price, canAutoExecute) plus a derived tickSize for ASK/LAST/delayed', async () => {
    const session = await openSession();

    await injectAll(
      session,
      [
        tickPrice(41, TickType.BID, 585.1, 300),
        tickPrice(41, TickType.ASK, 585.12, 200),
        tickPrice(41, TickType.LAST, 585.11),
        tickPrice(41, TickType.CLOSE, 580.25),
        tickPrice(41, TickType.MARK_PRICE, 585.115),
        tickPrice(41, TickType.BID, -1, 0),
        tickPrice(42, TickType.DELAYED_BID, 3.4, 12),
        tickPrice(42, TickType.DELAYED_LAST, 3.45, 1),
        tickSnapshotEnd(41),
      ],
      EventName.tickSnapshotEnd,
    );

    expect(session.timeline.map(({ name, args }) => [name, ...args])).toStrictEqual([
      // BID's derived size would be tick 0 (BID_SIZE), which the client tests for truthiness: never emitted.
      [EventName.tickPrice, 41, TickType.BID, 585.1, false],
      [EventName.tickPrice, 41, TickType.ASK, 585.12, false],
      [EventName.tickSize, 41, TickType.ASK_SIZE, 200],
      [EventName.tickPrice, 41, TickType.LAST, 585.11, false],
      // No size on the wire: the derived tickSize still fires, with undefined.
      [EventName.tickSize, 41, TickType.LAST_SIZE, undefined],
      [EventName.tickPrice, 41, TickType.CLOSE, 580.25, false],
      [EventName.tickPrice, 41, TickType.MARK_PRICE, 585.115, false],
      [EventName.tickPrice, 41, TickType.BID, -1, false],
      [EventName.tickPrice, 42, TickType.DELAYED_BID, 3.4, false],
      [EventName.tickSize, 42, TickType.DELAYED_BID_SIZE, 12],
      [EventName.tickPrice, 42, TickType.DELAYED_LAST, 3.45, false],
      [EventName.tickSize, 42, TickType.DELAYED_LAST_SIZE, 1],
      [EventName.tickSnapshotEnd, 41],
    ]);
    expectNoErrors(session);
  });

  it('TICK_SIZE and TICK_GENERIC reach tickSize / tickGeneric with numeric values', async () => {
    const session = await openSession();

    await injectAll(
      session,
      [
        tickSize(41, TickType.BID_SIZE, 300),
        tickSize(41, TickType.VOLUME, 1_234_567),
        tickSize(42, TickType.DELAYED_VOLUME, 0.5),
        tickGeneric(42, TickType.OPTION_CALL_OPEN_INTEREST, 12_345),
        tickGeneric(42, TickType.OPTION_PUT_OPEN_INTEREST, 0),
        tickGeneric(42, TickType.OPTION_CALL_VOLUME, 678),
        tickGeneric(42, TickType.OPTION_IMPLIED_VOL, 0.1834),
      ],
      EventName.tickGeneric,
    );
    await waitUntil(() => argsOf(session, EventName.tickGeneric).length === 4);

    expect(argsOf(session, EventName.tickSize)).toStrictEqual([
      [41, TickType.BID_SIZE, 300],
      [41, TickType.VOLUME, 1_234_567],
      [42, TickType.DELAYED_VOLUME, 0.5],
    ]);
    expect(argsOf(session, EventName.tickGeneric)).toStrictEqual([
      [42, TickType.OPTION_CALL_OPEN_INTEREST, 12_345],
      [42, TickType.OPTION_PUT_OPEN_INTEREST, 0],
      [42, TickType.OPTION_CALL_VOLUME, 678],
      [42, TickType.OPTION_IMPLIED_VOL, 0.1834],
    ]);
    expectNoErrors(session);
  });

  it('TICK_OPTION_COMPUTATION: values arrive as numbers, nulls go out as -1/-2 and arrive as undefined', async () => {
    const session = await openSession();
    const model: WireOptionComputation = {
      impliedVol: 0.2,
      delta: 0.55,
      optPrice: 3.45,
      pvDividend: 0.12,
      gamma: 0.03,
      vega: 0.15,
      theta: -0.08,
      undPrice: 585.5,
    };
    const unknown: WireOptionComputation = {
      impliedVol: null,
      delta: null,
      optPrice: null,
      pvDividend: null,
      gamma: null,
      vega: null,
      theta: null,
      undPrice: null,
    };
    // The markers TWS uses: -1 for the price-like values, -2 for the greeks; never '' (which reads as 0).
    expect(tickOptionComputation(42, TickType.BID_OPTION, 0, unknown)).toEqual([
      21, 42, 10, 0, -1, -2, -1, -1, -2, -2, -2, -1,
    ]);

    await injectAll(
      session,
      [
        tickOptionComputation(42, TickType.MODEL_OPTION, 0, model),
        tickOptionComputation(42, TickType.BID_OPTION, 1, unknown),
        tickOptionComputation(42, TickType.DELAYED_MODEL_OPTION, 0, { ...unknown, delta: -1, undPrice: 585.5 }),
        // A real value equal to a marker cannot be told apart: only theta can plausibly hit -2 exactly.
        tickOptionComputation(42, TickType.ASK_OPTION, 0, { ...model, theta: -2 }),
        tickSnapshotEnd(42),
      ],
      EventName.tickSnapshotEnd,
    );

    const u = undefined;
    expect(argsOf(session, EventName.tickOptionComputation)).toStrictEqual([
      [42, TickType.MODEL_OPTION, 0, 0.2, 0.55, 3.45, 0.12, 0.03, 0.15, -0.08, 585.5],
      [42, TickType.BID_OPTION, 1, u, u, u, u, u, u, u, u],
      [42, TickType.DELAYED_MODEL_OPTION, 0, u, -1, u, u, u, u, u, 585.5],
      [42, TickType.ASK_OPTION, 0, 0.2, 0.55, 3.45, 0.12, 0.03, 0.15, u, 585.5],
    ]);
    expectNoErrors(session);
  });
});

describe('account updates', () => {
  it('decodes REQ_ACCOUNT_DATA subscribe and unsubscribe', async () => {
    const session = await openSession();

    session.api.reqAccountUpdates(true, ACCOUNT);
    session.api.reqAccountUpdates(false, ACCOUNT);

    const subscribe = await sent(session, 6);
    expect(subscribe).toEqual(['6', '2', '1', ACCOUNT]);
    expect(decodeReqAccountUpdates(subscribe)).toEqual({ subscribe: true, account: ACCOUNT });
    expect(decodeReqAccountUpdates(await sent(session, 6, 1))).toEqual({ subscribe: false, account: ACCOUNT });
    expectNoErrors(session);
  });

  it('ACCT_VALUE, PORTFOLIO_VALUE, ACCT_UPDATE_TIME and ACCT_DOWNLOAD_END reach their events', async () => {
    const session = await openSession();
    const account = { unrealizedPnl: 0, realizedPnl: 0, account: ACCOUNT };

    await injectAll(
      session,
      [
        accountValue('NetLiquidation', '125000.50', 'USD', ACCOUNT),
        accountValue('AccountType', 'INDIVIDUAL', '', ACCOUNT),
        portfolioValue({
          ...account,
          contract: SPY,
          position: 100,
          marketPrice: 585.11,
          marketValue: 58511,
          averageCost: 580.25,
          unrealizedPnl: 486,
        }),
        portfolioValue({
          ...account,
          contract: SPY_CALL,
          position: -2,
          marketPrice: 3.45,
          marketValue: -690,
          averageCost: 345.5,
          realizedPnl: 12.5,
        }),
        accountUpdateTime('14:30'),
        accountDownloadEnd(ACCOUNT),
      ],
      EventName.accountDownloadEnd,
    );

    expect(argsOf(session, EventName.updateAccountValue)).toStrictEqual([
      ['NetLiquidation', '125000.50', 'USD', ACCOUNT],
      ['AccountType', 'INDIVIDUAL', '', ACCOUNT],
    ]);
    // The contract has no `exchange` (PORTFOLIO_VALUE has no such field), only primaryExch; multiplier is a
    // number (0 for a stock), an empty right is undefined; position and money values are numbers.
    expect(argsOf(session, EventName.updatePortfolio)).toStrictEqual([
      [
        {
          conId: 756733,
          symbol: 'SPY',
          secType: 'STK',
          lastTradeDateOrContractMonth: '',
          strike: 0,
          right: undefined,
          multiplier: 0,
          primaryExch: 'ARCA',
          currency: 'USD',
          localSymbol: 'SPY',
          tradingClass: 'SPY',
        },
        100,
        585.11,
        58511,
        580.25,
        486,
        0,
        ACCOUNT,
      ],
      [
        {
          conId: 712345678,
          symbol: 'SPY',
          secType: 'OPT',
          lastTradeDateOrContractMonth: '20260116',
          strike: 590,
          right: 'C',
          multiplier: 100,
          primaryExch: '',
          currency: 'USD',
          localSymbol: 'SPY   260116C00590000',
          tradingClass: 'SPY',
        },
        -2,
        3.45,
        -690,
        345.5,
        0,
        12.5,
        ACCOUNT,
      ],
    ]);
    expect(argsOf(session, EventName.updateAccountTime)).toStrictEqual([['14:30']]);
    expect(argsOf(session, EventName.accountDownloadEnd)).toStrictEqual([[ACCOUNT]]);
    expectNoErrors(session);
  });
});

describe('fail fast on a layout or value the codecs do not know', () => {
  it('decoders reject another message id, another version, missing fields and extra fields', () => {
    expect(() => decodeCancelMktData(['1', '1', '42'])).toThrow(MessageLayoutError);
    expect(() => decodeCancelMktData(['2', '2', '42'])).toThrow(/version 2, expected 1/);
    expect(() => decodeCancelMktData(['2', '1'])).toThrow(/missing reqId/);
    expect(() => decodeCancelMktData(['2', '1', '42', ''])).toThrow(/1 unread field/);
    expect(() => decodeReqMarketDataType(['59', '1', 'x'])).toThrow(/not a number/);
    expect(() =>
      decodeReqContractData(['9', '8', '1', '', 'SPY', 'OPT', '', '', 'X', '', '', '', '', '', '', '', '', '', '']),
    ).toThrow(/right "X"/);
  });

  it('encoders reject NaN and contracts whose layout differs', () => {
    expect(() => tickPrice(1, TickType.BID, Number.NaN)).toThrow(RangeError);
    expect(() =>
      tickOptionComputation(1, TickType.MODEL_OPTION, 0, {
        impliedVol: Number.POSITIVE_INFINITY,
        delta: null,
        optPrice: null,
        pvDividend: null,
        gamma: null,
        vega: null,
        theta: null,
        undPrice: null,
      }),
    ).toThrow(/impliedVol/);
    expect(() =>
      contractData(1, {
        contract: { ...SPY, secType: 'FUND' },
        marketName: '',
        minTick: 0.01,
        longName: '',
        stockType: '',
        underConId: 0,
        underSymbol: '',
        underSecType: '',
        timeZoneId: '',
        validExchanges: '',
        orderTypes: '',
      }),
    ).toThrow(/FUND/);
  });
});
