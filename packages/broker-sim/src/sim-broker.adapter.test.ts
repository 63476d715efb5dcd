import { describe, expect, it } from 'vitest';
import type { BrokerContract, BrokerEvent, OrderRequest } from '@optionstrader/application';
import { type IsoDate, formatInstrumentKey, newYorkToUtc, parseIsoDate, parseStrike } from '@optionstrader/domain';
import { optionContract } from './brokerage/contracts';
import { demoAccounts } from './brokerage/demo-book';
import { type FakeMarketOptions, createFakeMarket } from './brokerage/testing/fake-market';
import type { SimAccountSpec } from './brokerage/types';
import { createSimBroker } from './sim-broker.adapter';

const at = (date: string, hour: number, minute = 0) => newYorkToUtc(parseIsoDate(date), hour * 60 + minute);
const MONDAY_NOON = at('2026-03-02', 12);
const MARCH = '2026-03-20' as IsoDate;
const APRIL = '2026-04-17' as IsoDate;

const option = (root: string, expiry: IsoDate, right: 'call' | 'put', strike: number): BrokerContract =>
  optionContract({
    secType: 'OPT',
    root,
    expiry,
    right,
    strike: parseStrike(strike),
    multiplier: 100,
    currency: 'USD',
  });
const stock = (symbol: string): BrokerContract => ({
  key: formatInstrumentKey({ secType: 'STK', symbol, currency: 'USD' }),
  brokerContractId: null,
  secType: 'STK',
  symbol,
  currency: 'USD',
  exchange: null,
  primaryExchange: null,
  localSymbol: null,
  tradingClass: null,
  expiry: null,
  strike: null,
  right: null,
  multiplier: null,
});

async function setup(
  accounts: SimAccountSpec[],
  { startMs = MONDAY_NOON, market: marketOptions }: { startMs?: number; market?: Partial<FakeMarketOptions> } = {},
) {
  const market = createFakeMarket({ spots: { AAPL: 200, KO: 60, SPY: 500, QQQ: 450 }, ...marketOptions });
  const clock = { t: startMs, now: () => new Date(clock.t) };
  const broker = createSimBroker({ market, clock, accounts, seed: 7 });
  const events: BrokerEvent[] = [];
  broker.subscribe((event) => events.push(event));
  await broker.connect();
  const advance = async (ms: number) => {
    clock.t = ms;
    await broker.advanceTo(ms);
  };
  return { market, clock, broker, events, advance };
}

let keys = 0;
const order = (partial: Partial<OrderRequest> & Pick<OrderRequest, 'legs'>): OrderRequest => ({
  accountCode: 'PM',
  idempotencyKey: `key-${++keys}`,
  quantity: 1,
  orderType: 'LMT',
  limitPrice: null,
  tif: 'DAY',
  ...partial,
});
const single = (contract: BrokerContract, action: 'BUY' | 'SELL') => [{ contract, action, ratio: 1 }];

const PM: SimAccountSpec = { code: 'PM', type: 'margin_pm', cash: '100000' };
const TFSA: SimAccountSpec = {
  code: 'TFSA',
  type: 'tfsa',
  cash: '5000',
  positions: [{ key: 'STK:SPY:USD', quantity: 100, averageCost: '450' }],
};

describe('account summary', () => {
  it('is cash plus market value, with unknown marks reported as null', async () => {
    const { broker } = await setup(
      [
        {
          code: 'PM',
          type: 'margin_pm',
          cash: '1000',
          positions: [{ key: 'STK:KO:USD', quantity: 100, averageCost: '50' }],
        },
      ],
      {},
    );
    const summary = await broker.accountSummary('PM');
    expect(summary.netLiquidation).toBe('7000.00');
    expect(summary.grossPositionValue).toBe('6000.00');
    expect(summary.maintenanceMargin).toBe('900.00'); // 15% scan of 6,000
    const [position] = await broker.positions('PM');
    expect(position).toMatchObject({
      quantity: '100',
      averageCost: '50.00',
      marketValue: '6000.00',
      unrealizedPnl: '1000.00',
    });

    const { broker: unquoted } = await setup(
      [
        {
          code: 'PM',
          type: 'margin_pm',
          cash: '1000',
          positions: [{ key: 'STK:KO:USD', quantity: 100, averageCost: '50' }],
        },
      ],
      { market: { unquoted: ['KO'] } },
    );
    const unknown = await unquoted.accountSummary('PM');
    expect(unknown.netLiquidation).toBeNull();
    expect(unknown.cash).toBe('1000.00');
  });
});

describe('orders', () => {
  it('fills a marketable buy limit at the ask, with commission after the execution', async () => {
    const { broker, events } = await setup([PM]);
    const put = option('KO', APRIL, 'put', 55);
    const [quote] = await broker.quotes([put]);
    const placed = await broker.placeOrder(
      order({ legs: single(put, 'BUY'), quantity: 3, limitPrice: ((quote?.ask ?? 0) + 0.5).toFixed(2) }),
    );
    expect(placed.status).toBe('filled');
    expect(Number(placed.averageFillPrice)).toBeCloseTo(quote?.ask ?? NaN, 6);
    const types = events.map((e) => e.type);
    const executionAt = types.indexOf('execution');
    expect(types[executionAt + 1]).toBe('commission');
    expect(events[executionAt + 1]).toMatchObject({ type: 'commission', commission: '1.95', currency: 'USD' });
    const [execution] = await broker.executions({ accountCode: 'PM' });
    expect(execution).toMatchObject({ side: 'BUY', quantity: '3', commission: '1.95', commissionCurrency: 'USD' });
  });

  it('sells at the bid when bid ≥ limit and rests otherwise', async () => {
    const { broker } = await setup([PM]);
    const put = option('KO', APRIL, 'put', 55);
    const [quote] = await broker.quotes([put]);
    const bid = quote?.bid ?? NaN;
    const resting = await broker.placeOrder(order({ legs: single(put, 'SELL'), limitPrice: (bid + 1).toFixed(2) }));
    expect(resting.status).toBe('submitted');
    const filled = await broker.placeOrder(order({ legs: single(put, 'SELL'), limitPrice: (bid - 0.05).toFixed(2) }));
    expect(filled.status).toBe('filled');
    expect(Number(filled.averageFillPrice)).toBeCloseTo(bid, 6);
    const positions = await broker.positions('PM');
    expect(positions.find((p) => p.contract.key === put.key)?.quantity).toBe('-1');
  });

  it('rejects unknown contracts and unlisted options with a message', async () => {
    const { broker } = await setup([PM]);
    const unknown = await broker.placeOrder(order({ legs: single(stock('ZZZZ'), 'BUY'), limitPrice: '10' }));
    expect(unknown).toMatchObject({ status: 'rejected', statusMessage: 'Unknown contract STK:ZZZZ:USD' });
    const unlisted = await broker.placeOrder(
      order({ legs: single(option('KO', APRIL, 'put', 55.5), 'BUY'), limitPrice: '1' }),
    );
    expect(unlisted.status).toBe('rejected');
    expect(unlisted.statusMessage).toMatch(/not listed/);
  });

  it('returns one order for concurrent placements with the same idempotency key', async () => {
    const { broker } = await setup([PM]);
    const request = order({
      idempotencyKey: 'rec-42',
      legs: single(stock('KO'), 'BUY'),
      quantity: 10,
      limitPrice: '50',
    });
    const results = await Promise.all([
      broker.placeOrder(request),
      broker.placeOrder(request),
      broker.placeOrder(request),
    ]);
    expect(new Set(results.map((r) => r.brokerOrderId)).size).toBe(1);
    expect([...(await broker.openOrders()), ...(await broker.completedOrders())]).toHaveLength(1);
  });

  it('fills large orders partially at the displayed size and keeps working the rest', async () => {
    const { broker, advance } = await setup([{ code: 'PM', type: 'margin_pm', cash: '10000000' }]);
    const call = option('SPY', APRIL, 'call', 520);
    const placed = await broker.placeOrder(
      order({ legs: single(call, 'BUY'), quantity: 300, orderType: 'MKT', tif: 'GTC' }),
    );
    expect(placed.status).toBe('partially_filled');
    expect(placed.filledQuantity).toBeGreaterThanOrEqual(5);
    expect(placed.filledQuantity).toBeLessThanOrEqual(50);
    await advance(at('2026-03-03', 16, 30));
    const [done] = await broker.completedOrders();
    expect(done).toMatchObject({ status: 'filled', filledQuantity: 300 });
    const executions = await broker.executions();
    expect(new Set(executions.map((e) => e.execId)).size).toBe(executions.length);
    expect(executions.reduce((sum, e) => sum + Number(e.quantity), 0)).toBe(300);
    // 300 × 0.65 = 195.00 in all, however the fills were split.
    expect(executions.reduce((sum, e) => sum + Number(e.commission), 0)).toBeCloseTo(195, 6);
  });

  it('holds orders outside the session and fills them at the open; DAY orders expire at the close', async () => {
    const { broker, advance } = await setup([PM], { startMs: at('2026-03-02', 8) });
    const market = await broker.placeOrder(
      order({ legs: single(stock('KO'), 'BUY'), quantity: 100, orderType: 'MKT' }),
    );
    expect(market.status).toBe('submitted');
    const low = await broker.placeOrder(order({ legs: single(stock('KO'), 'BUY'), quantity: 100, limitPrice: '40' }));
    await advance(at('2026-03-02', 9, 45));
    expect((await broker.completedOrders()).map((o) => o.brokerOrderId)).toEqual([market.brokerOrderId]);
    await advance(at('2026-03-02', 17));
    const expired = (await broker.completedOrders()).find((o) => o.brokerOrderId === low.brokerOrderId);
    expect(expired).toMatchObject({ status: 'cancelled', statusMessage: 'DAY order expired at the close' });
  });

  it('fills a resting limit when the market moves through it', async () => {
    const { broker, market, advance } = await setup([PM]);
    const placed = await broker.placeOrder(
      order({ legs: single(stock('KO'), 'BUY'), quantity: 100, limitPrice: '58', tif: 'GTC' }),
    );
    expect(placed.status).toBe('submitted');
    market.setSpot('KO', 57.5, at('2026-03-03', 11));
    await advance(at('2026-03-03', 12));
    const [filled] = await broker.completedOrders();
    expect(filled).toMatchObject({ status: 'filled', averageFillPrice: '57.51' });
  });

  it('cancels a resting order', async () => {
    const { broker } = await setup([PM]);
    const placed = await broker.placeOrder(
      order({ legs: single(stock('KO'), 'BUY'), quantity: 100, limitPrice: '40' }),
    );
    await broker.cancelOrder(placed.brokerOrderId);
    expect((await broker.completedOrders())[0]?.status).toBe('cancelled');
    await expect(broker.cancelOrder(placed.brokerOrderId)).rejects.toThrow(/cannot be cancelled/);
  });

  it('fills a combo roll at the natural net (credit negative)', async () => {
    const near = option('KO', MARCH, 'put', 58);
    const far = option('KO', APRIL, 'put', 58);
    const { broker } = await setup([{ ...PM, positions: [{ key: near.key, quantity: -1, averageCost: '100' }] }]);
    const [nearQuote, farQuote] = await broker.quotes([near, far]);
    const natural = (nearQuote?.ask ?? NaN) - (farQuote?.bid ?? NaN);
    const placed = await broker.placeOrder(
      order({
        legs: [
          { contract: near, action: 'BUY', ratio: 1 },
          { contract: far, action: 'SELL', ratio: 1 },
        ],
        limitPrice: (natural + 0.05).toFixed(2),
      }),
    );
    expect(placed.status).toBe('filled');
    expect(Number(placed.averageFillPrice)).toBeCloseTo(natural, 6);
    const positions = await broker.positions('PM');
    expect(positions.map((p) => [p.contract.key, p.quantity])).toEqual([[far.key, '-1']]);
    const executions = await broker.executions();
    expect(executions).toHaveLength(2);
    expect(executions.reduce((sum, e) => sum + Number(e.commission), 0)).toBeCloseTo(1.3, 6);
  });
});

describe('account-type rules', () => {
  it('TFSA rejects a naked call and a put without the cash, and accepts a covered call', async () => {
    const { broker } = await setup([TFSA]);
    const naked = await broker.placeOrder(
      order({ accountCode: 'TFSA', legs: single(option('AAPL', APRIL, 'call', 220), 'SELL'), limitPrice: '0.5' }),
    );
    expect(naked.status).toBe('rejected');
    expect(naked.statusMessage).toMatch(/Naked calls are not allowed in a TFSA account/);
    const put = await broker.placeOrder(
      order({ accountCode: 'TFSA', legs: single(option('KO', APRIL, 'put', 60), 'SELL'), limitPrice: '0.5' }),
    );
    expect(put.status).toBe('rejected');
    expect(put.statusMessage).toMatch(/cash-secured.*6000\.00/);
    const covered = await broker.placeOrder(
      order({ accountCode: 'TFSA', legs: single(option('SPY', APRIL, 'call', 530), 'SELL'), limitPrice: '0.01' }),
    );
    expect(covered.status).toBe('filled');
    const twoCalls = await broker.placeOrder(
      order({ accountCode: 'TFSA', legs: single(option('SPY', APRIL, 'call', 540), 'SELL'), limitPrice: '0.01' }),
    );
    expect(twoCalls.statusMessage).toMatch(/need 200 shares, the account would hold 100/);
    const summary = await broker.whatIf(
      order({ accountCode: 'TFSA', legs: single(option('KO', APRIL, 'put', 45), 'SELL'), limitPrice: '0.05' }),
    );
    expect(summary.warning).toBeNull();
    expect(summary.initialMarginChange).toBe('4500.00');
  });
});

describe('lifecycle', () => {
  it('assigns an ITM short put at the expiry close and lets an OTM one expire', async () => {
    const itm = option('KO', MARCH, 'put', 60);
    const otm = option('KO', MARCH, 'put', 50);
    const { broker, market, advance } = await setup([
      {
        code: 'PM',
        type: 'margin_pm',
        cash: '100000',
        positions: [
          { key: itm.key, quantity: -1, averageCost: '150' },
          { key: otm.key, quantity: -2, averageCost: '20' },
        ],
      },
    ]);
    market.setSpot('KO', 57, at('2026-03-20', 10));
    await advance(at('2026-03-20', 17));
    const events = broker.optionEvents();
    expect(events.map((e) => [e.kind, e.contract.key, e.quantity, e.resultingStockQuantity])).toEqual([
      ['assignment', itm.key, -1, 100],
      ['expiration', otm.key, -2, 100],
    ]);
    const positions = await broker.positions('PM');
    expect(positions.map((p) => [p.contract.key, p.quantity, p.averageCost])).toEqual([['STK:KO:USD', '100', '60.00']]);
    const summary = await broker.accountSummary('PM');
    expect(summary.cash).toBe('94000.00'); // 100,000 − 60 × 100
  });

  it('credits cash dividends on long shares at the ex-date', async () => {
    const { broker, advance } = await setup(
      [
        {
          code: 'PM',
          type: 'margin_pm',
          cash: '0',
          positions: [{ key: 'STK:KO:USD', quantity: 200, averageCost: '50' }],
        },
      ],
      {
        market: {
          dividends: [
            { symbol: 'KO', exDate: '2026-03-13' as IsoDate, payDate: '2026-04-01' as IsoDate, amount: '0.51' },
          ],
        },
      },
    );
    await advance(at('2026-03-12', 17));
    expect((await broker.accountSummary('PM')).cash).toBe('0.00');
    await advance(at('2026-03-13', 10));
    expect((await broker.accountSummary('PM')).cash).toBe('102.00');
  });

  it('assigns a deep ITM short call early the day before the ex-date, so the dividend is not received', async () => {
    const call = option('KO', APRIL, 'call', 45);
    const { broker, advance } = await setup(
      [
        {
          code: 'PM',
          type: 'margin_pm',
          cash: '0',
          positions: [
            { key: 'STK:KO:USD', quantity: 100, averageCost: '40' },
            { key: call.key, quantity: -1, averageCost: '1400' },
          ],
        },
      ],
      {
        market: {
          vol: 0.1,
          dividends: [
            { symbol: 'KO', exDate: '2026-03-13' as IsoDate, payDate: '2026-04-01' as IsoDate, amount: '0.51' },
          ],
        },
      },
    );
    await advance(at('2026-03-13', 17));
    const [event] = broker.optionEvents();
    expect(event).toMatchObject({ kind: 'early_assignment', quantity: -1, resultingStockQuantity: 0 });
    expect(event?.at.getTime()).toBe(at('2026-03-12', 16));
    expect(await broker.positions('PM')).toEqual([]);
    expect((await broker.accountSummary('PM')).cash).toBe('4500.00');
  });
});

describe('demo book', () => {
  it('builds a ~250k PM account and a TFSA of listed contracts that the broker accepts', async () => {
    const market = createFakeMarket({ spots: { AAPL: 200, KO: 60, SPY: 500, QQQ: 450 } });
    const specs = demoAccounts(market, MONDAY_NOON);
    const broker = createSimBroker({ market, clock: { now: () => new Date(MONDAY_NOON) }, accounts: specs });
    await broker.connect();
    const pm = await broker.accountSummary('DU-SIM-PM');
    expect(Number(pm.netLiquidation)).toBeCloseTo(250_000, -1);
    const positions = await broker.positions('DU-SIM-PM');
    expect(positions.map((p) => p.contract.key)).toEqual(
      expect.arrayContaining(['STK:AAPL:USD', 'STK:KO:USD', 'STK:SPY:USD']),
    );
    const options = positions.filter((p) => p.contract.secType === 'OPT');
    expect(options.map((p) => [p.contract.symbol, p.contract.right, p.quantity])).toEqual([
      ['AAPL', 'call', '-3'],
      ['KO', 'put', '-1'],
    ]);
    for (const p of options) expect(market.isListed({ ...parseOption(p.contract) }, MONDAY_NOON)).toBe(true);
    const tfsa = await broker.positions('DU-SIM-TFSA');
    expect(tfsa.map((p) => [p.contract.symbol, p.contract.secType, p.quantity])).toEqual([
      ['SPY', 'ETF', '200'],
      ['SPY', 'OPT', '-1'],
      ['QQQ', 'ETF', '100'],
    ]);
    expect((await broker.accountSummary('DU-SIM-TFSA')).buyingPower).toBe('20000.00');
  });
});

function parseOption(contract: BrokerContract) {
  return {
    secType: 'OPT' as const,
    root: contract.symbol,
    expiry: contract.expiry as IsoDate,
    right: contract.right ?? 'call',
    strike: parseStrike(contract.strike ?? '1'),
    multiplier: 100,
    currency: 'USD',
  };
}
