import { nyTime, parseIsoDate, type MarketSchedule } from '@optionstrader/domain';
import { describe, expect, it } from 'vitest';
import type { JobData, JobQueue, JobScheduleRow, JobSchedulesRepository } from '../ports/jobs';
import type { JobDefinition } from './job-definition';
import { createScheduler, occurrenceKey } from './scheduler';

const d = parseIsoDate;
const retry = { retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 60 };
const def = (
  name: string,
  schedule: MarketSchedule,
  missedRunPolicy: JobDefinition['missedRunPolicy'],
): JobDefinition => ({
  name,
  title: name,
  description: name,
  schedule,
  missedRunPolicy,
  retry,
});
const preOpen = def(
  'sync.preopen',
  { kind: 'session', anchor: 'open', offsetMinutes: -45, days: 'trading' },
  'run_once',
);
const risk = def('risk.monitor', { kind: 'intraday', everyMinutes: 5, startOffsetMinutes: 0, days: 'trading' }, 'skip');

function memorySchedules(): JobSchedulesRepository {
  const rows = new Map<string, JobScheduleRow>();
  return {
    all: async () => [...rows.values()].map((r) => ({ ...r })),
    initialize: async (name, nextRunAt) => {
      if (!rows.get(name)?.nextRunAt) rows.set(name, { name, nextRunAt, lastScheduledFor: null });
    },
    advance: async (name, due, next, scheduled) => {
      const row = rows.get(name);
      if (row?.nextRunAt?.getTime() !== due.getTime()) return false;
      rows.set(name, { name, nextRunAt: next, lastScheduledFor: scheduled ?? row.lastScheduledFor });
      return true;
    },
  };
}

function memoryQueue() {
  const sent: { name: string; data: JobData; key?: string }[] = [];
  const keys = new Set<string>();
  const queue: JobQueue = {
    declare: async () => {},
    send: async (name, data, options) => {
      if (options?.key) {
        if (keys.has(options.key)) return null;
        keys.add(options.key);
      }
      sent.push({ name, data, ...(options?.key ? { key: options.key } : {}) });
      return String(sent.length);
    },
    work: async () => {},
    counts: async () => ({ queued: sent.length, active: 0 }),
    stop: async () => {},
  };
  return { queue, sent };
}

function setup(definitions: JobDefinition[], start: number, leader = true) {
  let now = start;
  const schedules = memorySchedules();
  const { queue, sent } = memoryQueue();
  const make = (isLeader: boolean) =>
    createScheduler({
      definitions,
      schedules,
      queue,
      lease: { hold: async () => isLeader, release: async () => {} },
      clock: { now: () => new Date(now) },
    });
  return { scheduler: make(leader), other: make(true), queue, sent, setNow: (ms: number) => (now = ms) };
}

describe('scheduler', () => {
  it('queues each occurrence once, on time, as the clock passes it', async () => {
    const t = setup([preOpen, risk], nyTime(d('2026-11-20'), 8, 0));
    await t.scheduler.tick(); // first sight: only the next run times are set
    expect(t.sent).toEqual([]);
    for (let minute = 8 * 60; minute <= 10 * 60; minute++) {
      t.setNow(nyTime(d('2026-11-20'), Math.floor(minute / 60), minute % 60));
      await t.scheduler.tick();
      await t.scheduler.tick(); // a second tick in the same minute queues nothing more
    }
    expect(t.sent.map((s) => `${s.name} ${s.data.scheduledFor!.slice(11, 16)} ${s.data.trigger}`)).toEqual([
      'sync.preopen 13:45 schedule',
      ...Array.from(
        { length: 7 },
        (_, i) =>
          `risk.monitor ${14 + Math.floor((30 + 5 * i) / 60)}:${String((30 + 5 * i) % 60).padStart(2, '0')} schedule`,
      ),
    ]);
  });

  it('two schedulers on one database queue an occurrence once', async () => {
    const t = setup([preOpen], nyTime(d('2026-11-20'), 8, 0));
    await t.scheduler.tick();
    t.setNow(nyTime(d('2026-11-20'), 8, 46));
    const [a, b] = await Promise.all([t.scheduler.tick(), t.other.tick()]);
    expect(a.queued.length + b.queued.length).toBe(1);
    expect(t.sent).toHaveLength(1);
  });

  it('a scheduler that does not hold the lease queues nothing', async () => {
    const t = setup([preOpen], nyTime(d('2026-11-20'), 8, 0), false);
    expect(await t.scheduler.tick()).toEqual({ leader: false, queued: [], skipped: [] });
  });

  it('after downtime: run_once queues the latest missed occurrence once, skip drops them', async () => {
    const t = setup([preOpen, risk], nyTime(d('2026-11-20'), 8, 0));
    await t.scheduler.tick();
    // Down from Friday 08:00 to Tuesday 07:00 (Monday's pre-open and every risk pass missed).
    t.setNow(nyTime(d('2026-11-24'), 7, 0));
    const result = await t.scheduler.tick();
    expect(t.sent).toEqual([
      {
        name: 'sync.preopen',
        data: { trigger: 'catch_up', scheduledFor: new Date(nyTime(d('2026-11-23'), 8, 45)).toISOString() },
        key: `sync.preopen@${new Date(nyTime(d('2026-11-23'), 8, 45)).toISOString()}`,
      },
    ]);
    expect(result.skipped.map((s) => s.name)).toEqual(['risk.monitor']);
    // Both are back on schedule: Tuesday's pre-open and first risk pass.
    t.setNow(nyTime(d('2026-11-24'), 8, 46));
    await t.scheduler.tick();
    t.setNow(nyTime(d('2026-11-24'), 9, 30));
    await t.scheduler.tick();
    expect(t.sent.slice(1).map((s) => `${s.name} ${s.data.trigger}`)).toEqual([
      'sync.preopen schedule',
      'risk.monitor schedule',
    ]);
  });

  it('a crash between queueing and recording re-sends the same key, which queues nothing', async () => {
    const t = setup([preOpen], nyTime(d('2026-11-20'), 8, 0));
    await t.scheduler.tick();
    t.setNow(nyTime(d('2026-11-20'), 8, 46));
    // The previous process sent the occurrence and died before moving the schedule row.
    const at = new Date(nyTime(d('2026-11-20'), 8, 45));
    await t.queue.send(
      'sync.preopen',
      { trigger: 'schedule', scheduledFor: at.toISOString() },
      { key: occurrenceKey('sync.preopen', at) },
    );
    const result = await t.scheduler.tick();
    expect(result.queued).toEqual([{ name: 'sync.preopen', scheduledFor: at, trigger: 'schedule', queued: false }]);
    expect(t.sent).toHaveLength(1);
    expect(await t.scheduler.nextRuns()).toEqual(new Map([['sync.preopen', new Date(nyTime(d('2026-11-23'), 8, 45))]]));
  });
});
