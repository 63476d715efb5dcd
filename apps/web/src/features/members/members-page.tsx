// Members of the active client: who has which role. Owners add people (an existing user by email, or a new user with
// a password), change roles and remove members; everyone else sees the list read-only.
import { ConfirmPanel } from '../../components/confirm-panel';
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { clientRoles, type ClientRole, type Member } from '@optionstrader/contracts';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/form-errors';
import { PageHeader } from '../../components/page-header';
import { roleLabels } from '../access/permissions';
import { useCan } from '../access/use-access';
import { useSessionInfo } from '../auth/session';
import { formatDateTime } from '../dashboard/read-format';
import {
  ADD_MEMBER_FIELDS,
  emptyAddMember,
  parseAddMember,
  type AddMemberField,
  type AddMemberValues,
} from './member-form';
import { useAddMember, useChangeRole, useMembers, useRemoveMember } from './members.api';

const roleOptions = clientRoles.map((role) => ({ value: role, label: roleLabels[role] }));

export function MembersPage() {
  const { activeClient } = useSessionInfo();
  const canManage = useCan('manage');
  const members = useMembers();
  const [removing, setRemoving] = useState<Member | null>(null);

  return (
    <Stack gap="md">
      <PageHeader title="Members" />
      <Text size="sm" c="dimmed">
        People who can work in <b>{activeClient?.name}</b>. Viewers see everything; traders also approve, reject and
        cancel orders and manage strategies; owners also manage members and read the audit log.
        {!canManage && ' Only owners can change members; this list is read-only for you.'}
      </Text>
      {canManage && <AddMemberForm />}
      <Paper withBorder p="md" component="section" aria-labelledby="members-title">
        <Title order={2} size="h5" id="members-title" mb="xs">
          Members{members.data ? ` (${members.data.length})` : ''}
        </Title>
        {members.isPending && (
          <Text size="sm" c="dimmed">
            Loading members…
          </Text>
        )}
        {members.isError && (
          <Alert color="red" variant="light" title="Could not load the members">
            {members.error.message}
          </Alert>
        )}
        {members.data && (
          <Table.ScrollContainer minWidth={560} type="native">
            <Table verticalSpacing={6} fz="sm" data-testid="members-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Added</Table.Th>
                  {canManage && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data.map((member) => (
                  <MemberRow
                    key={member.userId}
                    member={member}
                    canManage={canManage}
                    onRemove={() => setRemoving(member)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title="Remove this member?">
        {removing && <RemoveMember member={removing} onDone={() => setRemoving(null)} />}
      </Modal>
    </Stack>
  );
}

function MemberRow({ member, canManage, onRemove }: { member: Member; canManage: boolean; onRemove: () => void }) {
  const { user } = useSessionInfo();
  const changeRole = useChangeRole();
  const isMe = member.userId === user.id;
  return (
    <Table.Tr data-testid="member-row" data-email={member.email}>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>
        {member.email}
        {isMe && (
          <Text span size="xs" c="dimmed">
            {' '}
            (you)
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{member.displayName ?? '—'}</Table.Td>
      <Table.Td>
        {canManage ? (
          <Stack gap={2}>
            <NativeSelect
              size="xs"
              data={roleOptions}
              value={member.role}
              disabled={changeRole.isPending}
              aria-label={`Role of ${member.email}`}
              onChange={(event) => {
                changeRole.reset();
                changeRole.mutate({ userId: member.userId, role: event.currentTarget.value as ClientRole });
              }}
            />
            {changeRole.isError && (
              <Text size="xs" c="red" role="alert" data-testid="role-error">
                {changeRole.error.message}
              </Text>
            )}
          </Stack>
        ) : (
          <Badge variant="light" size="sm" data-testid="member-role">
            {roleLabels[member.role]}
          </Badge>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(member.addedAt)}</Table.Td>
      {canManage && (
        <Table.Td ta="right">
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            onClick={onRemove}
            aria-haspopup="dialog"
            aria-label={`Remove ${member.email}`}
          >
            Remove
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function RemoveMember({ member, onDone }: { member: Member; onDone: () => void }) {
  const remove = useRemoveMember();
  return (
    <ConfirmPanel
      errorTitle="Could not remove the member"
      error={remove.error}
      keepLabel="Keep"
      confirmLabel="Remove member"
      color="red"
      pending={remove.isPending}
      onKeep={onDone}
      onConfirm={() => remove.mutate(member.userId, { onSuccess: onDone })}
    >
      {member.email} loses access to this client at once. Their user stays (an admin can disable it).
    </ConfirmPanel>
  );
}

function AddMemberForm() {
  const add = useAddMember();
  const [values, setValues] = useState<AddMemberValues>(emptyAddMember);
  const [errors, setErrors] = useState<Partial<Record<AddMemberField, string>>>({});
  const [added, setAdded] = useState<string | null>(null);
  const server = fieldErrors(add.error, ADD_MEMBER_FIELDS);
  const errorOf = (field: AddMemberField) => errors[field] ?? server.fields[field];
  const set = (field: AddMemberField) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAdded(null);
    add.reset();
    const parsed = parseAddMember(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    add.mutate(parsed.value, {
      onSuccess: (member) => {
        setAdded(`${member.email} is now ${roleLabels[member.role].toLowerCase()} here.`);
        setValues(emptyAddMember);
      },
    });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-member-title">
      <Title order={2} size="h5" id="add-member-title" mb={4}>
        Add a member
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        Someone with a user already: their email and a role. Someone new: also a password (12 characters or more) to
        create their user; tell it to them yourself.
      </Text>
      <form onSubmit={onSubmit} noValidate aria-label="Add a member">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Email"
              type="email"
              autoComplete="off"
              value={values.email}
              onChange={(e) => set('email')(e.currentTarget.value)}
              error={errorOf('email')}
            />
            <NativeSelect
              label="Role"
              data={roleOptions}
              value={values.role}
              onChange={(e) => set('role')(e.currentTarget.value)}
              error={errorOf('role')}
            />
            <TextInput
              label="Name (optional)"
              autoComplete="off"
              value={values.displayName}
              onChange={(e) => set('displayName')(e.currentTarget.value)}
              error={errorOf('displayName')}
            />
            <PasswordInput
              label="Password (new users only)"
              autoComplete="new-password"
              value={values.password}
              onChange={(e) => set('password')(e.currentTarget.value)}
              error={errorOf('password')}
              visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
            />
          </SimpleGrid>
          {server.rest && (
            <Alert color="red" variant="light" title="Could not add the member" role="alert">
              {server.rest}
            </Alert>
          )}
          {added && (
            <Text size="sm" c="teal" role="status" data-testid="member-added">
              {added}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending}>
              Add member
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
