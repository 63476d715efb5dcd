import { describeDb } from '@optionstrader/testkit';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { appSettings } from '../schema/index';

describeDb('app settings repository', (use) => {
  it('reads the kill switch as false on a fresh database', async () => {
    expect(await use().repositories.appSettings.get('autotrade_enabled')).toBe(false);
  });

  it('sets a value and records who changed it', async () => {
    const { database, repositories } = use();
    const admin = await repositories.users.create({ email: 'admin@example.com', passwordHash: 'h', isAdmin: true });
    const at = new Date('2025-03-03T14:00:00Z');
    await repositories.appSettings.set('autotrade_enabled', true, admin!.id, at);
    expect(await repositories.appSettings.get('autotrade_enabled')).toBe(true);
    const [row] = await database.db.select().from(appSettings).where(eq(appSettings.key, 'autotrade_enabled'));
    expect(row).toMatchObject({ updatedBy: admin!.id, updatedAt: at });
    await repositories.appSettings.set('autotrade_enabled', false, null, at);
    expect(await repositories.appSettings.get('autotrade_enabled')).toBe(false);
  });

  it('refuses a stored value of the wrong type instead of guessing', async () => {
    const { database, repositories } = use();
    await database.db.update(appSettings).set({ value: 'yes' }).where(eq(appSettings.key, 'autotrade_enabled'));
    await expect(repositories.appSettings.get('autotrade_enabled')).rejects.toThrow(/wrong type/);
  });

  it('seeds the order-flow settings: not reduce-only, conservative automation limits, no repricing', async () => {
    const { appSettings: settings } = use().repositories;
    expect(await settings.get('reduce_only')).toBe(false);
    expect(await settings.get('automation_limits')).toEqual({
      maxContractsPerOrder: 10,
      maxNotionalPerOrder: null,
      maxContractsPerDay: 50,
      maxNotionalPerDay: null,
    });
    expect(await settings.get('order_policy')).toEqual({
      priceBandFraction: 0.25,
      priceBandTicks: 5,
      repriceEnabled: false,
      repriceStepFraction: 0.25,
      repriceMaxSteps: 4,
      repriceDelaySeconds: 60,
    });
  });

  it('refuses order-flow settings with a missing or mistyped field', async () => {
    const { database, repositories } = use();
    await database.db
      .update(appSettings)
      .set({
        value: {
          maxContractsPerOrder: '10',
          maxNotionalPerOrder: null,
          maxContractsPerDay: 50,
          maxNotionalPerDay: null,
        },
      })
      .where(eq(appSettings.key, 'automation_limits'));
    await expect(repositories.appSettings.get('automation_limits')).rejects.toThrow(/wrong type/);
    await database.db
      .update(appSettings)
      .set({ value: { priceBandFraction: 0.25, priceBandTicks: 5 } })
      .where(eq(appSettings.key, 'order_policy'));
    await expect(repositories.appSettings.get('order_policy')).rejects.toThrow(/wrong type/);
    await database.db.update(appSettings).set({ value: 0 }).where(eq(appSettings.key, 'reduce_only'));
    await expect(repositories.appSettings.get('reduce_only')).rejects.toThrow(/wrong type/);
  });
});
