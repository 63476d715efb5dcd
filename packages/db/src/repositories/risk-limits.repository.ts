// Per-account overrides of the risk limits, in broker_accounts.risk_limits (jsonb; {} = the account type's defaults).
import type { RiskLimitsRepository } from '@optionstrader/application';
import type { RiskLimits } from '@optionstrader/domain';
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { brokerAccounts } from '../schema/index';

const KEYS: readonly (keyof RiskLimits)[] = [
  'marginUsageWarn',
  'marginUsageMax',
  'minExcessLiquidity',
  'tickerExposureWarn',
  'tickerExposureMax',
  'indexEtfExposureMax',
  'maxNewContractsPerRun',
  'maxSyntheticDeltaShares',
  'drawdownThrottleAt',
  'drawdownThrottleScale',
  'drawdownBlockAt',
];

// jsonb comes back untyped; a hand-edited row with a wrong shape must fail loudly, not loosen a limit.
function parseLimits(accountId: string, value: unknown): RiskLimits {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`broker_accounts.risk_limits of ${accountId} is not an object`);
  }
  const limits: Record<string, number | null> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    const known = (KEYS as readonly string[]).includes(key);
    const nullable = key !== 'drawdownThrottleScale';
    if (!known || !((typeof entry === 'number' && Number.isFinite(entry)) || (nullable && entry === null))) {
      throw new Error(`broker_accounts.risk_limits of ${accountId} has an invalid ${key}`);
    }
    limits[key] = entry;
  }
  return limits;
}

export function createRiskLimitsRepository(db: Db): RiskLimitsRepository {
  return {
    async get(accountId) {
      const [row] = await db
        .select({ limits: brokerAccounts.riskLimits })
        .from(brokerAccounts)
        .where(eq(brokerAccounts.id, accountId))
        .limit(1);
      return row ? parseLimits(accountId, row.limits) : undefined;
    },

    async set(accountId, limits, at) {
      const stored = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
      const rows = await db
        .update(brokerAccounts)
        .set({ riskLimits: stored, updatedAt: at })
        .where(eq(brokerAccounts.id, accountId))
        .returning({ id: brokerAccounts.id });
      return rows.length > 0;
    },
  };
}
