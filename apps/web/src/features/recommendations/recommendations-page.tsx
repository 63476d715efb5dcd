// Recommendations: what the strategy runs propose (pending by default), filtered by account, instance and status (the
// filters live in the URL), each with its legs, limit, rationale and risk verdict, and the payoff of one at a time.
// A pending one is approved through the order ticket or rejected with a reason; decided ones stay in view with their
// order until the filter changes.
import { Alert, Group, Modal, Paper, Select, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { recommendationStatusSchema, type RecommendationView } from '@optionstrader/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { fetchAccounts } from '../dashboard/read.api';
import { useStrategyInstances } from '../strategies/strategies.api';
import { useOrders } from '../orders/orders.api';
import { ordersByRecommendation, withDecided, HAS_ORDER, type DecidedEntry } from './decided';
import { OrderTicket } from './order-ticket';
import { RecommendationCard } from './recommendation-card';
import { ACTION_LABEL } from './recommendation-format';
import { RejectForm } from './reject-form';
import { useRecommendations, type RecommendationsFilter } from './recommendations.api';

const STATUS_OPTIONS = recommendationStatusSchema.options.map((status) => ({ value: status, label: status }));

export function RecommendationsPage() {
  const [params, setParams] = useSearchParams();
  const statusParam = recommendationStatusSchema.safeParse(params.get('status'));
  const status = statusParam.success ? statusParam.data : 'pending';
  const accountId = params.get('accountId') ?? undefined;
  const instanceId = params.get('instanceId') ?? undefined;
  const [selected, setSelected] = useState<string | null>(null);
  // Decisions taken here, per filter: a new filter starts from the server's list alone.
  const filterKey = `${status}|${accountId ?? ''}|${instanceId ?? ''}`;
  const [decisions, setDecisions] = useState<{ key: string; byId: ReadonlyMap<string, DecidedEntry> }>({
    key: filterKey,
    byId: new Map(),
  });
  const decided = decisions.key === filterKey ? decisions.byId : new Map<string, DecidedEntry>();
  // The open ticket or reject form: held here, so a list refresh that drops its recommendation does not close it
  // (approving a recommendation superseded meanwhile then answers with the server's refusal, in the ticket).
  const [dialog, setDialog] = useState<{ kind: 'approve' | 'reject'; recommendation: RecommendationView } | null>(null);
  const isPhone = useMediaQuery('(max-width: 48em)');
  const close = () => setDialog(null);
  const remember = (entry: DecidedEntry) =>
    setDecisions((current) => {
      const byId = new Map(current.key === filterKey ? current.byId : []);
      byId.set(entry.recommendation.id, entry);
      return { key: filterKey, byId };
    });

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
  const shown = withDecided(list, decided, { accountId, instanceId });
  // The orders of recommendations decided elsewhere (or earlier), for their links.
  const needsOrders = shown.some((r) => HAS_ORDER.has(r.status) && !decided.has(r.id));
  const orders = useOrders({ limit: 1000 }, needsOrders);
  const orderOf = ordersByRecommendation(orders.data?.orders ?? []);

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
            {shown.length > list.length ? ` · ${shown.length - list.length} decided here` : ''}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        Approve opens the order ticket, checked against current quotes before anything is sent; the account&apos;s order
        mode (paper unless switched to live in Settings) decides where the order goes.
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
      {recommendations.data && shown.length === 0 && (
        <Paper withBorder p="md">
          <Text fw={600} size="sm">
            No {status} recommendations
          </Text>
          <Text size="sm" c="dimmed">
            Recommendations appear when a strategy run finds a trade to propose (Strategies → Run now).
          </Text>
        </Paper>
      )}
      {shown.map((recommendation) => (
        <RecommendationCard
          key={recommendation.id}
          recommendation={recommendation}
          selected={selected === recommendation.id}
          onSelect={() => setSelected((current) => (current === recommendation.id ? null : recommendation.id))}
          now={recommendations.dataUpdatedAt}
          order={decided.get(recommendation.id)?.order ?? orderOf.get(recommendation.id) ?? null}
          decided={decided.has(recommendation.id)}
          onApprove={() => setDialog({ kind: 'approve', recommendation })}
          onReject={() => setDialog({ kind: 'reject', recommendation })}
        />
      ))}

      <Modal
        opened={dialog?.kind === 'approve'}
        onClose={close}
        title={
          dialog
            ? `Approve: ${ACTION_LABEL[dialog.recommendation.action]} ${dialog.recommendation.symbol} · ${dialog.recommendation.accountCode}`
            : ''
        }
        size="xl"
        fullScreen={isPhone}
      >
        {dialog?.kind === 'approve' && (
          <OrderTicket
            recommendation={dialog.recommendation}
            onCancel={close}
            onApproved={(response) => {
              close();
              remember(response);
            }}
          />
        )}
      </Modal>
      <Modal
        opened={dialog?.kind === 'reject'}
        onClose={close}
        title={dialog ? `Reject: ${ACTION_LABEL[dialog.recommendation.action]} ${dialog.recommendation.symbol}` : ''}
      >
        {dialog?.kind === 'reject' && (
          <RejectForm
            recommendation={dialog.recommendation}
            onCancel={close}
            onRejected={(recommendation) => {
              close();
              remember({ recommendation, order: null });
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
