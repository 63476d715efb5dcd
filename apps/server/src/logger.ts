// pino options: JSON in production, pretty only on an interactive terminal, secrets redacted.
import type { LoggerOptions } from 'pino';

/** Known places of secrets, censored by pino itself (cheap, exact). */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'token',
  '*.token',
  'databaseUrl',
  'DATABASE_URL',
  'SMTP_PASSWORD',
  'RESEND_API_KEY',
  'ADMIN_PASSWORD',
];

export const censor = '[redacted]';

// Any key that names a secret, at any depth (pino's paths only reach fixed depths): its whole value goes.
// `pass` is how mail and HTTP clients name a password (nodemailer's `auth: { user, pass }`).
const secretWords = 'password|passwd|passphrase|secret|token|api[-_]?key|private[-_]?key|authorization|cookie';
const sensitiveKey = new RegExp(`${secretWords}|^pass$`, 'i');
// Cheap pre-check on the JSON line so that only lines with such a key are parsed again.
const sensitiveJsonKey = new RegExp(`"(?:[^"]*(?:${secretWords})[^"]*|pass)"\\s*:`, 'i');
// `postgres://user:secret@host` anywhere in a value.
const urlCredentials = /(\/\/[^\s"/:@]+:)[^\s"/@]+@/g;
// `?token=…` or `&api_key=…` in a logged URL.
const sensitiveQueryParam = /([?&][^=&\s"#]*(?:password|secret|token|api[-_]?key)[^=&\s"#]*=)[^&\s"#]*/gi;

function censorKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(censorKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, sensitiveKey.test(key) ? censor : censorKeys(inner)]),
    );
  }
  return value;
}

/** The last line of defence before a log line is written: secrets by key name, in URLs and in query strings. */
export function redactLine(line: string): string {
  let out = line;
  if (sensitiveJsonKey.test(out)) {
    try {
      out = JSON.stringify(censorKeys(JSON.parse(out))) + (line.endsWith('\n') ? '\n' : '');
    } catch {
      // Not JSON (pino always writes JSON): the replacements below still apply.
    }
  }
  return out.replace(urlCredentials, `$1${censor}@`).replace(sensitiveQueryParam, `$1${censor}`);
}

export function loggerOptions(level: string, pretty = process.stdout.isTTY === true): LoggerOptions {
  return {
    level,
    redact: { paths: redactedPaths, censor },
    // Runs on the finished line, after every serializer (request, error): nothing reaches the stream unredacted.
    hooks: { streamWrite: redactLine },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  };
}
