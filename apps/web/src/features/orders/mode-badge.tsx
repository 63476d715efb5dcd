// An order's mode at a glance: PAPER quiet, LIVE loud (real money at the broker).
import { Badge } from '@mantine/core';
import type { OrderView } from '@optionstrader/contracts';

/** Badge styles for table cells: Mantine's label clips with an ellipsis; a short word is better whole. */
export const NO_TRUNCATE = { label: { overflow: 'visible' } } as const;

export function ModeBadge({ mode, size = 'sm' }: { mode: OrderView['mode'] | 'external'; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge
      size={size}
      variant={mode === 'live' ? 'filled' : 'light'}
      color={mode === 'live' ? 'red' : 'gray'}
      // Never cut to "PAP…" in a tight table column: the label keeps its width.
      styles={NO_TRUNCATE}
      data-testid="mode-badge"
      data-mode={mode}
    >
      {mode.toUpperCase()}
    </Badge>
  );
}
