// `optionstrader doctor [--json] [--only CHECK ...]`: what is wrong with this installation, in plain words.
import { doctorChecks, doctorExitCode, formatDoctorResults, type DoctorCheck } from '../doctor/doctor-result';
import { runDoctor } from '../doctor/run-doctor';
import { CliUsageError } from './cli-usage-error';
import { parseOptions } from './parse';

export const doctorUsage = `  doctor [--json] [--only CHECK ...]
                                    Check the configuration, database, migrations, scheduler and jobs, broker,
                                    mail and security settings; one line each: ok | warn | FAIL. Exit 1 on a FAIL.
                                    CHECK: ${doctorChecks.join(', ')}`;

const isCheck = (name: string): name is DoctorCheck => (doctorChecks as readonly string[]).includes(name);

export async function doctorCommand(
  args: string[],
  io: { out: (text: string) => void; env?: Record<string, string | undefined> } = {
    out: (text) => process.stdout.write(text),
  },
): Promise<number> {
  const values = parseOptions(args, { json: { type: 'boolean' }, only: { type: 'string', multiple: true } });
  const only = values.only?.flatMap((value) => value.split(',')).map((name) => name.trim());
  const unknown = only?.filter((name) => !isCheck(name));
  if (unknown?.length) throw new CliUsageError(`--only takes ${doctorChecks.join(', ')}; not: ${unknown.join(', ')}`);
  const results = await runDoctor({
    env: io.env ?? process.env,
    ...(only ? { only: new Set(only.filter(isCheck)) } : {}),
  });
  const code = doctorExitCode(results);
  io.out(values.json ? `${JSON.stringify({ ok: code === 0, checks: results })}\n` : formatDoctorResults(results));
  return code;
}
