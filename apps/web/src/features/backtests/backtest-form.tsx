// The form that starts a backtest: presets, the strategy with its config form (rendered from the plugin's JSON Schema,
// as on the Strategies page), the data, the account and execution model. Checked against the contract before it is
// sent; the server's refusal shows beside the field it names, or above the button.
import { Accordion, Alert, Button, Divider, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { BacktestDatasetView, StrategyDefinitionView } from '@optionstrader/contracts';
import { useMemo, useState } from 'react';
import { isApiError } from '../../api/api-error';
import { Guard } from '../access/use-access';
import { ConfigFields } from '../strategies/config-fields';
import {
  configFromForm,
  fieldsFromSchema,
  formFromConfig,
  issueKeys,
  type ConfigErrors,
  type ConfigFormValues,
  type FormValue,
} from '../strategies/schema-form';
import { DataFields } from './backtest-data-fields';
import { ExecutionFields } from './backtest-execution-fields';
import { BACKTEST_PRESETS, presetForm, type BacktestPreset } from './backtest-presets';
import {
  commonRange,
  errorKeysOf,
  mapServerIssues,
  mergeConfig,
  rangeDatasetIds,
  requestFromForm,
  withoutErrors,
  type BacktestForm,
  type FormErrors,
} from './backtest-request-form';
import { useStartBacktest } from './backtests.api';

/** What the form starts from: a preset, a past run's request, or the defaults. */
export interface FormStart {
  form: BacktestForm;
  /** Laid over the strategy's defaults. */
  config: Record<string, unknown>;
  /** Explicit dates stay; otherwise they follow the chosen data's common range. */
  explicitDates: boolean;
}

interface BacktestFormPanelProps {
  definitions: readonly StrategyDefinitionView[];
  datasets: readonly BacktestDatasetView[];
  start: FormStart;
  onStarted: (id: string) => void;
}

const DATA_KEYS: readonly (keyof BacktestForm)[] = ['underliers', 'ivSource', 'ivDataset', 'optionQuotes'];

const configValuesOf = (definition: StrategyDefinitionView | undefined, config: Record<string, unknown>) =>
  definition ? formFromConfig(fieldsFromSchema(definition.configSchema), mergeConfig(definition.defaults, config)) : {};

export function BacktestFormPanel({ definitions, datasets, start, onStarted }: BacktestFormPanelProps) {
  const [form, setForm] = useState<BacktestForm>(start.form);
  const [datesFollowData, setDatesFollowData] = useState(!start.explicitDates);
  const definitionOf = (slug: string | null) => definitions.find((d) => d.slug === slug);
  const [config, setConfig] = useState<ConfigFormValues>(() =>
    configValuesOf(definitionOf(start.form.strategy), start.config),
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const [configErrors, setConfigErrors] = useState<ConfigErrors>({});
  const [serverOther, setServerOther] = useState<string[]>([]);
  const [settingsOpen, setSettingsOpen] = useState<string | null>(null);
  const startRun = useStartBacktest();

  const definition = definitionOf(form.strategy);
  const fields = useMemo(() => (definition ? fieldsFromSchema(definition.configSchema) : []), [definition]);
  const configKeys = useMemo(() => issueKeys(fields), [fields]);
  const range = commonRange(datasets, rangeDatasetIds(form));
  const datasetIds = new Set(datasets.map((d) => d.id));

  const clearErrors = (keys: readonly string[]) => setErrors((current) => withoutErrors(current, keys));

  const update = (patch: Partial<BacktestForm>) => {
    const next = { ...form, ...patch };
    if ('from' in patch || 'to' in patch) setDatesFollowData(false);
    else if (datesFollowData && DATA_KEYS.some((key) => key in patch)) {
      const shared = commonRange(datasets, rangeDatasetIds(next));
      next.from = shared?.from ?? '';
      next.to = shared?.to ?? '';
    }
    setForm(next);
    clearErrors(errorKeysOf(Object.keys(patch) as (keyof BacktestForm)[]));
  };

  const chooseStrategy = (slug: string | null) => {
    setForm((current) => ({ ...current, strategy: slug }));
    setConfig(configValuesOf(definitionOf(slug), {}));
    setConfigErrors({});
    clearErrors(['strategy']);
  };

  const applyPreset = (preset: BacktestPreset) => {
    setForm(presetForm(preset));
    setConfig(configValuesOf(definitionOf(preset.strategy), preset.config));
    setDatesFollowData(false);
    setErrors({});
    setConfigErrors({});
    setServerOther([]);
    startRun.reset();
  };

  const changeConfig = (key: string, value: FormValue) => {
    setConfig((current) => ({ ...current, [key]: value }));
    setConfigErrors(({ [key]: _removed, ...rest }) => rest);
  };

  const submit = () => {
    const parsedConfig = configFromForm(fields, config);
    const parsed = requestFromForm(form, parsedConfig.ok ? parsedConfig.config : {});
    setConfigErrors(parsedConfig.ok ? {} : parsedConfig.errors);
    setErrors(parsed.ok ? {} : parsed.errors);
    setServerOther([]);
    startRun.reset();
    if (!parsedConfig.ok) setSettingsOpen('settings');
    if (!parsed.ok || !parsedConfig.ok) return;
    startRun.mutate(parsed.request, {
      onSuccess: (created) => onStarted(created.id),
      onError: (error) => {
        if (!isApiError(error)) return;
        const mapped = mapServerIssues(error.issues, form, configKeys);
        setErrors(mapped.form);
        setConfigErrors(mapped.config);
        setServerOther(mapped.other);
        if (Object.keys(mapped.config).length > 0) setSettingsOpen('settings');
      },
    });
  };

  const localOther = errors['other'];
  const fieldErrorCount = Object.keys(errors).filter((k) => k !== 'other').length + Object.keys(configErrors).length;
  const symbolsField = fields.find((f) => f.key === 'symbols' && f.kind === 'tags');
  const symbolsEmpty = symbolsField !== undefined && Array.isArray(config['symbols']) && config['symbols'].length === 0;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-backtest-title">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        noValidate
        data-testid="backtest-form"
      >
        <Stack gap="sm">
          <Title order={2} size="h5" id="new-backtest-title">
            New backtest
          </Title>
          <Group gap="xs" wrap="wrap" role="group" aria-label="Presets">
            {BACKTEST_PRESETS.map((preset) => {
              const missing = [
                ...(definitionOf(preset.strategy) ? [] : [`the ${preset.strategy} strategy`]),
                ...preset.datasets.filter((id) => !datasetIds.has(id)),
              ];
              return (
                <Button
                  key={preset.id}
                  variant="light"
                  size="compact-sm"
                  onClick={() => applyPreset(preset)}
                  disabled={missing.length > 0}
                  title={missing.length > 0 ? `Needs ${missing.join(' and ')} on the server` : preset.description}
                  data-testid={`preset-${preset.id}`}
                >
                  {preset.label}
                </Button>
              );
            })}
          </Group>

          <Divider label="Strategy" labelPosition="left" />
          <Group gap="sm" align="flex-start" wrap="wrap" grow>
            <Select
              label="Strategy"
              placeholder="Choose a strategy"
              data={definitions.map((d) => ({ value: d.slug, label: d.name }))}
              value={form.strategy}
              onChange={chooseStrategy}
              error={errors['strategy']}
              allowDeselect={false}
              size="xs"
              withAsterisk
              miw={200}
              data-testid="strategy-select"
            />
            <TextInput
              label="Name"
              placeholder="Optional"
              value={form.name}
              onChange={(event) => update({ name: event.currentTarget.value })}
              error={errors['name']}
              maxLength={120}
              size="xs"
              miw={200}
            />
          </Group>
          {definition?.description && (
            <Text size="xs" c="dimmed">
              {definition.description}
            </Text>
          )}
          {definition && (
            <Accordion variant="contained" value={settingsOpen} onChange={setSettingsOpen} chevronPosition="left">
              <Accordion.Item value="settings">
                <Accordion.Control>
                  <Text size="sm">
                    {definition.name} settings
                    {Object.keys(configErrors).length > 0 && (
                      <Text span c="red" size="sm">
                        {' '}
                        · {Object.keys(configErrors).length} to fix
                      </Text>
                    )}
                  </Text>
                </Accordion.Control>
                <Accordion.Panel>
                  <ConfigFields fields={fields} values={config} errors={configErrors} onChange={changeConfig} />
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>
          )}
          {symbolsEmpty && form.underliers.length > 0 && (
            <Group gap="xs" wrap="wrap">
              <Text size="xs" c="orange">
                The strategy’s symbols are empty: it may trade nothing.
              </Text>
              <Button
                variant="subtle"
                size="compact-xs"
                onClick={() =>
                  changeConfig(
                    'symbols',
                    form.underliers.map((u) => u.toUpperCase()),
                  )
                }
              >
                Use the underliers
              </Button>
            </Group>
          )}

          <Divider label="Data" labelPosition="left" />
          <DataFields
            form={form}
            errors={errors}
            update={update}
            datasets={datasets}
            range={range}
            onFullRange={() => {
              if (range) setForm((current) => ({ ...current, from: range.from, to: range.to }));
              setDatesFollowData(true);
              clearErrors(['from', 'to']);
            }}
          />

          <Divider label="Account and execution" labelPosition="left" />
          <ExecutionFields form={form} errors={errors} update={update} />

          {(startRun.isError || localOther || (fieldErrorCount > 0 && !startRun.isPending)) && (
            <Alert color="red" variant="light" title="Not started" data-testid="backtest-form-error" role="alert">
              {startRun.isError ? (
                <Text size="sm" data-testid="backtest-server-error">
                  {startRun.error.message}
                </Text>
              ) : (
                <Text size="sm">
                  {fieldErrorCount > 0 ? 'Fix the fields marked in red.' : 'The request is not valid.'}
                </Text>
              )}
              {[...(localOther ? [localOther] : []), ...serverOther].map((message) => (
                <Text key={message} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {message}
                </Text>
              ))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Guard permission="trade" action="run backtests">
              {(allowed) => (
                <Button type="submit" loading={startRun.isPending} disabled={!allowed} data-testid="run-backtest">
                  Run backtest
                </Button>
              )}
            </Guard>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
