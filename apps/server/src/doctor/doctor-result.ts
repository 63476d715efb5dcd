// One finding of `optionstrader doctor`, and how findings are printed for people and for machines.

export type DoctorStatus = 'ok' | 'warn' | 'fail';

/** The checks the doctor knows, in the order it prints them (`--only` takes these names). */
export const doctorChecks = [
  'config',
  'database',
  'migrations',
  'scheduler',
  'jobs',
  'broker',
  'mail',
  'security',
] as const;
export type DoctorCheck = (typeof doctorChecks)[number];

export interface DoctorResult {
  status: DoctorStatus;
  check: DoctorCheck;
  /** Plain words: what is wrong and, where it helps, what to do about it. */
  message: string;
}

export const ok = (check: DoctorCheck, message: string): DoctorResult => ({ status: 'ok', check, message });
export const warn = (check: DoctorCheck, message: string): DoctorResult => ({ status: 'warn', check, message });
export const fail = (check: DoctorCheck, message: string): DoctorResult => ({ status: 'fail', check, message });

const label: Record<DoctorStatus, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL' };
const checkWidth = Math.max(...doctorChecks.map((check) => check.length));

/** `ok|warn|FAIL  <check>  <plain words>`, one line per result. */
export function formatDoctorResults(results: readonly DoctorResult[]): string {
  return results.map((r) => `${label[r.status].padEnd(4)}  ${r.check.padEnd(checkWidth)}  ${r.message}\n`).join('');
}

/** 0 when nothing failed (warnings included), 1 otherwise. */
export function doctorExitCode(results: readonly DoctorResult[]): number {
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}
