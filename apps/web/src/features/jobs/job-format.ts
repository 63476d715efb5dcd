// How the Jobs page words times and durations: exchange time (America/New_York) and relative to now.

/** "Mon, Mar 2, 9:35 AM ET" — the exchange's clock, whatever the viewer's time zone. */
export function formatNewYork(iso: string | null): string {
  if (!iso) return '—';
  const text = new Date(iso).toLocaleString('en-US', {
    timeZone: 'America/New_York',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  return `${text} ET`;
}

/** "in 5 min", "in 2 h 10 min", "3 min ago", "now". */
export function formatRelative(iso: string | null, now: number): string {
  if (!iso) return '';
  const deltaMs = new Date(iso).getTime() - now;
  const minutes = Math.round(Math.abs(deltaMs) / 60_000);
  if (minutes === 0) return 'now';
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const span =
    days >= 1
      ? `${days} d${hours % 24 ? ` ${hours % 24} h` : ''}`
      : hours >= 1
        ? `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`
        : `${minutes} min`;
  return deltaMs > 0 ? `in ${span}` : `${span} ago`;
}

export function formatJobDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const MISSED_RUN_POLICY_LABEL = {
  run_once: 'Run once after downtime',
  skip: 'Skip missed runs',
} as const;

export const JOB_STATUS_COLOR = { running: 'blue', succeeded: 'teal', failed: 'red' } as const;
