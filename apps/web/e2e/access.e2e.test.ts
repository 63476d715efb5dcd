// Access control in the browser, on a server with two seeded clients (Alpha and Beta, one account each, a pending
// recommendation in Alpha): the admin creates a user and makes them Alpha's owner; the owner adds a viewer, who sees
// Alpha's data but cannot approve (the button is disabled, and the API answers 403); a member of two clients switches
// in the header and sees the other client's accounts; the audit log lists sign-ins and member changes, filters and
// pages back; a password change and API tokens; a user in no client; the new pages on a 375 px phone.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACCESS, api, startAccessServer } from './access-seed';
import {
  closeSignedIn,
  e2eTarget,
  horizontalOverflow,
  isInViewport,
  navLink,
  newContext,
  openSignedIn,
  pageHeading,
  submitLogin,
} from './browser';
import type { RunningTestServer } from './server';

const target = e2eTarget();
const PHONE = { width: 375, height: 812 };
const OWNER = { email: 'olivia@example.com', password: 'Owner-Password-123' };
const VIEWER = { email: 'victor@example.com', password: 'Viewer-Password-123' };
const VIEWER_NEW_PASSWORD = 'Viewer-Password-456-new';

describe.skipIf(target === null)('access control', () => {
  let browser: Browser;
  let server: RunningTestServer;
  let admin: Page;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const session = await openSignedIn(target, startAccessServer);
    ({ browser, server } = session);
    admin = await session.desktop.newPage();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await closeSignedIn(browser, server);
  });

  /** A fresh browser profile signed in as someone, on the dashboard (or the "no client" page). */
  async function signInAs(credentials: { email: string; password: string }): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await submitLogin(page, credentials);
    await page.getByTestId('current-user-email').waitFor();
    return page;
  }

  const activeClient = (page: Page) => page.getByTestId('active-client').innerText();
  // textContent: the badge is upper-cased by CSS only.
  const activeRole = (page: Page) => page.getByTestId('active-role').textContent();
  const navEntries = async (page: Page) =>
    (await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').allInnerTexts()).map((t) =>
      t.trim(),
    );
  const memberRow = (page: Page, email: string) => page.locator(`[data-testid="member-row"][data-email="${email}"]`);
  const accountCards = (page: Page) => page.getByTestId('account-card').allInnerTexts();

  async function addMember(page: Page, member: { email: string; role: string; password?: string }) {
    const form = page.getByRole('form', { name: 'Add a member' });
    await form.getByLabel('Email').fill(member.email);
    await form.getByLabel('Role').selectOption(member.role);
    await form.getByLabel('Password (new users only)').fill(member.password ?? '');
    await form.getByRole('button', { name: 'Add member' }).click();
  }

  async function switchClient(page: Page, name: string) {
    await page.getByTestId('client-selector').click();
    await page.getByRole('menuitem', { name }).click();
    await expect.poll(() => activeClient(page)).toBe(name);
  }

  test('the admin creates a user on the Admin page and makes them the owner of Alpha on its Members page', async () => {
    await admin.goto(`${server.url}/admin`);
    await pageHeading(admin, 'Admin').waitFor();
    // Admins act as owner in every client; the first by name is active.
    expect(await activeClient(admin)).toBe(ACCESS.alpha.name);
    expect(await activeRole(admin)).toBe('Owner');

    const create = admin.getByRole('form', { name: 'Create a user' });
    await create.getByLabel("New user's email").fill(OWNER.email);
    await create.getByLabel('Password', { exact: true }).fill('short');
    await create.getByRole('button', { name: 'Create user' }).click();
    await create.getByText('Password must be at least 12 characters').waitFor();
    await create.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await create.getByRole('button', { name: 'Create user' }).click();
    await admin.getByTestId('user-created').waitFor();
    const row = admin.locator(`[data-testid="user-row"][data-email="${OWNER.email}"]`);
    expect(await row.getByTestId('user-memberships').innerText()).toBe('No client');

    await navLink(admin, 'Members').click();
    await pageHeading(admin, 'Members').waitFor();
    // An unknown email without a password: the server's issue lands beside the password field.
    await addMember(admin, { email: 'nobody-yet@example.com', role: 'viewer' });
    const form = admin.getByRole('form', { name: 'Add a member' });
    await form.getByText('Required to create a new user').waitFor();

    await addMember(admin, { email: OWNER.email, role: 'owner' });
    await admin.getByTestId('member-added').waitFor();
    await memberRow(admin, OWNER.email).waitFor();
    expect(await memberRow(admin, OWNER.email).getByLabel(`Role of ${OWNER.email}`).inputValue()).toBe('owner');

    // The client's only owner cannot be demoted: 409 LAST_OWNER, shown in the row; the role stays.
    await memberRow(admin, OWNER.email).getByLabel(`Role of ${OWNER.email}`).selectOption('viewer');
    const error = memberRow(admin, OWNER.email).getByTestId('role-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('at least one owner');
    expect(await memberRow(admin, OWNER.email).getByLabel(`Role of ${OWNER.email}`).inputValue()).toBe('owner');
    await admin.screenshot({ path: '/tmp/optionstrader-members-desktop.png', fullPage: true });
  });

  let owner: Page;
  let viewer: Page;

  test('the owner adds a viewer, who sees the client but cannot approve; the API refuses with 403', async () => {
    owner = await signInAs(OWNER);
    expect(await activeClient(owner)).toBe(ACCESS.alpha.name);
    expect(await activeRole(owner)).toBe('Owner');
    // One client: its name is shown, there is nothing to switch.
    expect(await owner.getByTestId('client-selector').count()).toBe(0);
    const ownerNav = await navEntries(owner);
    expect(ownerNav).toContain('Members');
    expect(ownerNav).toContain('Audit log');
    expect(ownerNav).not.toContain('Admin');

    await navLink(owner, 'Members').click();
    await addMember(owner, { email: VIEWER.email, role: 'viewer', password: VIEWER.password });
    await owner.getByTestId('member-added').waitFor();
    await memberRow(owner, VIEWER.email).waitFor();

    viewer = await signInAs(VIEWER);
    expect(await activeClient(viewer)).toBe(ACCESS.alpha.name);
    expect(await activeRole(viewer)).toBe('Viewer');
    await viewer.getByTestId('account-card').first().waitFor();
    const cards = await accountCards(viewer);
    expect(cards.join('\n')).toContain(ACCESS.alphaAccount.code);
    expect(cards.join('\n')).not.toContain(ACCESS.betaAccount.code);
    const viewerNav = await navEntries(viewer);
    expect(viewerNav).toContain('Recommendations');
    expect(viewerNav).toContain('Account');
    for (const hidden of ['Members', 'Audit log', 'Admin']) expect(viewerNav).not.toContain(hidden);

    await navLink(viewer, 'Recommendations').click();
    const card = viewer.locator(`[data-testid="recommendation"][data-recommendation-id="${ACCESS.recommendationId}"]`);
    await card.waitFor();
    const approve = card.getByRole('button', { name: 'Approve…' });
    expect(await approve.isDisabled()).toBe(true);
    expect(await card.getByRole('button', { name: 'Reject…' }).isDisabled()).toBe(true);
    const guard = card.getByRole('group', { name: 'Viewers cannot approve or reject recommendations' });
    await guard.hover();
    await viewer.getByRole('tooltip', { name: 'Viewers cannot approve or reject recommendations' }).waitFor();

    // The API is the real gate: the same request from the page, with the viewer's cookie, is refused.
    const refused = await viewer.evaluate(async (id) => {
      const response = await fetch(`/api/recommendations/${id}/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return { status: response.status, body: (await response.json()) as { code: string } };
    }, ACCESS.recommendationId);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');

    // The member list is readable by a viewer, without the owner's controls.
    await viewer.goto(`${server.url}/members`);
    await memberRow(viewer, VIEWER.email).waitFor();
    expect(await viewer.getByRole('form', { name: 'Add a member' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    expect(await memberRow(viewer, OWNER.email).getByTestId('member-role').textContent()).toBe('Owner');
  });

  test('a member of two clients switches in the header and sees the other client’s accounts', async () => {
    await admin.goto(`${server.url}/`);
    await switchClient(admin, ACCESS.beta.name);
    await navLink(admin, 'Members').click();
    await pageHeading(admin, 'Members').waitFor();
    await addMember(admin, { email: OWNER.email, role: 'trader' });
    await memberRow(admin, OWNER.email).waitFor();

    // Olivia's session learns of her second client when it re-reads who she is.
    await owner.goto(`${server.url}/`);
    await owner.getByTestId('account-card').first().waitFor();
    expect((await accountCards(owner)).join('\n')).toContain(ACCESS.alphaAccount.code);
    await switchClient(owner, ACCESS.beta.name);
    expect(await activeRole(owner)).toBe('Trader');
    await expect.poll(async () => (await accountCards(owner)).join('\n')).toContain(ACCESS.betaAccount.code);
    expect((await accountCards(owner)).join('\n')).not.toContain(ACCESS.alphaAccount.code);
    // A trader here: no Members or Audit log in this client.
    expect(await navEntries(owner)).not.toContain('Members');

    await switchClient(owner, ACCESS.alpha.name);
    expect(await activeRole(owner)).toBe('Owner');
    await expect.poll(async () => (await accountCards(owner)).join('\n')).toContain(ACCESS.alphaAccount.code);
    expect((await accountCards(owner)).join('\n')).not.toContain(ACCESS.betaAccount.code);
  });

  test('the audit log lists sign-ins and member changes; filters narrow it and "Older" pages back', async () => {
    await admin.goto(`${server.url}/`);
    await switchClient(admin, ACCESS.alpha.name);
    await navLink(admin, 'Audit log').click();
    await pageHeading(admin, 'Audit log').waitFor();
    const rows = admin.getByTestId('audit-row');
    await rows.first().waitFor();
    const actions = () => admin.getByTestId('audit-action').allInnerTexts();
    expect(await actions()).toContain('auth.login');
    expect(await actions()).toContain('membership.add');

    const filters = admin.getByRole('form', { name: 'Audit filters' });
    await filters.getByLabel('Action').fill('auth.');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(async () => (await actions()).every((a) => a.startsWith('auth.'))).toBe(true);
    expect(await actions()).toContain('auth.login');

    await filters.getByLabel('Action').fill('membership.add');
    await filters.getByLabel('Actor email').fill(OWNER.email);
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(actions).toEqual(['membership.add']);
    expect(await rows.first().getByTestId('audit-actor').innerText()).toBe(OWNER.email);
    await rows
      .first()
      .getByRole('button', { name: /^Show the change of membership\.add/ })
      .click();
    const diff = admin.getByTestId('audit-diff');
    expect(await diff.innerText()).toContain(VIEWER.email);
    expect(await diff.innerText()).toContain('viewer');

    await filters.getByLabel('From', { exact: true }).fill('2001-01-02T00:00');
    await filters.getByLabel('To', { exact: true }).fill('2001-01-01T00:00');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await filters.getByText('Before “from”').waitFor();
    await filters.getByLabel('To', { exact: true }).fill('2001-01-03T00:00');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await admin.getByTestId('audit-empty').waitFor();

    // More than a page (50) of entries: each client switch is an audited request.
    for (let i = 0; i < 50; i += 1) {
      await api(admin, server.url, 'PUT', '/api/me/client', { clientId: ACCESS.beta.id });
      await api(admin, server.url, 'PUT', '/api/me/client', { clientId: ACCESS.alpha.id });
    }
    await filters.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rows.count()).toBe(50);
    const firstPage = await admin.getByTestId('audit-row').evaluateAll((els) => els.map((el) => el.dataset['auditId']));
    await admin.getByRole('button', { name: 'Older' }).click();
    await admin.getByRole('heading', { name: /page 2/ }).waitFor();
    await rows.first().waitFor();
    const secondPage = await rows.evaluateAll((els) => els.map((el) => Number(el.dataset['auditId'])));
    expect(secondPage.length).toBeGreaterThan(0);
    expect(Math.max(...secondPage)).toBeLessThan(Math.min(...firstPage.map(Number)));
    await admin.getByRole('button', { name: 'Newer' }).click();
    await expect.poll(() => rows.evaluateAll((els) => els.map((el) => el.dataset['auditId']))).toEqual(firstPage);
  });

  test('a password change takes the current password and the policy; then only the new password signs in', async () => {
    await viewer.goto(`${server.url}/account`);
    await pageHeading(viewer, 'Account').waitFor();
    const form = viewer.getByRole('form', { name: 'Change password' });
    const fill = async (current: string, next: string, confirm: string) => {
      await form.getByLabel('Current password').fill(current);
      await form.getByLabel('New password', { exact: true }).fill(next);
      await form.getByLabel('Confirm new password').fill(confirm);
      await form.getByRole('button', { name: 'Change password' }).click();
    };
    await fill(VIEWER.password, 'too-short', 'too-short');
    await form.getByText('Password must be at least 12 characters').waitFor();
    await fill(VIEWER.password, VIEWER_NEW_PASSWORD, `${VIEWER_NEW_PASSWORD}x`);
    await form.getByText('The two new passwords differ').waitFor();
    // A wrong current password: the server's refusal, beside that field.
    await fill('Not-The-Password-1', VIEWER_NEW_PASSWORD, VIEWER_NEW_PASSWORD);
    const current = form.getByLabel('Current password');
    await expect.poll(() => current.getAttribute('data-invalid')).toBe('true');
    const describedBy = await current.getAttribute('aria-describedby');
    expect(await viewer.locator(`[id="${describedBy}"]`).innerText()).toMatch(/incorrect/i);
    await fill(VIEWER.password, VIEWER_NEW_PASSWORD, VIEWER_NEW_PASSWORD);
    await viewer.getByTestId('password-changed').waitFor();

    await viewer.getByRole('button', { name: 'Log out' }).click();
    await viewer.waitForURL(`${server.url}/login`);
    await submitLogin(viewer, VIEWER);
    await viewer.getByRole('alert').getByText('Email or password is incorrect').waitFor();
    await submitLogin(viewer, { email: VIEWER.email, password: VIEWER_NEW_PASSWORD });
    await viewer.getByTestId('current-user-email').waitFor();
  });

  test('an API token is shown once, works as a bearer token, and stops working when revoked', async () => {
    await viewer.goto(`${server.url}/account`);
    const form = viewer.getByRole('form', { name: 'Create an API token' });
    await form.getByLabel('Token name').fill('nightly report');
    await form.getByRole('button', { name: 'Create token' }).click();
    const box = viewer.getByTestId('created-token');
    await box.waitFor();
    expect(await box.innerText()).toContain('shown only this once');
    const token = (await viewer.getByTestId('created-token-value').innerText()).trim();
    expect(token).toMatch(/^otk_/);
    const row = viewer.locator('[data-testid="token-row"]', { hasText: 'nightly report' });
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await row.innerText()).toContain(ACCESS.alpha.name);

    const withToken = (bearer: string) =>
      fetch(`${server.url}/api/clients/members`, { headers: { authorization: `Bearer ${bearer}` } }).then(
        (r) => r.status,
      );
    expect(await withToken(token)).toBe(200);

    await box.getByRole('button', { name: 'I have stored it' }).click();
    await box.waitFor({ state: 'detached' });
    expect(await viewer.locator('body').innerText()).not.toContain(token);

    await row.getByRole('button', { name: 'Revoke nightly report' }).click();
    await viewer
      .getByRole('dialog', { name: 'Revoke this token?' })
      .getByRole('button', { name: 'Revoke token' })
      .click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('revoked');
    expect(await withToken(token)).toBe(401);
  });

  test('"Sign out everywhere" ends this session and the user’s others', async () => {
    const other = await signInAs({ email: VIEWER.email, password: VIEWER_NEW_PASSWORD });
    await viewer.goto(`${server.url}/account`);
    await viewer.getByRole('button', { name: 'Sign out everywhere…' }).click();
    await viewer
      .getByRole('dialog', { name: 'Sign out everywhere?' })
      .getByRole('button', { name: 'Sign out everywhere' })
      .click();
    await viewer.waitForURL(`${server.url}/login`);
    await other.goto(`${server.url}/orders`);
    await other.waitForURL(`${server.url}/login`);
  });

  test('a user in no client is told to ask an admin, and keeps their account page', async () => {
    const lonely = { email: 'lonely@example.com', password: 'Lonely-Password-123' };
    await api(admin, server.url, 'POST', '/api/admin/users', lonely);
    const page = await signInAs(lonely);
    const state = page.getByTestId('no-client');
    await state.waitFor();
    expect(await state.innerText()).toContain('You are not a member of any client yet; ask an admin');
    expect(await page.getByTestId('active-client').count()).toBe(0);
    expect(await navEntries(page)).toEqual(['Account']);
    await navLink(page, 'Account').click();
    await pageHeading(page, 'Account').waitFor();
    expect(await page.getByText('Not a member of any client yet.').isVisible()).toBe(true);
  });

  test('at 375 px the header keeps the client and the new pages fit without horizontal overflow', async () => {
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      storageState: await admin.context().storageState(),
    });
    contexts.push(phone);
    const page = await phone.newPage();
    for (const [path, title, ready] of [
      ['/members', 'Members', 'members-table'],
      ['/audit', 'Audit log', 'audit-table'],
      ['/account', 'Account', 'account-email'],
      ['/admin', 'Admin', 'users-table'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await pageHeading(page, title).waitFor();
      await page.getByTestId(ready).waitFor();
      expect(await isInViewport(page.getByTestId('client-selector'))).toBe(true);
      const overflow = await horizontalOverflow(page);
      expect(overflow.scrollWidth, path).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: `/tmp/optionstrader-${path.slice(1)}-phone.png`, fullPage: true });
    }
    expect(await page.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);
    expect(await page.getByRole('banner').getByText('OptionsTrader').isVisible()).toBe(true);
  });

  test('the admin sees every client in the selector, as owner of each', async () => {
    await admin.goto(`${server.url}/`);
    await admin.getByTestId('client-selector').click();
    const items = await admin.getByRole('menuitem').allTextContents();
    expect(items).toEqual([`${ACCESS.alpha.name}Owner`, `${ACCESS.beta.name}Owner`]);
    await admin.keyboard.press('Escape');
  });
});
