// The installation admin's page: users and clients (admins only; the API refuses everyone else).
import { Stack, Text } from '@mantine/core';
import { PageHeader } from '../../components/page-header';
import { useCurrentUser } from '../auth/session';
import { ClientsSection } from './clients-section';
import { UsersSection } from './users-section';

export function AdminPage() {
  const user = useCurrentUser();
  return (
    <Stack gap="md">
      <PageHeader title="Admin" />
      {user.isAdmin ? (
        <>
          <UsersSection />
          <ClientsSection />
        </>
      ) : (
        <Text size="sm" c="dimmed" data-testid="admin-only">
          Only installation admins can manage users and clients.
        </Text>
      )}
    </Stack>
  );
}
