import type { AppSettingKey, AppSettings, AppSettingsRepository } from '@optionstrader/application';
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { appSettings } from '../schema/index';

// jsonb comes back untyped; a wrong type (hand-edited row) must fail loudly, not flip a safety switch.
const isValid: { [K in AppSettingKey]: (value: unknown) => value is AppSettings[K] } = {
  autotrade_enabled: (value): value is boolean => typeof value === 'boolean',
  ibkr_next_order_id: (value): value is number => Number.isSafeInteger(value) && (value as number) >= 0,
  demo_strategies_seeded: (value): value is boolean => typeof value === 'boolean',
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
