// The inputs of a strategy's config form, one per schema field (see schema-form.ts): numbers, switches, selects, tag
// inputs, key/value rows and JSON text; the description as help text, the error (the form's or the server's) beside it.
import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  Input,
  JsonInput,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import type { FieldValue } from '../calculator/calculator-form';
import {
  rangeText,
  type ConfigErrors,
  type ConfigField,
  type ConfigFormValues,
  type FieldGroup,
  type FormValue,
  type RecordRow,
} from './schema-form';

export interface SelectOption {
  value: string;
  label: string;
}

interface ConfigFieldsProps {
  fields: readonly ConfigField[];
  values: ConfigFormValues;
  errors: ConfigErrors;
  onChange: (key: string, value: FormValue) => void;
  /** Choices for an id list whose key names watchlists (`watchlistIds`): their names instead of raw ids. */
  watchlists?: readonly SelectOption[];
}

export function ConfigFields({ fields, values, errors, onChange, watchlists }: ConfigFieldsProps) {
  if (fields.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        This strategy has no settings.
      </Text>
    );
  }
  const input = (field: ConfigField) => (
    <div key={field.key} data-testid="config-field" data-field={field.key}>
      <FieldInput
        field={field}
        value={values[field.key] ?? null}
        error={errors[field.key]}
        onChange={(value) => onChange(field.key, value)}
        watchlists={/watchlist/i.test(field.key) ? watchlists : undefined}
      />
    </div>
  );
  // Short inputs two to a row on wider screens; lists, records and JSON take the whole width.
  const layout = (members: ConfigField[]) =>
    runsOf(members).map((run) =>
      run.compact ? (
        <SimpleGrid key={run.fields[0]?.key} cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
          {run.fields.map(input)}
        </SimpleGrid>
      ) : (
        run.fields.map(input)
      ),
    );
  return (
    <Stack gap="sm" data-testid="config-fields">
      {sectionsOf(fields).map(({ group, members }) =>
        group === null ? (
          layout(members)
        ) : (
          <Fieldset
            key={group.key}
            legend={group.label}
            variant="filled"
            p="sm"
            data-testid="config-group"
            data-group={group.key}
          >
            {group.description && (
              <Text size="xs" c="dimmed" mb="xs">
                {group.description}
              </Text>
            )}
            {errors[group.key] && (
              <Text size="xs" c="red" mb="xs" role="alert">
                {errors[group.key]}
              </Text>
            )}
            <Stack gap="sm">{layout(members)}</Stack>
          </Fieldset>
        ),
      )}
    </Stack>
  );
}

const COMPACT: ReadonlySet<ConfigField['kind']> = new Set(['number', 'enum', 'string', 'boolean']);

/** Consecutive fields split into runs of short inputs and of wide ones. */
function runsOf(fields: readonly ConfigField[]): { compact: boolean; fields: ConfigField[] }[] {
  const runs: { compact: boolean; fields: ConfigField[] }[] = [];
  for (const field of fields) {
    const compact = COMPACT.has(field.kind);
    const last = runs.at(-1);
    if (last && last.compact === compact) last.fields.push(field);
    else runs.push({ compact, fields: [field] });
  }
  return runs;
}

/** Consecutive fields of the same group, together (fieldsFromSchema keeps a group's fields adjacent). */
function sectionsOf(fields: readonly ConfigField[]): { group: FieldGroup | null; members: ConfigField[] }[] {
  const sections: { group: FieldGroup | null; members: ConfigField[] }[] = [];
  for (const field of fields) {
    const last = sections.at(-1);
    if (last && last.group?.key === field.group?.key) last.members.push(field);
    else sections.push({ group: field.group, members: [field] });
  }
  return sections;
}

/** The placeholder of an empty input: what leaving it empty means. */
function emptyMeaning(field: ConfigField): string | undefined {
  if (field.nullable) return 'none';
  if (field.fallback !== undefined && field.fallback !== null) return `default ${JSON.stringify(field.fallback)}`;
  return undefined;
}

interface FieldInputProps {
  field: ConfigField;
  value: FormValue;
  error: string | undefined;
  onChange: (value: FormValue) => void;
  watchlists: readonly SelectOption[] | undefined;
}

function FieldInput({ field, value, error, onChange, watchlists }: FieldInputProps) {
  const common = {
    label: field.label,
    error,
    size: 'xs' as const,
    withAsterisk: field.required,
  };
  switch (field.kind) {
    case 'number': {
      const range = rangeText(field);
      const description = [field.description, range && `Allowed: ${range}`].filter(Boolean).join(' · ');
      return (
        <NumberInput
          {...common}
          description={description || undefined}
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          onChange={onChange}
          placeholder={emptyMeaning(field)}
          // The server holds the range; clamping here would hide what was typed.
          clampBehavior="none"
          allowDecimal={!field.integer}
          hideControls
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      );
    }
    case 'boolean':
      return (
        <Switch
          label={field.label}
          description={field.description ?? undefined}
          error={error}
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
          size="sm"
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          description={field.description ?? undefined}
          data={field.options}
          value={typeof value === 'string' ? value : null}
          onChange={onChange}
          clearable={field.nullable}
          placeholder={emptyMeaning(field)}
          allowDeselect={field.nullable}
        />
      );
    case 'string':
      return (
        <TextInput
          {...common}
          description={field.description ?? undefined}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value)}
          placeholder={emptyMeaning(field)}
        />
      );
    case 'tags':
    case 'multi': {
      const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
      if (field.kind === 'multi' || (field.uuid && watchlists)) {
        const options =
          field.kind === 'multi'
            ? field.options.map((option) => ({ value: option, label: option }))
            : [
                ...(watchlists ?? []),
                // An id of a watchlist that no longer exists stays visible, so it can be removed.
                ...list
                  .filter((id) => !(watchlists ?? []).some((w) => w.value === id))
                  .map((id) => ({ value: id, label: `unknown ${id.slice(0, 8)}` })),
              ];
        return (
          <MultiSelect
            {...common}
            description={field.description ?? undefined}
            data={options}
            value={list}
            onChange={onChange}
            placeholder={list.length === 0 ? 'none' : undefined}
            clearable
            searchable
          />
        );
      }
      return (
        <TagsInput
          {...common}
          description={[field.description, 'Enter or comma adds one'].filter(Boolean).join(' · ')}
          value={list}
          onChange={onChange}
          placeholder={list.length === 0 ? 'none' : undefined}
          splitChars={[',', ' ']}
          clearable
        />
      );
    }
    case 'record':
      return (
        <RecordEditor
          field={field}
          rows={Array.isArray(value) ? (value as RecordRow[]) : []}
          error={error}
          onChange={onChange}
        />
      );
    case 'json':
      return (
        <JsonInput
          {...common}
          description={[field.description, 'JSON'].filter(Boolean).join(' · ')}
          value={typeof value === 'string' ? value : ''}
          onChange={onChange}
          placeholder={emptyMeaning(field)}
          autosize
          minRows={2}
          maxRows={10}
          formatOnBlur
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      );
  }
}

interface RecordEditorProps {
  field: Extract<ConfigField, { kind: 'record' }>;
  rows: RecordRow[];
  error: string | undefined;
  onChange: (rows: RecordRow[]) => void;
}

/** Key/value rows (e.g. a per-symbol override), added and removed one at a time. */
function RecordEditor({ field, rows, error, onChange }: RecordEditorProps) {
  const update = (index: number, patch: Partial<RecordRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const blank: RecordRow = { key: '', value: field.valueKind === 'boolean' ? false : '' };
  return (
    <Input.Wrapper
      label={field.label}
      description={field.description ?? undefined}
      error={error}
      size="xs"
      withAsterisk={field.required}
    >
      <Stack gap={4} mt={4}>
        {rows.length === 0 && (
          <Text size="xs" c="dimmed">
            None.
          </Text>
        )}
        {rows.map((row, index) => (
          <Group key={index} gap={4} wrap="nowrap" data-testid="record-row">
            <TextInput
              aria-label={`${field.label}: key ${index + 1}`}
              placeholder="key"
              value={row.key}
              onChange={(event) => update(index, { key: event.currentTarget.value })}
              size="xs"
              w={110}
            />
            <RecordValueInput
              label={`${field.label}: value ${index + 1}`}
              kind={field.valueKind}
              value={row.value}
              onChange={(value) => update(index, { value })}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Remove ${row.key || `row ${index + 1}`}`}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Button variant="subtle" size="compact-xs" onClick={() => onChange([...rows, blank])} w="fit-content">
          Add {field.label.toLowerCase()} entry
        </Button>
      </Stack>
    </Input.Wrapper>
  );
}

interface RecordValueInputProps {
  label: string;
  kind: Extract<ConfigField, { kind: 'record' }>['valueKind'];
  value: FieldValue | boolean;
  onChange: (value: FieldValue | boolean) => void;
}

function RecordValueInput({ label, kind, value, onChange }: RecordValueInputProps) {
  if (kind === 'boolean') {
    return <Switch aria-label={label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
  }
  if (kind === 'string') {
    return (
      <TextInput
        aria-label={label}
        value={String(value)}
        onChange={(e) => onChange(e.currentTarget.value)}
        size="xs"
        w={140}
      />
    );
  }
  return (
    <NumberInput
      aria-label={label}
      value={typeof value === 'boolean' ? '' : value}
      onChange={onChange}
      allowDecimal={kind === 'number'}
      clampBehavior="none"
      hideControls
      size="xs"
      w={110}
    />
  );
}
