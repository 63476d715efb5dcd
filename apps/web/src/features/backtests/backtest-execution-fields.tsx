// The account and execution part of the backtest form: starting cash, account type (its risk rules), where fills
// land, slippage, costs and interest, the rate, the seed and the benchmark.
import { NumberInput, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { ACCOUNT_TYPE_LABEL } from './backtest-format';
import type { FormSectionProps } from './backtest-data-fields';
import { type AccountType, type FillKind, type RiskLimitKey, RISK_LIMIT_KEYS } from './backtest-request-form';

const FILL_OPTIONS: { value: FillKind; label: string }[] = [
  { value: 'mid', label: 'Mid' },
  { value: 'spread_fraction', label: 'Fraction of the spread from the mid' },
  { value: 'natural', label: 'Natural (bid to sell, ask to buy)' },
];

const ACCOUNT_OPTIONS = (Object.keys(ACCOUNT_TYPE_LABEL) as AccountType[]).map((value) => ({
  value,
  label: ACCOUNT_TYPE_LABEL[value],
}));

const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

const RISK_LIMIT_LABEL: Record<RiskLimitKey, { label: string; description: string }> = {
  maxNewContractsPerRun: {
    label: 'Max new contracts per day',
    description: 'Default 10; index-sized runs need more, or "off"',
  },
  tickerExposureMax: {
    label: 'Max exposure per ticker',
    description: 'Fraction of net liquidation (0.6 = 60%); empty: the account type’s default',
  },
  drawdownBlockAt: {
    label: 'Stop opening at drawdown',
    description: 'Fraction from the peak (default 0.25); "off" keeps writing through losses, as the indexes do',
  },
};

export function ExecutionFields({ form, errors, update }: FormSectionProps) {
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" verticalSpacing="sm">
        <NumberInput
          label="Initial cash ($)"
          value={form.initialCash}
          onChange={(value) => update({ initialCash: value })}
          error={errors['initialCash']}
          thousandSeparator=","
          allowNegative={false}
          decimalScale={2}
          clampBehavior="none"
          hideControls
          size="xs"
          styles={mono}
        />
        <Select
          label="Account type"
          description="Its margin and option rules apply"
          data={ACCOUNT_OPTIONS}
          value={form.accountType}
          onChange={(value) => value && update({ accountType: value })}
          error={errors['accountType']}
          allowDeselect={false}
          size="xs"
        />
        <Select
          label="Fill model"
          description="Where option fills land between bid and ask"
          data={FILL_OPTIONS}
          value={form.fillKind}
          onChange={(value) => value && update({ fillKind: value })}
          error={errors['fill']}
          allowDeselect={false}
          size="xs"
        />
        {form.fillKind === 'spread_fraction' && (
          <NumberInput
            label="Spread fraction"
            description="Of the bid-ask spread given up from the mid; allowed 0 – 0.5"
            value={form.fillFraction}
            onChange={(value) => update({ fillFraction: value })}
            error={errors['fill.fraction']}
            clampBehavior="none"
            hideControls
            size="xs"
            styles={mono}
          />
        )}
        <NumberInput
          label="Slippage per share ($)"
          description="On stock fills; allowed 0 – 1"
          value={form.slippagePerShare}
          onChange={(value) => update({ slippagePerShare: value })}
          error={errors['slippagePerShare']}
          clampBehavior="none"
          hideControls
          size="xs"
          styles={mono}
        />
        <NumberInput
          label="Risk-free rate"
          description="A constant, as a fraction (0.04 = 4%); empty: the 3-month T-bill history"
          placeholder="T-bill history"
          value={form.rate}
          onChange={(value) => update({ rate: value })}
          error={errors['rate']}
          clampBehavior="none"
          hideControls
          size="xs"
          styles={mono}
        />
        <NumberInput
          label="Seed"
          description="The same seed and request give the same result"
          value={form.seed}
          onChange={(value) => update({ seed: value })}
          error={errors['seed']}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          hideControls
          size="xs"
          styles={mono}
        />
        <Select
          label="Benchmark"
          description="Bought and held with the same starting cash"
          placeholder={form.underliers[0] ? `${form.underliers[0]} (the first underlier)` : 'The first underlier'}
          data={form.underliers}
          value={form.benchmark !== null && form.underliers.includes(form.benchmark) ? form.benchmark : null}
          onChange={(value) => update({ benchmark: value })}
          error={errors['benchmark']}
          clearable
          size="xs"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" verticalSpacing="sm">
        <Switch
          label="Commissions"
          description="Per-contract and per-share fees"
          checked={form.commissions}
          onChange={(event) => update({ commissions: event.currentTarget.checked })}
          error={errors['commissions']}
          size="sm"
        />
        <Switch
          label="Early assignment"
          description="American short options can be assigned before expiry"
          checked={form.earlyAssignment}
          onChange={(event) => update({ earlyAssignment: event.currentTarget.checked })}
          error={errors['earlyAssignment']}
          size="sm"
        />
        <Switch
          label="Cash interest"
          description="Idle cash earns the risk-free rate"
          checked={form.cashInterest}
          onChange={(event) => update({ cashInterest: event.currentTarget.checked })}
          error={errors['cashInterest']}
          size="sm"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" verticalSpacing="sm">
        {RISK_LIMIT_KEYS.map((key) => (
          <TextInput
            key={key}
            label={RISK_LIMIT_LABEL[key].label}
            description={RISK_LIMIT_LABEL[key].description}
            placeholder="default"
            value={form.riskLimits[key]}
            onChange={(event) => update({ riskLimits: { ...form.riskLimits, [key]: event.currentTarget.value } })}
            error={errors[`riskLimits.${key}`]}
            size="xs"
            styles={mono}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
