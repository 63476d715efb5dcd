// The Backtests screen on the real server and the repository's data files: the "Wheel on KO" preset shortened to
// 2015–2016 runs in the background with a progress bar, then shows numeric statistics, the equity and drawdown
// charts, one row per year and the trades; the same request again gives identical statistics (seeded, reproducible)
// and the two compare side by side; a request whose from is after its to is refused by the server beside the field
// and stores nothing; the Cboe PUT preset over 2019 completes; a run is deleted; every input has a label; the page
// fits a phone.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeSignedIn, e2eTarget, horizontalOverflow, newContext, openSignedIn, pageHeading } from './browser';
import { startTestServer, type RunningTestServer } from './server';

const target = e2eTarget();
const PHONE = { width: 375, height: 812 };
/** A backtest of a year or two of daily data runs in seconds; the margin is for a slow machine. */
const RUN_TIMEOUT = 90_000;
/** A formatted statistic: "12.34%", "-5.00%", "$1,234.50", "−$12.00", "0.42", "1,234", "45 d". Never "—". */
const STAT = /^[−-]?\$?\d{1,3}(,\d{3})*(\.\d+)?(%| d)?$/;

interface Summary {
  id: string;
  name: string;
  status: string;
}
interface Detail extends Summary {
  stats: Record<string, unknown> | null;
  equity: { date: string; equity: number }[];
  years: { year: number }[];
  trades: unknown[];
}

describe.skipIf(target === null)('backtests screen', () => {
  let browser: Browser;
  let server: RunningTestServer;
  let page: Page;
  /** The first Wheel-on-KO run and its statistics as the screen shows them (data-value of each stat). */
  let firstId = '';
  let firstStats: Record<string, string> = {};

  beforeAll(async () => {
    const session = await openSignedIn(target, () => startTestServer());
    ({ browser, server } = session);
    page = await session.desktop.newPage();
  }, 180_000);
  afterAll(() => closeSignedIn(browser, server));

  const text = (locator: Locator) => locator.innerText().then((t) => t.trim());
  const apiGet = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(`${server.url}${path}`);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  };
  const form = () => page.getByTestId('backtest-form');
  const result = () => page.getByTestId('backtest-result');
  const runParam = () => new URL(page.url()).searchParams.get('run');
  /** Mantine's Select is a textbox or a combobox depending on its state. */
  const select = (label: string) =>
    form()
      .getByRole('combobox', { name: label, exact: true })
      .or(form().getByRole('textbox', { name: label, exact: true }));

  /** Every statistic's raw value, by key. */
  const readStats = () =>
    result()
      .getByTestId('backtest-stats')
      .locator('[data-testid^="stat-"]')
      .evaluateAll((els) =>
        Object.fromEntries(
          els.map((el) => [el.getAttribute('data-testid') ?? '', el.getAttribute('data-value') ?? '']),
        ),
      );

  /** Records every progress value the page shows from now on (a short run may show its bar only briefly). */
  const watchProgress = () =>
    page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      const record = () => {
        for (const bar of document.querySelectorAll('[role="progressbar"]')) {
          seen.push(Number(bar.getAttribute('aria-valuenow')));
        }
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
  const progressSeen = () => page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);

  async function setRange(from: string, to: string) {
    await form().getByLabel('From', { exact: true }).fill(from);
    await form().getByLabel('To', { exact: true }).fill(to);
  }

  /** Runs the form as it stands; resolves with the new run's id once it has succeeded. */
  async function runAndWait(previous: string | null): Promise<string> {
    await form().getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(runParam, { timeout: 15_000 }).not.toBe(previous);
    const id = runParam() ?? '';
    // The URL changes a render before the result does: wait for this run's own result, not the previous one's.
    await page
      .locator(`[data-testid="backtest-result"][data-backtest-id="${id}"]`)
      .locator('[data-testid="backtest-status"][data-status="succeeded"]')
      .waitFor({ timeout: RUN_TIMEOUT });
    return id;
  }

  test('Wheel on KO, 2015–2016: a progress bar, then statistics, charts, two years and the trades', async () => {
    await page.goto(`${server.url}/backtests`);
    await pageHeading(page, 'Backtests').waitFor();
    await page.getByText('No backtests yet').waitFor();

    await page.getByTestId('preset-wheel-ko').click();
    // The preset filled the form: the strategy, its config (the profit target, 50%), KO and its full range.
    expect(await select('Strategy').inputValue()).toBe('Wheel');
    expect(await form().getByLabel('From', { exact: true }).inputValue()).toBe('2010-01-04');
    expect(await form().getByLabel('To', { exact: true }).inputValue()).toBe('2022-12-30');
    expect(await text(form().getByTestId('underlier-ranges'))).toMatch(/^KO \d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}/);
    expect(await form().getByLabel('Initial cash ($)').inputValue()).toBe('100,000');
    expect(await form().getByRole('textbox', { name: 'IV ratio KO' }).inputValue()).toBe('1');
    await form()
      .getByRole('button', { name: /Wheel settings/ })
      .click();
    const profit = form().locator('[data-testid="config-field"][data-field="rollRules.profitTargetPct"]');
    expect(await profit.getByRole('textbox').inputValue()).toBe('0.5');
    const delta = form().locator('[data-testid="config-field"][data-field="targetDelta"]');
    expect(await delta.getByRole('textbox').inputValue()).toBe('0.3');

    await setRange('2015-01-02', '2016-12-30');
    await watchProgress();
    firstId = await runAndWait(null);

    const seen = await progressSeen();
    expect(seen.length).toBeGreaterThan(0);
    for (const value of seen) expect(value >= 0 && value <= 100, String(value)).toBe(true);
    expect(await result().getByRole('progressbar').count()).toBe(0);

    // Headline statistics are numbers in their units.
    for (const key of ['totalReturn', 'cagr', 'volatility', 'sharpe', 'maxDrawdown', 'endEquity', 'premiumCollected']) {
      expect(await text(result().getByTestId(`stat-${key}`)), key).toMatch(STAT);
    }
    expect(await text(result().getByTestId('stat-totalReturn'))).toMatch(/%$/);
    expect(await text(result().getByTestId('stat-endEquity'))).toMatch(/^\$/);
    expect(await text(result().getByTestId('stat-benchmarkReturn'))).toMatch(STAT);
    firstStats = await readStats();

    await result().getByTestId('equity-chart').locator('canvas').waitFor();
    await result().getByTestId('drawdown-chart').locator('canvas').waitFor();
    // The log scale redraws the same chart.
    await result().getByRole('switch', { name: 'Log scale' }).click({ force: true });
    await result().getByTestId('equity-chart').locator('canvas').waitFor();
    expect(await result().getByTestId('equity-chart').getAttribute('aria-label')).toMatch(/log scale/);

    const years = await result()
      .getByTestId('year-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-year')));
    expect(years).toEqual(['2015', '2016']);
    const trades = await result().getByTestId('trade-row').count();
    expect(trades).toBeGreaterThan(0);
    const detail = await apiGet<Detail>(`/api/backtests/${firstId}`);
    expect(detail.status).toBe('succeeded');
    expect(trades).toBe(Math.min(100, detail.trades.length));
    expect(await result().getByTestId('trades-count').getAttribute('data-count')).toBe(String(detail.trades.length));

    // The history lists it, succeeded, with its return.
    const row = page.locator(`[data-testid="backtest-row"][data-backtest-id="${firstId}"]`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('succeeded');
    expect(await text(row)).toContain('2015-01-02 → 2016-12-30');
    await page.screenshot({ path: '/tmp/optionstrader-backtests-desktop.png', fullPage: true });
  });

  test('the same request again gives identical statistics; the two runs compare side by side', async () => {
    // The form still holds the request (same seed).
    const secondId = await runAndWait(firstId);
    expect(secondId).not.toBe(firstId);
    expect(await readStats()).toEqual(firstStats);
    const [a, b] = await Promise.all([
      apiGet<Detail>(`/api/backtests/${firstId}`),
      apiGet<Detail>(`/api/backtests/${secondId}`),
    ]);
    expect(b.stats).toEqual(a.stats);
    expect(b.equity).toEqual(a.equity);

    for (const id of [firstId, secondId]) {
      await page
        .locator(`[data-testid="backtest-row"][data-backtest-id="${id}"]`)
        .getByRole('checkbox')
        .check({ force: true });
    }
    await page.getByTestId('compare-selected').click();
    const compare = page.getByTestId('compare-view');
    await compare.waitFor();
    expect(new URL(page.url()).searchParams.get('compare')).toBe(`${firstId},${secondId}`);
    await compare.getByTestId('compare-table').waitFor();
    expect(await text(compare.getByTestId('compare-request-differences'))).toBe('Same request (name aside).');
    const rows = compare.getByTestId('compare-row');
    expect(await rows.count()).toBe(Object.keys(firstStats).length);
    // Identical runs: A equals B everywhere and every difference is zero (or unknown on both sides).
    expect(await compare.getByTestId('compare-a').allInnerTexts()).toEqual(
      await compare.getByTestId('compare-b').allInnerTexts(),
    );
    for (const diff of await compare.getByTestId('compare-diff').allInnerTexts()) {
      expect(diff.trim()).toMatch(/^(0\.00 pp|\$0\.00|0\.00|0|0 d|—)$/);
    }
    const totalReturn = compare.locator('[data-testid="compare-row"][data-stat="totalReturn"]');
    expect(await text(totalReturn.getByTestId('compare-a'))).toMatch(STAT);
    await compare.getByTestId('compare-chart').locator('canvas').waitFor();
    await page.screenshot({ path: '/tmp/optionstrader-backtests-compare.png', fullPage: true });
  });

  test('from after to: the server’s refusal shows beside From and no run is stored', async () => {
    const before = await apiGet<{ backtests: Summary[] }>('/api/backtests');
    await setRange('2016-12-30', '2015-01-02');
    await form().getByRole('button', { name: 'Run backtest' }).click();
    const banner = form().getByTestId('backtest-server-error');
    await banner.waitFor();
    expect(await text(banner)).toMatch(/from \(2016-12-30\) is after to \(2015-01-02\)/);
    const from = form().getByLabel('From', { exact: true });
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    // The field's own error, announced with it (aria-describedby), not only the banner.
    const describedBy = ((await from.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const descriptions = await Promise.all(describedBy.map((id) => text(page.locator(`[id="${id}"]`))));
    expect(descriptions.join(' | ')).toMatch(/from \(2016-12-30\) is after to/);
    const after = await apiGet<{ backtests: Summary[] }>('/api/backtests');
    expect(after.backtests.map((r) => r.id)).toEqual(before.backtests.map((r) => r.id));
    // Editing the field clears its error.
    await setRange('2015-01-02', '2016-12-30');
    expect(await from.getAttribute('aria-invalid')).not.toBe('true');
  });

  test('the Cboe PUT preset over 2019 completes', async () => {
    await page.getByTestId('preset-cboe-put').click();
    expect(await select('Strategy').inputValue()).toMatch(/put/i);
    expect(await form().getByLabel('Initial cash ($)').inputValue()).toBe('10,000,000');
    expect(
      await form()
        .getByRole('switch', { name: /Commissions/ })
        .isChecked(),
    ).toBe(false);
    await setRange('2019-01-02', '2019-12-31');
    const id = await runAndWait(runParam());
    expect(await text(result().getByTestId('stat-totalReturn'))).toMatch(STAT);
    const years = await result()
      .getByTestId('year-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-year')));
    expect(years).toEqual(['2019']);
    const detail = await apiGet<Detail & { strategy: string; underliers: string[] }>(`/api/backtests/${id}`);
    expect(detail.strategy).toBe('putwrite');
    expect(detail.underliers).toEqual(['SPX']);
    // A put sold on each of the year's 12 monthly expirations (the preset lifts the 10-contract limit), none blocked.
    expect(await form().getByLabel('Max new contracts per day').inputValue()).toBe('off');
    const full = await apiGet<{ trades: unknown[]; stats: { counters: { riskBlocked: number } } }>(
      `/api/backtests/${id}`,
    );
    expect(full.stats.counters.riskBlocked).toBe(0);
    expect(full.trades.length).toBeGreaterThanOrEqual(11);
    expect(await text(result().getByTestId('stat-benchmarkReturn'))).toMatch(STAT);

    // "Edit as new" loads the run's request back into the form.
    await setRange('2018-01-02', '2018-12-31');
    await page.getByTestId('preset-wheel-ko').click();
    await result().getByRole('button', { name: 'Edit as new' }).click();
    await expect.poll(() => select('Strategy').inputValue()).toMatch(/put/i);
    expect(await form().getByLabel('From', { exact: true }).inputValue()).toBe('2019-01-02');
    expect(await form().getByLabel('To', { exact: true }).inputValue()).toBe('2019-12-31');
    expect(await form().getByLabel('Initial cash ($)').inputValue()).toBe('10,000,000');
    expect(await select('Fill model').inputValue()).toBe('Mid');
  });

  test('every input of the form has a label', async () => {
    const unlabeled = await form()
      .locator('input:not([type="hidden"]), select, textarea')
      .evaluateAll((els) =>
        els
          .filter((el) => {
            const input = el as HTMLInputElement;
            if (input.labels && input.labels.length > 0) return false;
            if (input.getAttribute('aria-label') || input.getAttribute('aria-labelledby')) return false;
            return true;
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );
    expect(unlabeled).toEqual([]);
  });

  test('a long run can be cancelled from its progress bar; it keeps no results', async () => {
    // Ten underliers over twenty years (seconds of work), started through the API and opened by its link.
    const ten = ['SPY', 'QQQ', 'AAPL', 'MSFT', 'KO', 'JPM', 'XOM', 'JNJ', 'PG', 'WMT'];
    const started = await page.request.post(`${server.url}/api/backtests`, {
      data: { strategy: 'wheel', config: { symbols: ten }, underliers: ten, name: 'cancel me' },
    });
    expect(started.status()).toBe(202);
    const { id } = (await started.json()) as { id: string };
    await page.goto(`${server.url}/backtests?run=${id}`);
    await result().getByTestId('backtest-cancel').click();
    await expect
      .poll(() => result().getByTestId('backtest-status').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('cancelled');
    expect(await result().getByText('The backtest was cancelled before it finished.').isVisible()).toBe(true);
    const detail = await apiGet<{ status: string; equity: unknown[] }>(`/api/backtests/${id}`);
    expect(detail).toMatchObject({ status: 'cancelled', equity: [] });
  });

  test('a run is deleted from the history after a confirmation', async () => {
    const row = page.locator(`[data-testid="backtest-row"][data-backtest-id="${firstId}"]`);
    await row.getByRole('button', { name: /^Delete / }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete backtest' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await page.request.get(`${server.url}/api/backtests/${firstId}`)).status()).toBe(404);
  });

  test('fits 375px: the form, a result and the history scroll inside, not the page', async () => {
    const { backtests } = await apiGet<{ backtests: Summary[] }>('/api/backtests');
    const id = backtests.find((b) => b.status === 'succeeded')?.id ?? '';
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await page.context().storageState(),
    });
    const small = await phone.newPage();
    await small.goto(`${server.url}/backtests?run=${id}`);
    await small.getByTestId('backtest-result').getByTestId('equity-chart').locator('canvas').waitFor();
    await small.getByTestId('backtest-form').waitFor();
    expect((await horizontalOverflow(small)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await small.screenshot({ path: '/tmp/optionstrader-backtests-phone.png', fullPage: true });
    await phone.close();
  });
});
