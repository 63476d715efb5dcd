// The Mailer port over nodemailer (SMTP, .eml files, the log) or Resend's HTTP API, chosen by MAIL_TRANSPORT.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Mailer, MailMessage } from '@optionstrader/application';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../config';

export type MailConfig = Pick<
  Config,
  | 'MAIL_TRANSPORT'
  | 'MAIL_FROM'
  | 'SMTP_HOST'
  | 'SMTP_PORT'
  | 'SMTP_SECURE'
  | 'SMTP_USER'
  | 'SMTP_PASSWORD'
  | 'RESEND_API_KEY'
  | 'RESEND_API_URL'
  | 'DATA_DIR'
>;

/** A send that hangs holds a queue worker; an SMTP server that does not answer in this time is down. */
const TIMEOUT_MS = 15_000;

const mailOf = (from: string, message: MailMessage) => ({
  from,
  to: message.to,
  subject: message.subject,
  text: message.text,
  ...(message.html ? { html: message.html } : {}),
});

function smtpMailer(config: MailConfig): Mailer {
  if (!config.SMTP_HOST) throw new ConfigError('Invalid configuration: MAIL_TRANSPORT=smtp needs SMTP_HOST');
  const transport = createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE === 'true',
    ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  return {
    async send(message) {
      await transport.sendMail(mailOf(config.MAIL_FROM, message));
    },
    async verify() {
      await transport.verify();
    },
  };
}

/** Renders the full MIME message without sending it (what the file and console transports keep). */
function renderedMailer(config: MailConfig, keep: (eml: Buffer, message: MailMessage) => Promise<void>): Mailer {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail(mailOf(config.MAIL_FROM, message));
      if (!Buffer.isBuffer(info.message)) throw new Error('The stream transport returned no message buffer');
      await keep(info.message, message);
    },
    async verify() {},
  };
}

export function mailDirOf(config: Pick<Config, 'DATA_DIR'>): string {
  return path.join(config.DATA_DIR, 'mail');
}

function fileMailer(config: MailConfig): Mailer {
  const dir = mailDirOf(config);
  const mailer = renderedMailer(config, async (eml) => {
    await mkdir(dir, { recursive: true });
    // Sortable by time, unique without coordination.
    const name = `${new Date().toISOString().replaceAll(':', '-')}-${randomUUID().slice(0, 8)}.eml`;
    await writeFile(path.join(dir, name), eml);
  });
  return {
    send: (message) => mailer.send(message),
    async verify() {
      await mkdir(dir, { recursive: true });
    },
  };
}

function resendMailer(config: MailConfig): Mailer {
  const key = config.RESEND_API_KEY;
  if (!key) throw new ConfigError('Invalid configuration: MAIL_TRANSPORT=resend needs RESEND_API_KEY');
  const url = `${config.RESEND_API_URL.replace(/\/$/, '')}/emails`;
  return {
    async send(message) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...mailOf(config.MAIL_FROM, message), to: [message.to] }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) {
        // Resend answers {name, message}; the key is never in it.
        const detail = await response.text().catch(() => '');
        throw new Error(`Resend answered ${response.status}: ${detail.slice(0, 300)}`);
      }
    },
    async verify() {},
  };
}

/** The configured mailer; null with MAIL_TRANSPORT=none (then no email is stored or sent). */
export function createMailer(config: MailConfig, logger: Pick<Logger, 'info'>): Mailer | null {
  switch (config.MAIL_TRANSPORT) {
    case 'none':
      return null;
    case 'smtp':
      return smtpMailer(config);
    case 'resend':
      return resendMailer(config);
    case 'file':
      return fileMailer(config);
    case 'console':
      return renderedMailer(config, async (_eml, message) => {
        logger.info({ to: message.to, subject: message.subject }, `email (MAIL_TRANSPORT=console)\n${message.text}`);
      });
  }
}
