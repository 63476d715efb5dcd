// `optionstrader doctor`: every check, in order, as findings; nothing here starts, creates or migrates anything.
import { checkBroker } from './broker-check';
import { checkConfig } from './config-check';
import { checkJobs, checkMigrations, checkScheduler, installationFacts, openForDoctor } from './database-check';
import type { DoctorCheck, DoctorResult } from './doctor-result';
import { checkMail } from './mail-check';
import { checkSecurity } from './security-check';

export interface DoctorOptions {
  env: Record<string, string | undefined>;
  /** Only these checks (all when absent); the configuration is always read. */
  only?: ReadonlySet<DoctorCheck>;
  /** How long a broker or mail server gets to answer. */
  timeoutMs?: number;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorResult[]> {
  const wanted = (check: DoctorCheck) => !options.only || options.only.has(check);
  const timeoutMs = options.timeoutMs ?? 3_000;
  const { config, results: configResults } = checkConfig(options.env);
  // Without a valid configuration the other checks would test the wrong thing.
  if (!config) return configResults;
  const results = wanted('config') ? [...configResults] : [];

  const needsDatabase = (['database', 'migrations', 'scheduler', 'jobs', 'security'] as const).some(wanted);
  const opened = needsDatabase ? await openForDoctor(config) : undefined;
  const database = opened?.database;
  let facts = {};
  try {
    if (opened && wanted('database')) results.push(opened.result);
    if (database) {
      if (wanted('migrations')) results.push(await checkMigrations(database));
      if (wanted('scheduler')) results.push(await checkScheduler(database));
      if (wanted('jobs')) results.push(await checkJobs(database));
      if (wanted('security')) facts = await installationFacts(database);
    }
  } finally {
    await database?.close();
  }
  if (wanted('broker')) results.push(await checkBroker(config, timeoutMs));
  if (wanted('mail')) results.push(await checkMail(config, options.env, timeoutMs));
  if (wanted('security')) results.push(...checkSecurity(config, options.env, facts));
  return results;
}
