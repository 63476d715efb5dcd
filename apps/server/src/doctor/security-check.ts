// The settings that make an installation unsafe when left on by mistake; each one a warning in plain words.
import type { Config } from '../config';
import { fail, ok, warn, type DoctorResult } from './doctor-result';

/** The placeholder in .env.example: copied as is, it is a password everyone knows. */
const EXAMPLE_ADMIN_PASSWORD = 'choose-at-least-12-characters';

const loopback = (host: string) => host === '127.0.0.1' || host === '::1' || host === 'localhost';

export function checkSecurity(
  config: Pick<
    Config,
    | 'HOST'
    | 'COOKIE_SECURE'
    | 'ADMIN_PASSWORD'
    | 'BROKER'
    | 'IBKR_LIVE_TRADING'
    | 'IBKR_READ_ONLY'
    | 'OPTIONSTRADER_CRASH_AT'
  >,
  env: Record<string, string | undefined>,
  facts: { autotradeEnabled?: boolean; users?: number },
): DoctorResult[] {
  const results: DoctorResult[] = [];
  const exposed = !loopback(config.HOST);
  if (config.OPTIONSTRADER_CRASH_AT)
    results.push(
      fail('security', `OPTIONSTRADER_CRASH_AT is set: a test-only switch that kills the server mid-order; unset it`),
    );
  if (config.COOKIE_SECURE === 'false' && exposed)
    results.push(
      warn(
        'security',
        `COOKIE_SECURE=false while listening on ${config.HOST}: session cookies also travel over plain http; use auto or true behind https`,
      ),
    );
  if (config.ADMIN_PASSWORD === EXAMPLE_ADMIN_PASSWORD)
    results.push(
      warn(
        'security',
        'ADMIN_PASSWORD is the example value from .env.example: choose your own, and change it in the app if it was used',
      ),
    );
  else if (config.ADMIN_PASSWORD && (facts.users ?? 0) > 0)
    results.push(
      warn(
        'security',
        'ADMIN_PASSWORD is still set: it only creates the first admin on an empty database; remove it from the environment',
      ),
    );
  if (config.IBKR_LIVE_TRADING === 'true')
    results.push(
      warn(
        'security',
        `IBKR_LIVE_TRADING=true: orders to live (real money) IBKR accounts are allowed${config.IBKR_READ_ONLY === 'true' ? ' (IBKR_READ_ONLY=true still blocks every order)' : ''}`,
      ),
    );
  if (facts.autotradeEnabled)
    results.push(
      warn(
        'security',
        'auto-trading is switched on globally: approved strategies send orders without a person (Settings → kill switch)',
      ),
    );
  if (!env['METRICS_TOKEN'] && exposed)
    results.push(
      warn(
        'security',
        `METRICS_TOKEN is not set and the server listens on ${config.HOST}: /metrics (per-account margin usage) is public`,
      ),
    );
  if (results.length === 0)
    results.push(ok('security', 'no risky setting found (live trading off, auto-trading off, no example password)'));
  return results;
}
