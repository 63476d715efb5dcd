import { describe, expect, test } from 'vitest';
import {
  configFromForm,
  fieldsFromSchema,
  formFromConfig,
  humanize,
  mapIssues,
  rangeText,
  type ConfigField,
} from './schema-form';

// What zod 4's toJSONSchema(schema, { io: 'input' }) emits for a config like the plugins' (checked by hand against
// its output): defaults and descriptions on the property, nullable as a type list or anyOf with null.
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    symbols: { default: ['KO'], description: 'Tickers', type: 'array', items: { type: 'string', pattern: '^[A-Z]+$' } },
    watchlistIds: { default: [], type: 'array', items: { type: 'string', format: 'uuid' } },
    targetDelta: { default: 0.3, description: 'Target |delta|', type: 'number', minimum: 0.05, maximum: 0.6 },
    minDte: { default: 21, type: 'integer', minimum: 1, maximum: 9007199254740991 },
    coverPct: { default: 1, type: 'number', exclusiveMinimum: 0, maximum: 1 },
    earningsGuard: { default: true, type: 'boolean' },
    itmPolicy: { default: 'roll', type: 'string', enum: ['roll', 'let_assign', 'close'] },
    scoreMethod: {
      default: 'ror',
      anyOf: [
        { type: 'string', const: 'ror' },
        { type: 'string', const: 'pop' },
      ],
    },
    minOpenInterest: { default: 100, type: ['integer', 'null'], minimum: 0 },
    perSymbolDelta: {
      default: {},
      type: 'object',
      propertyNames: { type: 'string' },
      additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
    },
    roll: {
      default: { rollAtDte: 21 },
      anyOf: [{ type: 'object', properties: { rollAtDte: { type: 'integer' } } }, { type: 'null' }],
    },
    note: { type: 'string' },
    threshold: { type: 'number' },
    rollRules: {
      type: 'object',
      default: { minDte: 30 },
      description: 'How open shorts are managed',
      properties: {
        rollAtDte: { type: 'integer', default: 21, minimum: 0 },
        itmPolicy: { type: 'string', enum: ['roll', 'close'], default: 'roll' },
        maxDte: { type: 'integer', minimum: 1 },
        minDte: { type: 'integer', minimum: 1 },
      },
    },
  },
  required: ['threshold'],
};

const fields = fieldsFromSchema(schema);
const field = (key: string): ConfigField => {
  const found = fields.find((f) => f.key === key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
};

describe('fieldsFromSchema', () => {
  test('one field per property, nested objects as groups; ordered lists, numbers, choices, switches, records, JSON', () => {
    // The server stores the schema as jsonb (keys reordered), so the form orders fields itself: min before max.
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['symbols', 'tags'],
      ['watchlistIds', 'tags'],
      ['coverPct', 'number'],
      ['minDte', 'number'],
      ['minOpenInterest', 'number'],
      ['targetDelta', 'number'],
      ['threshold', 'number'],
      ['itmPolicy', 'enum'],
      ['note', 'string'],
      ['scoreMethod', 'enum'],
      ['earningsGuard', 'boolean'],
      ['perSymbolDelta', 'record'],
      ['rollRules.minDte', 'number'],
      ['rollRules.maxDte', 'number'],
      ['rollRules.rollAtDte', 'number'],
      ['rollRules.itmPolicy', 'enum'],
      ['roll', 'json'],
    ]);
  });

  test('a nested field knows its group and path; without a default of its own it takes the group’s', () => {
    expect(field('rollRules.rollAtDte')).toMatchObject({
      path: ['rollRules', 'rollAtDte'],
      label: 'Roll at DTE',
      group: { key: 'rollRules', label: 'Roll rules', description: 'How open shorts are managed' },
      fallback: 21,
    });
    expect(field('rollRules.minDte').fallback).toBe(30);
    expect(field('rollRules.maxDte')).toMatchObject({ fallback: undefined, required: false });
    expect(field('symbols').group).toBeNull();
  });

  test('labels, descriptions, defaults, nullability and requiredness come from the schema', () => {
    expect(field('targetDelta')).toMatchObject({
      label: 'Target delta',
      description: 'Target |delta|',
      fallback: 0.3,
      nullable: false,
      required: false,
      integer: false,
      min: { value: 0.05, exclusive: false },
      max: { value: 0.6, exclusive: false },
    });
    expect(field('minOpenInterest')).toMatchObject({ kind: 'number', integer: true, nullable: true });
    expect(field('roll')).toMatchObject({ kind: 'json', nullable: true, fallback: { rollAtDte: 21 } });
    expect(field('watchlistIds')).toMatchObject({ uuid: true });
    expect(field('symbols')).toMatchObject({ uuid: false });
    expect(field('scoreMethod')).toMatchObject({ options: ['ror', 'pop'] });
    expect(field('threshold').required).toBe(true);
    expect(field('note').required).toBe(false);
  });

  test('zod’s ±MAX_SAFE_INTEGER integer range is no range', () => {
    expect(field('minDte')).toMatchObject({ min: { value: 1, exclusive: false }, max: null });
  });

  test('an object schema without properties has no fields', () => {
    expect(fieldsFromSchema({ type: 'object' })).toEqual([]);
  });

  test('a record whose keys are a closed enum (every key required) is edited as JSON', () => {
    const closed = fieldsFromSchema({
      type: 'object',
      properties: {
        byRight: {
          type: 'object',
          propertyNames: { type: 'string', enum: ['call', 'put'] },
          additionalProperties: { type: 'number' },
          required: ['call', 'put'],
        },
      },
    });
    expect(closed[0]?.kind).toBe('json');
  });
});

describe('rangeText', () => {
  const number = (key: string) => {
    const f = field(key);
    if (f.kind !== 'number') throw new Error('not a number field');
    return f;
  };
  test('closed, half-open and exclusive ranges', () => {
    expect(rangeText(number('targetDelta'))).toBe('0.05 – 0.6');
    expect(rangeText(number('minDte'))).toBe('≥ 1');
    expect(rangeText(number('coverPct'))).toBe('> 0, ≤ 1');
    expect(rangeText(number('threshold'))).toBeNull();
  });
});

describe('humanize', () => {
  test.each([
    ['targetDelta', 'Target delta'],
    ['minIVRank', 'Min IV rank'],
    ['rollAtDte', 'Roll at DTE'],
    ['max_spread_pct', 'Max spread %'],
    ['symbols', 'Symbols'],
    ['coverPct', 'Cover %'],
    ['watchlistIds', 'Watchlists'],
  ])('%s → %s', (key, label) => {
    expect(humanize(key)).toBe(label);
  });
});

describe('formFromConfig → configFromForm', () => {
  test('the config round-trips; absent keys start from the schema defaults', () => {
    const config = {
      symbols: ['KO', 'PEP'],
      targetDelta: 0.25,
      minOpenInterest: null,
      perSymbolDelta: { KO: 0.2 },
      roll: { rollAtDte: 14 },
      threshold: 3,
      rollRules: { rollAtDte: 14, itmPolicy: 'close', maxDte: 60 },
    };
    const values = formFromConfig(fields, config);
    expect(values['targetDelta']).toBe(0.25);
    expect(values['minDte']).toBe(21);
    expect(values['minOpenInterest']).toBe('');
    expect(values['perSymbolDelta']).toEqual([{ key: 'KO', value: 0.2 }]);
    expect(values['roll']).toBe('{\n  "rollAtDte": 14\n}');
    expect(values['rollRules.rollAtDte']).toBe(14);
    // Absent from the stored group: the group's default.
    expect(values['rollRules.minDte']).toBe(30);

    const parsed = configFromForm(fields, values);
    expect(parsed).toEqual({
      ok: true,
      config: {
        symbols: ['KO', 'PEP'],
        watchlistIds: [],
        targetDelta: 0.25,
        minDte: 21,
        coverPct: 1,
        earningsGuard: true,
        itmPolicy: 'roll',
        scoreMethod: 'ror',
        minOpenInterest: null,
        perSymbolDelta: { KO: 0.2 },
        roll: { rollAtDte: 14 },
        threshold: 3,
        rollRules: { rollAtDte: 14, itmPolicy: 'close', minDte: 30, maxDte: 60 },
      },
    });
  });

  test('out-of-range numbers pass: the server holds the range and answers next to the field', () => {
    const values = formFromConfig(fields, { threshold: 1 });
    const parsed = configFromForm(fields, { ...values, targetDelta: 5 });
    expect(parsed.ok && parsed.config['targetDelta']).toBe(5);
  });

  test('what is not a value is refused per field', () => {
    const values = formFromConfig(fields, {});
    const parsed = configFromForm(fields, {
      ...values,
      targetDelta: 'abc',
      minDte: 2.5,
      threshold: '',
      roll: '{ broken',
      perSymbolDelta: [
        { key: 'KO', value: 0.2 },
        { key: 'KO', value: 0.3 },
      ],
    });
    expect(parsed).toEqual({
      ok: false,
      errors: {
        targetDelta: 'Not a number',
        minDte: 'A whole number',
        threshold: 'Required',
        roll: 'Not valid JSON',
        perSymbolDelta: 'KO appears twice',
      },
    });
  });

  test('an emptied field: null when nullable, left to the server default when it has one', () => {
    const values = formFromConfig(fields, { threshold: 1 });
    const parsed = configFromForm(fields, { ...values, minOpenInterest: '', targetDelta: '', note: '' });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.config['minOpenInterest']).toBeNull();
    expect('targetDelta' in parsed.config).toBe(false);
    expect('note' in parsed.config).toBe(false);
  });

  test('record rows: blank rows are skipped, a value without a key is refused', () => {
    const values = formFromConfig(fields, { threshold: 1 });
    const blank = configFromForm(fields, { ...values, perSymbolDelta: [{ key: ' ', value: '' }] });
    expect(blank.ok && blank.config['perSymbolDelta']).toEqual({});
    const keyless = configFromForm(fields, { ...values, perSymbolDelta: [{ key: '', value: 0.2 }] });
    expect(keyless).toEqual({ ok: false, errors: { perSymbolDelta: 'Every row needs a key' } });
  });
});

describe('mapIssues', () => {
  // Field keys and group keys: an issue about a group as a whole sits on the group.
  const keys = new Set(['targetDelta', 'perSymbolDelta', 'rollRules', 'rollRules.rollAtDte']);
  const request = new Set(['name', 'accountId']);
  test('config issues go to their top-level field, request issues to theirs, the rest stays general', () => {
    expect(
      mapIssues(
        [
          { path: 'body.config.targetDelta', message: 'Too big: expected number to be <=0.6' },
          { path: 'body.config.perSymbolDelta.KO', message: 'Too big' },
          { path: 'body.config.rollRules.rollAtDte', message: 'Too small' },
          { path: 'body.config.rollRules', message: 'rollMinDte must not exceed rollMaxDte' },
          { path: 'body.config.targetDelta', message: 'minDelta must not exceed maxDelta' },
          { path: 'body.name', message: 'Too small' },
          { path: 'body.config.unknownKey', message: 'Unrecognized key' },
          { path: '', message: 'Something else' },
        ],
        keys,
        request,
      ),
    ).toEqual({
      fields: {
        targetDelta: 'Too big: expected number to be <=0.6; minDelta must not exceed maxDelta',
        perSymbolDelta: 'KO: Too big',
        'rollRules.rollAtDte': 'Too small',
        rollRules: 'rollMinDte must not exceed rollMaxDte',
        name: 'Too small',
      },
      other: ['body.config.unknownKey: Unrecognized key', 'Something else'],
    });
  });
});
