// A strategy's config form, derived from the JSON Schema the server sends (zod's toJSONSchema, io 'input'): one field
// per property (a nested object's properties become a group of fields), its form value, and the translation back
// into a config (or per-field errors), plus the server's validation issues mapped onto the fields. Ranges are checked
// by the server (the plugin's schema is the one authority); the form only refuses what is not a value at all (text in
// a number, broken JSON).
import { parseNumber, type FieldValue } from '../calculator/calculator-form';

type JsonSchema = Record<string, unknown>;
export type ScalarKind = 'number' | 'integer' | 'string' | 'boolean';

export interface FieldGroup {
  /** The nested object's path, dotted ("rollRules"). */
  key: string;
  label: string;
  description: string | null;
}

interface FieldBase {
  /** Dotted path in the config: "targetDelta", "rollRules.rollAtDte". */
  key: string;
  path: string[];
  /** The nested object the field belongs to; null at the top level. */
  group: FieldGroup | null;
  label: string;
  description: string | null;
  /** null is a valid value (empty input = null). */
  nullable: boolean;
  /** The schema requires it and has no default: it cannot be left empty. */
  required: boolean;
  /** The schema's default, for the placeholder. */
  fallback: unknown;
}

type KindSpec =
  | { kind: 'number'; integer: boolean; min: Bound | null; max: Bound | null }
  | { kind: 'boolean' }
  | { kind: 'enum'; options: string[] }
  | { kind: 'string' }
  /** Array of strings: a tag input (`uuid`: ids, e.g. watchlists). */
  | { kind: 'tags'; uuid: boolean }
  /** Array of one enum's values. */
  | { kind: 'multi'; options: string[] }
  /** A record of scalars (per-symbol overrides): key/value rows. */
  | { kind: 'record'; valueKind: ScalarKind }
  /** Anything else (nested objects, arrays of objects): edited as JSON. */
  | { kind: 'json' };

export type ConfigField = FieldBase & KindSpec;

export interface Bound {
  value: number;
  exclusive: boolean;
}

export type FieldKind = ConfigField['kind'];

export interface RecordRow {
  key: string;
  value: FieldValue | boolean;
}

/** The form value of each kind: NumberInput's number-or-text, selects' string-or-null, rows, JSON text. */
export type FormValue = FieldValue | boolean | string | null | string[] | RecordRow[];
export type ConfigFormValues = Record<string, FormValue>;
export type ConfigErrors = Record<string, string>;

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Trading abbreviations that stay in capitals in a label. */
const ACRONYMS = new Set(['dte', 'iv', 'pop', 'ror', 'etf', 'itm', 'otm', 'atm', 'pmcc', 'leaps', 'nlv', 'pnl']);

/** "targetDelta" → "Target delta", "minIVRank" → "Min IV rank", "rollAtDte" → "Roll at DTE", "coverPct" → "Cover %",
 * "watchlistIds" → "Watchlists". */
export function humanize(key: string): string {
  if (/.Ids$/.test(key)) return `${humanize(key.slice(0, -3))}s`;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .split(' ')
    .filter(Boolean)
    .map((word) => {
      if (word.toLowerCase() === 'pct') return '%';
      if (ACRONYMS.has(word.toLowerCase())) return word.toUpperCase();
      return /^[A-Z0-9]{2,}$/.test(word) ? word : word.toLowerCase();
    });
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Splits `null` off a schema: `type: ['number', 'null']` and `anyOf: [X, {type: 'null'}]` are X, nullable. */
function unwrapNull(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const { type, anyOf } = schema;
  if (Array.isArray(type) && type.includes('null')) {
    const rest = type.filter((t) => t !== 'null');
    return { schema: { ...schema, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  if (Array.isArray(anyOf)) {
    const options = anyOf.filter(isObject);
    const nonNull = options.filter((option) => option['type'] !== 'null');
    if (nonNull.length < options.length) {
      const { anyOf: _dropped, ...outer } = schema;
      const inner = nonNull.length === 1 ? (nonNull[0] as JsonSchema) : { anyOf: nonNull };
      return { schema: { ...outer, ...inner }, nullable: true };
    }
  }
  return { schema, nullable: false };
}

/** String enums, also as a union of string constants (`z.union([z.literal('a'), …])`). */
function enumOptions(schema: JsonSchema): string[] | null {
  const values: unknown = schema['enum'];
  if (Array.isArray(values) && values.every((v): v is string => typeof v === 'string')) return values;
  const { anyOf } = schema;
  if (Array.isArray(anyOf) && anyOf.length > 0 && anyOf.every((o) => isObject(o) && typeof o['const'] === 'string')) {
    return anyOf.map((o) => (o as JsonSchema)['const'] as string);
  }
  return null;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function bound(schema: JsonSchema, inclusiveKey: string, exclusiveKey: string): Bound | null {
  const exclusive = schema[exclusiveKey];
  if (typeof exclusive === 'number') return { value: exclusive, exclusive: true };
  const inclusive = schema[inclusiveKey];
  // zod states an integer's range as ±MAX_SAFE_INTEGER: that is no limit worth showing.
  if (typeof inclusive === 'number' && Math.abs(inclusive) < MAX_SAFE) return { value: inclusive, exclusive: false };
  return null;
}

function scalarKind(schema: JsonSchema): ScalarKind | null {
  const { type } = schema;
  return type === 'number' || type === 'integer' || type === 'string' || type === 'boolean' ? type : null;
}

function describeKind(schema: JsonSchema): KindSpec {
  const options = enumOptions(schema);
  if (options) return { kind: 'enum', options };
  switch (schema['type']) {
    case 'number':
    case 'integer':
      return {
        kind: 'number',
        integer: schema['type'] === 'integer',
        min: bound(schema, 'minimum', 'exclusiveMinimum'),
        max: bound(schema, 'maximum', 'exclusiveMaximum'),
      };
    case 'boolean':
      return { kind: 'boolean' };
    case 'string':
      return { kind: 'string' };
    case 'array': {
      const items = isObject(schema['items']) ? schema['items'] : {};
      const itemOptions = enumOptions(items);
      if (itemOptions) return { kind: 'multi', options: itemOptions };
      if (items['type'] === 'string') return { kind: 'tags', uuid: items['format'] === 'uuid' };
      return { kind: 'json' };
    }
    case 'object': {
      const values = schema['additionalProperties'];
      const hasProperties = isObject(schema['properties']) && Object.keys(schema['properties']).length > 0;
      // A record over a closed key set (`required` lists every key) is better edited whole, as JSON.
      const closedKeys = Array.isArray(schema['required']) && schema['required'].length > 0;
      const valueKind = isObject(values) ? scalarKind(unwrapNull(values).schema) : null;
      if (!hasProperties && !closedKeys && valueKind && !enumOptions(values as JsonSchema)) {
        return { kind: 'record', valueKind };
      }
      return { kind: 'json' };
    }
    default:
      return { kind: 'json' };
  }
}

const hasProperties = (schema: JsonSchema): boolean =>
  isObject(schema['properties']) && Object.keys(schema['properties']).length > 0;

/** Objects nested deeper than this are edited as JSON: a form several levels deep reads worse than the JSON. */
const MAX_GROUP_DEPTH = 2;

function collectFields(
  schema: JsonSchema,
  prefix: string[],
  group: FieldGroup | null,
  parentDefault: unknown,
): ConfigField[] {
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  return Object.entries(properties).flatMap(([key, raw]): ConfigField[] => {
    if (!isObject(raw)) return [];
    const { schema: property, nullable } = unwrapNull(raw);
    const path = [...prefix, key];
    const hasDefault = 'default' in raw;
    // A property without a default of its own takes its part of the enclosing object's default.
    const fallback = hasDefault ? raw['default'] : isObject(parentDefault) ? parentDefault[key] : undefined;
    const label = typeof raw['title'] === 'string' ? raw['title'] : humanize(key);
    const description = typeof raw['description'] === 'string' ? raw['description'] : null;
    if (!nullable && property['type'] === 'object' && hasProperties(property) && path.length < MAX_GROUP_DEPTH + 1) {
      const nested = { key: path.join('.'), label: group ? `${group.label} › ${label}` : label, description };
      return collectFields(property, path, nested, fallback);
    }
    const base: FieldBase = {
      key: path.join('.'),
      path,
      group,
      label,
      description,
      nullable,
      required: required.has(key) && fallback === undefined,
      fallback,
    };
    return [{ ...base, ...describeKind(property) }];
  });
}

/** Lists first (the universe), then numbers, choices, switches, records; JSON last. */
const KIND_RANK: Record<FieldKind, number> = {
  tags: 0,
  multi: 0,
  number: 1,
  enum: 2,
  string: 2,
  boolean: 3,
  record: 4,
  json: 5,
};

/** "minDte" and "maxDte" sort together, min first. */
function nameOrder(field: ConfigField): [string, number] {
  const name = field.path.at(-1) ?? field.key;
  return [name.replace(/min|max/gi, '').toLowerCase(), /max/i.test(name) ? 1 : 0];
}

function compareFields(a: ConfigField, b: ConfigField): number {
  // The server stores the schema as jsonb, which does not keep the plugin's property order: order it sensibly here.
  const place = (f: ConfigField) => (f.kind === 'json' ? 2 : f.group === null ? 0 : 1);
  const [nameA, boundA] = nameOrder(a);
  const [nameB, boundB] = nameOrder(b);
  return (
    place(a) - place(b) ||
    (a.group?.key ?? '').localeCompare(b.group?.key ?? '') ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    nameA.localeCompare(nameB) ||
    boundA - boundB
  );
}

/**
 * The fields of an object schema; a nested object's properties are fields of their own, in a group. An empty list
 * when the schema has no properties.
 */
export function fieldsFromSchema(schema: JsonSchema): ConfigField[] {
  return collectFields(schema, [], null, undefined).sort(compareFields);
}

/** The keys server issues can be attached to: every field's, and every group's (an issue about a group as a whole). */
export function issueKeys(fields: readonly ConfigField[]): Set<string> {
  return new Set(fields.flatMap((f) => (f.group ? [f.key, f.group.key] : [f.key])));
}

/** "0.05 – 0.6", "≥ 1", "> 0": the range the server will hold a number to; null when unbounded. */
export function rangeText(field: Extract<ConfigField, { kind: 'number' }>): string | null {
  const { min, max } = field;
  if (min && max && !min.exclusive && !max.exclusive) return `${min.value} – ${max.value}`;
  const parts = [
    ...(min ? [`${min.exclusive ? '>' : '≥'} ${min.value}`] : []),
    ...(max ? [`${max.exclusive ? '<' : '≤'} ${max.value}`] : []),
  ];
  return parts.length === 0 ? null : parts.join(', ');
}

function formValueOf(field: ConfigField, value: unknown): FormValue {
  switch (field.kind) {
    case 'number':
      return typeof value === 'number' ? value : '';
    case 'boolean':
      return value === true;
    case 'enum':
      return typeof value === 'string' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : '';
    case 'tags':
    case 'multi':
      return Array.isArray(value) ? value.map(String) : [];
    case 'record':
      return isObject(value)
        ? Object.entries(value).map(([key, v]): RecordRow => ({
            key,
            value: typeof v === 'number' || typeof v === 'boolean' ? v : typeof v === 'string' ? v : '',
          }))
        : [];
    case 'json':
      return value === undefined ? '' : JSON.stringify(value, null, 2);
  }
}

function valueAt(config: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = config;
  for (const segment of path) {
    if (!isObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

function setValueAt(config: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = config;
  for (const segment of path.slice(0, -1)) {
    const next = current[segment];
    current = isObject(next) ? next : (current[segment] = {});
  }
  const last = path.at(-1);
  if (last !== undefined) current[last] = value;
}

/** The form's starting values: the config's value of each field, else the schema's default, else empty. */
export function formFromConfig(fields: readonly ConfigField[], config: Record<string, unknown>): ConfigFormValues {
  return Object.fromEntries(
    fields.map((field) => {
      const value = valueAt(config, field.path);
      return [field.key, formValueOf(field, value === undefined ? field.fallback : value)];
    }),
  );
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string } | { ok: true; omit: true };

const OMIT: Parsed = { ok: true, omit: true };

function parseScalar(
  kind: ScalarKind,
  raw: FieldValue | boolean,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (kind === 'boolean') return { ok: true, value: raw === true };
  if (kind === 'string') return { ok: true, value: String(raw) };
  const number = typeof raw === 'boolean' ? null : parseNumber(raw);
  if (number === null) return { ok: false, error: 'Not a number' };
  if (kind === 'integer' && !Number.isInteger(number)) return { ok: false, error: 'A whole number' };
  return { ok: true, value: number };
}

/** An empty input: null when the field allows it, left out (the server's default) when it has one, else an error. */
function empty(field: ConfigField): Parsed {
  if (field.nullable) return { ok: true, value: null };
  if (!field.required) return OMIT;
  return { ok: false, error: 'Required' };
}

function parseField(field: ConfigField, value: FormValue): Parsed {
  switch (field.kind) {
    case 'number': {
      const raw = typeof value === 'number' || typeof value === 'string' ? value : '';
      if (typeof raw === 'string' && raw.trim() === '') return empty(field);
      return parseScalar(field.integer ? 'integer' : 'number', raw);
    }
    case 'boolean':
      return { ok: true, value: value === true };
    case 'enum':
      return typeof value === 'string' && value !== '' ? { ok: true, value } : empty(field);
    case 'string':
      return typeof value === 'string' && value !== '' ? { ok: true, value } : empty(field);
    case 'tags':
    case 'multi':
      return { ok: true, value: Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [] };
    case 'record': {
      const rows = Array.isArray(value) ? (value as RecordRow[]) : [];
      const record: Record<string, unknown> = {};
      for (const row of rows) {
        const key = row.key.trim();
        if (key === '' && (row.value === '' || row.value === false)) continue;
        if (key === '') return { ok: false, error: 'Every row needs a key' };
        if (key in record) return { ok: false, error: `${key} appears twice` };
        const parsed = parseScalar(field.valueKind, row.value);
        if (!parsed.ok) return { ok: false, error: `${key}: ${parsed.error}` };
        record[key] = parsed.value;
      }
      return { ok: true, value: record };
    }
    case 'json': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '') return empty(field);
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch {
        return { ok: false, error: 'Not valid JSON' };
      }
    }
  }
}

export type ConfigParse = { ok: true; config: Record<string, unknown> } | { ok: false; errors: ConfigErrors };

/** The config the form describes (every field; empty optional ones left to the server's defaults), or its errors. */
export function configFromForm(fields: readonly ConfigField[], values: ConfigFormValues): ConfigParse {
  const config: Record<string, unknown> = {};
  const errors: ConfigErrors = {};
  for (const field of fields) {
    const parsed = parseField(field, values[field.key] ?? formValueOf(field, undefined));
    if (!parsed.ok) errors[field.key] = parsed.error;
    else if (!('omit' in parsed)) setValueAt(config, field.path, parsed.value);
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, config };
}

export interface MappedIssues {
  /** By field key (config fields) or by request field ('name', 'accountId', …). */
  fields: Record<string, string>;
  /** Issues no field on screen owns, to show above the buttons. */
  other: string[];
}

/**
 * The server's issues (`body.config.targetDelta`, `body.config.rollRules.rollAtDte`, `body.config.weights.KO`,
 * `body.name`) attached to the field they concern: the config field whose path is the longest prefix of the issue's,
 * otherwise a request field named in `requestFields`.
 */
export function mapIssues(
  issues: ReadonlyArray<{ path: string; message: string }>,
  configKeys: ReadonlySet<string>,
  requestFields: ReadonlySet<string>,
): MappedIssues {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  const add = (key: string, message: string) => {
    fields[key] = fields[key] ? `${fields[key]}; ${message}` : message;
  };
  for (const issue of issues) {
    const [root, first, ...rest] = issue.path.split('.');
    if (root === 'body' && first === 'config') {
      const owner = rest.findLastIndex((_, i) => configKeys.has(rest.slice(0, i + 1).join('.')));
      if (owner >= 0) {
        const beyond = rest.slice(owner + 1);
        add(
          rest.slice(0, owner + 1).join('.'),
          beyond.length > 0 ? `${beyond.join('.')}: ${issue.message}` : issue.message,
        );
        continue;
      }
    } else if (root === 'body' && first !== undefined && requestFields.has(first)) {
      add(first, issue.message);
      continue;
    }
    other.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  return { fields, other };
}
