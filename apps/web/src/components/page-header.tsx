import { Group, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';

/** Page title (the page's one h1) and optional actions; also sets the browser tab title. */
export function PageHeader({ title, actions }: { title: string; actions?: ReactNode }) {
  useDocumentTitle(`${title} · OptionsTrader`);
  return (
    <Group justify="space-between" align="center" gap="sm">
      <Title order={1} size="h3">
        {title}
      </Title>
      {actions}
    </Group>
  );
}
