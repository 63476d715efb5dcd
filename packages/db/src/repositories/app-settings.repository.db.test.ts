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
});
