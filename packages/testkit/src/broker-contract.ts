// The behaviours every Broker adapter must show (sim, IBKR paper against the fake gateway, ...): run this suite
// against an adapter with `brokerContractSuite('sim', async () => ({ broker, knownAccount, knownSymbol, close }))`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Broker, BrokerContract, BrokerEvent, BrokerQuote, OrderRequest } from '@optionstrader/application';

export interface BrokerContractSubject {
  broker: Broker;
  /** An account that exists at the broker. */
  knownAccount: string;
  /** A US stock or ETF with listed options. */
  knownSymbol: string;
  /** Moves the adapter's market/time forward (simulated brokers); live adapters leave it out. */
  advance?: (ms: number) => Promise<void>;
  close(): Promise<void>;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const QUOTE_NUMBERS = [
  'bid',
  'ask',
  'last',
  'mark',
  'volume',
  'openInterest',
  'impliedVol',
  'delta',
  'gamma',
  'theta',
  'vega',
  'underlyingPrice',
] as const satisfies readonly (keyof BrokerQuote)[];

function expectDecimalOrNull(value: unknown, field: string): void {
  if (value === null) return;
  expect(typeof value, field).toBe('string');
  expect(value, field).toMatch(DECIMAL);
}

let keyCounter = 0;
const uniqueKey = (label: string) => `contract-${label}-${Date.now().toString(36)}-${++keyCounter}`;

export function brokerContractSuite(name: string, makeBroker: () => Promise<BrokerContractSubject>): void {
  describe(`Broker contract: ${name}`, () => {
    let subject: BrokerContractSubject;
    let events: BrokerEvent[];

    beforeEach(async () => {
      subject = await makeBroker();
      events = [];
      subject.broker.subscribe((event) => events.push(event));
      await subject.broker.connect();
    });
    afterEach(async () => {
      await subject.broker.disconnect();
      await subject.close();
    });

    const stockOf = async (): Promise<BrokerContract> => {
      const [contract] = await subject.broker.contractDetails({ secType: 'STK', symbol: subject.knownSymbol });
      if (!contract) throw new Error(`No contract for ${subject.knownSymbol}`);
      return contract;
    };
    const listedOption = async (): Promise<BrokerContract> => {
      const [params] = await subject.broker.optionChainParams(subject.knownSymbol);
      const expiry = params?.expirations[Math.min(2, params.expirations.length - 1)];
      const [quote] = await subject.broker.quotes([await stockOf()]);
      const spot = quote?.mark ?? quote?.last ?? null;
      const strikes = params?.strikes ?? [];
      const strike =
        spot === null
          ? strikes[Math.floor(strikes.length / 2)]
          : [...strikes].sort((a, b) => Math.abs(Number(a) - spot) - Math.abs(Number(b) - spot))[0];
      if (!expiry || !strike) throw new Error(`No listed options for ${subject.knownSymbol}`);
      const [contract] = await subject.broker.contractDetails({
        secType: 'OPT',
        symbol: subject.knownSymbol,
        expiry,
        strike,
        right: 'put',
      });
      if (!contract) throw new Error(`No option contract ${subject.knownSymbol} ${expiry} ${strike} P`);
      return contract;
    };
    const buyStock = async (overrides: Partial<OrderRequest>): Promise<OrderRequest> => ({
      accountCode: subject.knownAccount,
      idempotencyKey: uniqueKey('order'),
      legs: [{ contract: await stockOf(), action: 'BUY', ratio: 1 }],
      quantity: 1,
      orderType: 'MKT',
      limitPrice: null,
      tif: 'DAY',
      ...overrides,
    });
    const farBelowMarket = async (): Promise<string> => {
      const [quote] = await subject.broker.quotes([await stockOf()]);
      const reference = quote?.mark ?? quote?.last ?? quote?.bid ?? 10;
      return Math.max(0.01, Math.round(reference * 50) / 100).toFixed(2);
    };

    it('is ready after connect and announces it', () => {
      expect(subject.broker.connectionState()).toBe('ready');
      expect(events.some((e) => e.type === 'connection' && e.state === 'ready')).toBe(true);
    });

    it('lists accounts, including the known one', async () => {
      const accounts = await subject.broker.accounts();
      expect(accounts.length).toBeGreaterThan(0);
      expect(accounts.map((a) => a.code)).toContain(subject.knownAccount);
    });

    it('reports account summary amounts as decimal strings or null', async () => {
      const summary = await subject.broker.accountSummary(subject.knownAccount);
      expect(summary.accountCode).toBe(subject.knownAccount);
      expect(summary.asOf).toBeInstanceOf(Date);
      for (const field of [
        'netLiquidation',
        'cash',
        'buyingPower',
        'initialMargin',
        'maintenanceMargin',
        'excessLiquidity',
        'grossPositionValue',
      ] as const) {
        expectDecimalOrNull(summary[field], field);
      }
    });

    it("lists an account's positions with decimal quantities", async () => {
      const positions = await subject.broker.positions(subject.knownAccount);
      for (const position of positions) {
        expect(position.accountCode).toBe(subject.knownAccount);
        expect(position.quantity).toMatch(DECIMAL);
        expectDecimalOrNull(position.averageCost, 'averageCost');
        expectDecimalOrNull(position.marketValue, 'marketValue');
        expect(position.contract.key).toBeTruthy();
      }
    });

    it('finds the contract of a known stock', async () => {
      const contract = await stockOf();
      expect(contract.key).toBe(`STK:${subject.knownSymbol}:USD`);
      expect(['STK', 'ETF']).toContain(contract.secType);
      expect(contract.symbol).toBe(subject.knownSymbol);
    });

    it('lists option chain parameters with expirations and strikes', async () => {
      const params = await subject.broker.optionChainParams(subject.knownSymbol);
      expect(params.length).toBeGreaterThan(0);
      for (const chain of params) {
        expect(chain.expirations.length).toBeGreaterThan(0);
        expect(chain.strikes.length).toBeGreaterThan(0);
        for (const strike of chain.strikes) expect(strike).toMatch(DECIMAL);
        expect(chain.multiplier).toBeGreaterThan(0);
      }
    });

    it('quotes a listed option with bid ≤ ask and unknown fields null, never omitted', async () => {
      const option = await listedOption();
      const unknown: BrokerContract = {
        ...option,
        key: 'STK:NOSUCHTICKER:USD' as BrokerContract['key'],
        secType: 'STK',
      };
      const quotes = await subject.broker.quotes([option, unknown]);
      expect(quotes).toHaveLength(2);
      const [quote, missing] = quotes;
      expect(quote?.key).toBe(option.key);
      for (const field of QUOTE_NUMBERS) {
        const value = quote?.[field];
        expect(value === null || (typeof value === 'number' && Number.isFinite(value)), field).toBe(true);
      }
      if (quote?.bid != null && quote.ask != null) expect(quote.bid).toBeLessThanOrEqual(quote.ask);
      expect(missing?.key).toBe(unknown.key);
      for (const field of ['bid', 'ask', 'last', 'mark'] as const) expect(missing?.[field], field).toBeNull();
    });

    it('places one order per idempotency key, even when asked twice', async () => {
      const request = await buyStock({ orderType: 'LMT', limitPrice: await farBelowMarket(), tif: 'GTC' });
      const [first, second] = await Promise.all([
        subject.broker.placeOrder(request),
        subject.broker.placeOrder(request),
      ]);
      const third = await subject.broker.placeOrder(request);
      expect(second?.brokerOrderId).toBe(first?.brokerOrderId);
      expect(third.brokerOrderId).toBe(first?.brokerOrderId);
      const all = [...(await subject.broker.openOrders()), ...(await subject.broker.completedOrders())];
      expect(all.filter((o) => o.idempotencyKey === request.idempotencyKey)).toHaveLength(1);
    });

    it('cancels a resting order', async () => {
      const placed = await subject.broker.placeOrder(
        await buyStock({ orderType: 'LMT', limitPrice: await farBelowMarket(), tif: 'GTC' }),
      );
      expect(['pending_submit', 'submitted']).toContain(placed.status);
      await subject.broker.cancelOrder(placed.brokerOrderId);
      const done = (await subject.broker.completedOrders()).find((o) => o.brokerOrderId === placed.brokerOrderId);
      expect(done?.status).toBe('cancelled');
      expect((await subject.broker.openOrders()).map((o) => o.brokerOrderId)).not.toContain(placed.brokerOrderId);
    });

    it('reports executions with unique execIds and their commissions', async () => {
      const placed = await subject.broker.placeOrder(await buyStock({}));
      if (subject.advance) await subject.advance(60 * 60_000);
      const executions = (await subject.broker.executions({ accountCode: subject.knownAccount })).filter(
        (e) => e.brokerOrderId === placed.brokerOrderId,
      );
      expect(executions.length).toBeGreaterThan(0);
      const all = await subject.broker.executions();
      expect(new Set(all.map((e) => e.execId)).size).toBe(all.length);
      for (const execution of executions) {
        expect(execution.price).toMatch(DECIMAL);
        expect(execution.quantity).toMatch(DECIMAL);
        const reported = events.find((e) => e.type === 'commission' && e.execId === execution.execId);
        const commission = execution.commission ?? (reported?.type === 'commission' ? reported.commission : null);
        expect(commission, `commission of ${execution.execId}`).toMatch(DECIMAL);
      }
    });

    it('answers what-if with decimal strings or null', async () => {
      const result = await subject.broker.whatIf(
        await buyStock({ orderType: 'LMT', limitPrice: await farBelowMarket() }),
      );
      for (const field of [
        'initialMarginChange',
        'maintenanceMarginChange',
        'equityWithLoanChange',
        'commission',
      ] as const) {
        expectDecimalOrNull(result[field], field);
      }
      expect(result.warning === null || typeof result.warning === 'string').toBe(true);
    });
  });
}
