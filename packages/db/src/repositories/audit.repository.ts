import type { AuditEntry, AuditRepository } from '@optionstrader/application';
import type { Db } from '../client';
import { auditLog } from '../schema/index';

/** An audit entry as a row; repositories that audit inside their own transaction insert this with their `tx`. */
export function auditRow(entry: AuditEntry): typeof auditLog.$inferInsert {
  return {
    actorUserId: entry.actorUserId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    // undefined means "not applicable": store SQL NULL rather than a JSON null.
    before: entry.before === undefined ? null : entry.before,
    after: entry.after === undefined ? null : entry.after,
    at: entry.at,
  };
}

export function createAuditRepository(db: Db): AuditRepository {
  return {
    async record(entry) {
      await db.insert(auditLog).values(auditRow(entry));
    },
  };
}
