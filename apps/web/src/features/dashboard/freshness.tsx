// "As of" stamps and stale markers shared by the live screens: stale data is labelled, never shown as current.
import { Badge, Text, Tooltip } from '@mantine/core';
import { formatAge, formatDateTime, formatTime } from './read-format';

export function StaleBadge({ label = 'Stale' }: { label?: string }) {
  return (
    <Badge color="orange" variant="light" size="sm" data-testid="stale-badge">
      {label}
    </Badge>
  );
}

interface AsOfProps {
  asOf: string | null;
  stale: boolean;
  /** Shown when `asOf` is null. */
  none?: string;
  prefix?: string;
  /** The time ages are measured from (when the data was fetched), in epoch ms. */
  now: number;
}

/** "Quotes as of 10:00:05 (12 s ago)", with a stale badge when they are old. */
export function AsOf({ asOf, stale, none = 'No quotes yet', prefix = 'as of', now }: AsOfProps) {
  if (!asOf) {
    return (
      <Text span size="xs" c="dimmed" data-testid="as-of">
        {none} {stale && <StaleBadge label="No data" />}
      </Text>
    );
  }
  return (
    <Tooltip label={formatDateTime(asOf)}>
      <Text span size="xs" c={stale ? 'orange' : 'dimmed'} data-testid="as-of">
        {prefix} {formatTime(asOf)} ({formatAge(asOf, now)} ago) {stale && <StaleBadge />}
      </Text>
    </Tooltip>
  );
}
