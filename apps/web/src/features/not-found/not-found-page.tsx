import { Anchor, Stack, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { PageHeader } from '../../components/page-header';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Stack gap="sm">
      <PageHeader title="Page not found" />
      <Text size="sm">
        There is no page at <code>{pathname}</code>.{' '}
        <Anchor component={Link} to="/">
          Go to the dashboard
        </Anchor>
      </Text>
    </Stack>
  );
}
