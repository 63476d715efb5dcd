// The sync reads assignments and expirations off the broker's book (IBKR reports none through the API): a short put
// that left the book at its expiry while 100 shares arrived is an assignment; a short call that left without a fill
// or a share is an expiration; a put closed by a fill is neither. Each event is stored once, however often synced.
import { createSyncService, type SyncService } from '@optionstrader/application';
import {
  accountSummary,
  brokerAccount,
  brokerExecution,
  brokerPosition,
  createFakeBroker,
  describeDb,
  optionContract,
  stockContract,
  type FakeBroker,
} from '@optionstrader/testkit';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../query-rows';

const BEFORE = new Date('2026-04-17T15:00:00Z'); // expiry day, in the session
const AFTER = new Date('2026-04-18T14:00:00Z'); // the Saturday after

const KO = stockContract('KO', 8894);
const KO_PUT = optionContract('KO', '2026-04-17', 'put', '70', 800001);
const KO_CALL = optionContract('KO', '2026-04-17', 'call', '80', 800002);
const KO_PUT_MAY = optionContract('KO', '2026-05-15', 'put', '65', 800003);

describeDb('option events from the broker book', (use) => {
  let broker: FakeBroker;
  let sync: SyncService;
  let now = BEFORE;

  const events = () =>
    queryRows<{ kind: string; quantity: string; source: string; key: string }>(
      use().database.db,
      `select e.kind::text as kind, e.quantity::text as quantity, e.source, i.canonical_key as key
         from option_events e join instruments i on i.id = e.instrument_id order by i.canonical_key`,
    );

  beforeAll(() => {
    broker = createFakeBroker({
      accounts: [brokerAccount('U1', { type: 'margin_regt' })],
      summaries: [accountSummary('U1', BEFORE)],
      positions: [
        brokerPosition('U1', KO_PUT, '-1', BEFORE),
        brokerPosition('U1', KO_CALL, '-2', BEFORE),
        brokerPosition('U1', KO_PUT_MAY, '-1', BEFORE),
      ],
    });
    const { ingest, syncRuns } = use().repositories;
    sync = createSyncService({ broker, ingest, syncRuns, clock: { now: () => now } });
  });

  it('stores an assignment and an expiration, not the put closed by a fill, once', async () => {
    expect((await sync.run({ trigger: 'cli' })).ok).toBe(true);
    expect(await events()).toEqual([]);

    // After the expiry: the April put was assigned (100 shares arrived), the April calls expired (OTM), and the May
    // put was bought back by a fill.
    now = AFTER;
    broker.data.summaries = [accountSummary('U1', AFTER)];
    broker.data.positions = [brokerPosition('U1', KO, '100', AFTER)];
    broker.data.executions = [
      brokerExecution('U1', 'X1', KO_PUT_MAY, new Date('2026-04-17T17:00:00Z'), { side: 'BUY', price: '0.40' }),
    ];
    expect((await sync.run({ trigger: 'cli' })).ok).toBe(true);
    const stored = await events();
    expect(stored.map((e) => [e.key, e.kind, Number(e.quantity), e.source])).toEqual([
      [KO_CALL.key, 'expiration', -2, 'broker'],
      [KO_PUT.key, 'assignment', -1, 'broker'],
    ]);

    // Syncing again changes nothing.
    expect((await sync.run({ trigger: 'cli' })).ok).toBe(true);
    expect(await events()).toHaveLength(2);
  });
});
