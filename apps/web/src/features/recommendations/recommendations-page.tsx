// Recommendations: what the strategy runs propose (pending by default), filtered by account, instance and status (the
// filters live in the URL), each with its legs, limit, rationale and risk verdict, and the payoff of one at a time.
// Read-only: approving and rejecting come with the order manager.
import { Alert, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { recommendationStatusSchema } from '@optionstrader/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { fetchAccounts } from '../dashboard/read.api';
import { useStrategyInstances } from '../strategies/strategies.api';
import { RecommendationCard } from './recommendation-card';
import { useRecommendations, type RecommendationsFilter } from './recommendations.api';

const STATUS_OPTIONS = recommendationStatusSchema.options.map((status) => ({ value: status, label: status }));

export function RecommendationsPage() {
  const [params, setParams] = useSearchParams();
  const statusParam = recommendationStatusSchema.safeParse(params.get('status'));
  const status = statusParam.success ? statusParam.data : 'pending';
  const accountId = params.get('accountId') ?? undefined;
  const instanceId = params.get('instanceId') ?? undefined;
  const [selected, setSelected] = useState<string | null>(null);

  const set = (key: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const filter: RecommendationsFilter = { status, accountId, instanceId };
  const recommendations = useRecommendations(filter);
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: fetchAccounts });
  const instances = useStrategyInstances();
  const list = recommendations.data?.recommendations ?? [];
  const blocked = list.filter((r) => r.risk?.verdict === 'block').length;

  return (
    <Stack gap="md">
      <PageHeader title="Recommendations" />
      <Group gap="sm" align="end" wrap="wrap">
        <Select
          label="Status"
          data={STATUS_OPTIONS}
          value={status}
          onChange={(value) => set('status', value === 'pending' ? null : value)}
          allowDeselect={false}
          size="xs"
          w={140}
        />
        <Select
          label="Account"
          placeholder="All accounts"
          data={(accounts.data?.accounts ?? []).map((a) => ({
            value: a.id,
            label: a.label ? `${a.label} · ${a.accountCode}` : a.accountCode,
          }))}
          value={accountId ?? null}
          onChange={(value) => set('accountId', value)}
          clearable
          size="xs"
          w={220}
        />
        <Select
          label="Instance"
          placeholder="All instances"
          data={(instances.data?.instances ?? [])
            .filter((i) => !accountId || i.accountId === accountId)
            .map((i) => ({ value: i.id, label: `${i.name} · ${i.accountCode}` }))}
          value={instanceId ?? null}
          onChange={(value) => set('instanceId', value)}
          clearable
          size="xs"
          w={260}
        />
        {recommendations.data && (
          <Text size="xs" c="dimmed" pb={6} data-testid="recommendations-count">
            {list.length} {status} recommendation{list.length === 1 ? '' : 's'}
            {blocked > 0 ? ` · ${blocked} blocked by risk` : ''}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        Approving and rejecting arrive with the order manager; until then this list is for review.
      </Text>
      {recommendations.isError && (
        <Alert color="red" variant="light" title="Could not load the recommendations">
          {recommendations.error.message}
        </Alert>
      )}
      {recommendations.isPending && (
        <Text size="sm" c="dimmed">
          Loading recommendations…
        </Text>
      )}
      {recommendations.data && list.length === 0 && (
        <Paper withBorder p="md">
          <Text fw={600} size="sm">
            No {status} recommendations
          </Text>
          <Text size="sm" c="dimmed">
            Recommendations appear when a strategy run finds a trade to propose (Strategies → Run now).
          </Text>
        </Paper>
      )}
      {list.map((recommendation) => (
        <RecommendationCard
          key={recommendation.id}
          recommendation={recommendation}
          selected={selected === recommendation.id}
          onSelect={() => setSelected((current) => (current === recommendation.id ? null : recommendation.id))}
          now={recommendations.dataUpdatedAt}
        />
      ))}
    </Stack>
  );
}
