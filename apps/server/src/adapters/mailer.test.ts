import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderNotification } from '@optionstrader/application';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { headerOf, partOf, startSmtpSink, type SmtpSink } from '../testing/smtp-sink';
import { createMailer } from './mailer';
import { createWebhookSender } from './webhook';

const rendered = renderNotification(
  {
    kind: 'risk_alert',
    key: 'a1',
    severity: 'critical',
    alertKind: 'risk_rule',
    message: 'Margin usage 91% > 80% <limit>',
  },
  'http://localhost:8080',
);
const message = { to: 'alice@example.com', subject: rendered.subject, text: rendered.text, html: rendered.html };

const silent = { info: () => {} };

/** A port nothing listens on: one a server had, closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // TCP listener
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function httpSink(status = 200): Promise<{ url: string; requests: Captured[]; server: Server }> {
  const requests: Captured[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(status < 300 ? '{"id":"x"}' : '{"name":"validation_error","message":"bad from"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // TCP listener
  return { url: `http://127.0.0.1:${port}`, requests, server };
}

describe('SMTP mailer against a real SMTP server', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  it('delivers the subject, the text part and the escaped HTML part', async () => {
    const config = loadConfig({
      MAIL_TRANSPORT: 'smtp',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      MAIL_FROM: 'OptionsTrader <ot@example.com>',
    });
    const mailer = createMailer(config, silent)!;
    await mailer.verify();
    await mailer.send(message);
    const [mail] = await sink.received(1);
    expect(mail?.to).toEqual(['alice@example.com']);
    expect(mail?.from).toBe('ot@example.com');
    expect(headerOf(mail!.raw, 'Subject')).toBe('Risk alert (critical): Margin usage 91% > 80% <limit>');
    expect(partOf(mail!.raw, 'text/plain')).toContain('Margin usage 91% > 80% <limit>\nKind: risk_rule.');
    const html = partOf(mail!.raw, 'text/html');
    expect(html).toContain('<p>Margin usage 91% &gt; 80% &lt;limit&gt;</p>');
    expect(html).toContain('<a href="http://localhost:8080/">Open OptionsTrader</a>');
  });

  it('a server that is down: send and verify reject (the queue retries)', async () => {
    const port = await closedPort();
    const mailer = createMailer(
      loadConfig({ MAIL_TRANSPORT: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) }),
      silent,
    )!;
    await expect(mailer.send(message)).rejects.toThrow(/ECONNREFUSED/);
    await expect(mailer.verify()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses to start without a host', () => {
    expect(() => createMailer(loadConfig({ MAIL_TRANSPORT: 'smtp' }), silent)).toThrow(/SMTP_HOST/);
  });
});

describe('file, console, resend and none transports', () => {
  it('file: one readable .eml per message under DATA_DIR/mail', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ot-mail-'));
    try {
      const mailer = createMailer(loadConfig({ DATA_DIR: dataDir }), silent)!;
      await mailer.send(message);
      const files = await readdir(path.join(dataDir, 'mail'));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const eml = await readFile(path.join(dataDir, 'mail', files[0]!), 'utf8');
      expect(headerOf(eml, 'To')).toBe('alice@example.com');
      expect(partOf(eml, 'text/plain')).toContain('Kind: risk_rule. Severity: critical.');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('console: logs the recipient, subject and text', async () => {
    const lines: unknown[][] = [];
    const mailer = createMailer(loadConfig({ MAIL_TRANSPORT: 'console' }), {
      info: (...args: unknown[]) => lines.push(args),
    })!;
    await mailer.send(message);
    expect(lines[0]?.[0]).toEqual({ to: 'alice@example.com', subject: message.subject });
    expect(String(lines[0]?.[1])).toContain('Kind: risk_rule');
  });

  it('resend: POSTs to /emails with the key; an error answer rejects with its status', async () => {
    const ok = await httpSink(200);
    const failing = await httpSink(422);
    try {
      const config = (url: string) =>
        loadConfig({
          MAIL_TRANSPORT: 'resend',
          RESEND_API_KEY: 're_test_key',
          RESEND_API_URL: url,
          MAIL_FROM: 'ot@example.com',
        });
      await createMailer(config(ok.url), silent)!.send(message);
      expect(ok.requests).toHaveLength(1);
      expect(ok.requests[0]).toMatchObject({ method: 'POST', url: '/emails' });
      expect(ok.requests[0]?.headers['authorization']).toBe('Bearer re_test_key');
      expect(JSON.parse(ok.requests[0]!.body)).toEqual({
        from: 'ot@example.com',
        to: ['alice@example.com'],
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      await expect(createMailer(config(failing.url), silent)!.send(message)).rejects.toThrow(/Resend answered 422/);
      expect(() => createMailer(loadConfig({ MAIL_TRANSPORT: 'resend' }), silent)).toThrow(/RESEND_API_KEY/);
    } finally {
      ok.server.close();
      failing.server.close();
    }
  });

  it('none: no mailer at all', () => {
    expect(createMailer(loadConfig({ MAIL_TRANSPORT: 'none' }), silent)).toBeNull();
  });
});

describe('webhook sender', () => {
  it('POSTs the JSON body; a non-2xx answer or a closed port rejects', async () => {
    const ok = await httpSink(204);
    const failing = await httpSink(500);
    try {
      const sender = createWebhookSender();
      await sender.post(`${ok.url}/hook/secret`, { text: 'hello' });
      expect(ok.requests[0]).toMatchObject({ method: 'POST', url: '/hook/secret', body: '{"text":"hello"}' });
      expect(ok.requests[0]?.headers['content-type']).toBe('application/json');
      await expect(sender.post(failing.url, { text: 'x' })).rejects.toThrow('Webhook answered HTTP 500');
      await expect(sender.post(`http://127.0.0.1:${await closedPort()}/`, {})).rejects.toThrow();
    } finally {
      ok.server.close();
      failing.server.close();
    }
  });

  it('gives up on a server that never answers', async () => {
    const server = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo; // TCP listener
    try {
      await expect(createWebhookSender({ timeoutMs: 50 }).post(`http://127.0.0.1:${port}/`, {})).rejects.toThrow(
        /timeout|aborted/i,
      );
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
