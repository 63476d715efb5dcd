// Logs & Alerts with the simulated broker: the startup sync run and its counts, "Sync now", a seeded alert to
// acknowledge, the phone width; and the honest empty states of a server without a broker.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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
import { startTestServer, type RunningTestServer } from './server';

const target = e2eTarget();
const PHONE = { width: 375, height: 812 };
const SEEDED_ALERT = 'Broker sync failed 3 times in a row: seeded by the browser test';
const SEEDED_ACKNOWLEDGED = 'Broker sync recovered (seeded, already acknowledged)';

describe.skipIf(target === null)('logs & alerts', () => {
  let browser: Browser;
  let server: RunningTestServer;
  let desktop: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ browser, server, desktop } = await openSignedIn(target, () =>
      startTestServer({
        broker: 'sim',
        syncIntervalSeconds: 3600,
        onDatabaseReady: async (database) => {
          // Its own dedupe key, so a data health monitor reacting to the sim's sync never resolves it.
          await database.db.execute(
            `insert into alerts (severity, kind, message, payload, created_at) values
               ('critical', 'broker_sync_failed', '${SEEDED_ALERT}', '{"dedupeKey":"e2e","lastError":"seeded"}', now() - interval '2 minutes'),
               ('info', 'broker_sync_recovered', '${SEEDED_ACKNOWLEDGED}', null, now() - interval '1 hour')`,
          );
          await database.db.execute(
            `update alerts set acknowledged_at = now() where message = '${SEEDED_ACKNOWLEDGED}'`,
          );
        },
      }),
    ));
    page = await desktop.newPage();
  });
  afterAll(() => closeSignedIn(browser, server));

  const runRows = () => page.getByTestId('sync-run-row');

  test('shows the startup sync run with its counts per entity', async () => {
    await page.goto(`${server.url}/logs`);
    await pageHeading(page, 'Logs & Alerts').waitFor();
    await expect.poll(() => runRows().count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const startup = runRows().filter({ hasText: 'startup' }).first();
    expect(await startup.getAttribute('data-status')).toBe('succeeded');
    expect(Number((await startup.getByTestId('rows-written').innerText()).replace(/,/g, ''))).toBeGreaterThan(0);

    await startup.getByRole('button', { name: /Show counts/ }).click();
    const counts = page.getByTestId('entity-counts');
    await counts.waitFor();
    const positions = counts.locator('tr[data-entity="positions"] td');
    expect(await positions.nth(0).innerText()).toBe('positions');
    expect(Number(await positions.nth(1).innerText())).toBeGreaterThan(0); // seen
    expect(Number(await positions.nth(2).innerText())).toBeGreaterThan(0); // inserted on the first sync
  });

  test('"Sync now" adds an api run at the top', async () => {
    const before = await runRows().count();
    const button = page.getByRole('button', { name: 'Sync now' });
    await button.click();
    await expect.poll(() => runRows().count(), { timeout: 20_000 }).toBe(before + 1);
    const newest = runRows().first();
    expect(await newest.innerText()).toContain('api');
    await expect.poll(() => newest.getAttribute('data-status')).toBe('succeeded');
    await expect.poll(() => button.isEnabled()).toBe(true);
  });

  test('a seeded alert is listed open, with its severity, and can be acknowledged', async () => {
    const alerts = page.getByTestId('alerts');
    const seeded = alerts.getByTestId('alert-item').filter({ hasText: SEEDED_ALERT });
    await seeded.waitFor();
    expect(await seeded.innerText()).toMatch(/critical/i);
    // Acknowledged ones are folded away until asked for.
    expect(await alerts.getByText(SEEDED_ACKNOWLEDGED).isVisible()).toBe(false);
    await page.screenshot({ path: '/tmp/optionstrader-logs-desktop.png', fullPage: true });

    await seeded.getByRole('button', { name: `Acknowledge: ${SEEDED_ALERT}` }).click();
    await expect.poll(() => alerts.getByRole('button', { name: `Acknowledge: ${SEEDED_ALERT}` }).count()).toBe(0);
    await alerts.getByRole('button', { name: /Show acknowledged \(2\)/ }).click();
    const folded = alerts.getByTestId('acknowledged-alerts');
    await folded.getByText(SEEDED_ALERT).waitFor({ state: 'visible' });
    await folded.getByText(SEEDED_ACKNOWLEDGED).waitFor({ state: 'visible' });
  });

  test('fits 375px: the runs table scrolls inside its container, the page does not', async () => {
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await desktop.storageState(),
    });
    const small = await phone.newPage();
    await small.goto(`${server.url}/logs`);
    await small.getByTestId('sync-run-row').first().waitFor();
    await small
      .getByTestId('sync-run-row')
      .first()
      .getByRole('button', { name: /Show counts/ })
      .click();
    expect((await horizontalOverflow(small)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await small.screenshot({ path: '/tmp/optionstrader-logs-phone.png', fullPage: true });
    await phone.close();
  });

  test('without a broker: "No broker configured" and "No alerts"', async () => {
    const { baseUrl } = requireTarget(target);
    const context = await newContext(browser);
    const other = await context.newPage();
    await signIn(other, baseUrl);
    await other.goto(`${baseUrl}/logs`);
    await other.getByText('No broker configured (BROKER=none)', { exact: false }).waitFor();
    await other.getByText('No alerts', { exact: true }).waitFor();
    expect(await other.getByRole('button', { name: 'Sync now' }).count()).toBe(0);
    await context.close();
  });
});
