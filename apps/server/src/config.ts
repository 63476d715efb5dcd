// Configuration, parsed once from the environment (documented in .env.example).
import path from 'node:path';
import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

function isBareOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    const plain = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    return (url.protocol === 'http:' || url.protocol === 'https:') && plain && !value.endsWith('/');
  } catch {
    return false;
  }
}

export const configSchema = z.object({
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(8080)),
  HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./.data')),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
      .optional(),
  ),
  BROKER: z.preprocess(emptyAsUndefined, z.enum(['sim', 'ibkr', 'none']).default('sim')),
  /** Seconds between broker syncs while the server runs; 0 turns periodic sync off. */
  SYNC_INTERVAL_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(86_400).default(10)),
  // The risk monitor's cadence during the session, rounded to whole minutes (margin usage, concentration,
  // assignment alerts); 0 turns it off.
  RISK_MONITOR_INTERVAL_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(0).max(86_400).default(300),
  ),
  // During the session, the scan (every enabled strategy instance) repeats this often after the first one, rounded to
  // whole minutes; 0: once a day. SCHEDULE_STRATEGY_SCAN=false turns scheduled scans off (runs still start by hand).
  STRATEGY_RUN_INTERVAL_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(0).max(86_400).default(900),
  ),
  // The first scan of the day runs this many minutes after the open (quotes settle after the opening rotation).
  SCAN_DELAY_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(360).default(15)),
  // false: the scheduler never starts strategy runs (scans and expiry-day rolls); they still run by hand.
  SCHEDULE_STRATEGY_SCAN: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
  ),
  // Jobs of each kind a worker process takes from the queue at once (one fetch) and runs side by side.
  WORKER_CONCURRENCY: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100).default(4)),
  // How often an idle worker asks the queue for work.
  QUEUE_POLL_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().min(0.5).max(60).default(1)),
  // How often working paper orders are matched against quotes (and paper options settled); 0 turns it off.
  PAPER_FILL_INTERVAL_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(3600).default(15)),
  // Test-only crash injection: the process kills itself (SIGKILL) at this point of an approval (see the crash tests).
  OPTIONSTRADER_CRASH_AT: z.preprocess(emptyAsUndefined, z.enum(['order_stored', 'order_acknowledged']).optional()),
  IBKR_HOST: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
  IBKR_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(4002)),
  IBKR_CLIENT_ID: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(1)),
  /** Which managed accounts to use and how each is margined: `CODE[=type[:label]],…`; all (as Reg-T) when empty. */
  IBKR_ACCOUNTS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^[A-Za-z0-9-]+(=(margin_pm|margin_regt|cash|tfsa|rrsp)(:[^,]+)?)?(,[A-Za-z0-9-]+(=(margin_pm|margin_regt|cash|tfsa|rrsp)(:[^,]+)?)?)*$/,
        'IBKR_ACCOUNTS is CODE[=margin_pm|margin_regt|cash|tfsa|rrsp[:label]], comma-separated',
      )
      .optional(),
  ),
  IBKR_MARKET_DATA_TYPE: z.preprocess(
    emptyAsUndefined,
    z.enum(['live', 'frozen', 'delayed', 'delayed_frozen']).default('live'),
  ),
  /** How long a start waits for the gateway to be ready before giving up with a clear error. */
  IBKR_START_TIMEOUT_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(600).default(30)),
  /** Never send orders through IBKR (also set "Read-Only API" in TWS for a second lock). */
  IBKR_READ_ONLY: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')),
  /** Orders to live (non-DU) IBKR accounts are refused unless this is true. */
  IBKR_LIVE_TRADING: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')),
  ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email().default('admin@localhost.localdomain')),
  ADMIN_PASSWORD: optionalString,
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SESSION_TTL_HOURS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .positive()
      .max(24 * 90)
      .default(24 * 7),
  ),
  COOKIE_SECURE: z.preprocess(emptyAsUndefined, z.enum(['true', 'false', 'auto']).default('auto')),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(10)),
  BODY_LIMIT_BYTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(1_048_576)),
  /** Requests per minute and client IP to /api; behind a proxy (trustProxy off) every user shares one IP. */
  API_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(600)),
  /** Preview/approve/reject and order cancels per minute, per user and action. */
  APPROVE_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(30)),
  /** Origins besides the server's own whose pages may send cookie-authenticated changes: `https://a.example,…`. */
  ALLOWED_ORIGINS: z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean)
        : value,
    z
      .array(z.string().refine(isBareOrigin, 'ALLOWED_ORIGINS entries are scheme://host[:port], comma-separated'))
      .default([]),
  ),
  /** Set → GET /metrics needs `Authorization: Bearer <token>` (its series include per-account margin usage). */
  METRICS_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\S{16,256}$/, 'METRICS_TOKEN must be 16 to 256 characters without spaces')
      .optional(),
  ),
  WEB_DIST_DIR: optionalString,
  /** How email leaves: smtp, file (.eml files under DATA_DIR/mail, the default), console (logged), resend, none (no email). */
  MAIL_TRANSPORT: z.preprocess(emptyAsUndefined, z.enum(['smtp', 'file', 'console', 'resend', 'none']).default('file')),
  MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().default('OptionsTrader <optionstrader@localhost.localdomain>')),
  SMTP_HOST: optionalString,
  SMTP_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(587)),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it (587, 25). */
  SMTP_SECURE: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')),
  SMTP_USER: optionalString,
  SMTP_PASSWORD: optionalString,
  RESEND_API_KEY: optionalString,
  RESEND_API_URL: z.preprocess(emptyAsUndefined, z.url().default('https://api.resend.com')),
  /** The address people open the app at: the links in notifications (default http://localhost:PORT). */
  APP_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
});

export type Config = z.infer<typeof configSchema>;

/** IBKR_ACCOUNTS parsed: `DU123=margin_pm:Main,U456=tfsa` → entries with their type and label. */
export function ibkrAccountsOf(config: Pick<Config, 'IBKR_ACCOUNTS'>) {
  if (!config.IBKR_ACCOUNTS) return [];
  return config.IBKR_ACCOUNTS.split(',').map((entry) => {
    const [code = '', rest] = entry.split('=', 2);
    const [type, ...label] = (rest ?? '').split(':');
    return {
      code,
      ...(type ? { type: type as 'margin_pm' | 'margin_regt' | 'cash' | 'tfsa' | 'rrsp' } : {}),
      label: label.length > 0 ? label.join(':') : null,
    };
  });
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables whose values are secrets: they come from the environment only and never appear in a message. */
export const secretVariable = /PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|DATABASE_URL/i;

/** A message about the configuration with every secret value in `env` blanked out. */
export function withoutSecrets(message: string, env: Record<string, string | undefined>): string {
  return Object.entries(env)
    .filter((entry): entry is [string, string] => secretVariable.test(entry[0]) && Boolean(entry[1]))
    .reduce((text, [, secret]) => text.split(secret).join('[redacted]'), message);
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    // Zod does not quote inputs today; a future message that does must still not print a password.
    throw new ConfigError(withoutSecrets(`Invalid configuration: ${problems}`, env));
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
}
