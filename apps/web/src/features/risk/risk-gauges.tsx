// Gauges of the account's headroom: margin usage against its warn/block limits, excess liquidity against its floor,
// buying power; the estimate first, the broker's own figure beside it.
import { Box, Group, Progress, RingProgress, SimpleGrid, Text } from '@mantine/core';
import type { AccountRiskResponse } from '@optionstrader/contracts';
import { formatMoney, formatPercent } from '../dashboard/read-format';
import { formatLimit } from './limits';
import {
  barPercent,
  estimateLabel,
  isMarginAccount,
  LEVEL_COLOR,
  levelAbove,
  levelBelow,
  ratioOf,
  type LimitLevel,
} from './risk-format';
import { Figure, RiskSection } from './risk-section';

const LEVEL_TEXT: Record<LimitLevel, string> = {
  unknown: 'unknown',
  ok: 'within limits',
  warn: 'above the warning level',
  breach: 'past the limit',
};

export function RiskGauges({ data }: { data: AccountRiskResponse }) {
  const { risk, broker } = data;
  const limits = data.limits.effective;
  const margin = isMarginAccount(data.accountType);
  const usage = risk?.marginUsage ?? null;
  const usageLevel = levelBelow(usage, limits.marginUsageWarn, limits.marginUsageMax);
  const excessOfNlv = risk ? ratioOf(risk.margin.excessLiquidity, risk.margin.netLiquidation) : null;
  const brokerExcessOfNlv = broker ? ratioOf(broker.excessLiquidity, broker.netLiquidation) : null;
  const excessLevel = levelAbove(excessOfNlv, limits.minExcessLiquidity);
  const estimate = estimateLabel(data.accountType);

  return (
    <RiskSection title="Margin and buying power" data-testid="risk-gauges">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
        <Group gap="md" wrap="nowrap" align="center" data-testid="margin-usage-gauge" data-level={usageLevel}>
          <RingProgress
            size={104}
            thickness={10}
            roundCaps={usage !== null && usage > 0}
            sections={[{ value: barPercent(usage), color: LEVEL_COLOR[usageLevel] }]}
            label={
              <Text ta="center" fw={700} size="sm" ff="monospace" data-testid="risk-margin-usage">
                {formatPercent(usage, 1)}
              </Text>
            }
            aria-label={`Margin usage ${formatPercent(usage, 1)}, ${LEVEL_TEXT[usageLevel]}`}
          />
          <Box miw={0} style={{ flex: 1 }}>
            <Text size="xs" c="dimmed">
              {margin ? 'Margin usage (maintenance ÷ NLV)' : 'Cash reserved ÷ NLV'}
            </Text>
            <Text size="xs" c="dimmed">
              {estimate}
            </Text>
            <LimitBar
              value={usage}
              color={LEVEL_COLOR[usageLevel]}
              label="Margin usage"
              none={margin ? 'no limit set' : 'no borrowing in a cash account'}
              marks={[
                { at: limits.marginUsageWarn, label: `warn ${formatLimit('marginUsageWarn', limits.marginUsageWarn)}` },
                { at: limits.marginUsageMax, label: `block ${formatLimit('marginUsageMax', limits.marginUsageMax)}` },
              ]}
            />
            <Text size="xs" c="dimmed" mt={4} data-testid="broker-margin-usage">
              Broker-reported {formatPercent(broker?.marginUsage ?? null, 1)}
            </Text>
          </Box>
        </Group>
        <Box miw={0} data-testid="excess-liquidity-gauge" data-level={excessLevel}>
          <Figure
            label="Excess liquidity"
            hint={`${formatPercent(excessOfNlv, 1)} of NLV · broker ${formatMoney(broker?.excessLiquidity ?? null)} (${formatPercent(brokerExcessOfNlv, 1)})`}
          >
            {formatMoney(risk?.margin.excessLiquidity ?? null)}
          </Figure>
          <LimitBar
            value={excessOfNlv}
            color={LEVEL_COLOR[excessLevel]}
            label="Excess liquidity of NLV"
            marks={[
              {
                at: limits.minExcessLiquidity,
                label: `min ${formatLimit('minExcessLiquidity', limits.minExcessLiquidity)}`,
              },
            ]}
          />
        </Box>
        <Box miw={0} data-testid="buying-power-gauge">
          <Figure label="Buying power" hint={`broker ${formatMoney(broker?.buyingPower ?? null)}`}>
            {formatMoney(risk?.margin.buyingPower ?? null)}
          </Figure>
          <Figure label="Net liquidation" hint={`broker ${formatMoney(broker?.netLiquidation ?? null)}`}>
            {formatMoney(risk?.margin.netLiquidation ?? null)}
          </Figure>
        </Box>
      </SimpleGrid>
    </RiskSection>
  );
}

interface Mark {
  at: number | null;
  label: string;
}

/** A 0–100% bar with a tick where each limit is, named underneath (limits that are off have no tick). */
interface LimitBarProps {
  value: number | null;
  color: string;
  label: string;
  marks: Mark[];
  /** Said when no limit is set. */
  none?: string;
}

function LimitBar({ value, color, label, marks, none = 'no limit set' }: LimitBarProps) {
  const shown = marks.filter((m): m is { at: number; label: string } => m.at !== null && m.at >= 0 && m.at <= 1);
  return (
    <Box mt={6}>
      <Box pos="relative">
        <Progress value={barPercent(value)} color={color} size="md" aria-label={label} />
        {shown.map((mark) => (
          <Box
            key={mark.label}
            pos="absolute"
            top={-3}
            left={`calc(${mark.at * 100}% - 1px)`}
            w={2}
            h={16}
            bg="var(--mantine-color-text)"
            title={mark.label}
            style={{ opacity: 0.75 }}
          />
        ))}
      </Box>
      <Text size="xs" c="dimmed" mt={4} data-testid="limit-marks">
        {shown.length > 0 ? shown.map((m) => m.label).join(' · ') : none}
      </Text>
    </Box>
  );
}
