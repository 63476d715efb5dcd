import type { AppSettingKey, AppSettings, AppSettingsRepository } from '@optionstrader/application';
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { appSettings } from '../schema/index';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** An object whose every listed field passes its check (extra fields are ignored). */
function hasFields(value: unknown, fields: Record<string, (field: unknown) => boolean>): boolean {
  return isRecord(value) && Object.entries(fields).every(([name, check]) => check(value[name]));
}

/** A cap: a non-negative number, or null for no cap. */
const isCap = (value: unknown) => value === null || (isFiniteNumber(value) && value >= 0);
const isNonNegative = (value: unknown) => isFiniteNumber(value) && value >= 0;
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

// jsonb comes back untyped; a wrong type (hand-edited row) must fail loudly, not flip a safety switch.
const isValid: { [K in AppSettingKey]: (value: unknown) => value is AppSettings[K] } = {
  autotrade_enabled: (value): value is boolean => typeof value === 'boolean',
  ibkr_next_order_id: (value): value is number => Number.isSafeInteger(value) && (value as number) >= 0,
  demo_strategies_seeded: (value): value is boolean => typeof value === 'boolean',
  reduce_only: (value): value is boolean => typeof value === 'boolean',
  automation_limits: (value): value is AppSettings['automation_limits'] =>
    hasFields(value, {
      maxContractsPerOrder: isCap,
      maxNotionalPerOrder: isCap,
      maxContractsPerDay: isCap,
      maxNotionalPerDay: isCap,
    }),
  order_policy: (value): value is AppSettings['order_policy'] =>
    hasFields(value, {
      priceBandFraction: isNonNegative,
      priceBandTicks: isCount,
      repriceEnabled: (field) => typeof field === 'boolean',
      repriceStepFraction: isNonNegative,
      repriceMaxSteps: isCount,
      repriceDelaySeconds: isNonNegative,
    }),
};

export function createAppSettingsRepository(db: Db): AppSettingsRepository {
  return {
    async get<K extends AppSettingKey>(key: K): Promise<AppSettings[K] | undefined> {
      const [row] = await db
        .select({ value: appSettings.value })
        .from(appSettings)
        .where(eq(appSettings.key, key))
        .limit(1);
      if (!row) return undefined;
      const check: (value: unknown) => value is AppSettings[K] = isValid[key];
      if (!check(row.value)) throw new Error(`app_settings.${key} holds a value of the wrong type`);
      return row.value;
    },

    async set(key, value, updatedBy, at) {
      await db
        .insert(appSettings)
        .values({ key, value, updatedBy, updatedAt: at })
        .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedBy, updatedAt: at } });
    },
  };
}
