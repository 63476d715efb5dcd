// The Risk page on the simulated broker's demo book: the PM account's margin, concentration, VaR, stress and verdicts
// with real numbers; the TFSA; a limit that survives a reload; and a pre-trade check that blocks a naked call.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeSignedIn, e2eTarget, horizontalOverflow, newContext, openSignedIn, pageHeading } from './browser';
import { startTestServer, type RunningTestServer } from './server';

const target = e2eTarget();
const PHONE = { width: 375, height: 812 };
/** A formatted amount or ratio: "1,234.56", "−12.00", "+3.5", "5.3%". Never "—". */
const NUMBER = /^[+−-]?\d{1,3}(,\d{3})*(\.\d+)?%?$/;

describe.skipIf(target === null)('risk page', () => {
  let browser: Browser;
  let server: RunningTestServer;
  let page: Page;

  beforeAll(async () => {
    const session = await openSignedIn(target, () => startTestServer({ broker: 'sim', syncIntervalSeconds: 3600 }));
    ({ browser, server } = session);
    page = await session.desktop.newPage();
  });
  afterAll(() => closeSignedIn(browser, server));

  const accountSelect = () =>
    page.getByRole('combobox', { name: 'Account' }).or(page.getByRole('textbox', { name: 'Account' }));

  async function chooseAccount(code: string) {
    await accountSelect().click();
    await page.getByRole('option', { name: new RegExp(code) }).click();
    await expect.poll(() => page.getByTestId('account-risk').getAttribute('data-account-code')).toBe(code);
  }

  const text = (locator: Locator) => locator.innerText().then((t) => t.trim());

  test('DU-SIM-PM: margin usage, concentration, VaR, stress and verdicts with real numbers', async () => {
    await page.goto(`${server.url}/risk`);
    await pageHeading(page, 'Risk').waitFor();
    // The demo book arrives with the startup sync.
    await expect
      .poll(
        async () => {
          if ((await page.getByText('No broker accounts synced yet').count()) > 0) await page.reload();
          return page.getByTestId('account-risk').count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
    await chooseAccount('DU-SIM-PM');

    expect(await text(page.getByTestId('risk-account-type'))).toBe('PM');
    expect(await text(page.getByTestId('risk-account-title'))).toContain('DU-SIM-PM');
    expect(await text(page.getByTestId('risk-margin-usage'))).toMatch(NUMBER);
    expect(await text(page.getByTestId('broker-margin-usage'))).toMatch(/^Broker-reported \d+\.\d%$/);
    expect(await text(page.getByTestId('risk-gauges'))).toContain('warn 50% · block 70%');
    expect(await text(page.getByTestId('margin-comparison'))).toContain('Estimate (TIMS-like scan)');

    const concentration = page.getByTestId('concentration-row');
    const symbols = await concentration.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-symbol')));
    expect(symbols).toEqual(expect.arrayContaining(['AAPL', 'KO', 'SPY']));
    for (const symbol of ['AAPL', 'KO', 'SPY']) {
      const notional = page.locator(`[data-testid="concentration-row"][data-symbol="${symbol}"]`);
      expect(await text(notional.getByTestId('concentration-notional'))).toMatch(NUMBER);
    }
    expect(await text(page.getByTestId('ticker-limit'))).toContain('warn 15% · block 20%');

    const historical = page.getByTestId('var-historical');
    expect(await text(historical.getByTestId('var-observations'))).toMatch(
      /^\d[\d,]* daily observations · history through \w{3} \d{1,2}, \d{4}$/,
    );
    for (const confidence of ['95%', '99%']) {
      const cells = historical.locator(`[data-testid="var-row"][data-confidence="${confidence}"] td`);
      expect(await text(cells.nth(1))).toMatch(NUMBER);
      expect(await text(cells.nth(2))).toMatch(NUMBER);
    }
    const deltaGamma = page.getByTestId('var-delta-gamma').locator('[data-testid="var-row"] td');
    expect(await text(deltaGamma.nth(1))).toMatch(NUMBER);

    const stress = page.getByTestId('stress-row');
    expect(await stress.count()).toBeGreaterThan(5);
    const pnls = await stress.getByTestId('stress-pnl').allInnerTexts();
    for (const pnl of pnls) expect(pnl.trim()).toMatch(NUMBER);
    // Some scenario loses money on a long book.
    expect(pnls.some((p) => p.startsWith('−'))).toBe(true);
    await page.getByTestId('stress-chart').locator('canvas').waitFor();

    const verdicts = page.getByTestId('risk-verdicts').getByTestId('verdict');
    expect(await verdicts.count()).toBeGreaterThan(0);
    const kinds = await verdicts.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
    for (const kind of kinds) expect(['allow', 'warn', 'block']).toContain(kind);
    expect(await page.locator('[data-testid="verdict"][data-rule="margin_usage"]').count()).toBe(1);

    // Option positions carry an assignment-risk badge.
    expect(await page.locator('[data-testid="risk-position-row"][data-kind="option"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('assignment-risk').count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/optionstrader-risk-pm-desktop.png', fullPage: true });
  });

  test('switches to DU-SIM-TFSA, and the choice survives a reload through the URL', async () => {
    await chooseAccount('DU-SIM-TFSA');
    expect(page.url()).toMatch(/[?&]account=[0-9a-f-]{36}/);
    expect(await text(page.getByTestId('risk-account-type'))).toBe('TFSA');
    expect(await text(page.getByTestId('margin-comparison'))).toContain('Estimate (cash rules)');
    const symbols = await page
      .getByTestId('concentration-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-symbol')));
    expect(symbols).toEqual(expect.arrayContaining(['QQQ', 'SPY']));
    await page.reload();
    await expect.poll(() => page.getByTestId('account-risk').getAttribute('data-account-code')).toBe('DU-SIM-TFSA');
  });

  test('a changed limit is saved, survives a reload, refuses bad values inline and resets to the default', async () => {
    const limits = page.getByTestId('risk-limits');
    const row = limits.locator('[data-testid="limit-row"][data-limit="tickerExposureMax"]');
    const input = row.getByRole('textbox', { name: 'One ticker: block above' });
    expect(await text(row.getByTestId('limit-default'))).toBe('default 25%');
    expect(await input.inputValue()).toBe('25%');

    // Checked in the browser: a throttle scale of 0 is not a throttle.
    const scale = limits.getByRole('textbox', { name: 'Drawdown: shrink new positions to' });
    await scale.fill('0');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await limits.getByText('Must be above 0%').waitFor();
    await scale.fill('50');

    // Checked by the server: a warning level above the blocking level.
    await limits.getByRole('textbox', { name: 'One ticker: warn above' }).fill('60');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await limits.getByTestId('limits-error').waitFor();
    await limits.getByRole('textbox', { name: 'One ticker: warn above' }).fill('20');

    await input.fill('40');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await limits.getByTestId('limits-saved').waitFor();
    await expect.poll(() => text(row.getByTestId('limit-effective'))).toBe('40%');
    // The per-ticker limit of the concentration table follows.
    await expect.poll(() => text(page.getByTestId('ticker-limit'))).toContain('block 40%');

    await page.reload();
    await expect.poll(() => page.getByTestId('account-risk').getAttribute('data-account-code')).toBe('DU-SIM-TFSA');
    const reloaded = page
      .getByTestId('risk-limits')
      .locator('[data-testid="limit-row"][data-limit="tickerExposureMax"]');
    await expect.poll(() => reloaded.getByRole('textbox').inputValue()).toBe('40%');
    expect(await text(reloaded.getByTestId('limit-effective'))).toBe('40%');
    expect(await text(reloaded.getByTestId('limit-default'))).toBe('default 25%');

    await page.getByTestId('risk-limits').getByRole('button', { name: 'Reset to defaults' }).click();
    await expect.poll(() => text(reloaded.getByTestId('limit-effective'))).toBe('25%');
    expect(await reloaded.getByRole('textbox').inputValue()).toBe('25%');
  });

  test('pre-trade check: selling 5 more SPY calls in the TFSA (shares cover 2) is blocked as naked', async () => {
    // The strike and expiry of the covered call the TFSA already holds, e.g. "SPY 2026-12-24 794 call".
    const call = page.locator('[data-testid="risk-position-row"][data-symbol="SPY"][data-kind="option"]').first();
    const match = /SPY (\d{4}-\d{2}-\d{2}) ([\d.]+) call/.exec(await call.innerText());
    expect(match).not.toBeNull();
    const [, expiry = '', strike = ''] = match ?? [];

    const form = page.getByTestId('pre-trade-check');
    const leg = form.getByTestId('pre-trade-leg').first();
    await leg.getByRole('textbox', { name: 'Underlier' }).fill('SPY');
    await leg.getByRole('textbox', { name: 'Strike' }).fill(strike);
    await leg.getByLabel('Expiry').fill(expiry);
    await leg.getByRole('textbox', { name: /Quantity/ }).fill('-5');
    await form.getByRole('button', { name: 'Check order' }).click();

    const result = form.getByTestId('pre-trade-result');
    await result.waitFor();
    expect(await result.getAttribute('data-verdict')).toBe('block');
    const naked = result.locator('[data-testid="verdict"][data-rule="naked_call"]');
    expect(await naked.getAttribute('data-verdict')).toBe('block');
    expect(await naked.innerText()).toMatch(/naked call/i);
    // The badge shows the verdict in capitals (CSS); its text is the verdict.
    expect(await result.getByTestId('verdict-badge').first().textContent()).toBe('block');
    // The sim broker answers the same order's what-if beside the estimate.
    expect(await text(result.getByTestId('broker-what-if'))).toMatch(/^Broker what-if \(nothing placed\)/);
    await page.screenshot({ path: '/tmp/optionstrader-risk-tfsa-desktop.png', fullPage: true });
  });

  test('fits 375px: wide tables scroll inside their sections, the page does not', async () => {
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await page.context().storageState(),
    });
    const small = await phone.newPage();
    await small.goto(page.url());
    await small.getByTestId('stress-row').first().waitFor();
    expect((await horizontalOverflow(small)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await small.screenshot({ path: '/tmp/optionstrader-risk-phone.png', fullPage: true });
    await phone.close();
  });
});
