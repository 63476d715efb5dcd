// The signed-in user's own page: who they are and where they are a member, their password, signing out on every
// device, their notifications, and their API tokens.
import { Alert, Badge, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { PageHeader } from '../../components/page-header';
import { roleLabels } from '../access/permissions';
import { useLogoutEverywhere, useSessionInfo } from '../auth/session';
import { NotificationsSection } from '../notifications/notifications-section';
import { PasswordSection } from './password-section';
import { TokensSection } from './tokens-section';

export function AccountPage() {
  return (
    <Stack gap="md">
      <PageHeader title="Account" />
      <ProfileSection />
      <PasswordSection />
      <SessionsSection />
      <NotificationsSection />
      <TokensSection />
    </Stack>
  );
}

function ProfileSection() {
  const { user, clients } = useSessionInfo();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="profile-title">
      <Title order={2} size="h5" id="profile-title" mb="xs">
        You
      </Title>
      <Stack gap={4}>
        <Group gap="xs">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="account-email">
            {user.email}
          </Text>
          {user.isAdmin && (
            <Badge color="grape" variant="light" size="sm">
              Admin
            </Badge>
          )}
        </Group>
        {user.displayName && <Text size="sm">{user.displayName}</Text>}
        <Text size="sm" c="dimmed">
          {clients.length === 0
            ? 'Not a member of any client yet.'
            : `Member of: ${clients.map((c) => `${c.name} (${roleLabels[c.role].toLowerCase()})`).join(', ')}`}
        </Text>
      </Stack>
    </Paper>
  );
}

function SessionsSection() {
  const everywhere = useLogoutEverywhere();
  const [confirming, confirm] = useDisclosure(false);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sessions-title">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <div>
          <Title order={2} size="h5" id="sessions-title">
            Sessions
          </Title>
          <Text size="xs" c="dimmed" maw={560}>
            Lost a device, or signed in on a shared computer? End every session of yours, this one too. API tokens keep
            working until you revoke them.
          </Text>
        </div>
        <Button variant="light" color="red" onClick={confirm.open} aria-haspopup="dialog">
          Sign out everywhere…
        </Button>
      </Group>
      <Modal opened={confirming} onClose={confirm.close} title="Sign out everywhere?">
        <Stack gap="sm">
          <Text size="sm">Every browser signed in as you is signed out now, this one included.</Text>
          {everywhere.isError && (
            <Alert color="red" variant="light" title="Could not sign out everywhere" role="alert">
              {everywhere.error.message}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={confirm.close}>
              Cancel
            </Button>
            <Button color="red" size="xs" loading={everywhere.isPending} onClick={() => everywhere.mutate()}>
              Sign out everywhere
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
