import { expect, test } from 'vitest';
import { runDuration, runStatsSummary } from './strategy-format';

const stats = {
  signals: 3,
  opportunities: 12,
  recommendations: 1,
  unchanged: 2,
  superseded: 0,
  expired: 0,
  riskBlocked: 1,
  contractsQuoted: 240,
};

test('a run’s counts in one line, zero counts of rarer outcomes left out', () => {
  expect(runStatsSummary(stats)).toBe(
    '12 opportunities · 1 new recommendation · 2 unchanged · 1 blocked by risk · 3 signals · 240 contracts quoted',
  );
  expect(runStatsSummary(null)).toBeNull();
});

test('a run’s duration from its timestamps; unknown while it runs', () => {
  // 14:00:00.000 → 14:00:01.240 is 1.24 s.
  expect(runDuration({ startedAt: '2026-05-01T14:00:00.000Z', finishedAt: '2026-05-01T14:00:01.240Z' })).toBe('1.24 s');
  expect(runDuration({ startedAt: '2026-05-01T14:00:00.000Z', finishedAt: null })).toBe('—');
});
