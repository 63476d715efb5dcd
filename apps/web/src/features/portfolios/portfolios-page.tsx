// Portfolios: the sleeves inside each broker account, with what they hold; links to their positions.
import { Alert, Anchor, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { Portfolio } from '@optionstrader/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { fetchPortfolios } from '../dashboard/read.api';
import { formatDateTime } from '../dashboard/read-format';

export function PortfoliosPage() {
  const portfolios = useQuery({ queryKey: ['portfolios'], queryFn: fetchPortfolios, refetchInterval: 30_000 });
  const byAccount = new Map<string, Portfolio[]>();
  for (const portfolio of portfolios.data?.portfolios ?? [])
    byAccount.set(portfolio.accountId, [...(byAccount.get(portfolio.accountId) ?? []), portfolio]);

  return (
    <Stack gap="md">
      <PageHeader title="Portfolios" />
      {portfolios.isPending && (
        <Text size="sm" c="dimmed">
          Loading portfolios…
        </Text>
      )}
      {portfolios.isError && (
        <Alert color="red" variant="light" title="Could not load portfolios">
          {portfolios.error.message}
        </Alert>
      )}
      {portfolios.data && byAccount.size === 0 && (
        <Paper withBorder p="md">
          <Text fw={600} size="sm">
            No portfolios yet
          </Text>
          <Text size="sm" c="dimmed">
            A portfolio is a sleeve inside a broker account (for example a Wheel book or a TFSA covered-call overlay)
            that strategies and positions are assigned to. None exist yet.
          </Text>
        </Paper>
      )}
      {[...byAccount.values()].map((sleeves) => {
        const first = sleeves[0];
        if (!first) return null;
        const titleId = `portfolios-${first.accountId}`;
        return (
          <Paper key={first.accountId} withBorder p="md" component="section" aria-labelledby={titleId}>
            <Title order={2} size="h5" id={titleId} mb="xs">
              {first.accountLabel ? `${first.accountLabel} · ${first.accountCode}` : first.accountCode}
            </Title>
            <Table.ScrollContainer minWidth={480} type="native">
              <Table fz="sm" verticalSpacing={4} aria-label={`Portfolios of ${first.accountCode}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Portfolio</Table.Th>
                    <Table.Th ta="right">Open positions</Table.Th>
                    <Table.Th ta="right">Strategies</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sleeves.map((portfolio) => (
                    <Table.Tr key={portfolio.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/positions?portfolioId=${portfolio.id}`} size="sm">
                          {portfolio.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {portfolio.positionsCount}
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {portfolio.strategiesCount}
                      </Table.Td>
                      <Table.Td>{formatDateTime(portfolio.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        );
      })}
    </Stack>
  );
}
