// Shared helpers for browser tests: launch the system Chromium, sign in, and geometry checks.
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import { inject } from 'vitest';
import { E2E_ADMIN } from './e2e-env';
import type { RunningTestServer } from './server';

export interface E2eTarget {
  baseUrl: string;
  chromiumPath: string;
}

/** null when global setup found no Chromium: wrap suites in `describe.skipIf(target === null)`. */
export function e2eTarget(): E2eTarget | null {
  const baseUrl = inject('e2eBaseUrl');
  const chromiumPath = inject('e2eChromiumPath');
  return baseUrl && chromiumPath ? { baseUrl, chromiumPath } : null;
}

export function requireTarget(target: E2eTarget | null): E2eTarget {
  if (!target) throw new Error('browser suite is skipped; this code should not run');
  return target;
}

export function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh, isolated browser profile (own cookies) with short waits, so a broken page fails in seconds, not minutes. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.setDefaultTimeout(10_000);
  return context;
}

export const navLabels = [
  'Dashboard',
  'Positions',
  'Portfolios',
  'Option chain',
  'Strategies',
  'Opportunities',
  'Recommendations',
  'Orders',
  'Risk',
  'Calculator',
  'Backtests',
  'Logs & Alerts',
  'Settings',
  // Owners (and admins, who act as owner everywhere) also see these; Admin and Jobs are for installation admins only.
  'Members',
  'Audit log',
  'Account',
  'Admin',
  'Jobs',
] as const;

/** Fills and submits the login form (the page must be on /login). */
export async function submitLogin(
  page: Page,
  credentials: { email: string; password: string } = E2E_ADMIN,
): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(credentials.email);
  await page.getByLabel('Password', { exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in as the seeded admin and waits for the shell. */
export async function signIn(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await submitLogin(page);
  await page.getByTestId('current-user-email').waitFor();
}

export function pageHeading(page: Page, name: string): Locator {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

export function navLink(page: Page, label: string): Locator {
  return page.locator('#main-navigation').getByText(label, { exact: true });
}

/** True when the element's box lies at least partly inside the viewport (an off-canvas navbar does not). */
export function isInViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return (
      rect.width > 0 &&
      rect.height > 0 &&
      rect.right > 0 &&
      rect.bottom > 0 &&
      rect.left < window.innerWidth &&
      rect.top < window.innerHeight
    );
  });
}

export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

/** One browser, one server and a signed-in desktop context for a test file (its beforeAll). */
export async function openSignedIn(
  target: E2eTarget | null,
  start: () => Promise<RunningTestServer>,
): Promise<{ browser: Browser; server: RunningTestServer; desktop: BrowserContext }> {
  const { chromiumPath } = requireTarget(target);
  const [browser, server] = await Promise.all([launchBrowser(chromiumPath), start()]);
  const desktop = await newContext(browser);
  await signIn(await desktop.newPage(), server.url);
  return { browser, server, desktop };
}

/** The afterAll of `openSignedIn`: tolerant of a beforeAll that failed half-way. */
export async function closeSignedIn(browser: Browser | undefined, server: RunningTestServer | undefined) {
  await browser?.close();
  await server?.close();
}
