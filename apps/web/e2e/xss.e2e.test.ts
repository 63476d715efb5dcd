// Stored strings are text, never markup: a client, a strategy instance and a watchlist named like an HTML injection
// render literally in the header, the client menu, the Strategies, Admin, Account and Audit pages; no <img> is
// created and no dialog opens.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACCESS, api, startAccessServer } from './access-seed';
import { closeSignedIn, e2eTarget, openSignedIn, pageHeading } from './browser';
import type { RunningTestServer } from './server';

const target = e2eTarget();
const PAYLOAD = '<img src=x onerror=alert(1)>';

describe.skipIf(target === null)('stored strings render as text', () => {
  let browser: Browser;
  let server: RunningTestServer;
  let page: Page;
  const dialogs: string[] = [];
  let instanceId: string;

  beforeAll(async () => {
    const session = await openSignedIn(target, startAccessServer);
    ({ browser, server } = session);
    page = await session.desktop.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    // A client with the payload as its name, holding Beta's account, with an instance and a watchlist named alike.
    const client = await api<{ id: string }>(page, server.url, 'POST', '/api/admin/clients', { name: PAYLOAD });
    await api(
      page,
      server.url,
      'PUT',
      `/api/admin/accounts/${ACCESS.betaAccount.id}/client`,
      { clientId: client.id },
      204,
    );
    await api(page, server.url, 'PUT', '/api/me/client', { clientId: client.id });
    const { definitions } = await api<{ definitions: { slug: string }[] }>(
      page,
      server.url,
      'GET',
      '/api/strategy-definitions',
    );
    const slug = definitions[0]?.slug;
    if (!slug) throw new Error('no strategy definitions');
    ({ id: instanceId } = await api<{ id: string }>(page, server.url, 'POST', '/api/strategy-instances', {
      strategySlug: slug,
      accountId: ACCESS.betaAccount.id,
      name: PAYLOAD,
    }));
    await api(page, server.url, 'POST', '/api/watchlists', { name: PAYLOAD, symbols: ['SPY'] });
    // Back to Alpha: the switch below goes through the header's menu.
    await api(page, server.url, 'PUT', '/api/me/client', { clientId: ACCESS.alpha.id });
  });
  afterAll(() => closeSignedIn(browser, server));

  /** No element was made from the payload, and no script of it ran. */
  async function expectInert() {
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => [...document.images].filter((img) => img.src.endsWith('/x')).length)).toBe(0);
    expect(dialogs).toEqual([]);
  }

  test('the client menu and the header show the client’s name as text', async () => {
    await page.goto(`${server.url}/`);
    await pageHeading(page, 'Dashboard').waitFor();
    await page.getByTestId('client-selector').click();
    const item = page.getByRole('menuitem', { name: PAYLOAD });
    expect(await item.innerText()).toContain(PAYLOAD);
    await expectInert();
    await item.click();
    await expect.poll(() => page.getByTestId('active-client').innerText()).toBe(PAYLOAD);
    expect(await page.getByTestId('active-client').isVisible()).toBe(true);
    await page.getByTestId('account-card').filter({ hasText: ACCESS.betaAccount.code }).waitFor();
    await expectInert();
  });

  test('the Strategies page shows the instance and the watchlist named alike as text', async () => {
    await page.goto(`${server.url}/strategies`);
    const card = page.locator(`[data-testid="instance-card"][data-instance-id="${instanceId}"]`);
    expect(await card.getByTestId('instance-name').innerText()).toBe(PAYLOAD);
    await page.getByTestId('watchlists').getByText(PAYLOAD, { exact: true }).waitFor();
    expect(await page.getByTestId('watchlists').getByText(PAYLOAD, { exact: true }).isVisible()).toBe(true);
    await expectInert();
  });

  test('the Admin, Account and Audit pages show the names as text', async () => {
    await page.goto(`${server.url}/admin`);
    const names = page.getByTestId('admin-client-name');
    await names.first().waitFor();
    expect(await names.allInnerTexts()).toContain(PAYLOAD);
    await expectInert();

    await page.goto(`${server.url}/account`);
    await page.getByText(`${PAYLOAD} (owner)`, { exact: false }).waitFor();
    await expectInert();

    await page.goto(`${server.url}/audit`);
    const filters = page.getByRole('form', { name: 'Audit filters' });
    await filters.getByLabel('Action').fill('strategy_instance.create');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    const row = page.locator('[data-testid="audit-row"][data-action="strategy_instance.create"]');
    await row.getByRole('button', { name: /^Show the change/ }).click();
    const diff = page.getByTestId('audit-diff');
    await diff.getByText(PAYLOAD, { exact: true }).waitFor();
    await expectInert();
  });
});
