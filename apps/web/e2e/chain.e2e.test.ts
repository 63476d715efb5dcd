// Option chain viewer: calls | strike | puts of the seeded expiry, ATM row, IV smile chart, phone layout, empty state.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SEEDED, seededExpiry, startSeededServer } from './book-seed';
import {
  e2eTarget,
  horizontalOverflow,
  closeSignedIn,
  newContext,
  openSignedIn,
  pageHeading,
  requireTarget,
  signIn,
} from './browser';
import type { RunningTestServer } from './server';

const target = e2eTarget();
const PHONE = { width: 375, height: 812 };

describe.skipIf(target === null)('option chain', () => {
  let browser: Browser;
  let seeded: RunningTestServer;
  let desktop: BrowserContext;

  beforeAll(async () => {
    ({ browser, server: seeded, desktop } = await openSignedIn(target, startSeededServer));
  });
  afterAll(() => closeSignedIn(browser, seeded));

  test('shows calls | strike | puts for the seeded expiry, highlights ATM and draws the IV smile', async () => {
    const page = await desktop.newPage();
    await page.goto(`${seeded.url}/chain`);
    await pageHeading(page, 'Option chain').waitFor();
    await page.getByTestId('chain-row').first().waitFor();
    expect(await page.getByRole('combobox', { name: 'Underlier' }).inputValue()).toBe('SPY');
    const table = page.getByRole('table', { name: `SPY options expiring ${seededExpiry}` });
    const headers = await table.locator('thead tr').first().innerText();
    expect(headers).toMatch(/Calls[\s\S]*Puts/);
    const strikes = await page
      .getByTestId('chain-row')
      .evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td')[5]?.textContent?.replace('ATM', '').trim()));
    expect(strikes).toEqual(SEEDED.strikes.map((strike) => strike.toFixed(2)));
    const atm = page.locator('[data-testid="chain-row"][data-atm]');
    expect(await atm.count()).toBe(1);
    expect(await atm.innerText()).toContain(SEEDED.atmStrike);
    // Bid and ask of the 500 call (mid 7.25 ± 0.05), IV and delta are shown, not blanks.
    const cells = await atm.locator('td').allInnerTexts();
    expect(cells.slice(0, 5)).toEqual(['8,000', '16.8%', '0.55', '7.20', '7.30']);
    const chart = page.getByTestId('iv-smile-chart');
    await chart.locator('canvas').waitFor();
    const size = await chart
      .locator('canvas')
      .first()
      .evaluate((canvas: HTMLCanvasElement) => canvas.width * canvas.height);
    expect(size).toBeGreaterThan(0);
    expect(await page.getByTestId('stale-badge').count()).toBe(0);
    await page.screenshot({ path: '/tmp/optionstrader-book-chain-desktop.png', fullPage: true });
  });

  test('fits 375px: the chain scrolls inside its container', async () => {
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await desktop.storageState(),
    });
    const page = await phone.newPage();
    await page.goto(`${seeded.url}/chain?symbol=SPY&expiry=${seededExpiry}`);
    await page.getByTestId('chain-row').first().waitFor();
    await page.getByTestId('iv-smile-chart').locator('canvas').waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: '/tmp/optionstrader-book-chain-phone.png', fullPage: true });
    await phone.close();
  });

  test('says there are no chains when nothing is ingested', async () => {
    const { baseUrl } = requireTarget(target);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/chain`);
    await page.getByText('No option chains yet').waitFor();
    await context.close();
  });
});
