// The order flow in the browser, on the simulated broker's demo book with the server's clock inside an NYSE session
// (session-clock.ts): the Settings kill switch starts OFF and turns on only with the typed confirmation; the order
// policy form refuses a bad value beside its field and saves repricing (one step from the mid to the natural); a
// pending recommendation's order ticket refuses an out-of-band limit with the server's message; approving with the
// defaults (Enter) turns the card into a paper order that appears on the Orders page, fills, and shows as a position;
// Esc closes the ticket; a rejection needs a reason; an instance's Auto-trade switch works and says the kill switch
// governs it; the pages fit a phone.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeSignedIn, e2eTarget, horizontalOverflow, newContext, openSignedIn, pageHeading } from './browser';
import { startTestServer, type RunningTestServer } from './server';
import { sessionClock } from './session-clock';

const target = e2eTarget();
/** Paper orders are matched right after approval and every 15 s; the limit reaches the natural after one 5 s step. */
const FILL_TIMEOUT = 90_000;
const PHONE = { width: 375, height: 812 };

interface Leg {
  kind: 'option' | 'stock';
  right: 'call' | 'put' | null;
  strike: number | null;
  expiry: string | null;
  side: 'BUY' | 'SELL';
}
interface Recommendation {
  id: string;
  accountCode: string;
  action: string;
  symbol: string;
  status: string;
  legs: Leg[];
  risk: { verdict: 'allow' | 'warn' | 'block' } | null;
}
interface Order {
  id: string;
  recommendationId: string | null;
  mode: 'paper' | 'live';
  status: string;
  working: boolean;
  filledQuantity: number;
  quantity: number;
}
interface Position {
  symbol: string;
  underlying: string;
  assetClass: string;
  expiry: string | null;
  strike: string | null;
  right: 'C' | 'P' | null;
  quantity: string;
  paperQuantity: number;
  accountCode: string;
}

describe.skipIf(target === null)('order flow', () => {
  const clock = sessionClock();
  let browser: Browser;
  let server: RunningTestServer;
  let page: Page;

  beforeAll(async () => {
    const session = await openSignedIn(target, () =>
      startTestServer({ broker: 'sim', syncIntervalSeconds: 3600, clock }),
    );
    ({ browser, server } = session);
    page = await session.desktop.newPage();
  });
  afterAll(() => closeSignedIn(browser, server));

  const text = (locator: Locator) => locator.innerText().then((t) => t.trim());
  const apiGet = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(`${server.url}${path}`);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  };
  const card = (id: string) => page.locator(`[data-testid="recommendation"][data-recommendation-id="${id}"]`);
  /** Single sold options the risk rules allow, on the margin account: approvable in paper mode. */
  const approvable = (r: Recommendation) =>
    r.status === 'pending' &&
    (r.action === 'sell_put' || r.action === 'sell_call') &&
    r.accountCode === 'DU-SIM-PM' &&
    r.legs.length === 1 &&
    r.legs[0]?.kind === 'option' &&
    r.risk?.verdict !== 'block';

  /**
   * The pending recommendations of the run the server starts once the startup sync has brought the demo accounts
   * (asks for a sync if it has not). Never a run of its own: a second run would supersede what the first proposed.
   */
  async function pendingRecommendations(wanted: (r: Recommendation) => boolean): Promise<Recommendation[]> {
    let synced = false;
    let found: Recommendation[] = [];
    await expect
      .poll(
        async () => {
          const { instances } = await apiGet<{ instances: { lastRun: { finishedAt: string | null } | null }[] }>(
            '/api/strategy-instances',
          );
          if (instances.length === 0 && !synced) {
            synced = (await page.request.post(`${server.url}/api/sync`, { data: {} })).ok();
          }
          if (instances.length === 0 || instances.some((i) => !i.lastRun?.finishedAt)) return false;
          found = (await apiGet<{ recommendations: Recommendation[] }>('/api/recommendations')).recommendations;
          return found.some(wanted);
        },
        { timeout: 90_000, interval: 2_000 },
      )
      .toBe(true);
    return found.filter(wanted);
  }

  let approved: Recommendation;
  let orderId: string;

  test('Settings: the kill switch starts OFF; turning it on takes the typed words; off again asks about orders', async () => {
    await page.goto(`${server.url}/settings`);
    await pageHeading(page, 'Settings').waitFor();
    const section = page.getByTestId('kill-switch');
    const state = section.getByTestId('kill-switch-state');
    await state.waitFor();
    expect(await text(state)).toBe('Auto-trading is OFF');
    expect(await section.getAttribute('data-enabled')).toBe('false');
    await page.screenshot({ path: '/tmp/optionstrader-trading-settings-desktop.png', fullPage: true });

    await section.getByRole('button', { name: 'Turn auto-trading on…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn auto-trading on?' });
    const input = dialog.getByRole('textbox', { name: 'Type ENABLE AUTOTRADE to confirm' });
    const confirm = dialog.getByRole('button', { name: 'Turn auto-trading on' });
    expect(await confirm.isDisabled()).toBe(true);
    await input.fill('enable autotrade');
    expect(await confirm.isDisabled()).toBe(true);
    await input.press('Enter');
    expect(await dialog.isVisible()).toBe(true);
    expect((await apiGet<{ autotradeEnabled: boolean }>('/api/settings/trading')).autotradeEnabled).toBe(false);
    // The API refuses without the words as well.
    const bare = await page.request.put(`${server.url}/api/settings/trading`, { data: { autotradeEnabled: true } });
    expect(bare.status()).toBe(422);
    expect(((await bare.json()) as { code: string }).code).toBe('CONFIRMATION_REQUIRED');

    await input.fill('ENABLE AUTOTRADE');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => text(state)).toBe('Auto-trading is ON');
    expect((await apiGet<{ autotradeEnabled: boolean }>('/api/settings/trading')).autotradeEnabled).toBe(true);

    await section.getByRole('button', { name: 'Turn auto-trading off' }).click();
    const off = page.getByRole('dialog', { name: 'Turn auto-trading off?' });
    await off.getByRole('button', { name: 'Turn off and cancel working automated orders' }).click();
    await off.waitFor({ state: 'detached' });
    await expect.poll(() => text(state)).toBe('Auto-trading is OFF');
    expect(await text(section.getByTestId('kill-switch-outcome'))).toMatch(
      /^Auto-trading turned off; \d+ working automated orders? cancelled\.$/,
    );
    // Every account starts on paper.
    const modes = await page.getByTestId('order-mode-row').evaluateAll((rows) => rows.map((r) => r.dataset['mode']));
    expect(modes.length).toBeGreaterThan(0);
    expect(new Set(modes)).toEqual(new Set(['paper']));
  });
  test('Settings: the order policy form checks its fields, then saves repricing (one step from the first limit to the natural)', async () => {
    const section = page.getByTestId('order-policy');
    await section.getByRole('switch', { name: 'Reprice working orders' }).click({ force: true });
    const delay = section.getByRole('textbox', { name: 'Seconds between steps', exact: true });
    await delay.fill('4');
    await section.getByRole('button', { name: 'Save policy' }).click();
    await section.getByText('A whole number from 5 to 3600').waitFor();
    type Settings = { policy: { repriceEnabled: boolean }; limits: { maxContractsPerOrder: number | null } };
    expect((await apiGet<Settings>('/api/settings/trading')).policy.repriceEnabled).toBe(false);

    // One step all the way from the mid to the natural, five seconds after the order starts working.
    await delay.fill('5');
    await section.getByRole('textbox', { name: 'Repricing step', exact: true }).fill('100');
    await section.getByRole('textbox', { name: 'Repricing steps', exact: true }).fill('1');
    await section.getByRole('button', { name: 'Save policy' }).click();
    await section.getByTestId('settings-saved').waitFor();
    expect((await apiGet<Settings>('/api/settings/trading')).policy).toMatchObject({
      repriceEnabled: true,
      repriceStepFraction: 1,
      repriceMaxSteps: 1,
      repriceDelaySeconds: 5,
    });

    // A blank limit is no cap.
    const limits = page.getByTestId('automation-limits');
    await limits.getByRole('textbox', { name: 'Contracts per order' }).fill('');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await limits.getByTestId('settings-saved').waitFor();
    expect((await apiGet<Settings>('/api/settings/trading')).limits.maxContractsPerOrder).toBeNull();
  });

  test('the ticket re-checks the limit on the server: an out-of-band limit is refused with the message, Approve is off', async () => {
    const [first] = await pendingRecommendations(approvable);
    if (!first) throw new Error('no approvable recommendation');
    approved = first;
    await page.goto(`${server.url}/recommendations`);
    await pageHeading(page, 'Recommendations').waitFor();
    const item = card(approved.id);
    await item.getByRole('button', { name: 'Approve…' }).click();

    const dialog = page.getByRole('dialog', { name: new RegExp(`^Approve: Sell (put|call) ${approved.symbol}`) });
    const ticket = dialog.getByTestId('order-ticket');
    await ticket.waitFor();
    // The quantity field has the focus: the ticket works from the keyboard.
    expect(await dialog.getByTestId('ticket-quantity').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await ticket.getAttribute('data-mode')).toBe('paper');
    expect(await text(dialog.getByTestId('ticket-mode'))).toMatch(/^PAPER/);
    // The server's clock is inside a session.
    expect(clock.marketOpen()).toBe(true);
    expect(await text(dialog.getByTestId('ticket-market'))).toBe('open');
    expect(await text(dialog.getByTestId('ticket-mid'))).toMatch(/^\d+\.\d{2}$/);
    const band = await text(dialog.getByTestId('ticket-band'));
    expect(band).toMatch(/^\d+\.\d{2} – \d+\.\d{2}$/);
    const [, high] = band.split(' – ').map(Number);
    expect(await dialog.getByTestId('ticket-risk').getAttribute('data-verdict')).toMatch(/^(allow|warn|none)$/);
    expect(await text(dialog.getByTestId('ticket-limit-words'))).toMatch(
      /^Sell at \d+\.\d{2} or more per share · you receive [\d,]+\.\d{2} in all/,
    );
    await dialog.getByTestId('recommendation-payoff').waitFor();

    const limit = dialog.getByTestId('ticket-limit');
    const recommended = await limit.inputValue();
    const approve = dialog.getByTestId('ticket-approve');
    expect(await approve.isEnabled()).toBe(true);

    // Far above the band's top: the server refuses, says why, and the field carries it.
    await limit.fill(((high ?? 0) * 2 + 1).toFixed(2));
    const refusal = dialog.getByTestId('ticket-refusal');
    await refusal.waitFor();
    await page.screenshot({ path: '/tmp/optionstrader-ticket-refused.png', fullPage: true });
    expect(await refusal.getAttribute('data-code')).toBe('PRICE_OUT_OF_BAND');
    expect(await text(refusal)).toMatch(/from the mid [\d.]+, more than the [\d.]+ allowed/);
    expect(await approve.isDisabled()).toBe(true);
    expect(await limit.getAttribute('aria-invalid')).toBe('true');
    // Enter does not send a refused order.
    await limit.press('Enter');
    expect(await dialog.isVisible()).toBe(true);

    // Back to the recommended price: accepted again.
    await limit.fill(recommended);
    await refusal.waitFor({ state: 'detached' });
    await expect.poll(() => approve.isEnabled()).toBe(true);
  }, 90_000);

  test('Enter approves with the defaults: the card becomes a paper order, which appears on the Orders page', async () => {
    const dialog = page.getByRole('dialog', { name: /^Approve: / });
    await dialog.getByTestId('ticket-limit').press('Enter');
    // The approval prices, risk-checks and paper-fills on the server before the dialog closes: slow on a busy host.
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });

    const item = card(approved.id);
    await expect.poll(() => item.getAttribute('data-status')).toMatch(/^(approved|submitted|filled)$/);
    const orderLine = item.getByTestId('recommendation-order');
    await orderLine.waitFor();
    expect(await orderLine.getByTestId('mode-badge').getAttribute('data-mode')).toBe('paper');
    // The decided card stays in the pending list, with its order, until the filter changes.
    await expect.poll(() => text(page.getByTestId('recommendations-count'))).toMatch(/ · 1 decided here$/);

    const { orders } = await apiGet<{ orders: Order[] }>('/api/orders');
    const order = orders.find((o) => o.recommendationId === approved.id);
    expect(order?.mode).toBe('paper');
    orderId = order?.id ?? '';
    // Approving with the defaults: the recommendation's own quantity.
    expect(order?.quantity).toBeGreaterThan(0);

    await orderLine.getByTestId('order-link').click();
    await pageHeading(page, 'Orders').waitFor();
    expect(new URL(page.url()).searchParams.get('order')).toBe(orderId);
    const row = page.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-mode')).toBe('paper');
    expect(await text(row.getByTestId('mode-badge'))).toBe('PAPER');
    expect(await text(row.getByTestId('order-legs'))).toContain(`${approved.symbol} `);
    // Opened by the link: its detail with the executions.
    await page.locator(`[data-testid="order-detail"][data-order-id="${orderId}"]`).waitFor();
  });

  test('a working order is cancelled from the Orders page after a confirmation', async () => {
    const row = page.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
    const detail = page.locator(`[data-testid="order-detail"][data-order-id="${orderId}"]`);
    // The policy saved above planned its ladder: the first limit, then the natural price.
    expect(await text(detail.getByTestId('order-ladder'))).toMatch(
      /^Repricing \d+\.\d{2} → \d+\.\d{2} \(step [12] of 2\)$/,
    );
    const order = await apiGet<Order>(`/api/orders/${orderId}`);
    if (!order.working) return; // Filled already (the market moved to it): nothing to cancel.
    await row.getByRole('button', { name: /^Cancel the / }).click();
    const confirm = page.getByRole('dialog', { name: `Cancel the ${approved.symbol} order?` });
    // "Keep it" has the focus: Enter alone does not cancel.
    await confirm.getByRole('button', { name: 'Keep it' }).waitFor();
    await confirm.getByRole('button', { name: 'Cancel order' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => row.getAttribute('data-status')).toMatch(/^(cancelled|filled)$/);
    expect(await row.getByRole('button', { name: /^Cancel the / }).count()).toBe(0);
  });

  test(
    'inside the session a marketable paper order fills: the card and the Orders page say filled, and the position shows',
    async () => {
      const [sold] = await pendingRecommendations((r) => approvable(r) && r.id !== approved.id);
      if (!sold) throw new Error('no second approvable recommendation');
      await page.goto(`${server.url}/recommendations`);
      const item = card(sold.id);
      await item.getByRole('button', { name: 'Approve…' }).click();
      const dialog = page.getByRole('dialog', { name: /^Approve: / });
      await dialog.getByTestId('order-ticket').waitFor();
      expect(await text(dialog.getByTestId('ticket-market'))).toBe('open');
      // A sell fills once its limit is at or below the bid (the natural): halfway from the natural to the band's
      // bottom, on a nickel (a valid price whatever the option's tick).
      const natural = Number(await text(dialog.getByTestId('ticket-natural')));
      const [bottom = natural] = (await text(dialog.getByTestId('ticket-band'))).split(' – ').map(Number);
      const nickel = Math.round(((natural + bottom) / 2) * 20) / 20;
      const limit = nickel >= bottom && nickel <= natural ? nickel : natural;
      await dialog.getByTestId('ticket-limit').fill(limit.toFixed(2));
      const approve = dialog.getByTestId('ticket-approve');
      await expect.poll(() => dialog.getByTestId('ticket-preview').getAttribute('data-checking')).toBe('false');
      expect(await dialog.getByTestId('ticket-refusal').count()).toBe(0);
      await approve.click();
      await dialog.waitFor({ state: 'detached' });

      // The card follows its order until it fills.
      const orderLine = item.getByTestId('recommendation-order');
      await expect
        .poll(() => orderLine.getAttribute('data-order-status'), { timeout: FILL_TIMEOUT, interval: 1_000 })
        .toBe('filled');
      await expect.poll(() => item.getAttribute('data-status'), { timeout: 15_000 }).toBe('filled');
      await item.screenshot({ path: '/tmp/optionstrader-recommendation-filled.png' });

      const { orders } = await apiGet<{ orders: Order[] }>('/api/orders?status=filled');
      const order = orders.find((o) => o.recommendationId === sold.id);
      if (!order) throw new Error('the filled order is not listed');
      expect(order.filledQuantity).toBe(order.quantity);
      await orderLine.getByTestId('order-link').click();
      const row = page.locator(`[data-testid="order-row"][data-order-id="${order.id}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('filled');
      expect(await text(row.getByTestId('order-fill'))).toBe(`${order.quantity}/${order.quantity}`);
      const detail = page.locator(`[data-testid="order-detail"][data-order-id="${order.id}"]`);
      await expect.poll(() => detail.getByTestId('order-execution').count()).toBeGreaterThan(0);
      await page.screenshot({ path: '/tmp/optionstrader-orders-desktop.png', fullPage: true });

      // Filled is not working: the Working filter does not list it; the Executions tab has the fill.
      await page.goto(`${server.url}/orders`);
      await page.getByTestId('orders-count').waitFor();
      expect(await page.locator(`[data-testid="order-row"][data-order-id="${order.id}"]`).count()).toBe(0);
      await page.getByRole('tab', { name: 'Executions' }).click();
      await page.locator(`[data-testid="execution-row"][data-order-id="${order.id}"]`).first().waitFor();

      // The sold option is a paper position, on the Positions page too.
      const [leg] = sold.legs;
      const right = leg?.right === 'call' ? 'C' : 'P';
      const { positions } = await apiGet<{ positions: Position[] }>('/api/positions');
      const position = positions.find(
        (p) =>
          p.accountCode === sold.accountCode &&
          p.assetClass === 'OPT' &&
          p.underlying === sold.symbol &&
          p.expiry === leg?.expiry &&
          Number(p.strike) === leg?.strike &&
          p.right === right,
      );
      expect(position?.paperQuantity).toBe(-order.quantity);
      await page.goto(`${server.url}/positions`);
      await page.locator(`[data-testid="position-group"][data-underlying="${sold.symbol}"]`).waitFor();
      const label = new RegExp(
        `${(leg?.strike ?? 0).toFixed(2).replace('.', '\\.')} ${right === 'C' ? 'Call' : 'Put'}`,
      );
      await expect.poll(() => page.getByTestId('position-row').filter({ hasText: label }).count()).toBeGreaterThan(0);
    },
    FILL_TIMEOUT + 30_000,
  );

  test('Esc closes the ticket without an order; Reject needs a reason and marks the card rejected', async () => {
    const [next] = await pendingRecommendations((r) => r.status === 'pending' && r.id !== approved.id);
    if (!next) throw new Error('no second pending recommendation');
    await page.goto(`${server.url}/recommendations`);
    await pageHeading(page, 'Recommendations').waitFor();
    const item = card(next.id);
    await item.getByRole('button', { name: 'Approve…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Approve: / });
    await dialog.getByTestId('order-ticket').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await item.getAttribute('data-status')).toBe('pending');

    await item.getByRole('button', { name: 'Reject…' }).click();
    const reject = page.getByRole('dialog', { name: /^Reject: / });
    const reason = reject.getByRole('textbox', { name: 'Reason' });
    await reason.waitFor();
    await reject.getByRole('button', { name: 'Reject recommendation' }).click();
    await reject.getByText(/^Say why/).waitFor();
    expect(await item.getAttribute('data-status')).toBe('pending');
    await reason.fill('Earnings next week');
    await reason.press('Enter');
    await reject.waitFor({ state: 'detached' });
    await expect.poll(() => item.getAttribute('data-status')).toBe('rejected');
    expect(await text(item.getByTestId('decision-reason'))).toMatch(/Earnings next week$/);
    const stored = await apiGet<Recommendation & { decisionReason: string }>(`/api/recommendations/${next.id}`);
    expect(stored.status).toBe('rejected');
    expect(stored.decisionReason).toBe('Earnings next week');
  });

  test('an instance’s Auto-trade switch is saved, and says the kill switch (off) governs it', async () => {
    await page.goto(`${server.url}/strategies`);
    const wheel = page.locator('[data-testid="instance-card"][data-strategy="wheel"]').first();
    await wheel.waitFor();
    const id = (await wheel.getAttribute('data-instance-id')) ?? '';
    const toggle = wheel.getByRole('switch', { name: 'Auto-trade' });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click({ force: true });
    await expect
      .poll(async () => (await apiGet<{ autotradeEnabled: boolean }>(`/api/strategy-instances/${id}`)).autotradeEnabled)
      .toBe(true);
    const note = wheel.getByTestId('autotrade-note');
    await note.waitFor();
    expect(await note.getAttribute('data-kill-switch')).toBe('off');
    expect(await text(note)).toMatch(/global kill switch is off/);
    await toggle.click({ force: true });
    await expect
      .poll(async () => (await apiGet<{ autotradeEnabled: boolean }>(`/api/strategy-instances/${id}`)).autotradeEnabled)
      .toBe(false);
    await note.waitFor({ state: 'detached' });
  });
  test('fits 375px: the orders table scrolls inside the page, Settings and the order ticket fit', async () => {
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await page.context().storageState(),
    });
    const small = await phone.newPage();
    await small.goto(`${server.url}/orders?status=all`);
    await small.getByTestId('order-row').first().waitFor();
    expect((await horizontalOverflow(small)).scrollWidth, '/orders').toBeLessThanOrEqual(PHONE.width);
    await small.screenshot({ path: '/tmp/optionstrader-orders-phone.png', fullPage: true });

    await small.goto(`${server.url}/settings`);
    await small.getByTestId('kill-switch-state').waitFor();
    await small.getByTestId('order-mode-row').first().waitFor();
    expect((await horizontalOverflow(small)).scrollWidth, '/settings').toBeLessThanOrEqual(PHONE.width);
    await small.screenshot({ path: '/tmp/optionstrader-trading-settings-phone.png', fullPage: true });

    await small.goto(`${server.url}/recommendations`);
    await small.getByRole('button', { name: 'Approve…' }).first().click();
    await small.getByTestId('order-ticket').waitFor();
    expect((await horizontalOverflow(small)).scrollWidth, 'ticket').toBeLessThanOrEqual(PHONE.width);
    await small.screenshot({ path: '/tmp/optionstrader-ticket-phone.png', fullPage: true });
    await phone.close();
  });
});
