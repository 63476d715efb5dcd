// Shell layout at desktop and phone widths; also saves dashboard screenshots to /tmp for a human look.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  e2eTarget,
  horizontalOverflow,
  isInViewport,
  launchBrowser,
  newContext,
  navLabels,
  navLink,
  pageHeading,
  requireTarget,
  signIn,
} from './browser';
import { E2E_ADMIN } from './e2e-env';

const target = e2eTarget();
const PHONE = { width: 375, height: 812 };

describe.skipIf(target === null)('layout', () => {
  let browser: Browser;
  let baseUrl: string;
  let desktop: BrowserContext;
  let phone: BrowserContext;

  beforeAll(async () => {
    const { chromiumPath, baseUrl: url } = requireTarget(target);
    baseUrl = url;
    browser = await launchBrowser(chromiumPath);
    desktop = await newContext(browser);
    await signIn(await desktop.newPage(), baseUrl);
    // Same session cookie on a phone-sized screen: one login for the whole file.
    phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await desktop.storageState(),
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('on a desktop the navbar is always shown and there is no burger', async () => {
    const page = await desktop.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByRole('region', { name: 'Server health' }).getByText('Ready', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Open navigation' }).isVisible()).toBe(false);
    expect(await page.getByTestId('current-user-email').isVisible()).toBe(true);
    expect(await page.getByTestId('navbar-user-email').isVisible()).toBe(false);
    for (const label of navLabels) expect(await isInViewport(navLink(page, label))).toBe(true);
    await page.screenshot({ path: '/tmp/optionstrader-dashboard-desktop.png', fullPage: true });
  });

  test('at 375px the navbar hides behind a burger, opens, navigates and closes, without horizontal overflow', async () => {
    const page = await phone.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByRole('region', { name: 'Server health' }).getByText('Ready', { exact: true }).waitFor();

    // The header keeps product, theme toggle and Log out; the email moves into the navbar.
    expect(await page.getByRole('banner').getByText('OptionsTrader').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);
    const overflow = await horizontalOverflow(page);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: '/tmp/optionstrader-dashboard-phone.png', fullPage: true });

    const burger = page.getByRole('button', { name: 'Open navigation' });
    expect(await burger.isVisible()).toBe(true);
    expect(await isInViewport(navLink(page, 'Positions'))).toBe(false);

    await burger.click();
    await page.getByRole('button', { name: 'Close navigation' }).waitFor();
    await page.waitForFunction(() => {
      const rect = document.getElementById('main-navigation')?.getBoundingClientRect();
      return rect !== undefined && Math.abs(rect.left) < 1;
    });
    for (const label of navLabels) expect(await isInViewport(navLink(page, label))).toBe(true);
    expect(await page.getByTestId('navbar-user-email').innerText()).toBe(E2E_ADMIN.email);
    await page.screenshot({ path: '/tmp/optionstrader-nav-phone.png' });

    await navLink(page, 'Positions').click();
    await page.waitForURL(`${baseUrl}/positions`);
    await pageHeading(page, 'Positions').waitFor();
    await page.getByRole('button', { name: 'Open navigation' }).waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
  });

  test('at 375px every page and the login form fit the width', async () => {
    const page = await phone.newPage();
    for (const path of ['/recommendations', '/logs', '/settings']) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect((await horizontalOverflow(page)).scrollWidth, path).toBeLessThanOrEqual(PHONE.width);
    }
    const signedOut = await newContext(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    const login = await signedOut.newPage();
    await login.goto(`${baseUrl}/login`);
    await login.getByRole('button', { name: 'Sign in' }).waitFor();
    expect((await horizontalOverflow(login)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await login.screenshot({ path: '/tmp/optionstrader-login-phone.png' });
    await signedOut.close();
  });
});
