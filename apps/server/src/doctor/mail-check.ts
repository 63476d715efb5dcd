// Mail: what MAIL_TRANSPORT means; for SMTP, first whether the server greets (in plain words), then the
// mailer's own verify (nodemailer: EHLO, STARTTLS, login), as the notifications will use it.
import { createMailer, mailDirOf, type MailConfig } from '../adapters/mailer';
import { withoutSecrets } from '../config';
import { errorReason } from '@optionstrader/db';
import { fail, ok, warn, type DoctorResult } from './doctor-result';
import { probeTcp, unreachableMessage } from './tcp-probe';

export async function checkMail(
  config: MailConfig,
  env: Record<string, string | undefined>,
  timeoutMs: number,
): Promise<DoctorResult> {
  switch (config.MAIL_TRANSPORT) {
    case 'none':
      return warn(
        'mail',
        'MAIL_TRANSPORT=none: no email is stored or sent; notifications reach only the app and webhooks',
      );
    case 'console':
      return ok('mail', 'MAIL_TRANSPORT=console: emails are written to the log, not sent');
    case 'file':
      return ok('mail', `MAIL_TRANSPORT=file: emails are written as .eml files to ${mailDirOf(config)}, not sent`);
    case 'resend':
      return config.RESEND_API_KEY
        ? ok('mail', 'MAIL_TRANSPORT=resend: RESEND_API_KEY is set (the doctor does not call the Resend API)')
        : fail('mail', 'MAIL_TRANSPORT=resend but RESEND_API_KEY is not set: no email can be sent');
    case 'smtp':
      return checkSmtp(config, env, timeoutMs);
  }
}

async function checkSmtp(
  config: MailConfig,
  env: Record<string, string | undefined>,
  timeoutMs: number,
): Promise<DoctorResult> {
  const { SMTP_HOST: host, SMTP_PORT: port } = config;
  const secure = config.SMTP_SECURE === 'true';
  if (!host) return fail('mail', 'MAIL_TRANSPORT=smtp but SMTP_HOST is not set: no email can be sent');
  // An SMTP server speaks first: a "220" greeting line (after the TLS handshake with SMTP_SECURE=true).
  const outcome = await probeTcp({ host, port, timeoutMs, tls: secure, answered: (r) => r.includes('\n') });
  const tlsHint = secure ? ' (SMTP_SECURE=true: TLS from the first byte, usually port 465)' : '';
  if (outcome.kind === 'closed' || outcome.kind === 'silent') {
    const mismatch = secure
      ? ' — does it expect plain SMTP + STARTTLS (SMTP_SECURE=false, port 587)?'
      : ' — does it expect TLS from the first byte (SMTP_SECURE=true, port 465)?';
    return fail('mail', `${host}:${port} accepted the connection but sent no SMTP greeting${mismatch}`);
  }
  if (outcome.kind !== 'answered')
    return fail('mail', unreachableMessage(outcome, host, port, `is SMTP_HOST / SMTP_PORT right?${tlsHint}`));
  const greeting = outcome.received.toString('latin1').split(/\r?\n/)[0] ?? '';
  if (!greeting.startsWith('220'))
    return fail('mail', `${host}:${port} answered "${greeting.slice(0, 80)}", not an SMTP greeting${tlsHint}`);

  const login = config.SMTP_USER ? `the login as ${config.SMTP_USER}` : 'no login (SMTP_USER unset)';
  try {
    await createMailer(config, { info: () => undefined })?.verify();
    return ok('mail', `the SMTP server at ${host}:${port} answers (${greeting.slice(0, 60)}) and accepts ${login}`);
  } catch (error) {
    return fail(
      'mail',
      withoutSecrets(
        `the SMTP server at ${host}:${port} answers, but ${login} failed: ${errorReason(error)} — check SMTP_USER, SMTP_PASSWORD and SMTP_SECURE`,
        env,
      ),
    );
  }
}
