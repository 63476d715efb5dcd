// API tokens for scripts: create one for the active client (shown once, in a box to copy), list them, revoke.
import { ConfirmPanel } from '../../components/confirm-panel';
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { tokenScopes, type ApiToken, type CreatedApiToken } from '@optionstrader/contracts';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/form-errors';
import { useSessionInfo } from '../auth/session';
import { formatDateTime } from '../dashboard/read-format';
import { emptyToken, parseToken, TOKEN_FIELDS, type TokenField, type TokenValues } from './account-forms';
import { useCreateToken, useRevokeToken, useTokens } from './account.api';

const scopeOptions = tokenScopes.map((scope) => ({
  value: scope,
  label: scope === 'read' ? 'Read (look, never change)' : 'Trade (also approve, reject, cancel)',
}));

export function TokensSection() {
  const tokens = useTokens();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="tokens-title">
      <Title order={2} size="h5" id="tokens-title" mb={4}>
        API tokens
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        For scripts: send <Code>Authorization: Bearer &lt;token&gt;</Code>. A token acts for you in one client, never
        above your role there, and cannot manage members, tokens or passwords.
      </Text>
      <Stack gap="md">
        {created ? (
          <CreatedToken created={created} onDone={() => setCreated(null)} />
        ) : (
          <CreateTokenForm onCreated={setCreated} />
        )}
        {tokens.isPending && (
          <Text size="sm" c="dimmed">
            Loading tokens…
          </Text>
        )}
        {tokens.isError && (
          <Alert color="red" variant="light" title="Could not load the tokens">
            {tokens.error.message}
          </Alert>
        )}
        {tokens.data && tokens.data.length === 0 && (
          <Text size="sm" c="dimmed">
            No tokens yet.
          </Text>
        )}
        {tokens.data && tokens.data.length > 0 && (
          // Expiry is judged at the time the list was fetched.
          <TokensTable tokens={tokens.data} now={tokens.dataUpdatedAt} onRevoke={setRevoking} />
        )}
      </Stack>
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revoke this token?">
        {revoking && <RevokeToken token={revoking} onDone={() => setRevoking(null)} />}
      </Modal>
    </Paper>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (created: CreatedApiToken) => void }) {
  const { activeClient } = useSessionInfo();
  const create = useCreateToken();
  const [values, setValues] = useState<TokenValues>(emptyToken);
  const [errors, setErrors] = useState<Partial<Record<TokenField, string>>>({});
  const server = fieldErrors(create.error, TOKEN_FIELDS);
  const errorOf = (field: TokenField) => errors[field] ?? server.fields[field];

  if (!activeClient) {
    return (
      <Text size="sm" c="dimmed">
        A token belongs to a client; you are in none yet.
      </Text>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.reset();
    const parsed = parseToken(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    create.mutate(parsed.value, {
      onSuccess: (result) => {
        setValues(emptyToken);
        onCreated(result);
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create an API token">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label="Token name"
            placeholder="e.g. nightly report"
            autoComplete="off"
            value={values.name}
            onChange={(event) => {
              const name = event.currentTarget.value;
              setValues((v) => ({ ...v, name }));
            }}
            error={errorOf('name')}
          />
          <NativeSelect
            label="Scope"
            data={scopeOptions}
            value={values.scope}
            onChange={(event) => {
              const scope = event.currentTarget.value === 'trade' ? 'trade' : 'read';
              setValues((v) => ({ ...v, scope }));
            }}
            error={errorOf('scope')}
          />
          <NumberInput
            label="Expires in days"
            description="Empty: until revoked"
            min={1}
            max={3650}
            allowDecimal={false}
            value={values.expiresInDays}
            onChange={(expiresInDays) => setValues((v) => ({ ...v, expiresInDays }))}
            error={errorOf('expiresInDays')}
          />
        </SimpleGrid>
        {server.rest && (
          <Alert color="red" variant="light" title="Could not create the token" role="alert">
            {server.rest}
          </Alert>
        )}
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            For client {activeClient.name}
          </Text>
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CreatedToken({ created, onDone }: { created: CreatedApiToken; onDone: () => void }) {
  return (
    <Alert color="yellow" variant="light" title={`Token “${created.item.name}” created`} data-testid="created-token">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          Copy it now: it is shown only this once. Store it like a password; anyone holding it acts as you.
        </Text>
        <Code block data-testid="created-token-value" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {created.token}
        </Code>
        <Group gap="xs">
          <CopyButton value={created.token}>
            {({ copied, copy }) => (
              <Button size="xs" color={copied ? 'teal' : undefined} onClick={copy}>
                {copied ? 'Copied' : 'Copy token'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDone}>
            I have stored it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function tokenStatus(token: ApiToken, now: number): { label: string; color: string } {
  if (token.revokedAt) return { label: 'Revoked', color: 'gray' };
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return { label: 'Expired', color: 'orange' };
  return { label: 'Active', color: 'teal' };
}

function TokensTable({
  tokens,
  now,
  onRevoke,
}: {
  tokens: readonly ApiToken[];
  now: number;
  onRevoke: (token: ApiToken) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={760} type="native">
      <Table verticalSpacing={4} fz="sm" data-testid="tokens-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Client</Table.Th>
            <Table.Th>Scope</Table.Th>
            <Table.Th>Token</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => {
            const status = tokenStatus(token, now);
            return (
              <Table.Tr key={token.id} data-testid="token-row" data-status={status.label.toLowerCase()}>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{token.name}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{token.clientName}</Table.Td>
                <Table.Td>{token.scope}</Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {token.prefix}…
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(token.createdAt)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {token.expiresAt ? formatDateTime(token.expiresAt) : 'Never'}
                </Table.Td>
                <Table.Td>
                  <Badge color={status.color} variant="light" size="sm">
                    {status.label}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">
                  {status.label === 'Active' && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => onRevoke(token)}
                      aria-haspopup="dialog"
                      aria-label={`Revoke ${token.name}`}
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RevokeToken({ token, onDone }: { token: ApiToken; onDone: () => void }) {
  const revoke = useRevokeToken();
  return (
    <ConfirmPanel
      errorTitle="Could not revoke the token"
      error={revoke.error}
      keepLabel="Keep it"
      confirmLabel="Revoke token"
      color="red"
      pending={revoke.isPending}
      onKeep={onDone}
      onConfirm={() => revoke.mutate(token.id, { onSuccess: onDone })}
    >
      Scripts using “{token.name}” ({token.prefix}…) stop working at once. This cannot be undone.
    </ConfirmPanel>
  );
}
