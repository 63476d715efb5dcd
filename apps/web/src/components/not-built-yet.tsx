// The honest empty state of a section whose screen does not exist yet: what it will show, and that it is not built.
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { PageHeader } from './page-header';

export function NotBuiltYet({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="md">
      <PageHeader title={title} />
      <Paper withBorder p="md" maw={720}>
        <Stack gap="xs">
          <Group gap="xs">
            <Badge variant="light" color="gray">
              Not built yet
            </Badge>
          </Group>
          <Text size="sm">{children}</Text>
          <Text size="sm" c="dimmed">
            This screen is not built yet; nothing here is live data.
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
