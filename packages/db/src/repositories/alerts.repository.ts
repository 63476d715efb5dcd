// Alerts table access. The dedupe key has no column of its own: it lives in the payload (`payload->>'dedupeKey'`),
// and "one open alert per kind and key" is enforced by a per-key advisory lock around check-then-insert.
import type { AlertRecord, AlertsRepository } from '@optionstrader/application';
import { and, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { alerts } from '../schema/index';

type AlertRow = typeof alerts.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function dedupeKeyOf(payload: unknown): string | null {
  if (payload === null || typeof payload !== 'object' || !('dedupeKey' in payload)) return null;
  return typeof payload.dedupeKey === 'string' ? payload.dedupeKey : null;
}

function toRecord(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    message: row.message,
    payload: row.payload ?? null,
    dedupeKey: dedupeKeyOf(row.payload),
    createdAt: row.createdAt,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedBy: row.acknowledgedBy,
  };
}

/** Open alerts of a kind whose stored key equals `dedupeKey` (null: no key). */
function openOf(kind: string, dedupeKey: string | null): SQL | undefined {
  const key = sql`${alerts.payload}->>'dedupeKey'`;
  return and(
    eq(alerts.kind, kind),
    isNull(alerts.acknowledgedAt),
    dedupeKey === null ? sql`${key} is null` : sql`${key} = ${dedupeKey}`,
  );
}

export function createAlertsRepository(db: Db): AlertsRepository {
  return {
    raise(alert) {
      const dedupeKey = alert.dedupeKey ?? null;
      const payload = dedupeKey === null ? (alert.payload ?? null) : { ...alert.payload, dedupeKey };
      return db.transaction(async (tx) => {
        await tx.execute(
          sql`select pg_advisory_xact_lock(hashtext(${`optionstrader.alerts:${alert.kind}:${dedupeKey ?? ''}`}))`,
        );
        const [open] = await tx
          .select()
          .from(alerts)
          .where(openOf(alert.kind, dedupeKey))
          .orderBy(desc(alerts.createdAt))
          .limit(1);
        if (open) return { alert: toRecord(open), created: false };
        const [row] = await tx
          .insert(alerts)
          .values({ kind: alert.kind, severity: alert.severity, message: alert.message, payload, createdAt: alert.at })
          .returning();
        if (!row) throw new Error('alerts insert returned no row');
        return { alert: toRecord(row), created: true };
      });
    },

    async acknowledge(id, userId, at) {
      if (!UUID.test(id)) return null;
      // Only the first acknowledgement is kept, so a double click or a retry changes nothing.
      const [updated] = await db
        .update(alerts)
        .set({ acknowledgedAt: at, acknowledgedBy: userId })
        .where(and(eq(alerts.id, id), isNull(alerts.acknowledgedAt)))
        .returning();
      if (updated) return toRecord(updated);
      const [existing] = await db.select().from(alerts).where(eq(alerts.id, id));
      return existing ? toRecord(existing) : null;
    },

    async resolve(kind, dedupeKey, at) {
      const where =
        dedupeKey === null ? and(eq(alerts.kind, kind), isNull(alerts.acknowledgedAt)) : openOf(kind, dedupeKey);
      const rows = await db
        .update(alerts)
        .set({ acknowledgedAt: at, acknowledgedBy: null })
        .where(where)
        .returning({ id: alerts.id });
      return rows.length;
    },

    async list({ acknowledged, limit }) {
      const where =
        acknowledged === undefined
          ? undefined
          : acknowledged
            ? isNotNull(alerts.acknowledgedAt)
            : isNull(alerts.acknowledgedAt);
      const rows = await db
        .select()
        .from(alerts)
        .where(where)
        .orderBy(desc(alerts.createdAt), desc(alerts.id))
        .limit(limit);
      return rows.map(toRecord);
    },
  };
}
