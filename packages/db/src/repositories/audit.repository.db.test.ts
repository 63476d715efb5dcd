import { describeDb } from '@optionstrader/testkit';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditLog } from '../schema/index';

describeDb('audit repository', (use) => {
  it('records who did what to which entity, with before and after', async () => {
    const { database, repositories } = use();
    const actor = await repositories.users.create({ email: 'auditor@example.com', passwordHash: 'h', isAdmin: true });
    const at = new Date('2025-03-03T14:00:00Z');
    await repositories.audit.record({
      actorUserId: actor!.id,
      action: 'settings.update',
      entityType: 'app_settings',
      entityId: 'autotrade_enabled',
      before: { value: false },
      after: { value: true },
      at,
    });
    await repositories.audit.record({ actorUserId: null, action: 'system.start', entityType: 'system', at });

    const rows = await database.db.select().from(auditLog).orderBy(auditLog.id);
    expect(rows).toMatchObject([
      {
        actorUserId: actor!.id,
        action: 'settings.update',
        entityId: 'autotrade_enabled',
        before: { value: false },
        after: { value: true },
        at,
      },
      {
        actorUserId: null,
        action: 'system.start',
        entityType: 'system',
        entityId: null,
        before: null,
        after: null,
        at,
      },
    ]);
    const entity = await database.db.select().from(auditLog).where(eq(auditLog.entityType, 'app_settings'));
    expect(entity).toHaveLength(1);
  });
});
