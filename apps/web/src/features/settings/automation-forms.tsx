// The automation limits (caps on automated orders; blank = no cap) and the order policy (the price band a limit must
// stay in, and the repricing ladder of a working order). Checked here as the API checks them; the server's refusal
// is shown next to its field and nothing changes.
import { Alert, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import type { TradingSettingsView } from '@optionstrader/contracts';
import { useState, type ReactNode } from 'react';
import { isApiError } from '../../api/api-error';
import { Guard } from '../access/use-access';
import type { FieldValue } from '../calculator/calculator-form';
import {
  errorsFromIssues,
  LIMIT_FIELDS,
  limitsFormFrom,
  parseLimitsForm,
  parsePolicyForm,
  POLICY_FIELDS,
  policyFormFrom,
  type FormErrors,
  type LimitKey,
  type LimitsForm,
  type NumericPolicyKey,
  type PolicyForm,
} from './trading-settings-form';
import { useSaveTradingSettings, useTradingSettings } from './trading-settings.api';

function Section({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id} data-testid={id} miw={0}>
      <Title order={2} size="h5" id={id}>
        {title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {intro}
      </Text>
      {children}
    </Paper>
  );
}

/** Both forms re-key on the stored values, so after a save they start again from what the server keeps. */
export function AutomationSettings() {
  const settings = useTradingSettings();
  // Held here, not in the editors: a save re-keys its editor, and "Saved." must outlive that.
  const saveLimits = useSaveTradingSettings();
  const savePolicy = useSaveTradingSettings();
  const data = settings.data;
  if (!data) return null;
  return (
    <>
      <Section
        id="automation-limits"
        title="Automation limits"
        intro="Caps on what auto-trading may place. Leave a field blank for no cap. Manual approvals are not capped here."
      >
        <LimitsEditor key={JSON.stringify(data.limits)} settings={data} save={saveLimits} />
      </Section>
      <Section
        id="order-policy"
        title="Order policy"
        intro="Every order, manual or automated: how far from the mid its limit may be, and how a working limit moves toward the natural price."
      >
        <PolicyEditor key={JSON.stringify(data.policy)} settings={data} save={savePolicy} />
      </Section>
    </>
  );
}

type Save = ReturnType<typeof useSaveTradingSettings>;

function useSaver<K extends string>(save: Save, keys: readonly K[]) {
  const [errors, setErrors] = useState<FormErrors<K>>({});
  const send = (patch: Parameters<typeof save.mutate>[0]) =>
    save.mutate(patch, {
      onSuccess: () => setErrors({}),
      onError: (error) => {
        if (isApiError(error)) setErrors(errorsFromIssues(error.issues, keys));
      },
    });
  return { errors, setErrors, send };
}

const LIMIT_KEYS = LIMIT_FIELDS.map((f) => f.key);
const POLICY_KEYS = POLICY_FIELDS.map((f) => f.key);

function LimitsEditor({ settings, save }: { settings: TradingSettingsView; save: Save }) {
  const [form, setForm] = useState<LimitsForm>(() => limitsFormFrom(settings.limits));
  const { errors, setErrors, send } = useSaver<LimitKey>(save, LIMIT_KEYS);
  const update = (key: LimitKey, value: FieldValue) => {
    setForm((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
    if (save.isSuccess || save.isError) save.reset();
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseLimitsForm(form);
        if (!parsed.ok) setErrors(parsed.errors);
        else send({ limits: parsed.value });
      }}
      noValidate
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {LIMIT_FIELDS.map((field) => (
          <NumberInput
            key={field.key}
            label={field.label}
            description={field.description}
            value={form[field.key]}
            onChange={(value) => update(field.key, value)}
            error={errors[field.key]}
            placeholder="no cap"
            allowDecimal={!field.integer}
            allowNegative={false}
            clampBehavior="none"
            thousandSeparator=","
            hideControls
            data-testid={`limit-${field.key}`}
          />
        ))}
      </SimpleGrid>
      <SaveRow save={save} label="Save limits" what="limits" />
    </form>
  );
}

function PolicyEditor({ settings, save }: { settings: TradingSettingsView; save: Save }) {
  const [form, setForm] = useState<PolicyForm>(() => policyFormFrom(settings.policy));
  const { errors, setErrors, send } = useSaver<NumericPolicyKey>(save, POLICY_KEYS);
  const update = (patch: Partial<PolicyForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch)) delete next[key as NumericPolicyKey];
      return next;
    });
    if (save.isSuccess || save.isError) save.reset();
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parsePolicyForm(form);
        if (!parsed.ok) setErrors(parsed.errors);
        else send({ policy: parsed.value });
      }}
      noValidate
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {POLICY_FIELDS.filter((f) => !f.repricing).map((field) => (
            <PolicyInput
              key={field.key}
              field={field}
              value={form[field.key]}
              error={errors[field.key]}
              onChange={(value) => update({ [field.key]: value })}
            />
          ))}
        </SimpleGrid>
        <Switch
          label="Reprice working orders"
          description="Start at the mid and step toward the natural price while unfilled (never past the limit)"
          checked={form.repriceEnabled}
          onChange={(event) => update({ repriceEnabled: event.currentTarget.checked })}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {POLICY_FIELDS.filter((f) => f.repricing).map((field) => (
            <PolicyInput
              key={field.key}
              field={field}
              value={form[field.key]}
              error={errors[field.key]}
              disabled={!form.repriceEnabled}
              onChange={(value) => update({ [field.key]: value })}
            />
          ))}
        </SimpleGrid>
      </Stack>
      <SaveRow save={save} label="Save policy" what="order policy" />
    </form>
  );
}

function PolicyInput({
  field,
  value,
  error,
  disabled,
  onChange,
}: {
  field: (typeof POLICY_FIELDS)[number];
  value: FieldValue;
  error: string | undefined;
  disabled?: boolean;
  onChange: (value: FieldValue) => void;
}) {
  return (
    <NumberInput
      label={field.label}
      description={field.description}
      value={value}
      onChange={onChange}
      error={error}
      disabled={disabled}
      suffix={field.percent ? '%' : undefined}
      allowDecimal={!field.integer}
      allowNegative={false}
      clampBehavior="none"
      hideControls
      data-testid={`policy-${field.key}`}
    />
  );
}

function SaveRow({ save, label, what }: { save: Save; label: string; what: string }) {
  return (
    <Stack gap="xs" mt="sm">
      {save.isError && (
        <Alert color="red" variant="light" title={`Could not save the ${what}`} data-testid="settings-save-error">
          {save.error.message}
        </Alert>
      )}
      {save.isSuccess && (
        <Text size="xs" c="teal" data-testid="settings-saved">
          Saved.
        </Text>
      )}
      <Group>
        <Guard permission="admin" action="change the automation settings">
          {(allowed) => (
            <Button type="submit" size="xs" loading={save.isPending} disabled={!allowed}>
              {label}
            </Button>
          )}
        </Guard>
      </Group>
    </Stack>
  );
}
