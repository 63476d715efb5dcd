// One strategy instance: what it is and where it trades, its switches (enabled; auto-trade, which also needs the
// global kill switch), its last run (with errors), its settings, and the actions on it (run now, edit, recent runs,
// delete).
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Collapse,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link } from 'react-router';
import type { StrategyInstanceView } from '@optionstrader/contracts';
import { Guard, useCan } from '../access/use-access';
import { formatDateTime } from '../dashboard/read-format';
import { useTradingSettings } from '../settings/trading-settings.api';
import { RunsTable } from './runs-table';
import { useDeleteInstance, useStartRuns, useUpdateInstance } from './strategies.api';
import { RUN_STATUS_COLOR, runStatsSummary } from './strategy-format';

export const AUTOTRADE_NOTE =
  'Places this instance’s recommendations as orders without a click, only while the global kill switch (Settings) is on too';

interface InstanceCardProps {
  instance: StrategyInstanceView;
  onEdit: () => void;
  /** Another run (of all instances) is under way: one at a time. */
  busy: boolean;
}

export function InstanceCard({ instance, onEdit, busy }: InstanceCardProps) {
  const [runsOpen, runsToggle] = useDisclosure(false);
  const [configOpen, configToggle] = useDisclosure(false);
  const [confirming, confirm] = useDisclosure(false);
  const update = useUpdateInstance();
  const run = useStartRuns();
  const remove = useDeleteInstance();
  // Viewers see the switches' state, read-only (the buttons below explain why).
  const canTrade = useCan('trade');
  const last = instance.lastRun;
  const stats = last ? runStatsSummary(last.stats) : null;
  const titleId = `instance-${instance.id}`;

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby={titleId}
      data-testid="instance-card"
      data-instance-id={instance.id}
      data-strategy={instance.strategySlug}
      miw={0}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <div style={{ minWidth: 0 }}>
            <Title order={2} size="h5" id={titleId} style={{ overflowWrap: 'anywhere' }} data-testid="instance-name">
              {instance.name}
            </Title>
            <Text size="xs" c="dimmed">
              <Badge variant="light" size="sm" mr={6} style={{ textTransform: 'none' }}>
                {instance.strategyName} v{instance.version}
              </Badge>
              <span data-testid="instance-account">
                {instance.accountLabel ? `${instance.accountLabel} · ${instance.accountCode}` : instance.accountCode}
              </span>
            </Text>
          </div>
          <Group gap="md">
            <Switch
              label="Enabled"
              checked={instance.enabled}
              disabled={!canTrade || update.isPending}
              onChange={(event) => update.mutate({ id: instance.id, patch: { enabled: event.currentTarget.checked } })}
              size="sm"
            />
            <Tooltip label={AUTOTRADE_NOTE} multiline w={260} events={{ hover: true, focus: true, touch: true }}>
              <div>
                <Switch
                  label="Auto-trade"
                  checked={instance.autotradeEnabled}
                  disabled={!canTrade || update.isPending}
                  onChange={(event) =>
                    update.mutate({ id: instance.id, patch: { autotradeEnabled: event.currentTarget.checked } })
                  }
                  color="grape"
                  size="sm"
                  aria-describedby={`${titleId}-autotrade`}
                />
                <span id={`${titleId}-autotrade`} hidden>
                  {AUTOTRADE_NOTE}
                </span>
              </div>
            </Tooltip>
          </Group>
        </Group>

        {instance.autotradeEnabled && <AutotradeNote />}

        <div data-testid="last-run">
          {last ? (
            <Group gap="xs" wrap="wrap">
              <Badge color={RUN_STATUS_COLOR[last.status]} variant="light" size="sm" data-testid="last-run-status">
                {last.status}
              </Badge>
              <Text size="xs" c="dimmed">
                last run {formatDateTime(last.finishedAt ?? last.startedAt)}
              </Text>
              {stats && (
                <Text size="xs" data-testid="last-run-stats">
                  {stats}
                </Text>
              )}
            </Group>
          ) : (
            <Text size="xs" c="dimmed">
              Not run yet.
            </Text>
          )}
          {last && last.errors.length > 0 && (
            <Alert color="red" variant="light" p="xs" mt={6} data-testid="last-run-errors">
              <Stack gap={2}>
                {last.errors.map((error, index) => (
                  <Text key={index} size="xs" style={{ overflowWrap: 'anywhere' }}>
                    {error}
                  </Text>
                ))}
              </Stack>
            </Alert>
          )}
        </div>

        {(run.isError || update.isError || remove.isError) && (
          <Alert color="red" variant="light" p="xs">
            {(run.error ?? update.error ?? remove.error)?.message}
          </Alert>
        )}

        <Group gap="xs" wrap="wrap">
          <Guard permission="trade" action="run, edit or delete strategy instances">
            {(allowed) => (
              <Group gap="xs" wrap="wrap">
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => run.mutate([instance.id])}
                  loading={run.isPending}
                  disabled={!allowed || busy}
                >
                  Run now
                </Button>
                <Button size="xs" variant="default" onClick={onEdit} disabled={!allowed}>
                  Edit
                </Button>
                <Button size="xs" variant="subtle" color="red" onClick={confirm.open} disabled={!allowed}>
                  Delete
                </Button>
              </Group>
            )}
          </Guard>
          <Button size="xs" variant="default" onClick={runsToggle.toggle} aria-expanded={runsOpen}>
            {runsOpen ? 'Hide runs' : 'Recent runs'}
          </Button>
          <Button size="xs" variant="default" onClick={configToggle.toggle} aria-expanded={configOpen}>
            {configOpen ? 'Hide settings' : 'Settings'}
          </Button>
        </Group>

        <Collapse expanded={configOpen}>
          <Code block data-testid="instance-config" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
            {JSON.stringify(instance.config, null, 2)}
          </Code>
        </Collapse>
        <Collapse expanded={runsOpen}>
          {runsOpen && <RunsTable instanceId={instance.id} instanceName={instance.name} />}
        </Collapse>
      </Stack>

      <Modal opened={confirming} onClose={confirm.close} title={`Delete ${instance.name}?`}>
        <Stack gap="sm">
          <Text size="sm">
            The instance stops running. Its past runs, opportunities and recommendations stay in the history.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={confirm.close}>
              Keep it
            </Button>
            <Button
              color="red"
              size="xs"
              loading={remove.isPending}
              onClick={() => remove.mutate(instance.id, { onSuccess: confirm.close })}
            >
              Delete instance
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

/** An instance set to auto-trade says whether the global kill switch lets it. */
function AutotradeNote() {
  const settings = useTradingSettings();
  if (!settings.data) return null;
  const on = settings.data.autotradeEnabled;
  return (
    <Text size="xs" c={on ? 'grape' : 'orange'} data-testid="autotrade-note" data-kill-switch={on ? 'on' : 'off'}>
      {on ? (
        'Auto-trading: its recommendations become orders without a click, within the automation limits.'
      ) : (
        <>
          Auto-trade is on here, but the global kill switch is off: nothing is placed automatically until it is turned
          on in{' '}
          <Anchor component={Link} to="/settings" size="xs">
            Settings
          </Anchor>
          .
        </>
      )}
    </Text>
  );
}
