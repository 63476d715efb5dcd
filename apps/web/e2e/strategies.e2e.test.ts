// The strategy engine's screens on the simulated broker's demo book (the server seeds one instance of each strategy
// for DU-SIM-PM and DU-SIM-TFSA): Run now, the recommendations and opportunities it produces, an instance created and
// reconfigured through the schema-rendered form (the server's refusal shown beside the field, nothing changed),
// watchlist CRUD, and the three pages at phone width.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeSignedIn, e2eTarget, horizontalOverflow, newContext, openSignedIn, pageHeading } from './browser';
import { startTestServer, type RunningTestServer } from './server';

const target = e2eTarget();
const PHONE = { width: 375, height: 812 };
/** A formatted figure: "1,234.56", "−12.00", "-0.28", "21.3%". Never "—". */
const NUMBER = /^[+−-]?\d{1,3}(,\d{3})*(\.\d+)?%?$/;
const DEMO_INSTANCES = 5;
/** Run now runs every instance one after another on the server before it answers. */
const RUN_TIMEOUT = 45_000;

interface InstanceView {
  id: string;
  name: string;
  config: Record<string, unknown>;
  updatedAt: string;
}

describe.skipIf(target === null)('strategy screens', () => {
  let browser: Browser;
  let server: RunningTestServer;
  let page: Page;

  beforeAll(async () => {
    const session = await openSignedIn(target, () => startTestServer({ broker: 'sim', syncIntervalSeconds: 3600 }));
    ({ browser, server } = session);
    page = await session.desktop.newPage();
  });
  afterAll(() => closeSignedIn(browser, server));

  const text = (locator: Locator) => locator.innerText().then((t) => t.trim());
  const cards = () => page.getByTestId('instance-card');
  const card = (name: string) =>
    cards().filter({ has: page.getByTestId('instance-name').getByText(name, { exact: true }) });
  const apiGet = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(`${server.url}${path}`);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  };

  /** Mantine's Select is a textbox or a combobox depending on its state; pick an option of it by name. */
  async function choose(scope: Page | Locator, label: string, option: RegExp | string) {
    await scope
      .getByRole('combobox', { name: label, exact: true })
      .or(scope.getByRole('textbox', { name: label, exact: true }))
      .click();
    await page.getByRole('option', { name: option }).first().click();
  }

  test('Run now runs every enabled demo instance and shows each last run with its counts', async () => {
    await page.goto(`${server.url}/strategies`);
    await pageHeading(page, 'Strategies').waitFor();
    // The server creates the demo instances after a sync that brings the demo accounts. The startup sync can finish
    // before the server listens for it; then the next sync does it, so one is asked for (as "Sync now" would).
    let asked = false;
    await expect
      .poll(
        async () => {
          if ((await cards().count()) < DEMO_INSTANCES) {
            if (!asked && (await page.request.post(`${server.url}/api/sync`, { data: {} })).ok()) asked = true;
            await page.reload();
          }
          return cards().count();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe(DEMO_INSTANCES);
    const strategies = await cards().evaluateAll((els) => els.map((el) => el.getAttribute('data-strategy')));
    expect(strategies.sort()).toEqual(
      ['covered_call', 'covered_call_overlay', 'synthetic_stock_leaps', 'theta', 'wheel'].sort(),
    );
    const accounts = await cards().getByTestId('instance-account').allInnerTexts();
    expect(accounts.filter((a) => a.includes('DU-SIM-TFSA'))).toHaveLength(1);
    expect(accounts.filter((a) => a.includes('DU-SIM-PM'))).toHaveLength(4);

    // Auto-trade is off on every demo instance and switchable; its tooltip says the kill switch governs it too.
    const autotrade = cards().first().getByRole('switch', { name: 'Auto-trade' });
    expect(await autotrade.isDisabled()).toBe(false);
    expect(await autotrade.isChecked()).toBe(false);
    const note = (await autotrade.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${note}"]`).textContent()).toBe(
      'Places this instance’s recommendations as orders without a click, only while the global kill switch (Settings) is on too',
    );
    expect(await cards().first().innerText()).not.toContain('Approve');

    await page.getByTestId('run-all').click();
    const summary = page.getByTestId('run-all-summary');
    await summary.waitFor({ timeout: RUN_TIMEOUT });
    expect(await text(summary)).toMatch(new RegExp(`^Ran ${DEMO_INSTANCES} instances`));
    expect(await text(summary)).toMatch(/\d+ succeeded, 0 failed · \d+ opportunities · \d+ new recommendations/);

    // Every card now shows a succeeded last run with its counts.
    await expect
      // textContent: the badge's capitals are CSS.
      .poll(() => cards().getByTestId('last-run-status').allTextContents(), { timeout: 10_000 })
      .toEqual(Array.from({ length: DEMO_INSTANCES }, () => 'succeeded'));
    for (const stats of await cards().getByTestId('last-run-stats').allInnerTexts()) {
      expect(stats).toMatch(/^\d+ opportunit(y|ies) · \d+ new recommendations? · .*\d+ contracts? quoted$/);
    }

    // The wheel's recent runs, and the detail of the newest with its signals.
    const wheel = page.locator('[data-testid="instance-card"][data-strategy="wheel"]');
    await wheel.getByRole('button', { name: 'Recent runs' }).click();
    const runRows = wheel.getByTestId('run-row');
    await runRows.first().waitFor();
    // The run at start (when the demo instances were created) and this one.
    expect(await runRows.count()).toBeGreaterThanOrEqual(2);
    expect(await runRows.first().getAttribute('data-status')).toBe('succeeded');
    await runRows.first().getByRole('button').click();
    const detail = page.getByTestId('run-detail');
    await detail.waitFor();
    expect(await text(detail)).toMatch(/succeeded/i);
    expect(await text(detail)).toMatch(/\d+ contracts? quoted/);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    await page.screenshot({ path: '/tmp/optionstrader-strategies-desktop.png', fullPage: true });
  });

  test('Recommendations: puts, calls, a roll and the PMCC, each with a rationale in numbers and a risk verdict', async () => {
    await page.goto(`${server.url}/recommendations`);
    await pageHeading(page, 'Recommendations').waitFor();
    const items = page.getByTestId('recommendation');
    await items.first().waitFor();
    const seen = await items.evaluateAll((els) =>
      els.map((el) => ({
        action: el.getAttribute('data-action'),
        strategy: el.getAttribute('data-strategy'),
        verdict: el.getAttribute('data-verdict'),
      })),
    );
    const actions = new Set(seen.map((s) => s.action));
    expect(actions.has('sell_put'), [...actions].join()).toBe(true);
    expect(actions.has('sell_call'), [...actions].join()).toBe(true);
    expect(actions.has('roll_put') || actions.has('roll_call'), [...actions].join()).toBe(true);
    expect(
      seen.some(
        (s) => s.strategy === 'synthetic_stock_leaps' && (s.action === 'buy_leaps' || s.action === 'sell_call'),
      ),
    ).toBe(true);
    for (const s of seen) expect(['allow', 'warn', 'block']).toContain(s.verdict);

    for (const rationale of await items.getByTestId('recommendation-rationale').allInnerTexts()) {
      expect(rationale).toMatch(/\d/);
    }
    expect(await items.getByTestId('recommendation-rationale').count()).toBe(seen.length);
    for (const limit of await items.getByTestId('recommendation-limit').allInnerTexts()) {
      expect(limit.trim()).toMatch(/^\d[\d,]*\.\d{2}( credit| debit| even)?$/);
    }
    // A blocked recommendation is marked as such; every verdict lists the rules behind it or says none ran.
    const blocked = page.locator('[data-testid="recommendation"][data-verdict="block"]');
    for (let i = 0; i < (await blocked.count()); i += 1) {
      expect(await blocked.nth(i).getByTestId('blocked-badge').isVisible()).toBe(true);
    }
    expect(await page.getByTestId('recommendations-count').innerText()).toMatch(
      new RegExp(`^${seen.length} pending recommendations?`),
    );
    // Every pending one can be approved or rejected.
    expect(await items.getByRole('button', { name: 'Approve…' }).count()).toBe(seen.length);
    expect(await items.getByRole('button', { name: 'Reject…' }).count()).toBe(seen.length);

    // The payoff of a sold put: a chart and its figures.
    const put = page.locator('[data-testid="recommendation"][data-action="sell_put"]').first();
    await put.getByRole('button', { name: 'Payoff' }).click();
    await put.getByTestId('payoff-chart').locator('canvas').waitFor();
    expect(await text(put.getByTestId('payoff-summary'))).toMatch(
      /^Max profit \+[\d,]+\.\d{2} · max loss −[\d,]+\.\d{2} · breakeven \d[\d,]*\.\d{2}/,
    );
    // Parameters are collapsed until asked for.
    await put.getByRole('button', { name: 'Parameters' }).click();
    await put.getByTestId('recommendation-params').waitFor();
    expect(await put.getByTestId('recommendation-params').getByRole('row').count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/optionstrader-recommendations-desktop.png', fullPage: true });
  });

  test('the status filter asks the server for another status', async () => {
    await choose(page, 'Status', 'rejected');
    await expect.poll(() => page.url()).toContain('status=rejected');
    await expect.poll(() => text(page.getByTestId('recommendations-count'))).toBe('0 rejected recommendations');
    await page.getByText('No rejected recommendations').waitFor();
  });

  test('Opportunities: ranked rows with numbers; sorting by another column reorders them on the server', async () => {
    await page.goto(`${server.url}/opportunities`);
    await pageHeading(page, 'Opportunities').waitFor();
    const rows = page.getByTestId('opportunity-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(3);
    const table = page.getByTestId('opportunities-table');
    expect(await table.getAttribute('data-sort')).toBe('score');

    const column = (id: string) => rows.locator(`td[data-col="${id}"]`).allInnerTexts();
    for (const id of ['strike', 'score', 'rank']) {
      for (const value of await column(id)) expect(value.trim(), id).toMatch(NUMBER);
    }
    // Default order: best score first.
    const scores = (await column('score')).map((s) => Number(s.replace(/,/g, '')));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const key = async () =>
      rows.evaluateAll((els) => els.map((el) => el.querySelector('td[data-col="symbol"]')?.textContent ?? ''));
    const byScore = await key();

    await page.getByTestId('sort-symbol').click();
    await expect.poll(() => table.getAttribute('data-sort')).toBe('symbol');
    await expect.poll(key).not.toEqual(byScore);
    const ascending = await key();
    expect(ascending).toEqual([...ascending].sort());
    expect(page.url()).toContain('sort=symbol');
    expect(page.url()).toContain('order=asc');

    // The same header again: Z to A.
    await page.getByTestId('sort-symbol').click();
    await expect.poll(() => table.getAttribute('data-order')).toBe('desc');
    await expect.poll(key).toEqual([...ascending].sort().reverse());

    // Annualized return, largest first; unknown ones (—) last.
    await page.getByTestId('sort-annualizedRor').click();
    await expect.poll(() => table.getAttribute('data-sort')).toBe('annualizedRor');
    const annualized = (await column('annualizedRor')).map((s) => s.trim());
    const known = annualized.filter((s) => s !== '—').map((s) => Number(s.replace(/[,%]/g, '')));
    expect(known.length).toBeGreaterThan(0);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(annualized.slice(0, known.length).every((s) => s !== '—')).toBe(true);
    await page.screenshot({ path: '/tmp/optionstrader-opportunities-desktop.png', fullPage: true });
  });

  test('Opportunities filter by right and symbol; a row opens the chain at its symbol and expiry', async () => {
    const rows = page.getByTestId('opportunity-row');
    await page.getByText('Calls', { exact: true }).click();
    await expect.poll(() => page.url()).toContain('right=call');
    await expect
      .poll(async () => new Set(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-right')))))
      .toEqual(new Set(['call']));

    await page.getByText('Both', { exact: true }).click();
    await expect.poll(() => page.url()).not.toContain('right=');
    const symbol = (await rows.first().getAttribute('data-symbol')) ?? '';
    expect(symbol).toMatch(/^[A-Z]+$/);
    await page.getByRole('textbox', { name: 'Symbol' }).fill(symbol.toLowerCase());
    await expect
      .poll(async () => new Set(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-symbol')))), {
        timeout: 10_000,
      })
      .toEqual(new Set([symbol]));

    const link = rows.first().getByTestId('chain-link');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^/chain\\?symbol=${symbol}&expiry=\\d{4}-\\d{2}-\\d{2}$`));
    await link.click();
    await pageHeading(page, 'Option chain').waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/chain');
    expect(`${url.pathname}?symbol=${url.searchParams.get('symbol')}&expiry=${url.searchParams.get('expiry')}`).toBe(
      href,
    );
    await page.getByRole('table', { name: new RegExp(`^${symbol} options expiring`) }).waitFor();
  });

  test('a new instance through the schema form; an invalid value is refused beside its field and changes nothing', async () => {
    await page.goto(`${server.url}/strategies`);
    await cards().first().waitFor();
    await page.getByRole('button', { name: 'New instance' }).click();
    const dialog = page.getByRole('dialog', { name: 'New strategy instance' });
    await choose(dialog, 'Strategy', /^Covered call/);
    const form = dialog.getByTestId('instance-form');
    await form.waitFor();
    // The form is rendered from the plugin's JSON schema, defaults filled in, descriptions as help.
    const coverPct = form.locator('[data-testid="config-field"][data-field="coverPct"]');
    expect(await coverPct.getByRole('textbox').inputValue()).toBe('1');
    expect(await text(coverPct)).toMatch(/Fraction of the 100-share lots/);
    expect(await form.getByRole('switch', { name: /Earnings guard/ }).isChecked()).toBe(true);
    // The nested roll rules are a group of their own fields.
    const roll = form.locator('[data-testid="config-group"][data-group="roll"]');
    expect(await roll.locator('[data-field="roll.rollAtDte"]').getByRole('textbox').inputValue()).toBe('21');
    expect(
      await roll
        .getByRole('combobox', { name: /ITM policy/ })
        .or(roll.getByRole('textbox', { name: /ITM policy/ }))
        .inputValue(),
    ).toBe('roll');

    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E covered calls');
    await choose(form, 'Account', /DU-SIM-PM/);
    const symbols = form
      .locator('[data-testid="config-field"][data-field="symbols"]')
      .getByLabel('Symbols', { exact: true });
    await symbols.fill('KO');
    await symbols.press('Enter');
    await form.getByRole('button', { name: 'Create instance' }).click();
    await dialog.waitFor({ state: 'detached' });
    const created = card('E2E covered calls');
    await created.waitFor();
    const id = (await created.getAttribute('data-instance-id')) ?? '';
    const stored = await apiGet<InstanceView>(`/api/strategy-instances/${id}`);
    expect(stored.config['symbols']).toEqual(['KO']);
    expect(stored.config['coverPct']).toBe(1);

    // 5 is above the schema's maximum of 1: the server refuses, the error sits beside the field.
    await created.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit E2E covered calls' });
    const editForm = edit.getByTestId('instance-form');
    const field = editForm.locator('[data-testid="config-field"][data-field="coverPct"]');
    await field.getByRole('textbox').fill('5');
    await editForm.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByTestId('instance-form-error').waitFor();
    expect(await text(field)).toMatch(/too big|<=\s?1|at most/i);
    // Only that field carries it.
    expect(await editForm.locator('[data-testid="config-field"] .mantine-InputWrapper-error').count()).toBe(1);
    const after = await apiGet<InstanceView>(`/api/strategy-instances/${id}`);
    expect(after.config['coverPct']).toBe(1);
    expect(after.updatedAt).toBe(stored.updatedAt);

    // A valid value is saved.
    await field.getByRole('textbox').fill('0.5');
    await editForm.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await apiGet<InstanceView>(`/api/strategy-instances/${id}`)).config['coverPct'])
      .toBe(0.5);
    await created.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => text(created.getByTestId('instance-config'))).toContain('"coverPct": 0.5');

    // Disable it, then delete it.
    await created.getByRole('switch', { name: 'Enabled' }).click({ force: true });
    await expect
      .poll(async () => (await apiGet<{ enabled: boolean }>(`/api/strategy-instances/${id}`)).enabled)
      .toBe(false);
    await created.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: 'Delete E2E covered calls?' })
      .getByRole('button', { name: 'Delete instance' })
      .click();
    await created.waitFor({ state: 'detached' });
    expect((await page.request.get(`${server.url}/api/strategy-instances/${id}`)).status()).toBe(404);
  });

  test('watchlists: create, refuse a bad ticker beside the symbols, rename and edit, delete', async () => {
    const section = page.getByTestId('watchlists');
    await section.getByRole('button', { name: 'New watchlist' }).click();
    const editor = section.getByTestId('watchlist-editor');
    await editor.getByRole('textbox', { name: 'Watchlist name' }).fill('E2E dividend');
    const symbols = editor.getByLabel('Symbols', { exact: true });
    await symbols.fill('ko');
    await symbols.press('Enter');
    await symbols.fill('pep');
    await symbols.press('Enter');
    await editor.getByRole('button', { name: 'Create watchlist' }).click();
    const row = section.locator('[data-testid="watchlist-row"][data-name="E2E dividend"]');
    await row.waitFor();
    expect(await row.getByTestId('watchlist-symbol').allInnerTexts()).toEqual(['KO', 'PEP']);

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = section.getByTestId('watchlist-editor');
    await edit.getByRole('textbox', { name: 'Watchlist name' }).fill('E2E dividends');
    const editSymbols = edit.getByLabel('Symbols', { exact: true });
    await editSymbols.fill('1bad');
    await editSymbols.press('Enter');
    await edit.getByRole('button', { name: 'Save watchlist' }).click();
    // The server's ticker rule, named with the offending symbol, under the symbols input.
    await edit.getByText(/^1BAD: A ticker/).waitFor();
    const { watchlists } = await apiGet<{ watchlists: { name: string; symbols: string[] }[] }>('/api/watchlists');
    expect(watchlists.find((w) => w.name === 'E2E dividend')?.symbols).toEqual(['KO', 'PEP']);

    // Backspace in the empty input removes the last tag.
    await editSymbols.press('Backspace');
    await expect.poll(() => edit.getByText('1BAD', { exact: true }).count()).toBe(0);
    await editSymbols.fill('jnj');
    await editSymbols.press('Enter');
    await edit.getByRole('button', { name: 'Save watchlist' }).click();
    const renamed = section.locator('[data-testid="watchlist-row"][data-name="E2E dividends"]');
    await renamed.waitFor();
    expect(await renamed.getByTestId('watchlist-symbol').allInnerTexts()).toEqual(['KO', 'PEP', 'JNJ']);

    await page.reload();
    await renamed.waitFor();
    await renamed.getByRole('button', { name: 'Delete E2E dividends' }).click();
    await renamed.waitFor({ state: 'detached' });
    const left = await apiGet<{ watchlists: { name: string }[] }>('/api/watchlists');
    expect(left.watchlists.some((w) => w.name.startsWith('E2E'))).toBe(false);
  });

  test('fits 375px: strategies, opportunities and recommendations scroll their tables inside, not the page', async () => {
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await page.context().storageState(),
    });
    const small = await phone.newPage();
    for (const [path, ready] of [
      ['/strategies', 'instance-card'],
      ['/opportunities', 'opportunity-row'],
      ['/recommendations', 'recommendation'],
    ] as const) {
      await small.goto(`${server.url}${path}`);
      await small.getByTestId(ready).first().waitFor();
      if (path === '/recommendations') {
        await small.getByRole('button', { name: 'Payoff' }).first().click();
        await small.getByTestId('payoff-chart').locator('canvas').waitFor();
      }
      expect((await horizontalOverflow(small)).scrollWidth, path).toBeLessThanOrEqual(PHONE.width);
      await small.screenshot({ path: `/tmp/optionstrader${path.replace('/', '-')}-phone.png`, fullPage: true });
    }
    await phone.close();
  });
});
