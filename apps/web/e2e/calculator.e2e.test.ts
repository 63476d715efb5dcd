// The option calculator against Hull's Example 15.6, its implied-vol and validation messages, the payoff chart, and phone width.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  e2eTarget,
  horizontalOverflow,
  launchBrowser,
  navLink,
  newContext,
  pageHeading,
  requireTarget,
  signIn,
} from './browser';

const target = e2eTarget();
const PHONE = { width: 375, height: 812 };

/** Hull, Options, Futures, and Other Derivatives, Example 15.6: S=42, K=40, r=10%, σ=20%, T=0.5 → call 4.76, put 0.81. */
const HULL_15_6 = { spot: '42', strike: '40', days: '182.5', volatility: '20', rate: '10', dividendYield: '0' };

async function fillInputs(page: Page, values: typeof HULL_15_6): Promise<void> {
  await page.getByLabel('Spot price (S)').fill(values.spot);
  await page.getByLabel('Strike (K)').fill(values.strike);
  await page.getByLabel('Days to expiry').fill(values.days);
  await page.getByLabel('Volatility σ').fill(values.volatility);
  await page.getByLabel('Risk-free rate r').fill(values.rate);
  await page.getByLabel('Dividend yield q').fill(values.dividendYield);
}

async function pick(page: Page, group: string, option: string): Promise<void> {
  await page.getByRole('radiogroup', { name: group }).getByText(option, { exact: true }).click();
}

/** Waits until the locator's text satisfies the predicate (outputs update on input, not on a request). */
async function textWhen(locator: Locator, predicate: (text: string) => boolean): Promise<string> {
  let text = '';
  for (let attempt = 0; attempt < 50; attempt++) {
    text = (await locator.innerText()).trim();
    if (predicate(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return text;
}

const asNumber = (text: string): number => Number(text.replace(/[,%]/g, ''));
const near = (expected: number, tolerance: number) => (text: string) =>
  Math.abs(asNumber(text) - expected) <= tolerance;

/** Painted pixels of the chart's canvas (its background is transparent, so anything opaque was drawn). */
function paintedPixels(page: Page): Promise<{ width: number; height: number; painted: number }> {
  return page
    .getByTestId('payoff-chart')
    .locator('canvas')
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d');
      if (!context) return { width: canvas.width, height: canvas.height, painted: 0 };
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) painted++;
      return { width: canvas.width, height: canvas.height, painted };
    });
}

describe.skipIf(target === null)('option calculator', () => {
  let browser: Browser;
  let baseUrl: string;
  let desktop: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const { chromiumPath, baseUrl: url } = requireTarget(target);
    baseUrl = url;
    browser = await launchBrowser(chromiumPath);
    desktop = await newContext(browser);
    page = await desktop.newPage();
    await signIn(page, baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('opens from the navbar with priced defaults and a drawn payoff chart', async () => {
    await navLink(page, 'Calculator').click();
    await page.waitForURL(`${baseUrl}/calculator`);
    await pageHeading(page, 'Option calculator').waitFor();
    expect(await page.title()).toBe('Option calculator · OptionsTrader');
    expect(await navLink(page, 'Calculator').evaluate((el) => el.closest('a')?.getAttribute('aria-current'))).toBe(
      'page',
    );

    // Defaults: an at-the-money 30-day call, S = K = 100, σ 20%, r 4%.
    const price = await textWhen(page.getByTestId('theoretical-price'), (text) => text !== '—');
    expect(asNumber(price)).toBeGreaterThan(2);
    expect(asNumber(price)).toBeLessThan(3);
    expect(await page.getByText('T = 0.0822 years').isVisible()).toBe(true);

    await page.getByTestId('payoff-chart').locator('canvas').first().waitFor();
    const canvas = await paintedPixels(page);
    expect(canvas.width).toBeGreaterThan(300);
    expect(canvas.height).toBeGreaterThan(200);
    expect(canvas.painted).toBeGreaterThan(2_000);
    await page.screenshot({ path: '/tmp/optionstrader-calculator-desktop.png', fullPage: true });
  });

  test("Hull's Example 15.6: call 4.76, put 0.81, greeks with their units", async () => {
    await page.goto(`${baseUrl}/calculator`);
    await fillInputs(page, HULL_15_6);
    expect(await page.getByText('T = 0.5000 years').isVisible()).toBe(true);

    const price = page.getByTestId('theoretical-price');
    expect(asNumber(await textWhen(price, near(4.76, 0.005)))).toBeCloseTo(4.76, 2);
    const greeksTable = page.getByRole('table', { name: 'Greeks' });
    const greeksText = await greeksTable.innerText();
    for (const unit of ['per 1 vol point', 'per calendar day', 'per 1% in r']) expect(greeksText).toContain(unit);
    // N(d1) for Hull 15.6 is 0.7791.
    const delta = await greeksTable.getByRole('row').filter({ hasText: 'Delta' }).getByRole('cell').nth(1).innerText();
    expect(asNumber(delta)).toBeCloseTo(0.7791, 3);
    expect(await page.getByTestId('payoff-summary').innerText()).toContain('Breakeven 44.76');

    await pick(page, 'Right', 'Put');
    expect(asNumber(await textWhen(price, near(0.81, 0.005)))).toBeCloseTo(0.81, 2);

    // Early exercise is worth something for a deep-enough put: the American one costs more (≈ 0.91).
    await pick(page, 'Style', 'American');
    expect(asNumber(await textWhen(price, (text) => asNumber(text) > 0.85))).toBeCloseTo(0.91, 1);
  });

  test('implied volatility: 4.76 solves to 20%, a price below intrinsic and one above the maximum say why', async () => {
    await page.goto(`${baseUrl}/calculator`);
    await fillInputs(page, HULL_15_6);
    const impliedVol = page.getByTestId('implied-vol');
    const observed = page.getByLabel('Observed option price');

    await observed.fill('4.76');
    expect(asNumber(await textWhen(impliedVol, near(20, 0.1)))).toBeCloseTo(20, 0);
    expect(await page.getByTestId('payoff-summary').innerText()).toContain('(observed price)');

    // The call is worth at least S − K·e^(−rT) ≈ 3.95.
    await observed.fill('1.5');
    const reason = page.getByTestId('implied-vol-reason');
    await reason.filter({ hasText: 'Below intrinsic value' }).waitFor();
    expect(await impliedVol.innerText()).toBe('—');

    await observed.fill('45');
    await reason.filter({ hasText: 'Above the maximum possible price' }).waitFor();
    expect(await impliedVol.innerText()).toBe('—');
  });

  test('a negative or empty input shows an inline error and every output becomes "—"', async () => {
    await page.goto(`${baseUrl}/calculator`);
    await textWhen(page.getByTestId('theoretical-price'), (text) => text !== '—');

    await page.getByLabel('Spot price (S)').fill('-5');
    await page.getByText('Must be greater than 0').waitFor();
    expect(await textWhen(page.getByTestId('theoretical-price'), (text) => text === '—')).toBe('—');
    const values = await page.getByRole('table', { name: 'Greeks' }).locator('tbody td:nth-child(2)').allInnerTexts();
    expect(values).toHaveLength(6);
    expect(values.every((value) => value.trim() === '—')).toBe(true);
    expect(await page.getByTestId('payoff-chart').count()).toBe(0);

    await page.getByLabel('Volatility σ').fill('');
    await page.getByText('Required').waitFor();
  });

  test('buy/sell flips the position and the chart redraws', async () => {
    await page.goto(`${baseUrl}/calculator`);
    const summary = page.getByTestId('payoff-summary');
    expect(await textWhen(summary, (text) => text.startsWith('Long call'))).toContain('max profit unlimited');
    await pick(page, 'Position', 'Sell');
    expect(await textWhen(summary, (text) => text.startsWith('Short call'))).toContain('max loss unlimited');
    expect((await paintedPixels(page)).painted).toBeGreaterThan(2_000);
  });

  test('in dark mode the chart is drawn too', async () => {
    const dark = await newContext(browser, { colorScheme: 'dark', storageState: await desktop.storageState() });
    const darkPage = await dark.newPage();
    await darkPage.goto(`${baseUrl}/calculator`);
    await darkPage.getByTestId('payoff-chart').locator('canvas').first().waitFor();
    expect(await darkPage.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    expect((await paintedPixels(darkPage)).painted).toBeGreaterThan(2_000);
    await darkPage.screenshot({ path: '/tmp/optionstrader-calculator-desktop-dark.png', fullPage: true });
    await dark.close();
  });

  test('at 375px the inputs stack and the chart fits, without horizontal overflow', async () => {
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await desktop.storageState(),
    });
    const phonePage = await phone.newPage();
    await phonePage.goto(`${baseUrl}/calculator`);
    await pageHeading(phonePage, 'Option calculator').waitFor();
    await phonePage.getByTestId('payoff-chart').locator('canvas').first().waitFor();

    const spot = await phonePage.getByLabel('Spot price (S)').boundingBox();
    const strike = await phonePage.getByLabel('Strike (K)').boundingBox();
    expect(spot && strike && strike.y > spot.y + spot.height).toBe(true);

    const chart = await phonePage.getByTestId('payoff-chart').boundingBox();
    expect(chart?.width).toBeGreaterThan(250);
    expect((chart?.x ?? 0) + (chart?.width ?? Infinity)).toBeLessThanOrEqual(PHONE.width);
    expect((await paintedPixels(phonePage)).painted).toBeGreaterThan(1_000);
    expect((await horizontalOverflow(phonePage)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await phonePage.screenshot({ path: '/tmp/optionstrader-calculator-phone.png', fullPage: true });
    await phone.close();
  });
});
