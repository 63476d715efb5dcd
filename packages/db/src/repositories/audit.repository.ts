import type { AuditEntry, AuditQuery, AuditRepository } from '@optionstrader/application';
import { currentAuditContext } from '../audit-context';
import { and, desc, eq, gte, isNull, like, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLog, users } from '../schema/index';

/**
 * An audit entry as a row; repositories that audit inside their own transaction insert this with their `tx`. What
 * the entry leaves out (client, IP) comes from the request it is written for.
 */
export function auditRow(entry: AuditEntry): typeof auditLog.$inferInsert {
  const context = currentAuditContext();
  if (context) context.recorded += 1;
  return {
    actorUserId: entry.actorUserId,
    clientId: entry.clientId === undefined ? (context?.clientId ?? null) : entry.clientId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    // undefined means "not applicable": store SQL NULL rather than a JSON null.
    before: entry.before === undefined ? null : entry.before,
    after: entry.after === undefined ? null : entry.after,
    ip: entry.ip === undefined ? (context?.ip ?? null) : entry.ip,
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

// LIKE patterns treat % and _ as wildcards; a filter is literal text.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createAuditQuery(db: Db): AuditQuery {
  return {
    async list(filter) {
      const scope = filter.clientId
        ? filter.includeInstallation
          ? or(eq(auditLog.clientId, filter.clientId), isNull(auditLog.clientId))
          : eq(auditLog.clientId, filter.clientId)
        : isNull(auditLog.clientId);
      const where: (SQL | undefined)[] = [scope];
      if (filter.action) {
        where.push(
          filter.action.endsWith('.')
            ? like(auditLog.action, `${escapeLike(filter.action)}%`)
            : eq(auditLog.action, filter.action),
        );
      }
      if (filter.entityType) where.push(eq(auditLog.entityType, filter.entityType));
      if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
      if (filter.actorEmail) where.push(eq(users.email, filter.actorEmail.toLowerCase()));
      if (filter.from) where.push(gte(auditLog.at, filter.from));
      if (filter.to) where.push(lte(auditLog.at, filter.to));
      if (filter.before) where.push(lt(auditLog.id, filter.before));
      const rows = await db
        .select({ row: auditLog, actorEmail: users.email })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorUserId))
        .where(and(...where))
        .orderBy(desc(auditLog.id))
        .limit(filter.limit);
      return rows.map(({ row, actorEmail }) => ({
        id: row.id,
        at: row.at,
        actorUserId: row.actorUserId,
        actorEmail: actorEmail ?? null,
        clientId: row.clientId,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        ip: row.ip,
        before: row.before,
        after: row.after,
      }));
    },
  };
}
