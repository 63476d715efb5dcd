// Notifications on the Account page against a real SMTP server and a real webhook receiver: choose events per
// channel, set a webhook, refuse a bad URL, send a test, and see the deliveries in the history.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeSignedIn, e2eTarget, openSignedIn, pageHeading } from './browser';
import { E2E_ADMIN } from './e2e-env';
import { startTestServer, type RunningTestServer } from './server';

const target = e2eTarget();

/** The slice of apps/server's test SMTP sink used here (declared here: the web typecheck stays off server sources). */
interface SmtpSink {
  port: number;
  received(count: number): Promise<{ to: string[]; raw: string }[]>;
  close(): Promise<void>;
}
interface SmtpSinkModule {
  startSmtpSink(): Promise<SmtpSink>;
  headerOf(raw: string, name: string): string | undefined;
  partOf(raw: string, contentType: string): string | undefined;
}
const sinkModule = fileURLToPath(new URL('../../server/src/testing/smtp-sink.ts', import.meta.url));

describe.skipIf(target === null)('notifications', () => {
  let browser: Browser;
  let server: RunningTestServer;
  let desktop: BrowserContext;
  let page: Page;
  let smtp: SmtpSinkModule;
  let sink: SmtpSink;
  let hooks: Server;
  let hookUrl: string;
  const posted: unknown[] = [];

  beforeAll(async () => {
    smtp = (await import(pathToFileURL(sinkModule).href)) as SmtpSinkModule;
    sink = await smtp.startSmtpSink();
    hooks = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        posted.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/api/webhooks/123/secret`; // TCP listener
    ({ browser, server, desktop } = await openSignedIn(target, () =>
      startTestServer({
        env: { MAIL_TRANSPORT: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port) },
      }),
    ));
    page = await desktop.newPage();
  });
  afterAll(async () => {
    await closeSignedIn(browser, server);
    await sink?.close();
    hooks?.close();
  });

  const section = () => page.getByRole('region', { name: 'Notifications' });
  const box = (label: string) => section().getByRole('checkbox', { name: label, exact: true });

  test('shows the defaults: every event by email except new recommendations, no webhook', async () => {
    await page.goto(`${server.url}/account`);
    await pageHeading(page, 'Account').waitFor();
    await box('Fills by email').waitFor();
    expect(await box('Fills by email').isChecked()).toBe(true);
    expect(await box('New recommendations by email').isChecked()).toBe(false);
    expect(await box('Daily summary by webhook').isChecked()).toBe(true);
    expect(await section().getByLabel('Webhook URL').inputValue()).toBe('');
    expect(await section().innerText()).toContain(`Email goes to ${E2E_ADMIN.email}.`);
  });

  test('a bad webhook URL is refused beside the field; a good one is saved with the choices', async () => {
    await section().getByLabel('Webhook URL').fill('ftp://hooks.example.com/x');
    await section().getByRole('button', { name: 'Save' }).click();
    await section().getByText('A webhook URL is an http(s) address without user or password').waitFor();

    await box('Fills by email').uncheck();
    await box('New recommendations by email').check();
    await section().getByLabel('Webhook URL').fill(hookUrl);
    await section().getByLabel('Format').selectOption('discord');
    await section().getByRole('button', { name: 'Save' }).click();
    await section().getByText('Saved.').waitFor();

    await page.reload();
    await box('Fills by email').waitFor();
    expect(await box('Fills by email').isChecked()).toBe(false);
    expect(await box('New recommendations by email').isChecked()).toBe(true);
    expect(await section().getByLabel('Webhook URL').inputValue()).toBe(hookUrl);
    expect(await section().getByLabel('Format').inputValue()).toBe('discord');
  });

  test('"Send a test" reaches the SMTP server and the webhook, and the history shows both sent', async () => {
    await section().getByRole('button', { name: 'Send a test' }).click();
    await section().getByText('Test queued on 2 channel(s); see the history below.').waitFor();

    const [mail] = await sink.received(1);
    expect(mail?.to).toEqual([E2E_ADMIN.email]);
    expect(smtp.headerOf(mail!.raw, 'Subject')).toBe('OptionsTrader test notification');
    expect(smtp.partOf(mail!.raw, 'text/plain')).toContain('This is a test: your notifications reach you here.');
    expect(smtp.partOf(mail!.raw, 'text/html')).toContain('<p>This is a test: your notifications reach you here.</p>');
    await expect.poll(() => posted.length, { timeout: 20_000 }).toBe(1);
    expect(posted[0]).toEqual({ content: expect.stringMatching(/^\*OptionsTrader test notification\*/) });

    const history = section().getByRole('table', { name: 'Recent notifications' });
    const rows = history.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    await expect
      .poll(async () => (await rows.allInnerTexts()).filter((text) => /\bsent\b/i.test(text)).length, {
        timeout: 20_000,
      })
      .toBe(2);
    const text = (await history.innerText()).toLowerCase();
    expect(text).toContain('optionstrader test notification');
    // The webhook's secret path is not shown back.
    expect(text).not.toContain('secret');
  });
});
