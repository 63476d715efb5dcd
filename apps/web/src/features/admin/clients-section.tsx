// The installation's clients: create, rename, delete when it holds no broker account; each client's accounts, with a
// way to move one (and everything recorded on it) to another client.
import { ConfirmPanel } from '../../components/confirm-panel';
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import type { AdminClient } from '@optionstrader/contracts';
import { useState, type FormEvent } from 'react';
import { formatDateTime } from '../dashboard/read-format';
import { parseClientName } from './admin-forms';
import { useAdminClients, useAssignAccount, useCreateClient, useDeleteClient, useRenameClient } from './admin.api';

export function ClientsSection() {
  const clients = useAdminClients();
  const [deleting, setDeleting] = useState<AdminClient | null>(null);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="clients-title">
      <Title order={2} size="h5" id="clients-title" mb="xs">
        Clients{clients.data ? ` (${clients.data.length})` : ''}
      </Title>
      <Stack gap="md">
        <NewClientForm />
        {clients.isPending && (
          <Text size="sm" c="dimmed">
            Loading clients…
          </Text>
        )}
        {clients.isError && (
          <Alert color="red" variant="light" title="Could not load the clients">
            {clients.error.message}
          </Alert>
        )}
        {clients.data?.map((client) => (
          <ClientCard key={client.id} client={client} others={clients.data} onDelete={() => setDeleting(client)} />
        ))}
      </Stack>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete this client?">
        {deleting && <DeleteClient client={deleting} onDone={() => setDeleting(null)} />}
      </Modal>
    </Paper>
  );
}

function NewClientForm() {
  const create = useCreateClient();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.reset();
    const parsed = parseClientName(name);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    create.mutate(parsed.value, { onSuccess: () => setName('') });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create a client">
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          label="New client's name"
          autoComplete="off"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={error ?? (create.isError ? create.error.message : undefined)}
          style={{ flex: 1, minWidth: 0 }}
        />
        <Button type="submit" loading={create.isPending} style={{ flexShrink: 0 }}>
          Create client
        </Button>
      </Group>
    </form>
  );
}

function ClientCard({
  client,
  others,
  onDelete,
}: {
  client: AdminClient;
  others: readonly AdminClient[];
  onDelete: () => void;
}) {
  const [renaming, setRenaming] = useState(false);
  const titleId = `client-${client.id}`;
  const hasAccounts = client.accounts.length > 0;
  return (
    <Paper withBorder p="sm" component="article" aria-labelledby={titleId} data-testid="admin-client">
      <Stack gap="xs">
        {renaming ? (
          <RenameForm client={client} onDone={() => setRenaming(false)} />
        ) : (
          <Group justify="space-between" gap="xs" wrap="wrap">
            <div style={{ minWidth: 0 }}>
              <Title
                order={3}
                size="h6"
                id={titleId}
                style={{ overflowWrap: 'anywhere' }}
                data-testid="admin-client-name"
              >
                {client.name}
              </Title>
              <Text size="xs" c="dimmed">
                {client.members} member{client.members === 1 ? '' : 's'} · created {formatDateTime(client.createdAt)}
              </Text>
            </div>
            <Group gap={4}>
              <Button size="compact-xs" variant="default" onClick={() => setRenaming(true)}>
                Rename
              </Button>
              {hasAccounts ? (
                <Tooltip
                  label="Move its broker accounts to another client first"
                  events={{ hover: true, focus: true, touch: true }}
                >
                  <span tabIndex={0} style={{ display: 'inline-block' }}>
                    <Button size="compact-xs" variant="subtle" color="red" disabled>
                      Delete
                    </Button>
                  </span>
                </Tooltip>
              ) : (
                <Button size="compact-xs" variant="subtle" color="red" onClick={onDelete} aria-haspopup="dialog">
                  Delete
                </Button>
              )}
            </Group>
          </Group>
        )}
        {hasAccounts ? (
          <Stack gap={4}>
            {client.accounts.map((account) => (
              <AccountLine key={account.id} account={account} client={client} others={others} />
            ))}
          </Stack>
        ) : (
          <Text size="xs" c="dimmed">
            No broker accounts.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function RenameForm({ client, onDone }: { client: AdminClient; onDone: () => void }) {
  const rename = useRenameClient();
  const [name, setName] = useState(client.name);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseClientName(name);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    rename.mutate({ clientId: client.id, name: parsed.value }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Rename ${client.name}`}>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <TextInput
          label="Name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={error ?? (rename.isError ? rename.error.message : undefined)}
          data-autofocus
          style={{ flex: 1, minWidth: 160 }}
        />
        <Button variant="default" size="sm" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" size="sm" loading={rename.isPending}>
          Save
        </Button>
      </Group>
    </form>
  );
}

function AccountLine({
  account,
  client,
  others,
}: {
  account: AdminClient['accounts'][number];
  client: AdminClient;
  others: readonly AdminClient[];
}) {
  const assign = useAssignAccount();
  const [target, setTarget] = useState<AdminClient | null>(null);
  const targets = others.filter((c) => c.id !== client.id);
  const name = account.label ? `${account.label} · ${account.accountCode}` : account.accountCode;
  const close = () => {
    assign.reset();
    setTarget(null);
  };
  return (
    <Group
      justify="space-between"
      gap="xs"
      wrap="wrap"
      data-testid="admin-account"
      data-account-code={account.accountCode}
    >
      <Group gap={6} miw={0}>
        <Badge variant="outline" size="sm" style={{ textTransform: 'none' }}>
          Account
        </Badge>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {name}
        </Text>
      </Group>
      {targets.length > 0 && (
        <NativeSelect
          size="xs"
          aria-label={`Move ${account.accountCode} to client`}
          value=""
          data={[{ value: '', label: 'Move to…' }, ...targets.map((c) => ({ value: c.id, label: c.name }))]}
          onChange={(event) => setTarget(targets.find((c) => c.id === event.currentTarget.value) ?? null)}
        />
      )}
      <Modal opened={target !== null} onClose={close} title={`Move ${account.accountCode}?`}>
        {target && (
          <ConfirmPanel
            errorTitle="Could not move the account"
            error={assign.error}
            keepLabel="Cancel"
            confirmLabel={`Move to ${target.name}`}
            pending={assign.isPending}
            onKeep={close}
            onConfirm={() => assign.mutate({ accountId: account.id, clientId: target.id }, { onSuccess: close })}
          >
            {name} moves from {client.name} to {target.name}, with its positions, orders, recommendations and strategy
            instances. Members of {client.name} stop seeing it.
          </ConfirmPanel>
        )}
      </Modal>
    </Group>
  );
}

function DeleteClient({ client, onDone }: { client: AdminClient; onDone: () => void }) {
  const remove = useDeleteClient();
  return (
    <ConfirmPanel
      errorTitle="Could not delete the client"
      error={remove.error}
      keepLabel="Keep"
      confirmLabel="Delete client"
      color="red"
      pending={remove.isPending}
      onKeep={onDone}
      onConfirm={() => remove.mutate(client.id, { onSuccess: onDone })}
    >
      {client.name} and its {client.members} membership{client.members === 1 ? '' : 's'} go; the users stay. Its audit
      entries are kept.
    </ConfirmPanel>
  );
}
