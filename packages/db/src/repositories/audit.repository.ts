import type { AuditRepository } from '@optionstrader/application';
import type { Db } from '../client';
import { auditLog } from '../schema/index';

export function createAuditRepository(db: Db): AuditRepository {
  return {
    async record(entry) {
      await db.insert(auditLog).values({
        actorUserId: entry.actorUserId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        // undefined means "not applicable": store SQL NULL rather than a JSON null.
        before: entry.before === undefined ? null : entry.before,
        after: entry.after === undefined ? null : entry.after,
        at: entry.at,
      });
    },
  };
}
