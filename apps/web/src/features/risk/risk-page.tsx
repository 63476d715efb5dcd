// Risk: for one account (chosen here, remembered in ?account=), its margin against the limits, concentration, greeks,
// VaR, stress, max loss, positions, the rules' verdicts on the current book, its editable limits and a pre-trade check.
import { Alert, Group, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Account, AccountRiskResponse } from '@optionstrader/contracts';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/api-error';
import { PageHeader } from '../../components/page-header';
import { AsOf } from '../dashboard/freshness';
import { fetchAccounts } from '../dashboard/read.api';
import { ConcentrationTable } from './concentration-table';
import { GreeksSection } from './greeks-section';
import { LimitsForm } from './limits-form';
import { MarginComparison } from './margin-comparison';
import { MaxLossTable } from './max-loss-table';
import { PreTradeCheck } from './pre-trade-check';
import { fetchAccountRisk, riskQueryKey } from './risk.api';
import { ACCOUNT_TYPE_SHORT } from './risk-format';
import { RiskGauges } from './risk-gauges';
import { RiskHeader } from './risk-header';
import { RiskPositionsTable } from './risk-positions-table';
import { StressSection } from './stress-section';
import { VarSection } from './var-section';
import { VerdictsList } from './verdicts-list';

/** Risk figures are heavier than quotes and move with them slowly: a refresh every 30 s is enough. */
const RISK_REFETCH_MS = 30_000;

const accountLabel = (account: Account): string =>
  `${account.label ? `${account.label} · ${account.accountCode}` : account.accountCode} (${ACCOUNT_TYPE_SHORT[account.type]})`;

export function RiskPage() {
  const [params, setParams] = useSearchParams();
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: fetchAccounts });
  const list = accounts.data?.accounts ?? [];
  const chosen = params.get('account');
  // Without a choice, the first account; an unknown id in the URL is shown as such (the risk route answers 404).
  const accountId = chosen ?? list[0]?.id ?? null;
  const choose = (id: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id) next.set('account', id);
        else next.delete('account');
        return next;
      },
      { replace: true },
    );

  return (
    <Stack gap="md">
      <PageHeader title="Risk" />
      <Group gap="sm" align="end" wrap="wrap">
        <Select
          label="Account"
          placeholder={accounts.isPending ? 'Loading accounts…' : 'Choose an account'}
          data={list.map((a) => ({ value: a.id, label: accountLabel(a) }))}
          value={accountId}
          onChange={choose}
          allowDeselect={false}
          size="xs"
          w={320}
          data-testid="risk-account-select"
        />
      </Group>
      {accounts.isError && (
        <Alert color="red" variant="light" title="Could not load the accounts">
          {accounts.error.message}
        </Alert>
      )}
      {accounts.data && list.length === 0 && (
        <Paper withBorder p="md">
          <Text fw={600} size="sm">
            No broker accounts synced yet
          </Text>
          <Text size="sm" c="dimmed">
            Margin, concentration, greeks, VaR and stress figures appear here for each account after the first
            synchronisation with the broker.
          </Text>
        </Paper>
      )}
      {accountId && <AccountRisk key={accountId} accountId={accountId} />}
    </Stack>
  );
}

function AccountRisk({ accountId }: { accountId: string }) {
  const risk = useQuery({
    queryKey: riskQueryKey(accountId),
    queryFn: () => fetchAccountRisk(accountId),
    refetchInterval: RISK_REFETCH_MS,
  });

  if (risk.isPending) {
    return (
      <Text size="sm" c="dimmed">
        Computing the account&apos;s risk…
      </Text>
    );
  }
  if (risk.isError) {
    const notFound = isApiError(risk.error) && risk.error.status === 404;
    return (
      <Alert color="red" variant="light" title={notFound ? 'No such account' : 'Could not load the risk figures'}>
        {notFound ? 'The account in the address is not one of yours. Choose another above.' : risk.error.message}
      </Alert>
    );
  }
  return <RiskView data={risk.data} fetchedAt={risk.dataUpdatedAt} />;
}

function RiskView({ data, fetchedAt }: { data: AccountRiskResponse; fetchedAt: number }) {
  const { risk, limits } = data;
  return (
    <Stack gap="md" data-testid="account-risk" data-account-code={data.accountCode}>
      <RiskHeader data={data} aside={<AsOf asOf={data.asOf} stale={false} prefix="Computed" now={fetchedAt} />} />
      {data.unavailable && (
        <Alert color="blue" variant="light" title="Risk figures unavailable" data-testid="risk-unavailable">
          {data.unavailable}
        </Alert>
      )}
      <RiskGauges data={data} />
      <MarginComparison data={data} />
      <VerdictsList verdicts={data.verdicts} />
      {risk && (
        <>
          <ConcentrationTable
            rows={risk.concentration}
            limits={limits.effective}
            verdicts={data.verdicts}
            currency={data.currency}
          />
          <GreeksSection greeks={risk.greeks} />
          <VarSection value={risk.var} historyThrough={data.historyThrough} />
          <StressSection stress={risk.stress} worst={risk.worstStress} />
          <MaxLossTable rows={risk.maxLoss} />
        </>
      )}
      <RiskPositionsTable positions={data.positions} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <LimitsForm accountId={data.accountId} />
        <PreTradeCheck accountId={data.accountId} accountType={data.accountType} positions={data.positions} />
      </SimpleGrid>
    </Stack>
  );
}
