// Malformed HTTP input for the fuzz suite (fuzz.db.test.ts): every route of the OpenAPI document gets requests that
// are invalid on purpose (wrong types, huge and hostile strings, deep nesting, broken JSON, bad ids, overlong URLs).
import fc from 'fast-check';
import { z } from 'zod';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}

interface OpenApiParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface Param {
  name: string;
  schema: JsonSchema;
}

export interface RouteShape {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path, parameters in braces: `/api/orders/{id}/cancel`. */
  path: string;
  key: string;
  pathParams: Param[];
  query: Param[];
  /** The JSON body's schema, when the route declares one. */
  body: JsonSchema | undefined;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Every operation of the document (paths × methods). */
export function routesOf(doc: OpenApiDocument): RouteShape[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    METHODS.filter((method) => operations[method.toLowerCase()]).map((method): RouteShape => {
      const operation = operations[method.toLowerCase()] ?? {};
      const parameters = operation.parameters ?? [];
      const declared = parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? {} }));
      // A brace in the path without a declared parameter still gets fuzzed, as an unconstrained string.
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
      const pathParams = inPath.map((name) => declared.find((p) => p.name === name) ?? { name, schema: {} });
      return {
        method,
        path,
        key: `${method} ${path}`,
        pathParams,
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: operation.requestBody?.content?.['application/json']?.schema,
      };
    }),
  );
}

/**
 * The routes Fastify registered, from `app.printRoutes()`'s radix tree (a node's full path is its ancestors' labels
 * joined), as `METHOD /path/{param}` keys; HEAD and OPTIONS (added by Fastify itself) are left out.
 */
export function registeredRoutes(tree: string): string[] {
  const labels: string[] = [];
  const keys: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    labels.length = depth;
    labels.push(match[2] ?? '');
    const path = labels.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD' && method !== 'OPTIONS') keys.push(`${method} ${path}`);
    }
  }
  return keys;
}

// --- hostile values ----------------------------------------------------------------------------------------------

const HUGE_LENGTH = 100_000;
const huge = 'x'.repeat(HUGE_LENGTH);
const hugeUnicode = '\u{1F4A3}\u202e\u0000'.repeat(HUGE_LENGTH / 4);

/** Strings that have broken real systems: injections, markup, odd numbers, odd unicode. */
const NASTY_STRINGS = [
  "' OR 1=1 --",
  '1; DROP TABLE users',
  "'; DELETE FROM orders; --",
  '" OR ""="',
  "1' UNION SELECT password_hash FROM users --",
  '$1',
  '%s%s%s%n',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '../../../../etc/passwd',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\u202egnp.exe',
  '\u0645\u0631\u062d\u0628\u0627',
  '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}\u200d\u{1F466}',
  '\u{1D54F}',
  '\ufeff',
  '\u00a0',
  '',
  ' ',
  '\t\n\r',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '-0',
  '1e309',
  '-1e309',
  '0x1F',
  '9'.repeat(400),
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '2026-13-45',
  '0000-00-00T00:00:00Z',
  '00000000-0000-0000-0000-00000000000g',
  '123e4567-e89b-12d3-a456-42661417400',
  'not-a-uuid',
  '%00',
  '%',
  '\\',
  '/',
  '?#&=',
];

const nastyString = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 1 },
  { arbitrary: fc.constantFrom(huge, hugeUnicode), weight: 1 },
);
/** Like `nastyString` but short enough that a URL holding it stays under the server's limit. */
const nastyUrlString = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 3 },
  { arbitrary: fc.constant('y'.repeat(2_000)), weight: 1 },
);
const nastyNumber = fc.oneof(
  fc.constantFrom(-1, -0.000001, 0, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 31), 4.9e-324, 1.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
type Family = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
const FAMILIES: readonly Family[] = ['string', 'number', 'boolean', 'null', 'array', 'object'];
const valuesOf: Record<Family, fc.Arbitrary<unknown>> = {
  string: nastyString,
  number: nastyNumber,
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.constantFrom([], [null], [[[]]], ['x'], [{}], [-1, 'NaN']),
  object: fc.constantFrom({}, { $gt: '' }, { length: -1 }, { toString: 'x' }, { a: { b: { c: [] } } }),
};
/** Any JSON value, hostile where possible. */
const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: nastyNumber, weight: 2 },
  { arbitrary: fc.oneof(valuesOf.boolean, valuesOf.null, valuesOf.array, valuesOf.object), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
);
const UNKNOWN_KEYS = [
  'isAdmin',
  'role',
  'clientId',
  'id',
  'createdBy',
  "' OR 1=1 --",
  '<b>',
  '\u0000',
  '\u{1F4A3}',
  '$where',
];

/** A URL component; a lone surrogate becomes its WTF-8 bytes, which are not UTF-8 (encodeURIComponent would throw). */
function encodeComponent(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

// --- what a schema allows ----------------------------------------------------------------------------------------

/** The JSON types a schema accepts; undefined when it cannot be told (no type, $ref, allOf): then it is not targeted. */
function familiesOf(schema: JsonSchema): Set<Family> | undefined {
  if (schema.const !== undefined) return new Set([familyOfValue(schema.const)]);
  if (schema.enum) return new Set(schema.enum.map(familyOfValue));
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const all = new Set<Family>();
    for (const branch of branches) {
      const families = familiesOf(branch);
      if (!families) return undefined;
      families.forEach((f) => all.add(f));
    }
    return all;
  }
  if (schema.type === undefined || schema.allOf || schema.$ref) return undefined;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return new Set(types.map((t) => (t === 'integer' ? 'number' : t) as Family));
}

function familyOfValue(value: unknown): Family {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

/** The one object shape of a schema (its object branch when it is `X | null`); undefined for unions of objects. */
function objectShape(schema: JsonSchema): JsonSchema | undefined {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const objects = branches.filter((b) => familiesOf(b)?.has('object'));
    return objects.length === 1 && objects[0] ? objectShape(objects[0]) : undefined;
  }
  return schema.type === 'object' && schema.properties ? schema : undefined;
}

const formatChecks: Record<string, z.ZodType> = {
  uuid: z.uuid(),
  date: z.iso.date(),
  'date-time': z.iso.datetime({ offset: true, local: true }),
  email: z.email(),
};

function regexOf(pattern: string): RegExp | undefined {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // Try without the unicode flag.
    }
  }
  return undefined;
}

/** Whether a string certainly breaks a string schema's format, pattern or length (false when unsure). */
function stringBreaks(schema: JsonSchema, value: string): boolean {
  const length = [...value].length;
  if (schema.maxLength !== undefined && value.length > schema.maxLength && length > schema.maxLength) return true;
  if (schema.minLength !== undefined && value.length < schema.minLength && length < schema.minLength) return true;
  if (schema.enum && !schema.enum.includes(value)) return true;
  if (schema.const !== undefined && schema.const !== value) return true;
  const format = schema.format ? formatChecks[schema.format] : undefined;
  if (format && !format.safeParse(value).success) return true;
  const regex = schema.pattern ? regexOf(schema.pattern) : undefined;
  return regex !== undefined && !regex.test(value);
}

/** Whether some string can break this schema: a string is required and something constrains it. */
function stringConstrained(schema: JsonSchema): boolean {
  const families = familiesOf(schema);
  if (!families || families.size !== 1 || !families.has('string')) return false;
  return Boolean(
    schema.maxLength !== undefined ||
    (schema.minLength ?? 0) > 0 ||
    schema.enum ||
    schema.const !== undefined ||
    (schema.format && formatChecks[schema.format]) ||
    (schema.pattern && regexOf(schema.pattern)),
  );
}

/** A plausible value for a schema; ids of real objects where the field names one. */
function exampleOf(schema: JsonSchema, name: string, ctx: FuzzContext, depth = 0): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches?.length) {
    const branch = branches.find((b) => !familiesOf(b)?.has('null')) ?? branches[0];
    return branch ? exampleOf(branch, name, ctx, depth) : null;
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      const real = ctx.realFieldValue(name);
      if (real) return real;
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (schema.format === 'date') return '2020-01-02';
      if (schema.format === 'date-time') return '2026-11-20T16:00:00.000Z';
      if (schema.format === 'email') return 'fuzz@example.com';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    }
    case 'number':
    case 'integer':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () =>
        schema.items && depth < 4 ? exampleOf(schema.items, name, ctx, depth + 1) : 'x',
      );
    case 'object':
      return depth < 4
        ? Object.fromEntries(
            Object.entries(schema.properties ?? {}).map(([key, s]) => [key, exampleOf(s, key, ctx, depth + 1)]),
          )
        : {};
    default:
      return 'x';
  }
}

// --- the cases -------------------------------------------------------------------------------------------------

export interface FuzzContext {
  /** Real ids for a path parameter (the seed's objects), so requests also get past "not found". */
  realIds: (route: RouteShape, param: Param) => string[];
  /** A real id for a body field that names an object (accountId → the seeded account), if any. */
  realFieldValue: (field: string) => string | undefined;
  maxUrlLength: number;
  maxJsonDepth: number;
  bodyLimitBytes: number;
}

export interface FuzzCase {
  /** What is wrong on purpose ("none": a GET with hostile but possibly valid input). */
  malformed: string;
  /** Whether the server must refuse it: false for GET requests whose hostile input may still be valid. */
  certain: boolean;
  url: string;
  /** Raw body text (sent as application/json); only on mutating routes. */
  body?: string;
}

/** A body field (at any depth through plain objects) with the chain of object schemas leading to it. */
interface FieldTarget {
  path: string[];
  schema: JsonSchema;
  parents: JsonSchema[];
}

function fieldTargets(root: JsonSchema): FieldTarget[] {
  const out: FieldTarget[] = [];
  const walk = (shape: JsonSchema, path: string[], parents: JsonSchema[]) => {
    for (const [key, schema] of Object.entries(shape.properties ?? {})) {
      const target = { path: [...path, key], schema, parents: [...parents, shape] };
      out.push(target);
      const nested = objectShape(schema);
      if (nested && path.length < 3) walk(nested, target.path, target.parents);
    }
  };
  walk(root, [], []);
  return out;
}

/** `base` with the value at `path` replaced (undefined: removed); missing parents are filled in with examples. */
function withValueAt(base: Record<string, unknown>, target: FieldTarget, value: unknown, ctx: FuzzContext) {
  const copy = structuredClone(base);
  let node: Record<string, unknown> = copy;
  target.path.slice(0, -1).forEach((key, i) => {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      const parent = target.parents[i + 1];
      node[key] = parent ? exampleOf(parent, key, ctx) : {};
    }
    node = node[key] as Record<string, unknown>;
  });
  const last = target.path.at(-1) ?? '';
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const otherFamilies = (allowed: Set<Family>) =>
  fc.constantFrom(...FAMILIES.filter((f) => !allowed.has(f))).chain((f) => valuesOf[f]);

/** Values a field certainly rejects, with what is wrong; undefined when nothing is certain. */
function badValuesFor(schema: JsonSchema): fc.Arbitrary<[string, unknown]> | undefined {
  const options: fc.Arbitrary<[string, unknown]>[] = [];
  const families = familiesOf(schema);
  if (families && families.size < FAMILIES.length) {
    options.push(otherFamilies(families).map((v): [string, unknown] => ['wrong type', v]));
  }
  if (stringConstrained(schema)) {
    const long = schema.maxLength !== undefined ? [huge, hugeUnicode, 'z'.repeat(schema.maxLength + 1)] : [];
    options.push(
      fc
        .oneof(nastyString, fc.constantFrom(...long, ''))
        .filter((s) => stringBreaks(schema, s))
        .map((v): [string, unknown] => ['bad string', v]),
    );
  }
  const numeric = families && families.size === 1 && families.has('number');
  if (numeric) {
    const low = schema.minimum ?? schema.exclusiveMinimum;
    const high = schema.maximum ?? schema.exclusiveMaximum;
    const out: number[] = [];
    if (low !== undefined) out.push(low - 1, -1e12, -1e308);
    if (high !== undefined) out.push(high + 1, 1e12, 1e308);
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.includes('integer') && !types.includes('number')) out.push(1.5, -0.5);
    const certain = out.filter(
      (n) =>
        (low !== undefined && n < low) ||
        (high !== undefined && n > high) ||
        (types.includes('integer') && !types.includes('number') && !Number.isInteger(n)),
    );
    if (certain.length) options.push(fc.constantFrom(...certain).map((v): [string, unknown] => ['out of range', v]));
  }
  return options.length ? fc.oneof(...options) : undefined;
}

/** Body text nested `depth` levels deep (arrays, objects or both), optionally inside one field of an object. */
function deepJson(depth: number, style: 'array' | 'object' | 'mixed', field: string | undefined): string {
  const inner =
    style === 'array'
      ? '['.repeat(depth) + ']'.repeat(depth)
      : style === 'object'
        ? '{"a":'.repeat(depth) + '0' + '}'.repeat(depth)
        : '[{"a":'.repeat(Math.ceil(depth / 2)) + '0' + '}]'.repeat(Math.ceil(depth / 2));
  return field === undefined ? inner : `{${JSON.stringify(field)}:${inner}}`;
}

/** JSON text that does not parse (or is refused by the parser: prototype poisoning). */
const MALFORMED_JSON = [
  '',
  ' ',
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '[1,2',
  '[]]',
  'NaN',
  'Infinity',
  '-Infinity',
  'undefined',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":01}',
  '{"a":"\u0000"}',
  '\u0000',
  '{a:1}',
  '{}{}',
  'null null',
  '"unterminated',
  '{"a":1}garbage',
  'tru',
  '<html><body>',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
];
const malformedJsonText = fc.oneof(
  { arbitrary: fc.constantFrom(...MALFORMED_JSON), weight: 4 },
  {
    arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => {
      try {
        JSON.parse(s.replace(/^\ufeff/, ''));
        return false;
      } catch {
        return true;
      }
    }),
    weight: 1,
  },
);

interface Parts {
  params: Record<string, string>;
  query: [string, string][];
  body?: string;
}

type Plan = { malformed: string; certain: boolean; apply: (parts: Parts) => Parts };

const plan = (malformed: string, apply: (parts: Parts) => Parts, certain = true): Plan => ({
  malformed,
  certain,
  apply,
});

/** A path segment that still addresses the route: not empty, not a dot segment the URL parser would resolve. */
const segmentSafe = (value: string) => value !== '' && !/^(\.|%2e){1,2}$/i.test(value);

/**
 * Requests for one route, each with at least one part the server must refuse, except on GET routes where some
 * carry hostile but possibly valid input (reads must cope with it and never write anyway).
 */
export function fuzzCases(route: RouteShape, ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const mutating = route.method !== 'GET';
  const root = route.body ? objectShape(route.body) : undefined;

  // Noise: the parts no plan targets, hostile or real.
  const paramNoise = fc.record(
    Object.fromEntries(
      route.pathParams.map((p) => {
        const real = ctx.realIds(route, p);
        const nasty = nastyUrlString.filter(segmentSafe);
        const values = real.length ? fc.oneof(fc.constantFrom(...real), nasty, fc.uuid()) : fc.oneof(nasty, fc.uuid());
        return [p.name, values.map(encodeComponent)];
      }),
    ),
  );
  const queryValue = (p: Param) =>
    fc.oneof(
      fc.constant(String(exampleOf(p.schema, p.name, ctx))),
      nastyUrlString,
      nastyNumber.map(String),
      ...(ctx.realFieldValue(p.name) ? [fc.constant(ctx.realFieldValue(p.name) ?? '')] : []),
    );
  const queryNoise = fc
    .subarray(route.query)
    .chain((params) => fc.tuple(...params.map((p) => queryValue(p).map((v): [string, string] => [p.name, v]))))
    .map((pairs) => pairs.map(([k, v]): [string, string] => [encodeComponent(k), encodeComponent(v)]));
  const bodyNoise: fc.Arbitrary<Record<string, unknown>> = root
    ? fc
        .tuple(
          fc.constant(exampleOf(root, '', ctx) as Record<string, unknown>),
          fc.dictionary(fc.constantFrom(...Object.keys(root.properties ?? {}), 'x'), nastyJson, { maxKeys: 3 }),
        )
        .map(([example, noise]) => ({ ...example, ...noise }))
    : fc.constant({});

  const plans: { arbitrary: fc.Arbitrary<Plan>; weight: number }[] = [];
  const add = (weight: number, arbitrary: fc.Arbitrary<Plan>) => plans.push({ arbitrary, weight });

  // Parts every route has.
  add(
    1,
    fc.constantFrom('query', 'path').map((where) =>
      plan(`URL longer than ${ctx.maxUrlLength}`, (parts) =>
        where === 'query' || route.pathParams.length === 0
          ? { ...parts, query: [...parts.query, ['pad', 'q'.repeat(ctx.maxUrlLength)]] }
          : {
              ...parts,
              params: { ...parts.params, [route.pathParams[0]?.name ?? '']: 'p'.repeat(ctx.maxUrlLength) },
            },
      ),
    ),
  );
  for (const p of route.pathParams.filter((p) => stringConstrained(p.schema))) {
    add(
      mutating ? 3 : 4,
      nastyUrlString
        .filter((s) => segmentSafe(s) && stringBreaks(p.schema, s))
        .map((value) =>
          plan(`path ${p.name}: ${preview(value)}`, (parts) => ({
            ...parts,
            params: { ...parts.params, [p.name]: encodeComponent(value) },
          })),
        ),
    );
  }

  if (mutating) {
    add(
      3,
      malformedJsonText.map((text) => plan(`malformed JSON ${preview(text)}`, (parts) => ({ ...parts, body: text }))),
    );
    add(
      2,
      fc
        .record({
          depth: fc.integer({ min: ctx.maxJsonDepth + 1, max: 1000 }),
          style: fc.constantFrom('array' as const, 'object' as const, 'mixed' as const),
          field: fc.option(fc.constantFrom(...Object.keys(root?.properties ?? {}), 'x'), { nil: undefined }),
        })
        .map(({ depth, style, field }) =>
          plan(`body nested ${depth} deep (${style})`, (parts) => ({ ...parts, body: deepJson(depth, style, field) })),
        ),
    );
    add(
      1,
      fc.constant(
        plan(`body over ${ctx.bodyLimitBytes} bytes`, (parts) => ({
          ...parts,
          body: JSON.stringify({ pad: 'b'.repeat(ctx.bodyLimitBytes) }),
        })),
      ),
    );
  }

  if (mutating && route.body) {
    const rootFamilies = familiesOf(route.body);
    if (rootFamilies && rootFamilies.size < FAMILIES.length) {
      add(
        2,
        otherFamilies(rootFamilies).map((value) =>
          plan(`body is ${familyOfValue(value)}`, (parts) => ({ ...parts, body: JSON.stringify(value) })),
        ),
      );
    }
  }

  if (mutating && root) {
    const targets = fieldTargets(root);
    for (const target of targets) {
      const bad = badValuesFor(target.schema);
      if (!bad) continue;
      add(
        2,
        fc.tuple(bodyNoise, bad).map(([noise, [what, value]]) =>
          plan(`body.${target.path.join('.')}: ${what} ${preview(value)}`, (parts) => ({
            ...parts,
            body: JSON.stringify(withValueAt(noise, target, value, ctx)),
          })),
        ),
      );
    }
    const requiredTargets = [
      ...(root.required ?? []).map((key) => ({ path: [key], schema: root.properties?.[key] ?? {}, parents: [root] })),
      ...targets.flatMap((t) => {
        const shape = objectShape(t.schema);
        return (shape?.required ?? []).map((key) => ({
          path: [...t.path, key],
          schema: shape?.properties?.[key] ?? {},
          parents: [...t.parents, shape ?? {}],
        }));
      }),
    ];
    if (requiredTargets.length) {
      add(
        2,
        fc.tuple(bodyNoise, fc.constantFrom(...requiredTargets)).map(([noise, target]) =>
          plan(`body.${target.path.join('.')} missing`, (parts) => ({
            ...parts,
            body: JSON.stringify(withValueAt(noise, target, undefined, ctx)),
          })),
        ),
      );
    }
    const strictShapes = [
      { path: [] as string[], shape: root, parents: [] as JsonSchema[] },
      ...targets.flatMap((t) => {
        const shape = objectShape(t.schema);
        return shape ? [{ path: t.path, shape, parents: t.parents }] : [];
      }),
    ].filter((s) => s.shape.additionalProperties === false);
    if (strictShapes.length) {
      add(
        2,
        fc
          .tuple(bodyNoise, fc.constantFrom(...strictShapes), fc.constantFrom(...UNKNOWN_KEYS), nastyJson)
          .filter(([, s, key]) => !Object.hasOwn(s.shape.properties ?? {}, key))
          .map(([noise, s, key, value]) =>
            plan(`unknown key ${[...s.path, key].join('.')}`, (parts) => ({
              ...parts,
              body: JSON.stringify(
                withValueAt(
                  noise,
                  { path: [...s.path, key], schema: {}, parents: [...s.parents, s.shape] },
                  value,
                  ctx,
                ),
              ),
            })),
          ),
      );
    }
  }

  if (!mutating) {
    // Hostile but possibly valid query values on real ids: the handlers themselves get them.
    const realParams = Object.fromEntries(
      route.pathParams.map((p) => [
        p.name,
        encodeComponent(ctx.realIds(route, p)[0] ?? '00000000-0000-4000-8000-000000000000'),
      ]),
    );
    add(3, fc.constant(plan('none', (parts) => ({ ...parts, params: realParams }), false)));
    add(
      1,
      fc
        .tuple(fc.constantFrom(...UNKNOWN_KEYS), nastyUrlString)
        .map(([key, value]) =>
          plan(
            `unknown query key ${preview(key)}`,
            (parts) => ({ ...parts, query: [...parts.query, [encodeComponent(key), encodeComponent(value)]] }),
            false,
          ),
        ),
    );
    add(
      1,
      fc.constant(
        plan(
          'repeated query key',
          // The same key twice arrives as an array.
          (parts) => ({
            ...parts,
            query: [...parts.query, ...parts.query.slice(0, 1), ['limit', '1'], ['limit', '2']],
          }),
          false,
        ),
      ),
    );
    for (const p of route.query) {
      add(
        1,
        fc
          .oneof(nastyUrlString, fc.constantFrom('NaN', 'Infinity', '-1', '1e309', '0', '1.5', ''))
          .map((value) =>
            plan(
              `query ${p.name}=${preview(value)}`,
              (parts) => ({ ...parts, query: [...parts.query, [encodeComponent(p.name), encodeComponent(value)]] }),
              false,
            ),
          ),
      );
    }
    add(
      1,
      fc
        .constantFrom('%', '%zz', '%E0%A4%A', '%ED%A0%80', '%00', 'a[b]=1&a[c]=2', '&&&==&', 'x'.repeat(7_000))
        .map((raw) =>
          plan(`raw query ${preview(raw)}`, (parts) => ({ ...parts, query: [...parts.query, [raw, raw]] }), false),
        ),
    );
  }

  return fc.tuple(paramNoise, queryNoise, bodyNoise, fc.oneof(...plans)).map(([params, query, body, chosen]) => {
    const parts = chosen.apply({ params, query, body: mutating ? JSON.stringify(body) : undefined });
    return {
      malformed: chosen.malformed,
      certain: chosen.certain,
      url: urlOf(route, parts),
      ...(parts.body === undefined ? {} : { body: parts.body }),
    };
  });
}

function urlOf(route: RouteShape, parts: Parts): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => parts.params[name] ?? 'x');
  const search = parts.query.map(([k, v]) => `${k}=${v}`).join('&');
  return search ? `${path}?${search}` : path;
}

/** The values most likely to break a handler or a query: each one goes into every parameter of every read. */
const CRITICAL_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  "' OR 1=1 --",
  '1; DROP TABLE users',
  '<script>alert(1)</script>',
  '\u202egnp.exe',
  '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}',
  '-1',
  'NaN',
  'Infinity',
  '1e309',
  '9'.repeat(400),
  'y'.repeat(2_000),
  '%',
  '\\',
];

/**
 * Fixed cases run before the generated ones (fast-check `examples`), so the worst values are never left to chance:
 * on reads every critical string in every query and path parameter (the other parameters real); on writes broken
 * JSON, deep nesting and a body of the wrong type.
 */
export function criticalCases(route: RouteShape, ctx: FuzzContext): FuzzCase[] {
  const realParams = Object.fromEntries(
    route.pathParams.map((p) => [
      p.name,
      encodeComponent(ctx.realIds(route, p)[0] ?? '00000000-0000-4000-8000-000000000000'),
    ]),
  );
  const at = (parts: Partial<Parts>) => urlOf(route, { params: realParams, query: [], ...parts });
  if (route.method === 'GET') {
    return CRITICAL_STRINGS.flatMap((value) => [
      ...route.query.map((p): FuzzCase => ({
        malformed: `query ${p.name}=${preview(value)}`,
        certain: false,
        url: at({ query: [[encodeComponent(p.name), encodeComponent(value)]] }),
      })),
      ...route.pathParams.map((p): FuzzCase => ({
        malformed: `path ${p.name}: ${preview(value)}`,
        certain: stringBreaks(p.schema, value),
        url: at({ params: { ...realParams, [p.name]: encodeComponent(value) } }),
      })),
    ]);
  }
  const root = route.body ? objectShape(route.body) : undefined;
  const bodies = [
    '',
    '{',
    '{"a":1,}',
    'NaN',
    '{"__proto__":{"isAdmin":true}}',
    deepJson(ctx.maxJsonDepth + 1, 'array', undefined),
    deepJson(1000, 'object', Object.keys(root?.properties ?? {})[0]),
  ];
  const families = route.body ? familiesOf(route.body) : undefined;
  const wrongRoots = families
    ? ['[]', '"\\u0000"', '-1'].filter((text) => !families.has(familyOfValue(JSON.parse(text))))
    : [];
  return [...bodies, ...wrongRoots].map((body) => ({
    malformed: `body ${preview(body)}`,
    certain: true,
    url: at({}),
    body,
  }));
}

/**
 * A NUL in each text field of an otherwise plausible body: no database stores one, so the server must refuse it or
 * cope, never crash. Not malformed for certain (a field that is only compared, never stored, may take it), so these
 * may be accepted and may write.
 */
export function nulCases(route: RouteShape, ctx: FuzzContext): FuzzCase[] {
  const root = route.method !== 'GET' && route.body ? objectShape(route.body) : undefined;
  if (!root) return [];
  const example = exampleOf(root, '', ctx) as Record<string, unknown>;
  const params = Object.fromEntries(
    route.pathParams.map((p) => [
      p.name,
      encodeComponent(ctx.realIds(route, p)[0] ?? '00000000-0000-4000-8000-000000000000'),
    ]),
  );
  return fieldTargets(root)
    .filter((target) => familiesOf(target.schema)?.has('string'))
    .map((target) => ({
      malformed: `body.${target.path.join('.')}: NUL in text`,
      certain: false,
      url: urlOf(route, { params, query: [] }),
      body: JSON.stringify(withValueAt(example, target, 'a\u0000b', ctx)),
    }));
}

/** A short, printable form of a value for messages. */
export function preview(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
