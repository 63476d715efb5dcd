// Create a strategy instance (pick a definition, an account, a name; its config form starts from the plugin's
// defaults) or edit one (name, config). The config form is rendered from the definition's JSON Schema; the server
// validates and its issues appear beside the field they concern.
import { Alert, Button, Divider, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { StrategyDefinitionView, StrategyInstanceView } from '@optionstrader/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { isApiError } from '../../api/api-error';
import { fetchAccounts, fetchPortfolios } from '../dashboard/read.api';
import { useWatchlists } from '../watchlists/watchlists.api';
import { ConfigFields } from './config-fields';
import {
  configFromForm,
  fieldsFromSchema,
  formFromConfig,
  issueKeys,
  mapIssues,
  type ConfigErrors,
  type ConfigFormValues,
  type FormValue,
} from './schema-form';
import { useCreateInstance, useUpdateInstance } from './strategies.api';

const REQUEST_FIELDS = new Set(['name', 'strategySlug', 'accountId', 'portfolioId']);

export type InstanceFormMode = { kind: 'create' } | { kind: 'edit'; instance: StrategyInstanceView };

interface InstanceFormProps {
  mode: InstanceFormMode;
  definitions: readonly StrategyDefinitionView[];
  onDone: () => void;
  onCancel: () => void;
}

export function InstanceForm({ mode, definitions, onDone, onCancel }: InstanceFormProps) {
  const editing = mode.kind === 'edit' ? mode.instance : null;
  const [slug, setSlug] = useState<string | null>(editing?.strategySlug ?? null);
  const definition = definitions.find((d) => d.slug === slug) ?? null;

  return (
    <Stack gap="sm">
      {editing ? (
        <Text size="sm" c="dimmed">
          {editing.strategyName} v{editing.version} · {editing.accountLabel ?? editing.accountCode}
        </Text>
      ) : (
        <Select
          label="Strategy"
          placeholder="Choose a strategy"
          data={definitions.map((d) => ({ value: d.slug, label: d.name }))}
          value={slug}
          onChange={setSlug}
          allowDeselect={false}
          size="xs"
          data-testid="definition-select"
        />
      )}
      {definition?.description && !editing && (
        <Text size="xs" c="dimmed">
          {definition.description}
        </Text>
      )}
      {definition ? (
        // Re-keyed per definition: another strategy starts from its own defaults.
        <InstanceFields
          key={definition.slug}
          definition={definition}
          editing={editing}
          onDone={onDone}
          onCancel={onCancel}
        />
      ) : editing ? (
        <Alert color="orange" variant="light" title="Unknown strategy">
          This server has no definition of {editing.strategySlug}; its config cannot be edited here.
        </Alert>
      ) : (
        <Group justify="flex-end">
          <Button variant="default" size="xs" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      )}
    </Stack>
  );
}

interface InstanceFieldsProps {
  definition: StrategyDefinitionView;
  editing: StrategyInstanceView | null;
  onDone: () => void;
  onCancel: () => void;
}

function InstanceFields({ definition, editing, onDone, onCancel }: InstanceFieldsProps) {
  const fields = useMemo(() => fieldsFromSchema(definition.configSchema), [definition.configSchema]);
  const configKeys = useMemo(() => issueKeys(fields), [fields]);
  const [values, setValues] = useState<ConfigFormValues>(() =>
    formFromConfig(fields, editing?.config ?? definition.defaults),
  );
  const [name, setName] = useState(editing?.name ?? definition.name);
  const [accountId, setAccountId] = useState<string | null>(editing?.accountId ?? null);
  const [portfolioId, setPortfolioId] = useState<string | null>(editing?.portfolioId ?? null);
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [errors, setErrors] = useState<ConfigErrors>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);

  const accounts = useQuery({ queryKey: ['accounts'], queryFn: fetchAccounts, enabled: editing === null });
  const portfolios = useQuery({ queryKey: ['portfolios'], queryFn: fetchPortfolios });
  const watchlists = useWatchlists();
  const create = useCreateInstance();
  const update = useUpdateInstance();
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;

  const portfolioOptions = (portfolios.data?.portfolios ?? [])
    .filter((p) => p.accountId === accountId)
    .map((p) => ({ value: p.id, label: p.name }));

  const clearError = (key: string) => {
    setErrors((current) => {
      const { [key]: _removed, ...rest } = current;
      return rest;
    });
  };
  const change = (key: string, value: FormValue) => {
    setValues((current) => ({ ...current, [key]: value }));
    clearError(key);
  };

  const onError = (error: Error) => {
    if (!isApiError(error)) return;
    const mapped = mapIssues(error.issues, configKeys, REQUEST_FIELDS);
    setErrors(mapped.fields);
    setOtherErrors(mapped.other);
  };

  const submit = () => {
    const parsed = configFromForm(fields, values);
    const local: ConfigErrors = parsed.ok ? {} : { ...parsed.errors };
    if (name.trim() === '') local['name'] = 'Required';
    if (!editing && !accountId) local['accountId'] = 'Choose an account';
    setErrors(local);
    setOtherErrors([]);
    if (!parsed.ok || Object.keys(local).length > 0) return;
    create.reset();
    update.reset();
    if (editing) {
      update.mutate(
        { id: editing.id, patch: { name: name.trim(), portfolioId, config: parsed.config } },
        { onSuccess: onDone, onError },
      );
    } else {
      create.mutate(
        {
          strategySlug: definition.slug,
          accountId: accountId ?? '',
          portfolioId,
          name: name.trim(),
          config: parsed.config,
          enabled,
        },
        { onSuccess: onDone, onError },
      );
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
      data-testid="instance-form"
    >
      <Stack gap="sm">
        <TextInput
          label="Name"
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            clearError('name');
          }}
          error={errors['name']}
          size="xs"
          maxLength={100}
          withAsterisk
        />
        {!editing && (
          <Select
            label="Account"
            placeholder={accounts.isPending ? 'Loading accounts…' : 'Choose an account'}
            data={(accounts.data?.accounts ?? []).map((a) => ({
              value: a.id,
              label: a.label ? `${a.label} · ${a.accountCode}` : a.accountCode,
            }))}
            value={accountId}
            onChange={(value) => {
              setAccountId(value);
              setPortfolioId(null);
              clearError('accountId');
            }}
            error={errors['accountId']}
            allowDeselect={false}
            size="xs"
            withAsterisk
          />
        )}
        {portfolioOptions.length > 0 && (
          <Select
            label="Portfolio"
            description="Positions the strategy manages; none: the whole account"
            placeholder="Whole account"
            data={portfolioOptions}
            value={portfolioId}
            onChange={(value) => {
              setPortfolioId(value);
              clearError('portfolioId');
            }}
            error={errors['portfolioId']}
            clearable
            size="xs"
          />
        )}
        {!editing && (
          <Switch
            label="Enabled"
            description="Enabled instances run with “Run now” and on the schedule"
            checked={enabled}
            onChange={(event) => setEnabled(event.currentTarget.checked)}
            size="sm"
          />
        )}
        <Divider label="Settings" labelPosition="left" />
        <ConfigFields
          fields={fields}
          values={values}
          errors={errors}
          onChange={change}
          watchlists={(watchlists.data?.watchlists ?? []).map((w) => ({ value: w.id, label: w.name }))}
        />
        {failure && (
          <Alert color="red" variant="light" title="Not saved" data-testid="instance-form-error">
            {failure.message}
            {otherErrors.map((message) => (
              <Text key={message} size="sm">
                {message}
              </Text>
            ))}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" size="xs" loading={saving}>
            {editing ? 'Save changes' : 'Create instance'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
