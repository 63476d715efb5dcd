// Route guard: renders its children for a signed-in user, otherwise sends them to /login and remembers where they were going.
import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from './session';

export interface LoginRedirectState {
  from?: string;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();

  if (session.data) return children;
  if (session.isPending) {
    return (
      <Center h="100dvh">
        <Loader aria-label="Loading session" />
      </Center>
    );
  }
  if (session.isError) {
    return (
      <Center h="100dvh" p="md">
        <Stack align="center" gap="xs" maw={420} ta="center">
          <Title order={1} size="h3">
            Cannot reach the server
          </Title>
          <Text c="dimmed">{session.error.message}</Text>
          <Button onClick={() => void session.refetch()} loading={session.isFetching}>
            Try again
          </Button>
        </Stack>
      </Center>
    );
  }
  const from = `${location.pathname}${location.search}${location.hash}`;
  return <Navigate to="/login" replace state={{ from } satisfies LoginRedirectState} />;
}
