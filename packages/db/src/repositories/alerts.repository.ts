// Alerts table access. The dedupe key has no column of its own: it lives in the payload (`payload->>'dedupeKey'`),
// and "one open alert per kind, key, account and client" is enforced by a per-key advisory lock around
// check-then-insert.
import type { AlertFilter, AlertRecord, AlertsRepository } from '@optionstrader/application';
import { and, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { alerts, brokerAccounts } from '../schema/index';

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

async function listAlerts(db: Db, visible: SQL | undefined, { acknowledged, limit }: AlertFilter) {
  const status =
    acknowledged === undefined
      ? undefined
      : acknowledged
        ? isNotNull(alerts.acknowledgedAt)
        : isNull(alerts.acknowledgedAt);
  const rows = await db
    .select()
    .from(alerts)
    .where(and(visible, status))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(limit);
  return rows.map(toRecord);
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
        // The same condition for another account or client is another alert.
        const [open] = await tx
          .select()
          .from(alerts)
          .where(
            and(
              openOf(alert.kind, dedupeKey),
              sql`${alerts.accountId} is not distinct from ${alert.accountId ?? null}`,
              sql`${alerts.clientId} is not distinct from ${alert.clientId ?? null}`,
            ),
          )
          .orderBy(desc(alerts.createdAt))
          .limit(1);
        if (open) return { alert: toRecord(open), created: false };
        const [row] = await tx
          .insert(alerts)
          .values({
            kind: alert.kind,
            severity: alert.severity,
            message: alert.message,
            payload,
            accountId: alert.accountId ?? null,
            clientId: alert.clientId ?? null,
            createdAt: alert.at,
          })
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

    list: (filter) => listAlerts(db, undefined, filter),

    listClientAlerts: (clientId, filter) =>
      listAlerts(
        db,
        or(
          eq(alerts.clientId, clientId),
          inArray(
            alerts.accountId,
            db.select({ id: brokerAccounts.id }).from(brokerAccounts).where(eq(brokerAccounts.clientId, clientId)),
          ),
          and(isNull(alerts.clientId), isNull(alerts.accountId)),
        ),
        filter,
      ),
  };
}
