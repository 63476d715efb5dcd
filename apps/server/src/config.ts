// Configuration, parsed once from the environment (documented in .env.example).
import path from 'node:path';
import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

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
  IBKR_HOST: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
  IBKR_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(4002)),
  IBKR_CLIENT_ID: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(1)),
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
  WEB_DIST_DIR: optionalString,
  SMTP_HOST: optionalString,
  SMTP_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(587)),
  SMTP_USER: optionalString,
  SMTP_PASSWORD: optionalString,
  SMTP_FROM: optionalString,
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
}
