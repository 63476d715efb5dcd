// The login rate limit, on its own server so its low limit cannot interfere with other files' sign-ins.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { e2eTarget, launchBrowser, newContext, requireTarget, submitLogin } from './browser';
import { E2E_ADMIN } from './e2e-env';
import { startTestServer, type RunningTestServer } from './server';

const target = e2eTarget();

describe.skipIf(target === null)('login rate limit', () => {
  let browser: Browser;
  let server: RunningTestServer;

  beforeAll(async () => {
    browser = await launchBrowser(requireTarget(target).chromiumPath);
    server = await startTestServer({ loginRateLimitPerMinute: 2 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('too many attempts show the rate-limit message instead of the wrong-password one', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${server.url}/login`);
    const alert = page.getByRole('alert');
    const attempt = async (password: string): Promise<number> => {
      const response = page.waitForResponse('**/api/auth/login');
      await submitLogin(page, { email: E2E_ADMIN.email, password });
      return (await response).status();
    };
    expect(await attempt('wrong-1')).toBe(401);
    expect(await attempt('wrong-2')).toBe(401);
    expect(await alert.innerText()).toContain('Email or password is incorrect');

    // Even the right password is refused once the limit is hit, and the user is told why.
    expect(await attempt(E2E_ADMIN.password)).toBe(429);
    await alert.filter({ hasText: 'Too many sign-in attempts' }).waitFor();
    expect(await alert.innerText()).not.toContain('Email or password is incorrect');
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
