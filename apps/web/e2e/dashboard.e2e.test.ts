// Dashboard with a seeded account (balances, margin usage, day P&L, freshness) and with none (empty state).
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

describe.skipIf(target === null)('dashboard', () => {
  let browser: Browser;
  let seeded: RunningTestServer;
  let desktop: BrowserContext;

  beforeAll(async () => {
    ({ browser, server: seeded, desktop } = await openSignedIn(target, startSeededServer));
  });
  afterAll(() => closeSignedIn(browser, seeded));

  test('shows the seeded account: NLV, margin usage, day P&L and fresh quotes, in the card and the totals', async () => {
    const page = await desktop.newPage();
    await page.goto(`${seeded.url}/`);
    const card = page.getByTestId('account-card');
    await card.getByText(SEEDED.netLiquidation).waitFor();
    expect(await card.getByRole('heading', { level: 2 }).innerText()).toBe(
      `${SEEDED.accountLabel} · ${SEEDED.accountCode}`,
    );
    expect(await card.getByTestId('margin-usage').innerText()).toBe(SEEDED.marginUsage);
    expect(await card.getByText(SEEDED.dayPnl).count()).toBe(1);
    const totals = page.getByTestId('dashboard-totals');
    expect(await totals.getByText(SEEDED.netLiquidation).count()).toBe(1);
    expect(await totals.getByTestId('margin-usage').innerText()).toBe(SEEDED.marginUsage);
    expect(await page.getByRole('progressbar', { name: 'Margin usage' }).first().getAttribute('aria-valuenow')).toBe(
      '25',
    );
    // Quotes were seeded seconds ago: current, not stale.
    expect(await page.getByTestId('as-of').first().innerText()).toMatch(/^Quotes as of /);
    expect(await page.getByTestId('stale-badge').count()).toBe(0);
    await page.screenshot({ path: '/tmp/optionstrader-book-dashboard-desktop.png', fullPage: true });
  });

  test('fits 375px without horizontal overflow', async () => {
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await desktop.storageState(),
    });
    const page = await phone.newPage();
    await page.goto(`${seeded.url}/`);
    await page.getByTestId('account-card').getByText(SEEDED.netLiquidation).waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: '/tmp/optionstrader-book-dashboard-phone.png', fullPage: true });
    await phone.close();
  });

  test('says so honestly when no broker account has been synced', async () => {
    const { baseUrl } = requireTarget(target);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/`);
    await pageHeading(page, 'Dashboard').waitFor();
    await page.getByText('No broker accounts synced yet').waitFor();
    expect(await page.getByTestId('account-card').count()).toBe(0);
    await context.close();
  });
});
