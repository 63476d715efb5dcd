// Where each account's orders go: paper (simulated here; the default) or live (sent to the broker). Going live takes
// the account code typed again; going back to paper is one click.
import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { AccountTradingView } from '@optionstrader/contracts';
import { useState } from 'react';
import { Guard } from '../access/use-access';
import { formatDateTime } from '../dashboard/read-format';
import { ModeBadge } from '../orders/mode-badge';
import { confirmsAccount } from './trading-settings-form';
import { useAccountsTrading, useSetOrderMode } from './trading-settings.api';

export function AccountModesSection() {
  const accounts = useAccountsTrading();
  const setMode = useSetOrderMode();
  const [goingLive, setGoingLive] = useState<AccountTradingView | null>(null);
  const rows = accounts.data ?? [];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="order-modes-title" data-testid="order-modes" miw={0}>
      <Title order={2} size="h5" id="order-modes-title">
        Order mode per account
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Paper: orders are simulated here against current quotes and nothing reaches the broker. Live: orders are sent to
        the broker.
      </Text>
      {accounts.isPending && (
        <Text size="sm" c="dimmed">
          Loading accounts…
        </Text>
      )}
      {accounts.isError && (
        <Alert color="red" variant="light" title="Could not load the accounts">
          {accounts.error.message}
        </Alert>
      )}
      {accounts.data && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No accounts yet: they appear after the first broker sync.
        </Text>
      )}
      {setMode.isError && !goingLive && (
        <Alert color="red" variant="light" title="Could not change the order mode" mb="xs">
          {setMode.error.message}
        </Alert>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={480} type="native">
          <Table verticalSpacing={4} fz="sm" aria-label="Order mode per account">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Account</Table.Th>
                <Table.Th>Mode</Table.Th>
                <Table.Th>Live since</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((account) => (
                <Table.Tr
                  key={account.accountId}
                  data-testid="order-mode-row"
                  data-account={account.accountCode}
                  data-mode={account.orderMode}
                >
                  <Table.Td ff="monospace">{account.accountCode}</Table.Td>
                  <Table.Td>
                    <ModeBadge mode={account.orderMode} size="md" />
                  </Table.Td>
                  <Table.Td>{account.orderMode === 'live' ? formatDateTime(account.liveEnabledAt) : '—'}</Table.Td>
                  <Table.Td ta="right">
                    <Guard permission="manage" action="change an account's order mode">
                      {(allowed) =>
                        account.orderMode === 'paper' ? (
                          <Button
                            size="compact-sm"
                            variant="light"
                            color="red"
                            onClick={() => {
                              setMode.reset();
                              setGoingLive(account);
                            }}
                            aria-haspopup="dialog"
                            disabled={!allowed}
                            aria-label={`Switch ${account.accountCode} to live…`}
                          >
                            Switch to live…
                          </Button>
                        ) : (
                          <Button
                            size="compact-sm"
                            variant="light"
                            loading={setMode.isPending && setMode.variables.accountId === account.accountId}
                            onClick={() => setMode.mutate({ accountId: account.accountId, mode: 'paper' })}
                            disabled={!allowed}
                            aria-label={`Switch ${account.accountCode} to paper`}
                          >
                            Switch to paper
                          </Button>
                        )
                      }
                    </Guard>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Modal
        opened={goingLive !== null}
        onClose={() => setGoingLive(null)}
        title={goingLive ? `Trade ${goingLive.accountCode} live?` : ''}
      >
        {goingLive && (
          <GoLiveForm
            account={goingLive}
            pending={setMode.isPending}
            error={setMode.isError ? setMode.error.message : null}
            onCancel={() => setGoingLive(null)}
            onConfirm={(confirm) =>
              setMode.mutate(
                { accountId: goingLive.accountId, mode: 'live', confirm },
                { onSuccess: () => setGoingLive(null) },
              )
            }
          />
        )}
      </Modal>
    </Paper>
  );
}

function GoLiveForm({
  account,
  pending,
  error,
  onCancel,
  onConfirm,
}: {
  account: AccountTradingView;
  pending: boolean;
  error: string | null;
  onCancel: () => void;
  onConfirm: (confirm: string) => void;
}) {
  const [typed, setTyped] = useState('');
  const ready = confirmsAccount(typed, account.accountCode);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) onConfirm(typed.trim());
      }}
      noValidate
      data-testid="go-live-form"
    >
      <Stack gap="sm">
        <Group gap="xs">
          <Badge color="red" variant="filled" size="lg">
            LIVE
          </Badge>
          <Text size="sm" fw={600}>
            Approved (and automated) orders for {account.accountCode} will be sent to the broker with real money.
          </Text>
        </Group>
        <TextInput
          label={`Type the account code ${account.accountCode} to confirm`}
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        {error && (
          <Alert color="red" variant="light" title="Could not switch to live">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Stay on paper
          </Button>
          <Button type="submit" color="red" disabled={!ready} loading={pending}>
            Switch to live
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
