// One recommendation: the action and its legs, quantity, limit price between the net bid/ask, the rationale and
// confidence, the pre-trade risk verdict with its reasons (a blocked one is marked as such), when it expires, the
// strategy parameters behind it (collapsed), and on demand the payoff of the position it leaves open.
import { Alert, Anchor, Badge, Button, Collapse, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { RecommendationView } from '@optionstrader/contracts';
import { formatDateTime, formatFixed, formatPercent, formatQuantity } from '../dashboard/read-format';
import { VERDICT_COLOR } from '../risk/risk-format';
import { Figure } from '../risk/risk-section';
import { ReasonsList, VerdictBadge } from '../risk/verdicts-list';
import {
  ACTION_LABEL,
  expiresText,
  legInstrument,
  legUnits,
  limitPriceText,
  paramText,
  spreadText,
  STATUS_COLOR,
} from './recommendation-format';
import { RecommendationPayoff } from './recommendation-payoff';

interface RecommendationCardProps {
  recommendation: RecommendationView;
  selected: boolean;
  onSelect: () => void;
  /** When the list was fetched (epoch ms): expiry times are measured from it. */
  now: number;
}

export function RecommendationCard({ recommendation: r, selected, onSelect, now }: RecommendationCardProps) {
  const [paramsOpen, params] = useDisclosure(false);
  const blocked = r.risk?.verdict === 'block';
  const titleId = `recommendation-${r.id}`;
  return (
    <Paper
      withBorder
      p="md"
      component="article"
      aria-labelledby={titleId}
      miw={0}
      data-testid="recommendation"
      data-action={r.action}
      data-strategy={r.strategySlug ?? ''}
      data-verdict={r.risk?.verdict ?? 'none'}
      style={blocked ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <div style={{ minWidth: 0 }}>
            <Title order={2} size="h5" id={titleId}>
              <span data-testid="recommendation-action">{ACTION_LABEL[r.action]}</span> {r.symbol}
            </Title>
            <Text size="xs" c="dimmed">
              {r.instanceName ?? 'Deleted instance'} · {r.accountCode} · {formatDateTime(r.createdAt)}
            </Text>
          </div>
          <Group gap={6}>
            {blocked && (
              <Badge color="red" variant="filled" data-testid="blocked-badge">
                Blocked by risk
              </Badge>
            )}
            <Badge color={STATUS_COLOR[r.status]} variant="light">
              {r.status}
            </Badge>
          </Group>
        </Group>

        <Table.ScrollContainer minWidth={420} type="native">
          <Table
            fz="xs"
            verticalSpacing={2}
            aria-label={`Legs of ${ACTION_LABEL[r.action]} ${r.symbol}`}
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Side</Table.Th>
                <Table.Th ta="right">Qty</Table.Th>
                <Table.Th>Instrument</Table.Th>
                <Table.Th ta="right">Bid</Table.Th>
                <Table.Th ta="right">Ask</Table.Th>
                <Table.Th ta="right">Mid</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.legs.map((leg, index) => (
                <Table.Tr key={index} data-testid="leg">
                  <Table.Td>
                    <Badge size="xs" variant="light" color={leg.side === 'SELL' ? 'orange' : 'blue'}>
                      {leg.side}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {formatQuantity(String(legUnits(leg, r.quantity)))}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{legInstrument(leg)}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {formatFixed(leg.bid, 2)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {formatFixed(leg.ask, 2)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {formatFixed(leg.mid, 2)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        <Group gap="lg" wrap="wrap">
          <Figure label="Quantity" data-testid="recommendation-quantity">
            {formatQuantity(String(r.quantity))}
          </Figure>
          <Figure label="Limit price" data-testid="recommendation-limit" hint={spreadText(r.spread)}>
            {limitPriceText(r)}
          </Figure>
          <Figure label="Confidence" data-testid="recommendation-confidence">
            {formatPercent(r.confidence, 0)}
          </Figure>
          <Figure label="Expires" data-testid="recommendation-expires" hint={formatDateTime(r.expiresAt)}>
            {expiresText(r.expiresAt, now)}
          </Figure>
        </Group>

        {r.rationale && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="recommendation-rationale">
            {r.rationale}
          </Text>
        )}

        <RiskVerdict risk={r.risk} />

        <Group gap="xs">
          <Button size="xs" variant={selected ? 'filled' : 'light'} onClick={onSelect} aria-pressed={selected}>
            {selected ? 'Hide payoff' : 'Payoff'}
          </Button>
          {r.params && Object.keys(r.params).length > 0 && (
            <Button size="xs" variant="default" onClick={params.toggle} aria-expanded={paramsOpen}>
              {paramsOpen ? 'Hide parameters' : 'Parameters'}
            </Button>
          )}
        </Group>
        <Collapse expanded={paramsOpen}>
          <Table fz="xs" verticalSpacing={2} aria-label="Parameters" data-testid="recommendation-params">
            <Table.Tbody>
              {Object.entries(r.params ?? {}).map(([key, value]) => (
                <Table.Tr key={key}>
                  <Table.Td c="dimmed">{key}</Table.Td>
                  <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                    {paramText(value)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Collapse>
        {selected && <RecommendationPayoff recommendation={r} />}
      </Stack>
    </Paper>
  );
}

function RiskVerdict({ risk }: { risk: RecommendationView['risk'] }) {
  const [passedOpen, passedToggle] = useDisclosure(false);
  if (!risk) {
    return (
      <Text size="xs" c="dimmed" data-testid="risk-verdict" data-verdict="none">
        No pre-trade risk check recorded.
      </Text>
    );
  }
  // What blocks or warns is always shown; the rules an order passes are one click away.
  const concerns = risk.reasons.filter((reason) => reason.verdict !== 'allow');
  const passed = risk.reasons.filter((reason) => reason.verdict === 'allow');
  return (
    <Alert
      color={VERDICT_COLOR[risk.verdict]}
      variant="light"
      p="xs"
      data-testid="risk-verdict"
      data-verdict={risk.verdict}
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <VerdictBadge verdict={risk.verdict} />
          <Text size="xs">
            {risk.verdict === 'block'
              ? 'Blocked: the account’s risk rules refuse this order.'
              : risk.verdict === 'warn'
                ? 'Allowed with warnings.'
                : 'Allowed by the risk rules.'}{' '}
            Margin usage {formatPercent(risk.marginUsageBefore, 1)} → {formatPercent(risk.marginUsageAfter, 1)}
            {risk.quantityScale !== null && risk.quantityScale < 1
              ? ` · size scaled to ${formatPercent(risk.quantityScale, 0)}`
              : ''}
          </Text>
        </Group>
        {risk.unavailable && (
          <Text size="xs" c="dimmed">
            {risk.unavailable}
          </Text>
        )}
        {concerns.length > 0 && <ReasonsList reasons={concerns} />}
        {passed.length > 0 && (
          <>
            <Anchor component="button" type="button" size="xs" onClick={passedToggle.toggle} w="fit-content">
              {passedOpen ? 'Hide' : 'Show'} the {passed.length} rule{passed.length === 1 ? '' : 's'} passed
            </Anchor>
            <Collapse expanded={passedOpen}>
              <ReasonsList reasons={passed} />
            </Collapse>
          </>
        )}
      </Stack>
    </Alert>
  );
}
