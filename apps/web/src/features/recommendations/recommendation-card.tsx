// One recommendation: the action and its legs, quantity, limit price between the net bid/ask, the rationale and
// confidence, the pre-trade risk verdict with its reasons (a blocked one is marked as such), when it expires, the
// strategy parameters behind it (collapsed), and on demand the payoff of the position it leaves open. A pending one
// offers Approve (the order ticket) and Reject (with a reason); a decided one shows its order.
import { Alert, Anchor, Badge, Button, Collapse, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { OrderView, RecommendationView } from '@optionstrader/contracts';
import { Link } from 'react-router';
import { formatDateTime, formatFixed, formatPercent, formatQuantity } from '../dashboard/read-format';
import { useOrder } from '../orders/orders.api';
import { ModeBadge } from '../orders/mode-badge';
import { ORDER_STATUS_COLOR, orderLink, orderPriceText, orderStatusLabel } from '../orders/order-format';
import { VERDICT_COLOR } from '../risk/risk-format';
import { Figure } from '../risk/risk-section';
import { ReasonsList, VerdictBadge } from '../risk/verdicts-list';
import { Guard } from '../access/use-access';
import { useDecidedRecommendation } from './decisions.api';
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
  /** The order made from it, when known. */
  order: OrderView | null;
  /** Decided on this page: its status is followed until its order ends. */
  decided: boolean;
  /** Open the order ticket, or the reject form (held by the page, so a list refresh does not close them). */
  onApprove: () => void;
  onReject: () => void;
}

export function RecommendationCard(props: RecommendationCardProps) {
  const { selected, onSelect, now, order, decided, onApprove, onReject } = props;
  const followed = useDecidedRecommendation(props.recommendation, decided);
  const r = decided ? followed.data : props.recommendation;
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
      data-status={r.status}
      data-recommendation-id={r.id}
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
            <Badge color={STATUS_COLOR[r.status]} variant="light" data-testid="recommendation-status">
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

        {r.status === 'rejected' && (
          <Text size="sm" data-testid="decision-reason">
            Rejected {formatDateTime(r.decidedAt)}
            {r.decisionReason ? `: ${r.decisionReason}` : ''}
          </Text>
        )}
        {order && <OrderLine order={order} />}

        <Group gap="xs">
          {r.status === 'pending' && (
            <Guard permission="trade" action="approve or reject recommendations">
              {(allowed) => (
                <Group gap="xs">
                  <Button size="xs" onClick={onApprove} aria-haspopup="dialog" disabled={!allowed}>
                    Approve…
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    onClick={onReject}
                    aria-haspopup="dialog"
                    disabled={!allowed}
                  >
                    Reject…
                  </Button>
                </Group>
              )}
            </Guard>
          )}
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

/** The order a decision made: its status and fills, followed while it works, and a link to it on the Orders page. */
function OrderLine({ order: initial }: { order: OrderView }) {
  const live = useOrder(initial.id);
  const order = live.data ?? initial;
  return (
    <Group gap="xs" wrap="wrap" data-testid="recommendation-order" data-order-status={order.status}>
      <Text size="sm">Order</Text>
      <ModeBadge mode={order.mode} />
      <Badge color={ORDER_STATUS_COLOR[order.status]} variant="light" data-testid="order-status">
        {orderStatusLabel(order.status)}
      </Badge>
      <Text size="sm" ff="monospace">
        {formatQuantity(String(order.filledQuantity))}/{formatQuantity(String(order.quantity))} filled
        {order.avgFillPrice !== null ? ` at ${orderPriceText(order, order.avgFillPrice)}` : ''}
      </Text>
      {order.statusMessage && (
        <Text size="xs" c="dimmed">
          {order.statusMessage}
        </Text>
      )}
      <Anchor component={Link} to={orderLink(order.id)} size="sm" data-testid="order-link">
        View order
      </Anchor>
    </Group>
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
