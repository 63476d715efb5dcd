// The scheduler queues each due occurrence of each scheduled job exactly once: the occurrence's key makes a repeated
// send a no-op and the compare-and-set on the schedule row makes a second scheduler's tick a no-op. After downtime a
// job's missed occurrences collapse into one (run_once) or none (skip).
import { latestOccurrenceBetween, nextOccurrence } from '@optionstrader/domain';
import type { Clock } from '../ports/clock';
import type { JobQueue, JobSchedulesRepository, SchedulerLease } from '../ports/jobs';
import type { JobDefinition } from './job-definition';

/** How late a tick may find an occurrence and still call it on time (ticks are seconds apart; a busy host lags). */
export const ON_TIME_GRACE_MS = 10 * 60_000;

export interface SchedulerDeps {
  definitions: readonly JobDefinition[];
  schedules: JobSchedulesRepository;
  queue: JobQueue;
  lease: SchedulerLease;
  clock: Clock;
}

export interface QueuedOccurrence {
  name: string;
  scheduledFor: Date;
  trigger: 'schedule' | 'catch_up';
  /** False when the occurrence had been queued before (another scheduler, or before a crash). */
  queued: boolean;
}

export interface TickResult {
  leader: boolean;
  queued: QueuedOccurrence[];
  /** Occurrences dropped by the skip policy after downtime. */
  skipped: { name: string; scheduledFor: Date }[];
}

export const occurrenceKey = (name: string, at: Date) => `${name}@${at.toISOString()}`;

export function createScheduler({ definitions, schedules, queue, lease, clock }: SchedulerDeps) {
  const scheduled = definitions.filter((d) => d.schedule !== null);

  return {
    /** One pass: queues what is due. Call it every few seconds (and once at start, which catches up). */
    async tick(): Promise<TickResult> {
      const result: TickResult = { leader: false, queued: [], skipped: [] };
      if (!(await lease.hold())) return result;
      result.leader = true;
      const now = clock.now().getTime();
      const rows = new Map((await schedules.all()).map((row) => [row.name, row]));
      for (const definition of scheduled) {
        const schedule = definition.schedule!;
        const row = rows.get(definition.name);
        if (!row?.nextRunAt) {
          await schedules.initialize(definition.name, new Date(nextOccurrence(schedule, now)));
          continue;
        }
        const due = row.nextRunAt.getTime();
        if (due > now) continue;
        // The latest occurrence that has come by now: `due` itself when the scheduler kept up.
        const latest = latestOccurrenceBetween(schedule, due - 1, now) ?? due;
        const onTime = latest === due && now - due <= ON_TIME_GRACE_MS;
        const next = new Date(nextOccurrence(schedule, now));
        if (!onTime && definition.missedRunPolicy === 'skip') {
          if (await schedules.advance(definition.name, row.nextRunAt, next, null))
            result.skipped.push({ name: definition.name, scheduledFor: new Date(latest) });
          continue;
        }
        const scheduledFor = new Date(latest);
        const trigger = onTime ? 'schedule' : 'catch_up';
        // Queue first, then move the row: a crash in between re-sends the same key, which queues nothing.
        const id = await queue.send(
          definition.name,
          { trigger, scheduledFor: scheduledFor.toISOString() },
          { key: occurrenceKey(definition.name, scheduledFor) },
        );
        if (await schedules.advance(definition.name, row.nextRunAt, next, scheduledFor))
          result.queued.push({ name: definition.name, scheduledFor, trigger, queued: id !== null });
      }
      return result;
    },

    /** The next run of each scheduled job as stored (null before the first tick). */
    async nextRuns(): Promise<Map<string, Date | null>> {
      const rows = new Map((await schedules.all()).map((row) => [row.name, row.nextRunAt]));
      return new Map(scheduled.map((d) => [d.name, rows.get(d.name) ?? null]));
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
