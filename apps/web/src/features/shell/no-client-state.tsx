// What every client page shows to a user who belongs to no client (the API answers 403 NO_CLIENT).
import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';
import { useCurrentUser } from '../auth/session';

export function NoClientState() {
  useDocumentTitle('No client · OptionsTrader');
  const user = useCurrentUser();
  return (
    <Paper withBorder p="lg" maw={560} data-testid="no-client">
      <Stack gap="xs">
        <Title order={1} size="h3">
          No client yet
        </Title>
        <Text>You are not a member of any client yet; ask an admin to add you.</Text>
        {user.isAdmin ? (
          <Text size="sm" c="dimmed">
            As an admin you can create a client on the{' '}
            <Anchor component={Link} to="/admin" size="sm">
              Admin page
            </Anchor>
            .
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Your password and API tokens are on the{' '}
            <Anchor component={Link} to="/account" size="sm">
              Account page
            </Anchor>
            .
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
