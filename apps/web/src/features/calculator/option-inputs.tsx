// The contract and market inputs of the calculator.
import { NumberInput, SegmentedControl, SimpleGrid, Stack, Text, type NumberInputProps } from '@mantine/core';
import { useId } from 'react';
import type { ExerciseStyle, OptionRight } from '@optionstrader/domain';
import {
  DAYS_PER_YEAR,
  parseNumber,
  type CalculatorForm,
  type FieldErrors,
  type NumericField,
} from './calculator-form';
import { formatFixed } from './format-number';

interface OptionInputsProps {
  form: CalculatorForm;
  errors: FieldErrors;
  onChange: (patch: Partial<CalculatorForm>) => void;
}

export function OptionInputs({ form, errors, onChange }: OptionInputsProps) {
  const days = parseNumber(form.days);
  const years = days !== null && days > 0 ? `T = ${formatFixed(days / DAYS_PER_YEAR, 4)} years` : 'T = days / 365';

  const numberField = (field: NumericField, props: NumberInputProps) => (
    <NumberInput
      value={form[field]}
      onChange={(value) => onChange({ [field]: value })}
      error={errors[field]}
      // Out-of-range values must stay visible with their error, not be silently clamped on blur.
      clampBehavior="none"
      hideControls
      inputMode="decimal"
      thousandSeparator=","
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      {...props}
    />
  );

  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
      <Segmented<OptionRight>
        label="Right"
        value={form.right}
        onChange={(right) => onChange({ right })}
        data={[
          { value: 'call', label: 'Call' },
          { value: 'put', label: 'Put' },
        ]}
      />
      <Segmented<ExerciseStyle>
        label="Style"
        value={form.style}
        onChange={(style) => onChange({ style })}
        data={[
          { value: 'european', label: 'European' },
          { value: 'american', label: 'American' },
        ]}
      />
      {numberField('spot', { label: 'Spot price (S)', decimalScale: 4 })}
      {numberField('strike', { label: 'Strike (K)', decimalScale: 4 })}
      {numberField('days', { label: 'Days to expiry', description: years, decimalScale: 4, suffix: ' d' })}
      {numberField('volatilityPct', {
        label: 'Volatility σ',
        description: 'Annualized',
        decimalScale: 4,
        suffix: '%',
      })}
      {numberField('ratePct', {
        label: 'Risk-free rate r',
        description: 'Continuous, per year',
        decimalScale: 4,
        suffix: '%',
      })}
      {numberField('dividendYieldPct', {
        label: 'Dividend yield q',
        description: 'Continuous, per year',
        decimalScale: 4,
        suffix: '%',
      })}
    </SimpleGrid>
  );
}

interface SegmentedProps<T extends string> {
  label: string;
  value: T;
  onChange: (value: T) => void;
  data: { value: T; label: string }[];
}

/** A labelled SegmentedControl (Mantine's has no label of its own; it is a radiogroup named by this one). */
function Segmented<T extends string>({ label, value, onChange, data }: SegmentedProps<T>) {
  const labelId = useId();
  return (
    <Stack gap={4}>
      <Text id={labelId} size="sm" fw={500}>
        {label}
      </Text>
      <SegmentedControl
        aria-labelledby={labelId}
        value={value}
        // Only the given values can be picked, so the narrowing is safe.
        onChange={(picked) => onChange(data.find((item) => item.value === picked)?.value ?? value)}
        data={data}
        fullWidth
        size="sm"
      />
    </Stack>
  );
}
