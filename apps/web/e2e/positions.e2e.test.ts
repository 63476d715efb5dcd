// Positions grouped by underlier with colored P&L, the portfolio filter, phone layout and the empty state.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SEEDED, startSeededServer } from './book-seed';
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

describe.skipIf(target === null)('positions', () => {
  let browser: Browser;
  let seeded: RunningTestServer;
  let desktop: BrowserContext;

  beforeAll(async () => {
    ({ browser, server: seeded, desktop } = await openSignedIn(target, startSeededServer));
  });
  afterAll(() => closeSignedIn(browser, seeded));

  test('groups stock and options by underlier, with P&L colored by sign', async () => {
    const page = await desktop.newPage();
    await page.goto(`${seeded.url}/positions`);
    await page.getByTestId('position-row').first().waitFor();
    const groups = await page
      .getByTestId('position-group')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-underlying')));
    expect(groups).toEqual(['AAPL', 'SPY']);
    expect(await page.getByTestId('position-row').count()).toBe(3);

    const stock = page.getByTestId('position-row').filter({ hasText: 'SPY ETF' });
    const pnl = stock.getByTestId('position-pnl');
    expect(await pnl.innerText()).toBe(SEEDED.spyStockPnl);
    expect(await pnl.evaluate((el) => getComputedStyle(el).color)).not.toBe(
      await page.locator('body').evaluate((el) => getComputedStyle(el).color),
    );
    const put = page.getByTestId('position-row').filter({ hasText: 'Put' });
    expect(await put.getByTestId('position-pnl').innerText()).toBe(SEEDED.putPnl);
    expect(await put.innerText()).toMatch(/OTM/);
    // AAPL has no quote: the broker's value is shown and labelled, and the quote is marked missing.
    const aapl = page.getByTestId('position-row').filter({ hasText: 'AAPL' });
    expect(await aapl.innerText()).toMatch(/No quote/i);
    expect(await aapl.innerText()).toMatch(/Broker value/i);
    await page.screenshot({ path: '/tmp/optionstrader-book-positions-desktop.png', fullPage: true });

    await page
      .getByRole('combobox', { name: 'Portfolio' })
      .or(page.getByRole('textbox', { name: 'Portfolio' }))
      .click();
    await page.getByRole('option', { name: /Wheel book/ }).click();
    await page.waitForURL(/portfolioId=/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="position-row"]').length === 2);
  });

  test('at 375px the table scrolls inside its container and the page does not overflow', async () => {
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await desktop.storageState(),
    });
    const page = await phone.newPage();
    await page.goto(`${seeded.url}/positions`);
    await page.getByTestId('position-row').first().waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    const table = page.getByRole('table', { name: 'Positions by underlier' });
    const scrolls = await table.evaluate((el) => {
      for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
        const overflowX = getComputedStyle(node).overflowX;
        if ((overflowX === 'auto' || overflowX === 'scroll') && node.scrollWidth > node.clientWidth) return true;
      }
      return false;
    });
    expect(scrolls).toBe(true);
    await page.screenshot({ path: '/tmp/optionstrader-book-positions-phone.png', fullPage: true });
    await phone.close();
  });

  test('shows an empty state when nothing is held', async () => {
    const { baseUrl } = requireTarget(target);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/positions`);
    await pageHeading(page, 'Positions').waitFor();
    await page.getByText('No open positions').waitFor();
    await page.goto(`${baseUrl}/portfolios`);
    await page.getByText('No portfolios yet').waitFor();
    await context.close();
  });
});
