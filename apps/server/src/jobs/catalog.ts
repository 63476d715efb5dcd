// The unattended trading day, as jobs: when each runs (exchange time) follows the configuration; what each does is
// wired in ./handlers.ts. Jobs without a schedule run on an event (a notification to deliver) or by hand.
import type { JobDefinition } from '@optionstrader/application';
import type { MarketSchedule } from '@optionstrader/domain';
import type { Config } from '../config';

export const JOB_NAMES = [
  'sync.preopen',
  'strategies.scan',
  'risk.monitor',
  'expiry.manage',
  'expiry.process',
  'snapshot.eod',
  'notifications.daily_summary',
  'notification.deliver',
  'queue.ping',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Whole minutes, at most a full session (390 min). */
const minutesOf = (seconds: number) => Math.min(390, Math.max(1, Math.round(seconds / 60)));

function scanSchedule(config: Config): MarketSchedule {
  const delay = config.SCAN_DELAY_MINUTES;
  return config.STRATEGY_RUN_INTERVAL_SECONDS > 0
    ? {
        kind: 'intraday',
        everyMinutes: minutesOf(config.STRATEGY_RUN_INTERVAL_SECONDS),
        startOffsetMinutes: delay,
        days: 'trading',
      }
    : { kind: 'session', anchor: 'open', offsetMinutes: delay, days: 'trading' };
}

export function jobCatalog(config: Config): (JobDefinition & { name: JobName })[] {
  const riskEvery = config.RISK_MONITOR_INTERVAL_SECONDS;
  return [
    {
      name: 'sync.preopen',
      title: 'Pre-open sync',
      description: 'Brings accounts, positions, orders and quotes from the broker before the session starts.',
      schedule: { kind: 'session', anchor: 'open', offsetMinutes: -45, days: 'trading' },
      missedRunPolicy: 'run_once',
      retry: { retryLimit: 3, retryDelaySeconds: 60, expireInSeconds: 900 },
    },
    {
      name: 'strategies.scan',
      title: 'Scan → recommend → auto-trade',
      description:
        'Runs every enabled strategy instance (signals, opportunities, recommendations for approval), then auto-trades what the kill switch and the instances allow.',
      schedule: config.SCHEDULE_STRATEGY_SCAN ? scanSchedule(config) : null,
      missedRunPolicy: 'run_once',
      retry: { retryLimit: 2, retryDelaySeconds: 60, expireInSeconds: 1800 },
    },
    {
      name: 'risk.monitor',
      title: 'Risk monitor',
      description:
        'Measures every account’s risk; threshold crossings (margin, concentration, assignment) become alerts.',
      schedule:
        riskEvery > 0
          ? { kind: 'intraday', everyMinutes: minutesOf(riskEvery), startOffsetMinutes: 0, days: 'trading' }
          : null,
      missedRunPolicy: 'skip',
      retry: { retryLimit: 1, retryDelaySeconds: 30, expireInSeconds: 600 },
    },
    {
      name: 'expiry.manage',
      title: 'Expiry-day rolls and closes',
      description:
        'Before the close on expiry days: the strategies run again so positions at their roll or close rules are rolled or closed in time.',
      schedule: config.SCHEDULE_STRATEGY_SCAN
        ? { kind: 'session', anchor: 'close', offsetMinutes: -30, days: 'expiry' }
        : null,
      // After the close it is too late to roll: a missed run is dropped.
      missedRunPolicy: 'skip',
      retry: { retryLimit: 1, retryDelaySeconds: 60, expireInSeconds: 1800 },
    },
    {
      name: 'expiry.process',
      title: 'Expirations and assignments',
      description:
        'After the close on expiry days: syncs the broker’s expirations and assignments and settles expired paper options.',
      schedule: { kind: 'session', anchor: 'close', offsetMinutes: 30, days: 'expiry' },
      missedRunPolicy: 'run_once',
      retry: { retryLimit: 3, retryDelaySeconds: 120, expireInSeconds: 900 },
    },
    {
      name: 'snapshot.eod',
      title: 'End-of-day snapshot',
      description: 'After the close: syncs the book and logs each account’s closing net liquidation value.',
      schedule: { kind: 'session', anchor: 'close', offsetMinutes: 15, days: 'trading' },
      missedRunPolicy: 'run_once',
      retry: { retryLimit: 3, retryDelaySeconds: 120, expireInSeconds: 900 },
    },
    {
      name: 'notifications.daily_summary',
      title: 'Daily summary email',
      description: 'Sends each user who wants it the book, the day’s P&L and the recommendations waiting for approval.',
      schedule: { kind: 'session', anchor: 'close', offsetMinutes: 60, days: 'trading' },
      missedRunPolicy: 'run_once',
      retry: { retryLimit: 2, retryDelaySeconds: 300, expireInSeconds: 600 },
    },
    {
      name: 'notification.deliver',
      title: 'Deliver a notification',
      description:
        'Sends one stored notification by email or webhook; a mail server that is down is retried with backoff.',
      schedule: null,
      missedRunPolicy: 'skip',
      retry: { retryLimit: 5, retryDelaySeconds: 30, expireInSeconds: 120 },
    },
    {
      name: 'queue.ping',
      title: 'Queue self-test',
      description: 'Does nothing but prove that a worker takes jobs from the queue (doctor, benchmarks).',
      schedule: null,
      missedRunPolicy: 'skip',
      // Retries: a ping lost in a handover (a cut connection) expires and runs again rather than failing.
      retry: { retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 30 },
    },
  ];
}
