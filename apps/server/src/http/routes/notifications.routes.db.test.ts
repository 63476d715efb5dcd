import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Mailer, NotificationService } from '@optionstrader/application';
import { describeDb } from '@optionstrader/testkit';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMailer } from '../../adapters/mailer';
import { loadConfig } from '../../config';
import { createNotifications } from '../../notifications';
import { headerOf, partOf, startSmtpSink, type SmtpSink } from '../../testing/smtp-sink';
import { createTestApp, manualClock, type TestApp } from '../../testing/test-app';

const NOW = new Date('2026-03-09T15:00:00Z');

describeDb('notifications routes', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let hooks: Server;
  let hookUrl: string;
  const posted: string[] = [];
  const queued: string[] = [];
  let service: NotificationService;
  let smtpDown = false;
  const clock = manualClock(NOW);

  beforeAll(async () => {
    sink = await startSmtpSink();
    hooks = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        posted.push(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/services/T0/B0/secret`; // TCP listener
    const smtp = (port: number) =>
      createMailer(loadConfig({ MAIL_TRANSPORT: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) }), {
        info: () => {},
      })!;
    const up = smtp(sink.port);
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const down = smtp(1);
    const mailer: Mailer = {
      send: (message) => (smtpDown ? down : up).send(message),
      verify: () => up.verify(),
    };
    t = await createTestApp({
      clock,
      app: (services) => {
        service = createNotifications(loadConfig({ MAIL_TRANSPORT: 'smtp', SMTP_HOST: '127.0.0.1' }), {
          repositories: services.repositories,
          clock,
          logger: pino({ level: 'silent' }),
          mailer,
          // The queue: the test runs the deliveries itself.
          enqueueDelivery: async (id) => void queued.push(id),
        }).service;
        return { notifications: { notifications: service, repo: services.repositories.notifications, clock } };
      },
    });
  });

  afterAll(async () => {
    await t.close();
    await sink.close();
    hooks.close();
  });

  const call = (cookie: string | undefined, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });

  it('needs a session; every user, whatever their role, has their own settings with the defaults', async () => {
    expect((await call(undefined, 'GET', '/api/me/notifications')).statusCode).toBe(401);
    const client = await t.createClient('Family');
    const viewer = await t.memberOf(client, 'viewer', 'viewer-notify@example.com');
    const response = await call(viewer.cookie, 'GET', '/api/me/notifications');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.email).toBe('viewer-notify@example.com');
    expect(body.webhook).toEqual({ url: null, format: 'json' });
    expect(body.preferences).toHaveLength(7);
    expect(body.preferences[0]).toEqual({ event: 'recommendations_digest', email: false, webhook: true });
  });

  it('PUT changes only what it names; bad input is a 400 that changes nothing', async () => {
    const { cookie } = await t.login();
    const saved = await call(cookie, 'PUT', '/api/me/notifications', {
      preferences: [{ event: 'fill', email: false, webhook: true }],
      webhook: { url: hookUrl, format: 'slack' },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().webhook).toEqual({ url: hookUrl, format: 'slack' });
    expect(saved.json().preferences.find((p: { event: string }) => p.event === 'fill')).toEqual({
      event: 'fill',
      email: false,
      webhook: true,
    });
    for (const bad of [
      { webhook: { url: 'ftp://hooks.example.com/x', format: 'slack' } },
      { webhook: { url: 'https://user:pass@hooks.example.com/x', format: 'json' } },
      { webhook: { url: hookUrl, format: 'teams' } },
      { preferences: [{ event: 'everything', email: true, webhook: true }] },
      { preferences: [{ event: 'fill', email: 'yes', webhook: true }] },
      { surprise: true },
    ]) {
      const response = await call(cookie, 'PUT', '/api/me/notifications', bad);
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await call(cookie, 'GET', '/api/me/notifications')).json()).toEqual(saved.json());
  });

  it('a test goes through the queue to the SMTP server and the webhook; the history shows it sent', async () => {
    const { cookie } = await t.login();
    const response = await call(cookie, 'POST', '/api/me/notifications/test');
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ queued: 2 });
    expect(queued).toHaveLength(2);
    for (const id of queued.splice(0)) await service.deliver(id);

    const [mail] = await sink.received(1);
    expect(mail?.to).toEqual(['admin@example.com']);
    expect(headerOf(mail!.raw, 'Subject')).toBe('OptionsTrader test notification');
    expect(partOf(mail!.raw, 'text/plain')).toContain('This is a test: your notifications reach you here.');
    expect(partOf(mail!.raw, 'text/html')).toContain('<p>This is a test: your notifications reach you here.</p>');
    expect(posted.map((body): unknown => JSON.parse(body))).toEqual([
      { text: expect.stringMatching(/^\*OptionsTrader test notification\*\nThis is a test/) },
    ]);

    const history = (await call(cookie, 'GET', '/api/me/notifications/history')).json();
    expect(history.items).toHaveLength(2);
    const byChannel = Object.fromEntries(history.items.map((i: { channel: string }) => [i.channel, i]));
    expect(byChannel.email).toMatchObject({ event: 'test', status: 'sent', attempts: 1, error: null });
    expect(byChannel.email.recipient).toBe('admin@example.com');
    // The webhook's secret path is not shown back.
    expect(byChannel.webhook).toMatchObject({ status: 'sent', recipient: `${new URL(hookUrl).origin}/…` });
  });

  it('SMTP down: the delivery fails with its error recorded, retries later succeed; the request never waited', async () => {
    const { cookie } = await t.login();
    await call(cookie, 'PUT', '/api/me/notifications', { webhook: { url: null, format: 'json' } });
    smtpDown = true;
    clock.advance(60_000);
    const response = await call(cookie, 'POST', '/api/me/notifications/test');
    expect(response.json()).toEqual({ queued: 1 });
    const [id] = queued.splice(0);
    await expect(service.deliver(id!)).rejects.toThrow(/ECONNREFUSED/);
    await expect(service.deliver(id!)).rejects.toThrow(/ECONNREFUSED/);
    let [latest] = (await call(cookie, 'GET', '/api/me/notifications/history?limit=1')).json().items;
    expect(latest).toMatchObject({ id, status: 'failed', attempts: 2, sentAt: null });
    expect(latest.error).toMatch(/ECONNREFUSED/);

    smtpDown = false;
    await service.deliver(id!);
    [latest] = (await call(cookie, 'GET', '/api/me/notifications/history?limit=1')).json().items;
    expect(latest).toMatchObject({ id, status: 'sent', attempts: 3, error: null });
    expect(await sink.received(2)).toHaveLength(2);
  });

  it('the history is the caller’s own', async () => {
    const client = await t.createClient('Other');
    const other = await t.memberOf(client, 'owner', 'other-notify@example.com');
    expect((await call(other.cookie, 'GET', '/api/me/notifications/history')).json()).toEqual({ items: [] });
    expect((await call(other.cookie, 'GET', '/api/me/notifications/history?limit=0')).statusCode).toBe(400);
  });
});
