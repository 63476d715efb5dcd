// The product as `npm start` runs it: the simulated broker's demo book arrives through the broker sync and
// shows on the Dashboard, the Positions page and the option chain viewer.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSignedIn, e2eTarget, openSignedIn } from './browser';
import { startTestServer, type RunningTestServer } from './server';

const target = e2eTarget();

describe.skipIf(target === null)('demo book from the simulated broker', () => {
  let server: RunningTestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const session = await openSignedIn(target, () => startTestServer({ broker: 'sim', syncIntervalSeconds: 3600 }));
    ({ browser, server } = session);
    page = await session.desktop.newPage();
  });
  afterAll(() => closeSignedIn(browser, server));

  it('the Dashboard shows both demo accounts with their net liquidation value', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.getByText('DU-SIM-PM').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('DU-SIM-TFSA').count()).toBeGreaterThan(0);
    const body = await page.locator('main').innerText();
    expect(body).not.toContain('No broker accounts synced yet');
    expect(body).toMatch(/\d{2,3},\d{3}\.\d{2}/); // an NLV in the hundreds of thousands
  });

  it('Positions lists the demo stocks and options, grouped by underlier', async () => {
    await page.goto(`${server.url}/positions`);
    for (const symbol of ['AAPL', 'KO', 'SPY', 'QQQ']) {
      await expect.poll(() => page.getByText(symbol, { exact: true }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    }
  });

  it('the option chain viewer shows a real SPY chain from the sync: calls | strike | puts', async () => {
    await page.goto(`${server.url}/chain`);
    await expect.poll(() => page.locator('table tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(10);
    expect(await page.locator('canvas').count()).toBeGreaterThan(0);
  });
});
