import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DEFAULT_SCAN_FILTERS,
  scanFiltersFor,
  scanFiltersSchema,
  scanFiltersSchemaWith,
  scoreMethodSchema,
} from './filters-schema';

describe('scan filter schemas', () => {
  it('fills every field from the defaults (puts by default)', () => {
    expect(scanFiltersSchema.parse({})).toEqual(DEFAULT_SCAN_FILTERS);
    expect(DEFAULT_SCAN_FILTERS.rights).toEqual(['put']);
    expect(scanFiltersFor({ maxSpreadPct: null, rights: ['call'] })).toMatchObject({
      maxSpreadPct: null,
      rights: ['call'],
      minDte: 14,
    });
  });

  it('describes every field, for the config form', () => {
    const json = z.toJSONSchema(scanFiltersSchema, { io: 'input' }) as {
      properties: Record<string, { description?: string }>;
      required?: string[];
    };
    expect(Object.keys(json.properties).sort()).toEqual(Object.keys(DEFAULT_SCAN_FILTERS).sort());
    for (const [field, property] of Object.entries(json.properties)) expect(property.description, field).toBeTruthy();
    expect(json.required ?? []).toEqual([]);
  });

  it('lets a plugin change the defaults', () => {
    const theta = scanFiltersSchemaWith({ minDte: 5, maxDte: 10, maxAbsDelta: 0.2 });
    expect(theta.parse({})).toMatchObject({ minDte: 5, maxDte: 10, maxAbsDelta: 0.2, minAbsDelta: 0.15 });
  });

  it('rejects inverted bounds and out-of-range values', () => {
    expect(scanFiltersSchema.safeParse({ minDte: 30, maxDte: 10 }).success).toBe(false);
    expect(scanFiltersSchema.safeParse({ minAbsDelta: 0.4, maxAbsDelta: 0.3 }).success).toBe(false);
    expect(scanFiltersSchema.safeParse({ maxAbsDelta: 1.5 }).success).toBe(false);
    expect(scanFiltersSchema.safeParse({ rights: [] }).success).toBe(false);
    expect(() => scanFiltersFor({ minDte: -1 })).toThrow();
  });

  it('ranks balanced by default', () => {
    expect(scoreMethodSchema.parse(undefined)).toBe('balanced');
    expect(scoreMethodSchema.safeParse('random').success).toBe(false);
  });
});
