// Option calculator: theoretical price, greeks, implied volatility and payoff of one option, all computed in the browser.
import { Alert, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { OptionInput } from '@optionstrader/domain';
import { useMemo, useState, type ReactNode } from 'react';
import { PageHeader } from '../../components/page-header';
import { defaultCalculatorForm, parseCalculatorForm, type CalculatorForm, type Side } from './calculator-form';
import { UNKNOWN, formatFixed, formatSignedMoney } from './format-number';
import { ImpliedVolPanel } from './implied-vol-panel';
import { OptionInputs } from './option-inputs';
import { breakevenAtExpiry, buildPayoffSeries, payoffExtremes, payoffRange } from './payoff';
import { PayoffChart } from './payoff-chart';
import { computeQuote, solveImpliedVol, theoreticalValue } from './quote';
import { QuotePanel } from './quote-panel';

export function CalculatorPage() {
  const [form, setForm] = useState<CalculatorForm>(defaultCalculatorForm);
  const update = (patch: Partial<CalculatorForm>) => setForm((current) => ({ ...current, ...patch }));

  const { input, observedPrice, errors } = useMemo(() => parseCalculatorForm(form), [form]);
  const quote = useMemo(() => (input ? computeQuote(input, form.style) : null), [input, form.style]);
  const impliedVol = useMemo(
    () => (input && observedPrice !== null ? solveImpliedVol(input, observedPrice, form.style) : null),
    [input, observedPrice, form.style],
  );
  const theoretical = quote?.ok ? quote.price : null;

  return (
    <Stack gap="md">
      <PageHeader title="Option calculator" />
      <Text size="sm" c="dimmed" mt={-8}>
        Price, greeks, implied volatility and payoff of a single option, computed in your browser from the inputs below.
        Nothing is saved and no market data is used.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <Section title="Inputs" id="calculator-inputs">
          <OptionInputs form={form} errors={errors} onChange={update} />
        </Section>
        <Stack gap="md">
          <Section title="Price and greeks" id="calculator-quote">
            {quote && !quote.ok && (
              <Alert color="red" variant="light" mb="sm" title="Could not price these inputs">
                {quote.message}
              </Alert>
            )}
            <QuotePanel price={theoretical} greeks={quote?.ok ? quote.greeks : null} />
          </Section>
          <Section title="Implied volatility from a price" id="calculator-iv">
            <ImpliedVolPanel
              observedPrice={form.observedPrice}
              error={errors.observedPrice}
              onChange={(value) => update({ observedPrice: value })}
              result={impliedVol}
            />
          </Section>
        </Stack>
      </SimpleGrid>
      <PayoffSection
        form={form}
        input={input}
        observedPrice={observedPrice}
        theoretical={theoretical}
        onSideChange={update}
      />
    </Stack>
  );
}

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h5" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

interface PayoffSectionProps {
  form: CalculatorForm;
  input: OptionInput | null;
  observedPrice: number | null;
  theoretical: number | null;
  onSideChange: (patch: { side: Side }) => void;
}

function PayoffSection({ form, input, observedPrice, theoretical, onSideChange }: PayoffSectionProps) {
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  const premium = observedPrice ?? theoretical;
  const { right, side, style } = form;

  const chart = useMemo(() => {
    if (!input || premium === null) return null;
    const range = payoffRange(input.K, input.S, breakevenAtExpiry(right, input.K, premium));
    const series = buildPayoffSeries({
      right,
      side,
      strike: input.K,
      premium,
      ...range,
      // The American engine is ~10× the cost of Black-Scholes per price; half the points keep typing smooth.
      points: style === 'american' ? 61 : 121,
      valueToday: (S) => theoreticalValue({ ...input, S }, style),
    });
    return { series, range };
  }, [input, premium, right, side, style]);

  const extremes = input && premium !== null ? payoffExtremes(right, side, input.K, premium) : null;
  const position = `${side === 'buy' ? 'Long' : 'Short'} ${right}`;
  const premiumSource = observedPrice !== null ? 'observed price' : 'theoretical price';

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="calculator-payoff">
      <Group justify="space-between" align="center" gap="sm" mb="xs">
        <Title order={2} size="h5" id="calculator-payoff">
          Payoff at expiry
        </Title>
        <SegmentedControl
          aria-label="Position"
          size="xs"
          value={side}
          onChange={(picked) => onSideChange({ side: picked === 'sell' ? 'sell' : 'buy' })}
          data={[
            { value: 'buy', label: 'Buy' },
            { value: 'sell', label: 'Sell' },
          ]}
        />
      </Group>
      <Text size="sm" c="dimmed" mb="xs" data-testid="payoff-summary">
        {premium === null || !input ? (
          'Enter valid inputs to draw the payoff.'
        ) : (
          <>
            {position} at {formatFixed(premium, 4)} ({premiumSource}), P&L per contract (×100). Breakeven{' '}
            {chart?.series.breakeven ? formatFixed(chart.series.breakeven, 2) : UNKNOWN} · max profit{' '}
            {extremes?.maxProfit === null ? 'unlimited' : formatSignedMoney(extremes?.maxProfit)} · max loss{' '}
            {extremes?.maxLoss === null ? 'unlimited' : formatSignedMoney(extremes?.maxLoss)}
          </>
        )}
      </Text>
      {chart && input && (
        <PayoffChart
          series={chart.series}
          strike={input.K}
          spot={input.S}
          from={chart.range.from}
          to={chart.range.to}
          height={isPhone ? 260 : 340}
          label={`${position} payoff: P&L per contract at expiry and today across underlying prices`}
        />
      )}
    </Paper>
  );
}
