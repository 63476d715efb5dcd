// Test code: the alerts repository contract in memory, shared by the monitors' tests.
import type { AlertRecord, AlertsRepository } from '../ports';

/** The repository contract in memory: dedupe while open, idempotent acknowledge, system resolve, newest first. */
export function inMemoryAlerts() {
  const rows: AlertRecord[] = [];
  const repo: AlertsRepository = {
    async raise(a) {
      const key = a.dedupeKey ?? null;
      const open = rows.find((r) => r.kind === a.kind && r.dedupeKey === key && r.acknowledgedAt === null);
      if (open) return { alert: open, created: false };
      const alert: AlertRecord = {
        id: `a${rows.length + 1}`,
        kind: a.kind,
        severity: a.severity,
        message: a.message,
        payload: a.payload ?? null,
        dedupeKey: key,
        createdAt: a.at,
        acknowledgedAt: null,
        acknowledgedBy: null,
      };
      rows.push(alert);
      return { alert, created: true };
    },
    async acknowledge(id, userId, at) {
      const row = rows.find((r) => r.id === id);
      if (!row) return null;
      if (row.acknowledgedAt === null) Object.assign(row, { acknowledgedAt: at, acknowledgedBy: userId });
      return row;
    },
    async resolve(kind, dedupeKey, at) {
      const open = rows.filter(
        (r) => r.kind === kind && r.acknowledgedAt === null && (dedupeKey === null || r.dedupeKey === dedupeKey),
      );
      for (const r of open) r.acknowledgedAt = at;
      return open.length;
    },
    async list({ acknowledged, limit }) {
      return rows
        .filter((r) => acknowledged === undefined || (r.acknowledgedAt !== null) === acknowledged)
        .reverse()
        .slice(0, limit);
    },
    listClientAlerts() {
      // The API's list, never the monitors': they work on every client's alerts.
      throw new Error('listClientAlerts is not for background work');
    },
  };
  return { repo, rows, open: () => rows.filter((r) => r.acknowledgedAt === null) };
}
