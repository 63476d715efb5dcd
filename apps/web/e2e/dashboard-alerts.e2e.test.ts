// The dashboard's "Open alerts" panel: alerts raised into the database show newest first with their severity, an
// acknowledged one does not, and Acknowledge takes an alert off the panel.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeSignedIn, e2eTarget, openSignedIn, pageHeading } from './browser';
import { startTestServer, type RunningTestServer } from './server';

const target = e2eTarget();
const NEWER = 'SPY concentration above the warning level: seeded by the dashboard test';
const OLDER = 'Quotes are stale: seeded by the dashboard test';
const ACKNOWLEDGED = 'Broker sync recovered: seeded, already acknowledged';

describe.skipIf(target === null)('dashboard open alerts', () => {
  let browser: Browser;
  let server: RunningTestServer;
  let desktop: BrowserContext;

  beforeAll(async () => {
    ({ browser, server, desktop } = await openSignedIn(target, () =>
      startTestServer({
        // No broker: the seeded alerts are the only ones.
        broker: 'none',
        onDatabaseReady: async (database) => {
          await database.db.execute(
            `insert into alerts (severity, kind, message, payload, created_at, acknowledged_at) values
               ('warning', 'risk_concentration', '${NEWER}', '{"dedupeKey":"e2e-newer"}', now() - interval '1 minute', null),
               ('error', 'data_stale', '${OLDER}', '{"dedupeKey":"e2e-older"}', now() - interval '3 hours', null),
               ('info', 'broker_sync_recovered', '${ACKNOWLEDGED}', null, now() - interval '10 minutes', now())`,
          );
        },
      }),
    ));
  });
  afterAll(() => closeSignedIn(browser, server));

  test('lists the open alerts newest first with severity and time, and Acknowledge removes one', async () => {
    const page = await desktop.newPage();
    await page.goto(`${server.url}/`);
    await pageHeading(page, 'Dashboard').waitFor();
    const panel = page.getByTestId('open-alerts');
    const items = panel.getByTestId('open-alert');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(2);

    const [first = '', second = ''] = await items.allInnerTexts();
    expect(first).toContain(NEWER);
    expect(first).toMatch(/warning/i);
    expect(first).toMatch(/\(1 min ago\)/);
    expect(second).toContain(OLDER);
    expect(second).toMatch(/error/i);
    expect(await panel.getByText(ACKNOWLEDGED).count()).toBe(0);
    expect(await panel.getByRole('heading', { level: 2 }).innerText()).toBe('Open alerts (2)');
    await page.screenshot({ path: '/tmp/optionstrader-dashboard-alerts.png', fullPage: true });

    await panel.getByRole('button', { name: `Acknowledge: ${NEWER}` }).click();
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().innerText()).toContain(OLDER);
    expect(await panel.getByRole('heading', { level: 2 }).innerText()).toBe('Open alerts (1)');

    // The acknowledgement is the server's: after a reload the alert stays off the panel and shows on Logs & Alerts.
    await page.reload();
    await expect.poll(() => items.count()).toBe(1);
    await page.goto(`${server.url}/logs`);
    await page.getByRole('button', { name: /Show acknowledged \(2\)/ }).click();
    await page.getByTestId('acknowledged-alerts').getByText(NEWER).waitFor({ state: 'visible' });
  });
});
