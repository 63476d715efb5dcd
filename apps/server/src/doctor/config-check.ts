// The configuration, checked the way the server reads it: each invalid variable named with the reason.
import { configSchema, loadConfig, secretVariable, withoutSecrets, type Config } from '../config';
import { fail, ok, type DoctorResult } from './doctor-result';

export type ConfigCheck = { config: Config; results: DoctorResult[] } | { config: undefined; results: DoctorResult[] };

export function checkConfig(env: Record<string, string | undefined>): ConfigCheck {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const results = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'configuration');
      const value = env[name];
      // A secret's value is never printed, even when it is the wrong one.
      const shown = value === undefined || secretVariable.test(name) ? name : `${name}=${JSON.stringify(value)}`;
      return fail('config', withoutSecrets(`${shown} is not valid: ${issue.message}`, env));
    });
    return { config: undefined, results };
  }
  const config = loadConfig(env);
  const database = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `the embedded database under ${config.DATA_DIR}`;
  return { config, results: [ok('config', `the configuration is valid (BROKER=${config.BROKER}, ${database})`)] };
}
