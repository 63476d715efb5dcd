// The frame every block of the risk page uses: a titled section, and a labelled figure.
import { Group, Paper, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

interface RiskSectionProps {
  title: string;
  /** Right of the title: a badge, a note. */
  aside?: ReactNode;
  children: ReactNode;
  'data-testid'?: string;
}

export function RiskSection({ title, aside, children, 'data-testid': testId }: RiskSectionProps) {
  const titleId = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId} data-testid={testId} miw={0}>
      <Group justify="space-between" gap="xs" mb="xs" wrap="wrap">
        <Title order={2} size="h5" id={titleId}>
          {title}
        </Title>
        {aside}
      </Group>
      {children}
    </Paper>
  );
}

interface FigureProps {
  label: string;
  children: ReactNode;
  /** Under the value: its basis, a comparison. */
  hint?: ReactNode;
  color?: string | undefined;
  'data-testid'?: string;
}

export function Figure({ label, children, hint, color, 'data-testid': testId }: FigureProps) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="md" fw={600} ff="monospace" c={color} style={{ overflowWrap: 'anywhere' }} data-testid={testId}>
        {children}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </div>
  );
}
