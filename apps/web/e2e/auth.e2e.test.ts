// Sign-in, session and sign-out against the real server.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  e2eTarget,
  launchBrowser,
  newContext,
  navLabels,
  navLink,
  pageHeading,
  requireTarget,
  signIn,
  submitLogin,
} from './browser';
import { E2E_ADMIN } from './e2e-env';

const target = e2eTarget();

describe.skipIf(target === null)('authentication', () => {
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    const { chromiumPath, baseUrl: url } = requireTarget(target);
    baseUrl = url;
    browser = await launchBrowser(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await newContext(browser);
    return { context, page: await context.newPage() };
  }

  test('a signed-out visit to a page goes to /login, and signing in returns to that page', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${baseUrl}/orders`);
    await page.waitForURL(`${baseUrl}/login`);
    await submitLogin(page);
    await page.waitForURL(`${baseUrl}/orders`);
    await pageHeading(page, 'Orders').waitFor();
    await context.close();
  });

  test('a wrong password shows the error, keeps the user on /login, and the button is disabled while submitting', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${baseUrl}/login`);
    // Hold the request briefly so the in-flight state is observable.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/auth/login', async (route) => {
      await held;
      await route.continue();
    });

    await submitLogin(page, { email: E2E_ADMIN.email, password: 'not-the-password' });
    const button = page.getByRole('button', { name: 'Sign in' });
    await button.and(page.locator(':disabled')).waitFor({ timeout: 5_000 });
    release();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Email or password is incorrect');
    expect(await button.isDisabled()).toBe(false);
    expect(new URL(page.url()).pathname).toBe('/login');
    const me = await page.evaluate(() => fetch('/api/me').then((r) => r.status));
    expect(me).toBe(401);
    await context.close();
  });

  describe('signed in', () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ context, page } = await freshPage());
      await signIn(page, baseUrl);
    });
    afterAll(async () => {
      await context?.close();
    });

    test('the shell shows the product, the user email, a log-out button and all 17 sections (an admin sees them all)', async () => {
      await page.goto(`${baseUrl}/`);
      await pageHeading(page, 'Dashboard').waitFor();
      expect(await page.getByRole('banner').getByText('OptionsTrader').isVisible()).toBe(true);
      expect(await page.getByTestId('current-user-email').innerText()).toBe(E2E_ADMIN.email);
      expect(await page.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);

      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      const labels = await nav.getByRole('link').allInnerTexts();
      expect(labels.map((label) => label.trim())).toEqual([...navLabels]);
      for (const label of navLabels) expect(await navLink(page, label).isVisible()).toBe(true);
    });

    test('the dashboard shows the signed-in user and the database readiness from /readyz', async () => {
      await page.goto(`${baseUrl}/`);
      const health = page.getByRole('region', { name: 'Server health' });
      await health.getByText('Ready', { exact: true }).waitFor();
      const checks = health.getByRole('table', { name: 'Readiness checks' });
      const databaseRow = checks.getByRole('row').filter({ hasText: /database/i });
      expect(await databaseRow.innerText()).toContain('OK');
      const session = page.getByRole('region', { name: 'Signed in' });
      expect(await session.innerText()).toContain(E2E_ADMIN.email);
      expect(await session.innerText()).toContain('Administrator');
    });

    test('navigating shows each page as an honest empty state', async () => {
      for (const [label, path, empty] of [
        ['Orders', '/orders', /No working orders/],
        ['Backtests', '/backtests', /No backtests yet/],
        ['Settings', '/settings', /not built yet/i],
      ] as const) {
        await navLink(page, label).click();
        await page.waitForURL(`${baseUrl}${path}`);
        await pageHeading(page, label).waitFor();
        await page.getByRole('main').getByText(empty).first().waitFor();
        expect(await navLink(page, label).evaluate((el) => el.closest('a')?.getAttribute('aria-current'))).toBe('page');
        expect(await page.title()).toBe(`${label} · OptionsTrader`);
      }
    });

    test('an unknown path inside the app shows "Page not found" in the shell', async () => {
      await page.goto(`${baseUrl}/no-such-page`);
      await pageHeading(page, 'Page not found').waitFor();
      expect(await page.getByTestId('current-user-email').isVisible()).toBe(true);
    });

    test('a reload keeps the session (cookie) and the page', async () => {
      await page.goto(`${baseUrl}/strategies`);
      await pageHeading(page, 'Strategies').waitFor();
      await page.reload();
      await pageHeading(page, 'Strategies').waitFor();
      expect(new URL(page.url()).pathname).toBe('/strategies');
      expect(await page.getByTestId('current-user-email').innerText()).toBe(E2E_ADMIN.email);
      const cookies = await context.cookies(baseUrl);
      expect(cookies.some((cookie) => cookie.httpOnly)).toBe(true);
    });

    test('log out returns to /login, ends the session on the server, and / then redirects to /login', async () => {
      await page.goto(`${baseUrl}/`);
      await pageHeading(page, 'Dashboard').waitFor();
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(`${baseUrl}/login`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();

      const me = await page.evaluate(() => fetch('/api/me').then((r) => r.status));
      expect(me).toBe(401);

      await page.goto(`${baseUrl}/`);
      await page.waitForURL(`${baseUrl}/login`);
      // The URL changes before the login page has rendered (the session check answers first).
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    });
  });
});
