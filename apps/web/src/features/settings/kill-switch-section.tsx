// The global auto-trading kill switch, first on the Settings page: its state in large type; turning it on takes the
// typed words ENABLE AUTOTRADE, turning it off asks whether working automated orders go too (and says how many did).
// Below it, reduce-only: only orders that shrink positions are accepted, manual or automated.
import { Alert, Badge, Button, Group, Modal, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Guard, useCan } from '../access/use-access';
import { ENABLE_AUTOTRADE, confirmsAutotrade } from './trading-settings-form';
import { useSaveTradingSettings, useTradingSettings } from './trading-settings.api';

export function KillSwitchSection() {
  const settings = useTradingSettings();
  const save = useSaveTradingSettings();
  const reduceOnly = useSaveTradingSettings();
  // The kill switch is the installation's, not a client's: only admins flip it.
  const isAdmin = useCan('admin');
  const [dialog, setDialog] = useState<'on' | 'off' | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const data = settings.data;
  const on = data?.autotradeEnabled ?? false;

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="kill-switch-title"
      data-testid="kill-switch"
      data-enabled={data ? String(on) : undefined}
      style={{ borderWidth: 2, borderColor: data && on ? 'var(--mantine-color-teal-6)' : undefined }}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <div>
            <Title order={2} size="h5" id="kill-switch-title">
              Auto-trading kill switch
            </Title>
            <Text size="sm" c="dimmed" maw={560}>
              Off stops every automated order at once. A strategy instance trades on its own only when its Auto-trade
              switch (Strategies) and this switch are both on. Manual approvals are not affected.
            </Text>
          </div>
          {data && (
            <Guard permission="admin" action="turn auto-trading on or off">
              {(allowed) => (
                <Button
                  size="md"
                  color={on ? 'red' : 'teal'}
                  variant={on ? 'filled' : 'light'}
                  disabled={!allowed}
                  onClick={() => {
                    save.reset();
                    setOutcome(null);
                    setDialog(on ? 'off' : 'on');
                  }}
                  aria-haspopup="dialog"
                >
                  {on ? 'Turn auto-trading off' : 'Turn auto-trading on…'}
                </Button>
              )}
            </Guard>
          )}
        </Group>
        {settings.isPending && (
          <Text size="sm" c="dimmed">
            Loading the trading settings…
          </Text>
        )}
        {settings.isError && (
          <Alert color="red" variant="light" title="Could not load the trading settings">
            {settings.error.message}
          </Alert>
        )}
        {data && (
          <Text fz={36} fw={800} lh={1.1} c={on ? 'teal' : 'red'} data-testid="kill-switch-state" aria-live="polite">
            Auto-trading is {on ? 'ON' : 'OFF'}
          </Text>
        )}
        {outcome && (
          <Text size="sm" data-testid="kill-switch-outcome">
            {outcome}
          </Text>
        )}
        {data && (
          <Group gap="sm" align="center" wrap="wrap">
            <Switch
              label="Reduce-only"
              description="Accept only orders that reduce positions (closing, buying back), manual and automated"
              checked={data.reduceOnly}
              disabled={!isAdmin || reduceOnly.isPending}
              onChange={(event) => reduceOnly.mutate({ reduceOnly: event.currentTarget.checked })}
              data-testid="reduce-only"
            />
            {data.reduceOnly && (
              <Badge color="orange" variant="light">
                reduce-only
              </Badge>
            )}
          </Group>
        )}
        {reduceOnly.isError && (
          <Alert color="red" variant="light" title="Could not change reduce-only">
            {reduceOnly.error.message}
          </Alert>
        )}
      </Stack>

      <Modal opened={dialog === 'on'} onClose={() => setDialog(null)} title="Turn auto-trading on?">
        {dialog === 'on' && (
          <EnableForm
            pending={save.isPending}
            error={save.isError ? save.error.message : null}
            onCancel={() => setDialog(null)}
            onConfirm={() =>
              save.mutate(
                { autotradeEnabled: true, confirm: ENABLE_AUTOTRADE },
                {
                  onSuccess: () => {
                    setDialog(null);
                    setOutcome('Auto-trading turned on.');
                  },
                },
              )
            }
          />
        )}
      </Modal>
      <Modal opened={dialog === 'off'} onClose={() => setDialog(null)} title="Turn auto-trading off?">
        <Stack gap="sm">
          <Text size="sm">
            No new automated order is placed from now on. Also cancel the automated orders still working?
          </Text>
          {save.isError && (
            <Alert color="red" variant="light" title="Could not turn auto-trading off">
              {save.error.message}
            </Alert>
          )}
          <Stack gap="xs">
            {[true, false].map((cancelWorking) => (
              <Button
                key={String(cancelWorking)}
                color="red"
                variant={cancelWorking ? 'filled' : 'light'}
                loading={save.isPending && save.variables?.cancelWorking === cancelWorking}
                disabled={save.isPending}
                data-autofocus={cancelWorking ? true : undefined}
                onClick={() =>
                  save.mutate(
                    { autotradeEnabled: false, cancelWorking },
                    {
                      onSuccess: (saved) => {
                        setDialog(null);
                        const n = saved.cancelledOrders ?? 0;
                        setOutcome(
                          cancelWorking
                            ? `Auto-trading turned off; ${n} working automated order${n === 1 ? '' : 's'} cancelled.`
                            : 'Auto-trading turned off; working automated orders were left as they are.',
                        );
                      },
                    },
                  )
                }
              >
                {cancelWorking ? 'Turn off and cancel working automated orders' : 'Turn off, leave working orders'}
              </Button>
            ))}
            <Button variant="default" onClick={() => setDialog(null)}>
              Keep auto-trading on
            </Button>
          </Stack>
        </Stack>
      </Modal>
    </Paper>
  );
}

function EnableForm({
  pending,
  error,
  onCancel,
  onConfirm,
}: {
  pending: boolean;
  error: string | null;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const [typed, setTyped] = useState('');
  const ready = confirmsAutotrade(typed);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) onConfirm();
      }}
      noValidate
      data-testid="enable-autotrade-form"
    >
      <Stack gap="sm">
        <Text size="sm">
          Strategy instances with Auto-trade on will place orders without asking, within the automation limits below, in
          each account&apos;s order mode (paper or live).
        </Text>
        <TextInput
          label={`Type ${ENABLE_AUTOTRADE} to confirm`}
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        {error && (
          <Alert color="red" variant="light" title="Could not turn auto-trading on">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" color="teal" disabled={!ready} loading={pending}>
            Turn auto-trading on
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
