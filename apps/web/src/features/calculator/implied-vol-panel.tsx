// Implied volatility from an observed option price, or why none exists.
import { Group, NumberInput, Stack, Text } from '@mantine/core';
import type { FieldValue } from './calculator-form';
import { UNKNOWN, formatPercent } from './format-number';
import type { ImpliedVol } from './quote';

interface ImpliedVolPanelProps {
  observedPrice: FieldValue;
  error: string | undefined;
  onChange: (value: FieldValue) => void;
  /** null when there is nothing to solve (no price entered, or the other inputs are invalid). */
  result: ImpliedVol | null;
}

export function ImpliedVolPanel({ observedPrice, error, onChange, result }: ImpliedVolPanelProps) {
  return (
    <Group align="flex-start" gap="md" wrap="wrap">
      <NumberInput
        label="Observed option price"
        description="Per share; also used as the chart's premium"
        value={observedPrice}
        onChange={onChange}
        error={error}
        clampBehavior="none"
        hideControls
        inputMode="decimal"
        decimalScale={4}
        w={{ base: '100%', xs: 240 }}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      <Stack gap={2} miw={0} style={{ flex: 1 }}>
        <Text size="sm" fw={500} id="implied-vol-label">
          Implied volatility
        </Text>
        <Text
          ff="monospace"
          fz="xl"
          fw={600}
          aria-labelledby="implied-vol-label"
          data-testid="implied-vol"
          aria-live="polite"
        >
          {result?.ok ? formatPercent(result.iv, 2) : UNKNOWN}
        </Text>
        {result && !result.ok && (
          <Text size="sm" c="red" data-testid="implied-vol-reason" role="status">
            {result.reason}
          </Text>
        )}
        {observedPrice === '' && (
          <Text size="xs" c="dimmed">
            Enter a price to solve for the volatility that reproduces it.
          </Text>
        )}
      </Stack>
    </Group>
  );
}
