// The account type's rules measured against the current book (no order): allow / warn / block, each with its reason.
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { RiskReasonView, RiskVerdictValue } from '@optionstrader/contracts';
import { RULE_LABEL, VERDICT_COLOR } from './risk-format';
import { RiskSection } from './risk-section';

const ORDER: Record<RiskVerdictValue, number> = { block: 0, warn: 1, allow: 2 };

export function VerdictBadge({ verdict }: { verdict: RiskVerdictValue }) {
  return (
    <Badge color={VERDICT_COLOR[verdict]} variant="filled" size="sm" w={64} data-testid="verdict-badge">
      {verdict}
    </Badge>
  );
}

export function ReasonsList({ reasons }: { reasons: readonly RiskReasonView[] }) {
  // Worst first, in the server's order within a verdict.
  const sorted = [...reasons].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
  return (
    <Stack gap={6}>
      {sorted.map((reason, index) => (
        <Group
          key={`${reason.rule}-${reason.symbol ?? ''}-${index}`}
          gap="xs"
          wrap="nowrap"
          align="flex-start"
          data-testid="verdict"
          data-verdict={reason.verdict}
          data-rule={reason.rule}
        >
          <VerdictBadge verdict={reason.verdict} />
          <div style={{ minWidth: 0 }}>
            <Text size="xs" fw={600}>
              {RULE_LABEL[reason.rule]}
              {reason.symbol ? ` · ${reason.symbol}` : ''}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {reason.message}
            </Text>
          </div>
        </Group>
      ))}
    </Stack>
  );
}

export function VerdictsList({ verdicts }: { verdicts: readonly RiskReasonView[] }) {
  const counts = (verdict: RiskVerdictValue) => verdicts.filter((v) => v.verdict === verdict).length;
  return (
    <RiskSection
      title="Rules and current verdicts"
      data-testid="risk-verdicts"
      aside={
        <Text size="xs" c="dimmed">
          {counts('block')} block · {counts('warn')} warn · {counts('allow')} allow
        </Text>
      }
    >
      <Text size="xs" c="dimmed" mb="xs">
        The account type&apos;s rules against the book as it is: what an order would be measured against.
      </Text>
      {verdicts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No rule applies to the current book.
        </Text>
      ) : (
        <ReasonsList reasons={verdicts} />
      )}
    </RiskSection>
  );
}
