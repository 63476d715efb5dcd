// A what-if order against the account's rules: one or two legs → POST …/risk/check → the verdict, every reason, and
// the margin before and after the order.
import {
  Alert,
  Button,
  Fieldset,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type {
  AccountRiskResponse,
  PositionStateView,
  RiskCheckRequest,
  RiskCheckResponse,
} from '@optionstrader/contracts';
import { useState } from 'react';
import { isApiError } from '../../api/api-error';
import { formatMoney, formatPercent } from '../dashboard/read-format';
import { emptyLeg, requestFromLegs, type LegErrors, type LegForm } from './pre-trade';
import { checkRisk } from './risk.api';
import { estimateLabel } from './risk-format';
import { RiskSection } from './risk-section';
import { ReasonsList, VerdictBadge } from './verdicts-list';

interface PreTradeCheckProps {
  accountId: string;
  accountType: AccountRiskResponse['accountType'];
  positions: readonly PositionStateView[];
}

export function PreTradeCheck({ accountId, accountType, positions }: PreTradeCheckProps) {
  const [legs, setLegs] = useState<LegForm[]>(() => [emptyLeg(positions[0]?.symbol ?? '')]);
  const [errors, setErrors] = useState<LegErrors[]>([]);
  const check = useMutation({ mutationFn: (body: RiskCheckRequest) => checkRisk(accountId, body) });

  const updateLeg = (index: number, patch: Partial<LegForm>) => {
    setLegs((current) => current.map((leg, i) => (i === index ? { ...leg, ...patch } : leg)));
    setErrors((current) => current.map((e, i) => (i === index ? {} : e)));
  };
  const submit = () => {
    const parsed = requestFromLegs(legs);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors([]);
    check.mutate(parsed.request);
  };

  return (
    <RiskSection title="Pre-trade check" data-testid="pre-trade-check">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        noValidate
      >
        <Text size="xs" c="dimmed" mb="xs">
          Quantity is signed: + buys, − sells (contracts for options, shares for stock). Without a price the mark is
          used.
        </Text>
        <Stack gap="sm">
          {legs.map((leg, index) => (
            <LegFields
              key={index}
              index={index}
              leg={leg}
              errors={errors[index] ?? {}}
              onChange={(patch) => updateLeg(index, patch)}
              onRemove={legs.length > 1 ? () => setLegs((current) => current.filter((_, i) => i !== index)) : undefined}
            />
          ))}
        </Stack>
        <Group gap="xs" mt="sm">
          <Button type="submit" size="xs" loading={check.isPending}>
            Check order
          </Button>
          {legs.length < 2 && (
            <Button
              variant="default"
              size="xs"
              onClick={() => setLegs((current) => [...current, emptyLeg(current[0]?.symbol ?? '')])}
            >
              Add a second leg
            </Button>
          )}
        </Group>
      </form>
      {check.isError && (
        <Alert color="red" variant="light" mt="sm" title="Could not check the order" data-testid="pre-trade-error">
          {check.error.message}
          {isApiError(check.error) && check.error.issues.length > 0 && (
            <Text size="xs" mt={4}>
              {check.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}
            </Text>
          )}
        </Alert>
      )}
      {check.data && <CheckResult result={check.data} accountType={accountType} />}
    </RiskSection>
  );
}

interface LegFieldsProps {
  index: number;
  leg: LegForm;
  errors: LegErrors;
  onChange: (patch: Partial<LegForm>) => void;
  onRemove: (() => void) | undefined;
}

function LegFields({ index, leg, errors, onChange, onRemove }: LegFieldsProps) {
  const isOption = leg.kind === 'option';
  return (
    <Fieldset legend={`Leg ${index + 1}`} p="xs" data-testid="pre-trade-leg">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing="xs">
        <TextInput
          label="Underlier"
          value={leg.symbol}
          onChange={(event) => onChange({ symbol: event.currentTarget.value.toUpperCase() })}
          error={errors.symbol}
          placeholder="SPY"
          size="xs"
          autoComplete="off"
        />
        <Stack gap={2}>
          <Text size="xs" fw={500}>
            Instrument
          </Text>
          <Group gap={4} wrap="nowrap">
            <SegmentedControl
              aria-label="Instrument"
              size="xs"
              value={leg.kind}
              onChange={(kind) => onChange({ kind: kind === 'stock' ? 'stock' : 'option' })}
              data={[
                { value: 'option', label: 'Option' },
                { value: 'stock', label: 'Stock' },
              ]}
            />
            {isOption && (
              <SegmentedControl
                aria-label="Right"
                size="xs"
                value={leg.right}
                onChange={(right) => onChange({ right: right === 'put' ? 'put' : 'call' })}
                data={[
                  { value: 'call', label: 'Call' },
                  { value: 'put', label: 'Put' },
                ]}
              />
            )}
          </Group>
        </Stack>
        {isOption && (
          <>
            <NumberInput
              label="Strike"
              value={leg.strike}
              onChange={(strike) => onChange({ strike })}
              error={errors.strike}
              decimalScale={4}
              allowNegative={false}
              clampBehavior="none"
              hideControls
              size="xs"
            />
            <TextInput
              label="Expiry"
              type="date"
              value={leg.expiry}
              onChange={(event) => onChange({ expiry: event.currentTarget.value })}
              error={errors.expiry}
              size="xs"
            />
          </>
        )}
        <NumberInput
          label="Quantity (±)"
          value={leg.quantity}
          onChange={(quantity) => onChange({ quantity })}
          error={errors.quantity}
          decimalScale={0}
          clampBehavior="none"
          hideControls
          size="xs"
        />
        <NumberInput
          label="Price (optional)"
          description="Per share"
          value={leg.price}
          onChange={(price) => onChange({ price })}
          error={errors.price}
          decimalScale={4}
          allowNegative={false}
          clampBehavior="none"
          hideControls
          size="xs"
        />
      </SimpleGrid>
      {onRemove && (
        <Button variant="subtle" color="gray" size="compact-xs" mt={6} onClick={onRemove}>
          Remove leg {index + 1}
        </Button>
      )}
    </Fieldset>
  );
}

function CheckResult({
  result,
  accountType,
}: {
  result: RiskCheckResponse;
  accountType: AccountRiskResponse['accountType'];
}) {
  const rows: [string, string, string][] = [
    ['Net liquidation', formatMoney(result.before.netLiquidation), formatMoney(result.after.netLiquidation)],
    ['Maintenance margin', formatMoney(result.before.maintenanceMargin), formatMoney(result.after.maintenanceMargin)],
    ['Excess liquidity', formatMoney(result.before.excessLiquidity), formatMoney(result.after.excessLiquidity)],
    ['Buying power', formatMoney(result.before.buyingPower), formatMoney(result.after.buyingPower)],
    ['Margin usage', formatPercent(result.marginUsageBefore, 1), formatPercent(result.marginUsageAfter, 1)],
  ];
  if (result.before.cashReserved !== null || result.after.cashReserved !== null) {
    rows.push(['Cash reserved', formatMoney(result.before.cashReserved), formatMoney(result.after.cashReserved)]);
  }
  return (
    <Stack gap="xs" mt="md" data-testid="pre-trade-result" data-verdict={result.verdict}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Verdict
        </Text>
        <VerdictBadge verdict={result.verdict} />
        {result.quantityScale !== null && (
          <Text size="xs" c="orange">
            Drawdown throttle: scale the quantities by {formatPercent(result.quantityScale, 0)}
          </Text>
        )}
      </Group>
      {result.reasons.length > 0 && <ReasonsList reasons={result.reasons} />}
      <Table
        fz="sm"
        verticalSpacing={2}
        aria-label="Margin before and after the order"
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{estimateLabel(accountType)}</Table.Th>
            <Table.Th ta="right">Before</Table.Th>
            <Table.Th ta="right">After</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(([label, before, after]) => (
            <Table.Tr key={label}>
              <Table.Td>{label}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {before}
              </Table.Td>
              <Table.Td ta="right" ff="monospace" fw={600}>
                {after}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <BrokerWhatIf result={result} />
    </Stack>
  );
}

/** The broker's own margin change for the same order, beside the estimate's (nothing is placed). */
function BrokerWhatIf({ result }: { result: RiskCheckResponse }) {
  const whatIf = result.brokerWhatIf;
  if (whatIf === null) {
    return (
      <Text size="xs" c="dimmed" data-testid="broker-what-if">
        Broker what-if: not available ({result.brokerWhatIfError ?? 'not asked'}).
      </Text>
    );
  }
  const { before, after } = result;
  const estimated =
    before.maintenanceMargin === null || after.maintenanceMargin === null
      ? null
      : (Number(after.maintenanceMargin) - Number(before.maintenanceMargin)).toFixed(2);
  return (
    <Text size="xs" data-testid="broker-what-if">
      Broker what-if (nothing placed): maintenance margin {formatMoney(whatIf.maintenanceMarginChange)} (estimate{' '}
      {formatMoney(estimated)}), initial {formatMoney(whatIf.initialMarginChange)}, commission{' '}
      {formatMoney(whatIf.commission)}
      {whatIf.warning ? ` — ${whatIf.warning}` : ''}
    </Text>
  );
}
