/**
 * Global settings and their value types. `autotrade_enabled` is the kill switch (design §5): auto-trading
 * is allowed only when it is exactly `true`; a fresh database has it `false`.
 */
export interface AppSettings {
  autotrade_enabled: boolean;
  /** The IBKR order-id high-water mark: the next order id may never be below it (no id is ever reused). */
  ibkr_next_order_id: number;
  /** The demo's strategy instances were created once (BROKER=sim); deleting them later does not bring them back. */
  demo_strategies_seeded: boolean;
  /** Only orders that reduce existing positions are accepted, manual or automated. */
  reduce_only: boolean;
  /** Per-order and per-day caps on automated orders (domain `AutomationLimits`); null = no cap. */
  automation_limits: {
    maxContractsPerOrder: number | null;
    maxNotionalPerOrder: number | null;
    maxContractsPerDay: number | null;
    maxNotionalPerDay: number | null;
  };
  /** The price band a limit must sit in and the repricing ladder of working orders. */
  order_policy: {
    priceBandFraction: number;
    priceBandTicks: number;
    repriceEnabled: boolean;
    repriceStepFraction: number;
    repriceMaxSteps: number;
    repriceDelaySeconds: number;
  };
}

export type AppSettingKey = keyof AppSettings;

export interface AppSettingsRepository {
  /** `undefined` when the setting was never stored; throws when the stored value has the wrong type. */
  get<K extends AppSettingKey>(key: K): Promise<AppSettings[K] | undefined>;
  /** Upserts the value; `updatedBy` is the acting user, or null for the system. */
  set<K extends AppSettingKey>(key: K, value: AppSettings[K], updatedBy: string | null, at: Date): Promise<void>;
}
