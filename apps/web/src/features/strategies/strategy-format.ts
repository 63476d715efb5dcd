// Words and colours of the strategy screens: run status, a run's counts in one line, its duration.
import type { StrategyRunView } from '@optionstrader/contracts';
import { formatFixed } from '../dashboard/read-format';

type RunStatus = StrategyRunView['status'];

export const RUN_STATUS_COLOR: Record<RunStatus, string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
  cancelled: 'gray',
};

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** "4 opportunities · 2 new recommendations · 1 unchanged · 1 blocked by risk"; null when the run has no stats. */
export function runStatsSummary(stats: StrategyRunView['stats']): string | null {
  if (!stats) return null;
  const parts = [
    plural(stats.opportunities, 'opportunity', 'opportunities'),
    `${plural(stats.recommendations, 'new recommendation')}`,
    ...(stats.unchanged > 0 ? [`${stats.unchanged} unchanged`] : []),
    ...(stats.superseded > 0 ? [`${stats.superseded} superseded`] : []),
    ...(stats.expired > 0 ? [`${stats.expired} expired`] : []),
    ...(stats.riskBlocked > 0 ? [`${stats.riskBlocked} blocked by risk`] : []),
    plural(stats.signals, 'signal'),
    `${plural(stats.contractsQuoted, 'contract')} quoted`,
  ];
  return parts.join(' · ');
}

/** Wall time of a finished run: "1.24 s"; "—" while it runs or when a timestamp is missing. */
export function runDuration(run: Pick<StrategyRunView, 'startedAt' | 'finishedAt'>): string {
  if (!run.startedAt || !run.finishedAt) return formatFixed(null, 2);
  const ms = new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime();
  return `${formatFixed(ms / 1000, 2)} s`;
}
