// The Jobs page against the real server (sim broker, in-process scheduler and queue): the job definitions with their
// next run on the exchange clock, Run now (confirmed) and its attempt in the history, the filters, the failed list
// with Retry (a seeded dead run), and the Logs page's job history.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeSignedIn, e2eTarget, openSignedIn, pageHeading } from './browser';
import { startTestServer, type RunningTestServer } from './server';

const target = e2eTarget();
const DEAD_ERROR = 'Seeded by the browser test: the database was unreachable';

describe.skipIf(target === null)('jobs page', () => {
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
          // A job that used up its retries: the failed list shows it with its error.
          await database.db.execute(
            `insert into job_runs (job_id, name, trigger, attempt, status, will_retry, worker, started_at, finished_at, duration_ms, error)
             values ('e2e-dead-1', 'snapshot.eod', 'schedule', 3, 'failed', false, 'e2e:1', now() - interval '1 hour',
                     now() - interval '59 minutes', 60000, '${DEAD_ERROR}')`,
          );
        },
      }),
    ));
    page = await desktop.newPage();
  });
  afterAll(() => closeSignedIn(browser, server));

  test('lists the jobs with schedule, next run in New York time, policy and retry limit', async () => {
    await page.goto(`${server.url}/jobs`);
    await pageHeading(page, 'Jobs').waitFor();
    const rows = page.getByTestId('job-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    const snapshot = page.locator('[data-testid="job-row"][data-job="snapshot.eod"]');
    expect(await snapshot.innerText()).toMatch(/ET/);
    expect(await snapshot.innerText()).toMatch(/in \d/);
    const ping = page.locator('[data-testid="job-row"][data-job="queue.ping"]');
    expect(await ping.getByTestId('next-run').innerText()).toBe('—');
    expect(await ping.innerText()).toContain('Skip missed runs');
  });

  test('Run now asks first, queues the job and its attempt shows in the history', async () => {
    const ping = page.locator('[data-testid="job-row"][data-job="queue.ping"]');
    await ping.getByRole('button', { name: /Run .* now/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Run this job now?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.locator('[data-testid="job-run-row"][data-job="queue.ping"]').count()).toBe(0);

    await ping.getByRole('button', { name: /Run .* now/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Run now' }).click();
    await page.getByTestId('job-queued').waitFor();
    const attempts = page.getByTestId('job-attempts').locator('[data-testid="job-run-row"][data-job="queue.ping"]');
    await expect.poll(() => attempts.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => attempts.first().getAttribute('data-status'), { timeout: 20_000 }).toBe('succeeded');
  });

  test('filters the history by job and status', async () => {
    const history = page.getByTestId('job-attempts');
    await history.getByLabel('Job').selectOption('snapshot.eod');
    await expect
      .poll(
        async () =>
          new Set(
            await history.getByTestId('job-run-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job'))),
          ),
        { timeout: 10_000 },
      )
      .toEqual(new Set(['snapshot.eod']));
    await history.getByLabel('Status').selectOption('succeeded');
    await history.getByTestId('no-job-runs').waitFor();
    await history.getByLabel('Job').selectOption('');
    await history.getByLabel('Status').selectOption('');
  });

  test('shows the failed job with its error and retries it', async () => {
    const failed = page.getByTestId('failed-jobs');
    const row = failed.locator('[data-testid="job-run-row"][data-job="snapshot.eod"]');
    await row.waitFor();
    expect(await row.innerText()).toContain(DEAD_ERROR);
    await row.getByRole('button', { name: /^Retry/ }).click();
    await failed.getByTestId('job-retried').waitFor();
  });

  test('the Logs page shows admins the job history', async () => {
    await page.goto(`${server.url}/logs`);
    await pageHeading(page, 'Logs & Alerts').waitFor();
    const history = page.getByTestId('job-history');
    await expect.poll(() => history.getByTestId('job-run-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });
});
