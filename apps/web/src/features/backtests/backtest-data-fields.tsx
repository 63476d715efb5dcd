// The data part of the backtest form: underliers (with the days each file covers), where implied vol comes from,
// optional real option quotes, and the date range (following the chosen data's common range until edited).
import { Button, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { BacktestDatasetView } from '@optionstrader/contracts';
import type { FieldValue } from '../calculator/calculator-form';
import type { BacktestForm, DateRange, FormErrors } from './backtest-request-form';

export interface FormSectionProps {
  form: BacktestForm;
  errors: FormErrors;
  update: (patch: Partial<BacktestForm>) => void;
}

interface DataFieldsProps extends FormSectionProps {
  datasets: readonly BacktestDatasetView[];
  /** What the chosen data share; null before any is chosen or when they do not overlap. */
  range: DateRange | null;
  onFullRange: () => void;
}

const rangeOf = (d: BacktestDatasetView) => `${d.from} → ${d.to}`;

export function DataFields({ form, errors, update, datasets, range, onFullRange }: DataFieldsProps) {
  const underliers = datasets.filter((d) => d.kind === 'underlier');
  const ivIndexes = datasets.filter((d) => d.kind === 'iv_index');
  const ivHistories = datasets.filter((d) => d.kind === 'iv_history');
  const quotes = datasets.filter((d) => d.kind === 'option_quotes');
  const byId = new Map(datasets.map((d) => [d.id, d]));
  const setRatio = (symbol: string, value: FieldValue) => update({ ivRatios: { ...form.ivRatios, [symbol]: value } });

  return (
    <Stack gap="sm">
      <MultiSelect
        label="Underliers"
        description="Daily history of each; the range of its file beside it"
        placeholder={form.underliers.length === 0 ? 'Choose one or more' : undefined}
        data={underliers.map((d) => ({ value: d.id, label: d.id }))}
        renderOption={({ option }) => {
          const dataset = byId.get(option.value);
          return (
            <Group gap="xs" justify="space-between" wrap="nowrap" w="100%">
              <Text size="sm">{option.label}</Text>
              {dataset && (
                <Text size="xs" c="dimmed" ff="monospace">
                  {rangeOf(dataset)}
                </Text>
              )}
            </Group>
          );
        }}
        value={form.underliers}
        onChange={(value) => update({ underliers: value })}
        error={errors['underliers']}
        searchable
        clearable
        size="xs"
        withAsterisk
        data-testid="underliers-select"
      />
      {form.underliers.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="underlier-ranges">
          {form.underliers
            .map((id) => {
              const d = byId.get(id);
              return d ? `${id} ${rangeOf(d)}${d.dividends === 'none' ? ' (no dividends)' : ''}` : `${id} (unknown)`;
            })
            .join(' · ')}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
        <Select
          label="Implied vol from"
          data={[
            { value: 'index', label: 'A volatility index (VIX)' },
            { value: 'realized', label: 'Realized volatility' },
            // Offered when the server has implied-vol histories (none ship with the repository).
            ...(ivHistories.length > 0 ? [{ value: 'history', label: 'Implied-vol history per underlier' }] : []),
          ]}
          value={form.ivSource}
          onChange={(value) =>
            value && update({ ivSource: value === 'realized' || value === 'history' ? value : 'index' })
          }
          error={errors['iv']}
          allowDeselect={false}
          size="xs"
        />
        {form.ivSource === 'index' ? (
          <Select
            label="Volatility index"
            description="30-day ATM vol = index ÷ 100 × ratio"
            data={ivIndexes.map((d) => ({ value: d.id, label: `${d.id} · ${rangeOf(d)}` }))}
            value={form.ivDataset}
            onChange={(value) => update({ ivDataset: value })}
            error={errors['iv.dataset']}
            allowDeselect={false}
            size="xs"
          />
        ) : form.ivSource === 'history' ? null : (
          <NumberInput
            label="Realized-vol window (trading days)"
            description="Allowed: 5 – 252"
            value={form.realizedWindow}
            onChange={(value) => update({ realizedWindow: value })}
            error={errors['iv.window']}
            allowDecimal={false}
            clampBehavior="none"
            hideControls
            size="xs"
          />
        )}
      </SimpleGrid>
      {form.ivSource === 'index' && form.underliers.length > 0 && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" verticalSpacing="sm" data-testid="iv-ratios">
          {form.underliers.map((symbol) => (
            <NumberInput
              key={symbol}
              label={`IV ratio ${symbol}`}
              value={form.ivRatios[symbol] ?? 1}
              onChange={(value) => setRatio(symbol, value)}
              error={errors[`iv.ratios.${symbol.toUpperCase()}`]}
              clampBehavior="none"
              hideControls
              size="xs"
            />
          ))}
        </SimpleGrid>
      )}
      {form.ivSource === 'history' && form.underliers.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
          {form.underliers.map((symbol) => (
            <Select
              key={symbol}
              label={`IV history ${symbol}`}
              data={ivHistories
                .filter((d) => d.symbol === null || d.symbol === symbol)
                .map((d) => ({ value: d.id, label: `${d.id} · ${rangeOf(d)}` }))}
              value={form.ivHistory[symbol] ?? null}
              onChange={(value) => update({ ivHistory: { ...form.ivHistory, ...(value ? { [symbol]: value } : {}) } })}
              error={errors[`iv.datasets.${symbol.toUpperCase()}`]}
              size="xs"
            />
          ))}
        </SimpleGrid>
      )}
      {form.ivSource === 'realized' && (
        <NumberInput
          label="Implied ÷ realized ratio"
          description="Allowed: above 0, at most 5"
          value={form.realizedRatio}
          onChange={(value) => update({ realizedRatio: value })}
          error={errors['iv.ratio']}
          clampBehavior="none"
          hideControls
          size="xs"
          maw={240}
        />
      )}
      <Select
        label="Option quotes"
        description="Real end-of-day quotes used instead of model prices on the days they cover"
        placeholder="None: model prices"
        data={quotes.map((d) => ({ value: d.id, label: `${d.id} · ${d.symbol ?? '?'} · ${rangeOf(d)}` }))}
        value={form.optionQuotes}
        onChange={(value) => update({ optionQuotes: value })}
        error={errors['optionQuotes']}
        clearable
        size="xs"
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
        <TextInput
          label="From"
          type="date"
          value={form.from}
          onChange={(event) => update({ from: event.currentTarget.value })}
          error={errors['from']}
          size="xs"
        />
        <TextInput
          label="To"
          type="date"
          value={form.to}
          onChange={(event) => update({ to: event.currentTarget.value })}
          error={errors['to']}
          size="xs"
        />
      </SimpleGrid>
      <Group gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed" data-testid="common-range">
          {range
            ? `The chosen data share ${range.from} → ${range.to}`
            : form.underliers.length > 0
              ? 'The chosen data share no day'
              : 'Empty dates: every day the chosen data share'}
        </Text>
        {range && (form.from !== range.from || form.to !== range.to) && (
          <Button variant="subtle" size="compact-xs" onClick={onFullRange}>
            Use the full range
          </Button>
        )}
      </Group>
    </Stack>
  );
}
