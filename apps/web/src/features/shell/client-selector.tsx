// The active client and the caller's role there, in the header; with more than one client, a menu to switch.
import { Badge, Button, Group, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { roleLabels } from '../access/permissions';
import { useSelectClient, useSessionInfo } from '../auth/session';

export function ClientSelector() {
  const { activeClient, clients } = useSessionInfo();
  const select = useSelectClient();
  // In no client at all: the page itself says so.
  if (!activeClient) return null;

  const current = (
    <Group gap={6} wrap="nowrap" miw={0}>
      <Text size="sm" fw={500} truncate="end" miw={0} data-testid="active-client">
        {activeClient.name}
      </Text>
      <Badge size="xs" variant="light" visibleFrom="xs" style={{ flexShrink: 0 }} data-testid="active-role">
        {roleLabels[activeClient.role]}
      </Badge>
    </Group>
  );

  if (clients.length <= 1) {
    return (
      <Group
        miw={64}
        maw={{ base: 130, xs: 260 }}
        style={{ flexShrink: 1 }}
        title={`${activeClient.name} (${activeClient.role})`}
      >
        {current}
      </Group>
    );
  }

  const onSelect = (clientId: string) => {
    if (clientId === activeClient.id) return;
    select.mutate(clientId, {
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not switch client', message: error.message }),
    });
  };

  return (
    <Menu position="bottom-end" shadow="md" width={260}>
      <Menu.Target>
        <Button
          variant="default"
          size="xs"
          loading={select.isPending}
          maw={{ base: 130, xs: 280 }}
          miw={64}
          rightSection={<span aria-hidden="true">▾</span>}
          aria-label={`Client: ${activeClient.name}, ${roleLabels[activeClient.role].toLowerCase()}. Switch client`}
          styles={{ root: { flexShrink: 1 }, inner: { minWidth: 0 }, label: { minWidth: 0, overflow: 'hidden' } }}
          data-testid="client-selector"
        >
          {current}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Work in client</Menu.Label>
        {clients.map((client) => (
          <Menu.Item
            key={client.id}
            onClick={() => onSelect(client.id)}
            aria-current={client.id === activeClient.id ? 'true' : undefined}
            rightSection={
              <Badge size="xs" variant={client.id === activeClient.id ? 'filled' : 'light'}>
                {roleLabels[client.role]}
              </Badge>
            }
          >
            <Text size="sm" style={{ overflowWrap: 'anywhere' }} fw={client.id === activeClient.id ? 600 : undefined}>
              {client.name}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
