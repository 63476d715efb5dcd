// The account's risk limits: every limit with its effective value and the account type's default, editable; Save
// replaces the overrides (PUT), "Reset to defaults" clears them (PUT {}). Errors show next to their field.
import { Alert, Badge, Button, Group, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import type { RiskLimitsInput, RiskLimitsResponse } from '@optionstrader/contracts';
import { useState } from 'react';
import { isApiError } from '../../api/api-error';
import { Guard } from '../access/use-access';
import {
  entryOf,
  errorsFromIssues,
  formatLimit,
  formFromLimits,
  LIMIT_FIELDS,
  overridesFromForm,
  type LimitEntry,
  type LimitErrors,
  type LimitField,
  type LimitsForm as LimitsFormState,
} from './limits';
import { fetchRiskLimits, riskLimitsQueryKey, riskQueryKey, saveRiskLimits } from './risk.api';
import { isMarginAccount } from './risk-format';
import { RiskSection } from './risk-section';

export function LimitsForm({ accountId }: { accountId: string }) {
  const queryClient = useQueryClient();
  const limits = useQuery({ queryKey: riskLimitsQueryKey(accountId), queryFn: () => fetchRiskLimits(accountId) });
  // Held here, not in the editor: a successful save re-keys the editor, and its outcome must outlive that.
  const save = useMutation({
    mutationFn: (overrides: RiskLimitsInput) => saveRiskLimits(accountId, overrides),
    onSuccess: (saved) => {
      queryClient.setQueryData(riskLimitsQueryKey(accountId), saved);
      // The verdicts on the book depend on the limits.
      return queryClient.invalidateQueries({ queryKey: riskQueryKey(accountId) });
    },
  });
  return (
    <RiskSection title="Limits" data-testid="risk-limits">
      {limits.isPending && (
        <Text size="sm" c="dimmed">
          Loading limits…
        </Text>
      )}
      {limits.isError && (
        <Alert color="red" variant="light" title="Could not load the limits">
          {limits.error.message}
        </Alert>
      )}
      {limits.data && (
        // Re-keyed on every saved change, so the form starts again from what the server stored.
        <LimitsEditor key={JSON.stringify(limits.data.effective)} limits={limits.data} save={save} />
      )}
    </RiskSection>
  );
}

interface LimitsEditorProps {
  limits: RiskLimitsResponse;
  save: UseMutationResult<RiskLimitsResponse, Error, RiskLimitsInput>;
}

function LimitsEditor({ limits, save }: LimitsEditorProps) {
  const [form, setForm] = useState<LimitsFormState>(() => formFromLimits(limits.effective));
  const [errors, setErrors] = useState<LimitErrors>({});
  const send = (overrides: RiskLimitsInput) =>
    save.mutate(overrides, {
      onSuccess: () => setErrors({}),
      onError: (error) => {
        if (isApiError(error)) setErrors(errorsFromIssues(error.issues));
      },
    });

  const update = (key: LimitField['key'], patch: Partial<LimitEntry>) => {
    setForm((current) => ({ ...current, [key]: { ...current[key], ...patch } }));
    setErrors((current) => ({ ...current, [key]: undefined }));
    // "Saved" or the last failure no longer describes what is on screen.
    if (save.isSuccess || save.isError) save.reset();
  };
  const submit = () => {
    const parsed = overridesFromForm(form, limits.defaults);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    send(parsed.overrides);
  };
  const margin = isMarginAccount(limits.accountType);
  const fields = LIMIT_FIELDS.filter((f) => margin || !f.marginOnly || limits.effective[f.key] !== null);
  const overridden = Object.keys(limits.overrides).length;

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
    >
      <Text size="xs" c="dimmed" mb="xs">
        {overridden === 0
          ? 'All limits follow the defaults of the account type.'
          : `${overridden} limit${overridden === 1 ? '' : 's'} set for this account; the rest follow the defaults.`}{' '}
        A limit switched off is not checked.
      </Text>
      <Stack gap={0} role="list" aria-label="Risk limits">
        {fields.map((field) => (
          <LimitRow
            key={field.key}
            field={field}
            entry={form[field.key]}
            error={errors[field.key]}
            effective={limits.effective[field.key]}
            fallback={limits.defaults[field.key]}
            overridden={field.key in limits.overrides}
            onChange={(patch) => update(field.key, patch)}
          />
        ))}
      </Stack>
      {save.isError && (
        <Alert color="red" variant="light" mt="xs" title="Could not save the limits" data-testid="limits-error">
          {save.error.message}
        </Alert>
      )}
      {save.isSuccess && (
        <Text size="xs" c="teal" mt="xs" data-testid="limits-saved">
          Saved.
        </Text>
      )}
      <Guard permission="manage" action="change risk limits">
        {(allowed) => (
          <Group gap="xs" mt="sm">
            <Button type="submit" size="xs" loading={save.isPending} disabled={!allowed}>
              Save limits
            </Button>
            <Button
              variant="default"
              size="xs"
              disabled={!allowed || save.isPending || overridden === 0}
              onClick={() => send({})}
            >
              Reset to defaults
            </Button>
          </Group>
        )}
      </Guard>
    </form>
  );
}

interface LimitRowProps {
  field: LimitField;
  entry: LimitEntry;
  error: string | undefined;
  effective: number | null;
  fallback: number | null;
  overridden: boolean;
  onChange: (patch: Partial<LimitEntry>) => void;
}

function LimitRow({ field, entry, error, effective, fallback, overridden, onChange }: LimitRowProps) {
  return (
    <Group
      role="listitem"
      justify="space-between"
      align="flex-start"
      gap="xs"
      py={6}
      wrap="nowrap"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      data-testid="limit-row"
      data-limit={field.key}
    >
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" fw={500}>
          {field.label}
          {overridden && (
            <Badge ml={6} size="xs" variant="light">
              set
            </Badge>
          )}
        </Text>
        <Text size="xs" c="dimmed">
          {field.description} · now <span data-testid="limit-effective">{formatLimit(field.key, effective)}</span> ·{' '}
          <span data-testid="limit-default">default {formatLimit(field.key, fallback)}</span>
        </Text>
      </div>
      <NumberInput
        aria-label={field.label}
        value={entry.enabled ? entry.value : ''}
        onChange={(value) => onChange({ value })}
        disabled={!entry.enabled}
        placeholder={entry.enabled ? undefined : 'off'}
        error={error}
        suffix={field.unit === 'percent' ? '%' : undefined}
        decimalScale={field.integer ? 0 : 4}
        allowNegative={false}
        clampBehavior="none"
        hideControls
        thousandSeparator=","
        size="xs"
        w={110}
        style={{ flexShrink: 0 }}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      <div style={{ width: 42, flexShrink: 0, paddingTop: 4 }}>
        {field.nullable && (
          <Switch
            aria-label={`${field.label}: rule on`}
            checked={entry.enabled}
            onChange={(event) => {
              const enabled = event.currentTarget.checked;
              // Switched back on with nothing typed: start from the default rather than an empty, invalid field.
              onChange(enabled && entry.value === '' && fallback !== null ? entryOf(field.key, fallback) : { enabled });
            }}
            size="sm"
          />
        )}
      </div>
    </Group>
  );
}
