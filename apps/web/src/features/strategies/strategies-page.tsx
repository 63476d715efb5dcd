// Strategies: the configured instances (per account) with their last runs, "Run now" for all enabled instances or one,
// creating and editing instances through a form rendered from the strategy's config schema, and the watchlists
// instances draw their symbols from.
import { Alert, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { StrategyRunView } from '@optionstrader/contracts';
import { useState } from 'react';
import { PageHeader } from '../../components/page-header';
import { Guard } from '../access/use-access';
import { WatchlistsSection } from '../watchlists/watchlists-section';
import { InstanceCard } from './instance-card';
import { InstanceForm, type InstanceFormMode } from './instance-form';
import { useStartRuns, useStrategyDefinitions, useStrategyInstances } from './strategies.api';

export function StrategiesPage() {
  const definitions = useStrategyDefinitions();
  const instances = useStrategyInstances();
  const runAll = useStartRuns();
  const [form, setForm] = useState<InstanceFormMode | null>(null);
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  const list = instances.data?.instances ?? [];
  const enabledCount = list.filter((i) => i.enabled).length;

  return (
    <Stack gap="md">
      <PageHeader
        title="Strategies"
        actions={
          <Guard permission="trade" action="run or create strategy instances">
            {(allowed) => (
              <Group gap="xs">
                <Button
                  size="xs"
                  onClick={() => runAll.mutate(undefined)}
                  loading={runAll.isPending}
                  disabled={!allowed || enabledCount === 0}
                  data-testid="run-all"
                >
                  Run now
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => setForm({ kind: 'create' })}
                  disabled={!allowed || !definitions.data}
                >
                  New instance
                </Button>
              </Group>
            )}
          </Guard>
        }
      />
      <Text size="xs" c="dimmed">
        “Run now” runs every enabled instance ({enabledCount} of {list.length}); each instance can also be run on its
        own. Runs find opportunities and propose recommendations; nothing is traded from here.
      </Text>
      {runAll.isSuccess && <RunAllSummary runs={runAll.data.runs} />}
      {runAll.isError && (
        <Alert color="red" variant="light" title="The run did not start">
          {runAll.error.message}
        </Alert>
      )}
      {(instances.isError || definitions.isError) && (
        <Alert color="red" variant="light" title="Could not load the strategies">
          {(instances.error ?? definitions.error)?.message}
        </Alert>
      )}
      {instances.isPending && (
        <Text size="sm" c="dimmed">
          Loading instances…
        </Text>
      )}
      {instances.data && list.length === 0 && (
        <Paper withBorder p="md">
          <Text fw={600} size="sm">
            No strategy instances yet
          </Text>
          <Text size="sm" c="dimmed">
            An instance is a strategy (Wheel, covered calls, PMCC…) with its settings, run for one account. Create one
            with “New instance”.
          </Text>
        </Paper>
      )}
      {list.map((instance) => (
        <InstanceCard
          key={instance.id}
          instance={instance}
          busy={runAll.isPending}
          onEdit={() => setForm({ kind: 'edit', instance })}
        />
      ))}
      <WatchlistsSection />

      <Modal
        opened={form !== null}
        onClose={() => setForm(null)}
        title={form?.kind === 'edit' ? `Edit ${form.instance.name}` : 'New strategy instance'}
        size="lg"
        fullScreen={isPhone}
      >
        {form && (
          <InstanceForm
            mode={form}
            definitions={definitions.data?.definitions ?? []}
            onDone={() => setForm(null)}
            onCancel={() => setForm(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function RunAllSummary({ runs }: { runs: readonly StrategyRunView[] }) {
  const failed = runs.filter((r) => r.status === 'failed');
  const recommendations = runs.reduce((sum, r) => sum + (r.stats?.recommendations ?? 0), 0);
  const opportunities = runs.reduce((sum, r) => sum + (r.stats?.opportunities ?? 0), 0);
  return (
    <Alert
      color={failed.length > 0 ? 'orange' : 'teal'}
      variant="light"
      title={`Ran ${runs.length} instance${runs.length === 1 ? '' : 's'}`}
      data-testid="run-all-summary"
    >
      <Text size="sm">
        {runs.length - failed.length} succeeded, {failed.length} failed · {opportunities} opportunities ·{' '}
        {recommendations} new recommendations
      </Text>
      {failed.map((run) => (
        <Text key={run.id} size="sm" c="red" style={{ overflowWrap: 'anywhere' }}>
          {run.instanceName ?? 'An instance'}: {run.errors.join('; ') || 'failed'}
        </Text>
      ))}
    </Alert>
  );
}
