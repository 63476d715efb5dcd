// Settings → Broker connection: the simulated broker ready with its setup and its connection history, the phone width, and
// the honest message of a server without a broker.
import { brokerStatusSchema, type BrokerStatusResponse } from '@optionstrader/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  closeSignedIn,
  e2eTarget,
  horizontalOverflow,
  newContext,
  openSignedIn,
  pageHeading,
  requireTarget,
  signIn,
} from './browser';
import { startTestServer, type RunningTestServer } from './server';

const target = e2eTarget();
const PHONE = { width: 375, height: 812 };

/** What GET /api/broker answers for IBKR (this suite has no TWS, so the page is shown this answer instead). */
const IBKR_STATUS = brokerStatusSchema.parse({
  kind: 'ibkr',
  state: 'degraded',
  since: '2026-03-09T15:00:10.000Z',
  setup: {
    endpoint: '127.0.0.1:4002',
    clientId: 7,
    marketDataType: 'delayed',
    readOnly: false,
    liveTradingEnabled: true,
    accounts: [
      { code: 'DU111', type: 'margin_pm', label: 'Main' },
      { code: 'U222', type: null, label: null },
    ],
  },
  events: [
    {
      at: '2026-03-09T15:00:10.000Z',
      kind: 'connection',
      state: 'degraded',
      severity: null,
      message: 'Market data farm connection is broken: usfarm',
    },
    { at: '2026-03-09T14:59:00.000Z', kind: 'alert', state: null, severity: 'critical', message: 'Gateway down' },
  ],
  counters: { sent: 12345, peakPerSecond: 45, marketDataLinesPeak: 12 },
} satisfies BrokerStatusResponse);

describe.skipIf(target === null)('settings: broker connection', () => {
  let browser: Browser;
  let server: RunningTestServer;
  let desktop: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ browser, server, desktop } = await openSignedIn(target, () =>
      startTestServer({ broker: 'sim', syncIntervalSeconds: 3600 }),
    ));
    page = await desktop.newPage();
  });
  afterAll(() => closeSignedIn(browser, server));

  const section = () => page.getByRole('region', { name: 'Broker connection' });

  test('shows the simulated broker as ready, its setup and its events', async () => {
    await page.goto(`${server.url}/settings`);
    await pageHeading(page, 'Settings').waitFor();
    const state = section().getByTestId('broker-state');
    await state.waitFor();
    expect(await state.getAttribute('data-state')).toBe('ready');
    expect(await state.innerText()).toMatch(/^ready\s+since .+ \(\d+ (s|min) ago\)$/i);

    const setup = section().getByRole('table', { name: 'Broker setup' });
    expect(await setup.getByRole('row').filter({ hasText: 'Broker' }).innerText()).toContain('Simulated broker');
    expect(await setup.innerText()).toContain('Model prices (simulated)');
    // IBKR-only rows stay away from the sim.
    for (const label of ['Endpoint', 'Client id', 'Read-only', 'Live trading']) {
      expect(await setup.getByRole('rowheader', { name: label, exact: true }).count(), label).toBe(0);
    }
    await section().getByTestId('broker-all-accounts').waitFor();
    // The tracker watches the sim from before it connects: its history is the connection coming up.
    const events = section().getByTestId('broker-event');
    expect(await events.count()).toBe(1);
    expect(await events.first().getAttribute('data-kind')).toBe('connection');
    expect(await events.first().innerText()).toMatch(/ready/i);
    expect(await section().getByTestId('broker-no-events').count()).toBe(0);
    expect(await section().getByTestId('broker-counters').count()).toBe(0);
    // The broker connection is read-only: no controls in it.
    expect(await section().getByRole('button').count()).toBe(0);
    await page.screenshot({ path: '/tmp/optionstrader-settings-desktop.png', fullPage: true });
  });

  test('fits 375px, with the sim and with an IBKR setup', async () => {
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await desktop.storageState(),
    });
    const small = await phone.newPage();
    await small.goto(`${server.url}/settings`);
    await small.getByTestId('broker-state').waitFor();
    expect((await horizontalOverflow(small)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    // The widest case: an IBKR setup with accounts, events and counters.
    await small.route('**/api/broker', (route) => route.fulfill({ json: IBKR_STATUS }));
    await small.reload();
    await small.getByTestId('broker-counters').waitFor();
    expect((await horizontalOverflow(small)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await small.screenshot({ path: '/tmp/optionstrader-settings-phone.png', fullPage: true });
    await phone.close();
  });

  test('an IBKR connection: endpoint, safety switches, accounts, events and counters', async () => {
    const other = await desktop.newPage();
    await other.route('**/api/broker', (route) => route.fulfill({ json: IBKR_STATUS }));
    await other.goto(`${server.url}/settings`);
    const broker = other.getByRole('region', { name: 'Broker connection' });
    const state = broker.getByTestId('broker-state');
    await state.waitFor();
    expect(await state.getAttribute('data-state')).toBe('degraded');

    const setup = broker.getByRole('table', { name: 'Broker setup' });
    const row = (label: string) =>
      setup.getByRole('row').filter({ has: other.getByRole('rowheader', { name: label }) });
    expect(await row('Broker').innerText()).toContain('Interactive Brokers');
    expect(await row('Endpoint').innerText()).toContain('127.0.0.1:4002');
    expect(await row('Client id').innerText()).toContain('7');
    expect(await row('Market data').innerText()).toContain('Delayed');
    expect(await row('Read-only').innerText()).toContain('No');
    const live = row('Live trading').getByTestId('live-trading');
    expect(await live.getAttribute('data-enabled')).toBe('true');
    expect(await live.innerText()).toMatch(/enabled/i);

    const accounts = broker.getByTestId('broker-accounts').locator('tbody tr');
    expect(await accounts.allInnerTexts()).toEqual([
      expect.stringMatching(/DU111\s+Portfolio margin\s+Main/),
      expect.stringMatching(/U222\s+—\s+—/),
    ]);

    const events = broker.getByTestId('broker-event');
    expect(await events.count()).toBe(2);
    expect(await events.nth(0).innerText()).toMatch(/degraded[\s\S]*Market data farm connection is broken/i);
    expect(await events.nth(1).getAttribute('data-kind')).toBe('alert');
    expect(await events.nth(1).innerText()).toMatch(/critical[\s\S]*Gateway down/i);

    const counters = broker.getByTestId('broker-counters');
    expect(await counters.locator('[data-counter="sent"]').innerText()).toMatch(/Messages sent\s+12,345/);
    expect(await counters.locator('[data-counter="peakPerSecond"]').innerText()).toMatch(
      /Peak messages\/s\s+45 \(TWS limit 50\)/,
    );
    expect(await counters.locator('[data-counter="marketDataLinesPeak"]').innerText()).toMatch(
      /Market-data lines at peak\s+12/,
    );
    await other.screenshot({ path: '/tmp/optionstrader-settings-ibkr.png', fullPage: true });
    await other.close();
  });

  test('a server error shows "Could not load the broker connection"', async () => {
    const other = await desktop.newPage();
    await other.route('**/api/broker', (route) =>
      route.fulfill({
        status: 503,
        json: {
          statusCode: 503,
          code: 'SERVICE_UNAVAILABLE',
          error: 'Service Unavailable',
          message: 'broker status down',
        },
      }),
    );
    await other.goto(`${server.url}/settings`);
    const broker = other.getByRole('region', { name: 'Broker connection' });
    // Server errors are retried twice before the page gives up.
    await broker.getByText('Could not load the broker connection').waitFor({ timeout: 20_000 });
    expect(await broker.innerText()).toContain('broker status down');
    await other.close();
  });

  test('without a broker: "No broker configured (BROKER=none)"', async () => {
    const { baseUrl } = requireTarget(target);
    const context = await newContext(browser);
    const other = await context.newPage();
    await signIn(other, baseUrl);
    await other.goto(`${baseUrl}/settings`);
    const broker = other.getByRole('region', { name: 'Broker connection' });
    await broker.getByText('No broker configured (BROKER=none)', { exact: false }).waitFor();
    expect(await broker.getByTestId('broker-state').count()).toBe(0);
    expect(await broker.getByRole('table').count()).toBe(0);
    await context.close();
  });
});
