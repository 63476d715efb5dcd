import { createBrokerStatusTracker, type Broker, type BrokerEvent } from '@optionstrader/application';
import { brokerStatusSchema } from '@optionstrader/contracts';
import { schema } from '@optionstrader/db';
import { createFakeBroker, postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, manualClock, type TestApp } from '../../testing/test-app';

const T0 = new Date('2026-03-09T15:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** The testkit's fake broker, with an event stream the test drives (the fake itself never emits). */
function emittingFakeBroker() {
  const fake = createFakeBroker({}, 'ibkr');
  const listeners = new Set<(event: BrokerEvent) => void>();
  const broker: Broker = {
    ...fake,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { fake, broker, emit: (event: BrokerEvent) => listeners.forEach((listener) => listener(event)) };
}

describe.skipIf(postgresUnavailable())('broker routes', () => {
  describe('with a broker', () => {
    let t: TestApp;
    let cookie: string;
    const { fake, broker, emit } = emittingFakeBroker();
    const tracker = createBrokerStatusTracker({
      broker,
      clock: manualClock(T0),
      setup: {
        endpoint: '127.0.0.1:4002',
        clientId: 7,
        marketDataType: 'delayed',
        readOnly: false,
        liveTradingEnabled: true,
        accounts: [
          { code: 'DU111', type: 'margin_pm', label: 'Main' },
          { code: 'DU222', type: null, label: null },
          { code: 'DU333', type: 'cash', label: 'Neighbour' },
        ],
      },
      counters: () => ({ sent: 1234, peakPerSecond: 45, marketDataLinesPeak: 12 }),
    });

    let otherCookie: string;

    beforeAll(async () => {
      t = await createTestApp({ app: { broker: tracker } });
      cookie = (await t.login()).cookie ?? '';
      // The gateway serves two clients: "Household" (the admin's, first by name) and "Other".
      const { db } = t.testDb.database;
      const household = await t.createClient('Household');
      const other = await t.createClient('Other');
      await db.insert(schema.brokerAccounts).values([
        { clientId: household, broker: 'ibkr', accountCode: 'DU111', type: 'margin_pm' },
        { clientId: household, broker: 'ibkr', accountCode: 'DU222', type: 'cash' },
        { clientId: other, broker: 'ibkr', accountCode: 'DU333', type: 'cash' },
        // Same code at another broker: not the gateway's account.
        { clientId: other, broker: 'sim', accountCode: 'DU111', type: 'cash' },
      ]);
      otherCookie = (await t.memberOf(other, 'viewer')).cookie;
      emit({
        type: 'alert',
        kind: 'ibkr_gateway_unreachable',
        severity: 'critical',
        message: 'Gateway down',
        at: at(5),
      });
      await fake.disconnect();
      emit({ type: 'connection', state: 'disconnected', message: 'socket closed', at: at(10) });
    });
    afterAll(() => t.close());

    it('needs a session', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/broker' });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('answers the state since its change, the setup, the events newest first with ISO times, and counters', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/broker', headers: { cookie } });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(brokerStatusSchema.safeParse(body).success).toBe(true);
      expect(body).toEqual({
        kind: 'ibkr',
        state: 'disconnected',
        since: '2026-03-09T15:00:10.000Z',
        setup: {
          endpoint: '127.0.0.1:4002',
          clientId: 7,
          marketDataType: 'delayed',
          readOnly: false,
          liveTradingEnabled: true,
          accounts: [
            { code: 'DU111', type: 'margin_pm', label: 'Main' },
            { code: 'DU222', type: null, label: null },
          ],
        },
        events: [
          {
            at: '2026-03-09T15:00:10.000Z',
            kind: 'connection',
            state: 'disconnected',
            severity: null,
            message: 'socket closed',
          },
          { at: '2026-03-09T15:00:05.000Z', kind: 'alert', state: null, severity: 'critical', message: 'Gateway down' },
        ],
        counters: { sent: 1234, peakPerSecond: 45, marketDataLinesPeak: 12 },
      });
    });

    it("lists only the caller's client's accounts of the shared connection", async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/broker', headers: { cookie: otherCookie } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        kind: 'ibkr',
        state: 'disconnected',
        setup: { endpoint: '127.0.0.1:4002', accounts: [{ code: 'DU333', type: 'cash', label: 'Neighbour' }] },
      });
    });
  });

  describe('without a broker (BROKER=none)', () => {
    let t: TestApp;
    let cookie: string;

    beforeAll(async () => {
      t = await createTestApp();
      await t.createClient('Household');
      cookie = (await t.login()).cookie ?? '';
    });
    afterAll(() => t.close());

    it('needs a session', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/broker' })).statusCode).toBe(401);
    });

    it('answers kind null and nothing else', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/broker', headers: { cookie } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ kind: null, state: null, since: null, setup: null, events: [], counters: {} });
    });
  });
});
