// What the engine does with any plugin's output, the same live and in backtests: a stable fingerprint per
// recommendation (a re-run on the same state must not duplicate a pending one), config parsing with readable
// errors, and the JSON schema the UI renders a config form from.
import { z } from 'zod';
import type { RecommendationDraft, StrategyPlugin } from './types';

/** Same action, legs (contract, side, ratio) and quantity → same fingerprint; prices and words do not count. */
export function recommendationFingerprint(draft: RecommendationDraft): string {
  const legs = draft.legs
    .map((leg) =>
      leg.kind === 'stock'
        ? `${leg.side}:${leg.symbol}:stock:${leg.ratio}`
        : `${leg.side}:${leg.symbol}:${leg.expiry}:${leg.strike}:${leg.right}:${leg.multiplier}:${leg.ratio}`,
    )
    .sort()
    .join('|');
  return `${draft.action}#${draft.quantity}#${legs}`;
}

/** Knobs every instance has, whatever its plugin: the engine applies them to the plugin's output. */
export const engineConfigShape = {
  onRiskBlock: z
    .enum(['show', 'drop'])
    .default('show')
    .describe(
      'A recommendation the pre-trade risk check blocks: show it with the block reason, or drop it (a signal says so)',
    ),
  recommendationTtlHours: z
    .number()
    .positive()
    .max(24 * 14)
    .default(8)
    .describe('Hours a pending recommendation stays valid before it expires'),
};
export interface EngineConfig {
  onRiskBlock: 'show' | 'drop';
  recommendationTtlHours: number;
}

export type ConfigIssue = { path: (string | number)[]; message: string };
export type ConfigParse<C> = { ok: true; config: C & EngineConfig } | { ok: false; issues: ConfigIssue[] };

/** The instance's full config schema: the plugin's fields plus the engine's. */
export function instanceConfigSchema<C>(plugin: StrategyPlugin<C>): z.ZodType<C & EngineConfig> {
  const schema = plugin.configSchema as unknown;
  if (!(schema instanceof z.ZodObject)) throw new TypeError(`The config schema of ${plugin.slug} is not an object`);
  return schema.extend(engineConfigShape) as unknown as z.ZodType<C & EngineConfig>;
}

/** The instance's config from stored or submitted JSON; missing fields take their defaults. */
export function parseStrategyConfig<C>(plugin: StrategyPlugin<C>, raw: unknown): ConfigParse<C> {
  const parsed = instanceConfigSchema(plugin).safeParse(raw ?? {});
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
      message: issue.message,
    })),
  };
}

/** The config's JSON schema (input side: fields with defaults are optional) and its defaults. */
export function configSchemaOf(plugin: StrategyPlugin<unknown>): {
  jsonSchema: Record<string, unknown>;
  defaults: Record<string, unknown>;
} {
  const schema = instanceConfigSchema(plugin);
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const defaults = schema.parse({}) as unknown as Record<string, unknown>;
  return { jsonSchema, defaults };
}
