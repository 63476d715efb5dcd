// The installation's users: create one, disable or enable, grant or drop admin, unlock after failed sign-ins; with
// the clients each is a member of.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { AdminUser, UpdateUserRequest } from '@optionstrader/contracts';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/form-errors';
import { roleLabels } from '../access/permissions';
import { useCurrentUser } from '../auth/session';
import { formatDateTime } from '../dashboard/read-format';
import { emptyNewUser, NEW_USER_FIELDS, parseNewUser, type NewUserField, type NewUserValues } from './admin-forms';
import { useAdminUsers, useCreateUser, useUpdateUser } from './admin.api';

export function UsersSection() {
  const users = useAdminUsers();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="users-title">
      <Title order={2} size="h5" id="users-title" mb="xs">
        Users{users.data ? ` (${users.data.length})` : ''}
      </Title>
      <Stack gap="md">
        <NewUserForm />
        {users.isPending && (
          <Text size="sm" c="dimmed">
            Loading users…
          </Text>
        )}
        {users.isError && (
          <Alert color="red" variant="light" title="Could not load the users">
            {users.error.message}
          </Alert>
        )}
        {users.data && (
          <Table.ScrollContainer minWidth={820} type="native">
            <Table verticalSpacing={6} fz="sm" data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Member of</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.map((user) => (
                  <UserRow key={user.id} user={user} now={users.dataUpdatedAt} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

/** Locked as of `now` (when the list was fetched). */
const isLocked = (user: AdminUser, now: number) => user.lockedUntil !== null && Date.parse(user.lockedUntil) > now;

function UserRow({ user, now }: { user: AdminUser; now: number }) {
  const me = useCurrentUser();
  const update = useUpdateUser();
  const locked = isLocked(user, now);
  const isMe = user.id === me.id;
  const patch = (body: UpdateUserRequest) => update.mutate({ userId: user.id, patch: body });

  return (
    <Table.Tr data-testid="user-row" data-email={user.email}>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>
        {user.email}
        {isMe && (
          <Text span size="xs" c="dimmed">
            {' '}
            (you)
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{user.displayName ?? '—'}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          {user.disabled ? (
            <Badge color="gray" variant="light" size="sm">
              Disabled
            </Badge>
          ) : (
            <Badge color="teal" variant="light" size="sm">
              Active
            </Badge>
          )}
          {user.isAdmin && (
            <Badge color="grape" variant="light" size="sm">
              Admin
            </Badge>
          )}
          {locked && (
            <Badge color="orange" variant="light" size="sm" title={`Locked until ${formatDateTime(user.lockedUntil)}`}>
              Locked
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }} data-testid="user-memberships">
        {user.memberships.length === 0 ? (
          <Text span size="sm" c="dimmed">
            No client
          </Text>
        ) : (
          user.memberships.map((m) => `${m.clientName} (${roleLabels[m.role].toLowerCase()})`).join(', ')
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(user.createdAt)}</Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-end">
          <Group gap={4} justify="flex-end" wrap="nowrap">
            {locked && (
              <Button size="compact-xs" variant="light" color="orange" onClick={() => patch({ unlock: true })}>
                Unlock
              </Button>
            )}
            <Button
              size="compact-xs"
              variant="subtle"
              disabled={update.isPending || isMe}
              onClick={() => patch({ isAdmin: !user.isAdmin })}
              aria-label={`${user.isAdmin ? 'Remove admin from' : 'Make admin'} ${user.email}`}
            >
              {user.isAdmin ? 'Remove admin' : 'Make admin'}
            </Button>
            <Button
              size="compact-xs"
              variant="subtle"
              color={user.disabled ? undefined : 'red'}
              disabled={update.isPending || isMe}
              onClick={() => patch({ disabled: !user.disabled })}
              aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
            >
              {user.disabled ? 'Enable' : 'Disable'}
            </Button>
          </Group>
          {update.isError && (
            <Text size="xs" c="red" role="alert">
              {update.error.message}
            </Text>
          )}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

function NewUserForm() {
  const create = useCreateUser();
  const [values, setValues] = useState<NewUserValues>(emptyNewUser);
  const [errors, setErrors] = useState<Partial<Record<NewUserField, string>>>({});
  const [created, setCreated] = useState<string | null>(null);
  const server = fieldErrors(create.error, NEW_USER_FIELDS);
  const errorOf = (field: NewUserField) => errors[field] ?? server.fields[field];
  const text = (field: 'email' | 'password' | 'displayName') => ({
    value: values[field],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setValues((v) => ({ ...v, [field]: value }));
    },
    error: errorOf(field),
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCreated(null);
    create.reset();
    const parsed = parseNewUser(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    create.mutate(parsed.value, {
      onSuccess: (user) => {
        setCreated(`${user.email} created. Add them to a client on its Members page (switch to it first).`);
        setValues(emptyNewUser);
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create a user">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput label="New user's email" type="email" autoComplete="off" {...text('email')} />
          <PasswordInput
            label="Password"
            autoComplete="new-password"
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
            {...text('password')}
          />
          <TextInput label="Name (optional)" autoComplete="off" {...text('displayName')} />
        </SimpleGrid>
        <Group justify="space-between" gap="xs">
          <Checkbox
            label="Installation admin (acts as owner in every client)"
            checked={values.isAdmin}
            onChange={(event) => {
              const isAdmin = event.currentTarget.checked;
              setValues((v) => ({ ...v, isAdmin }));
            }}
          />
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </Group>
        {server.rest && (
          <Alert color="red" variant="light" title="Could not create the user" role="alert">
            {server.rest}
          </Alert>
        )}
        {created && (
          <Text size="sm" c="teal" role="status" data-testid="user-created">
            {created}
          </Text>
        )}
      </Stack>
    </form>
  );
}
