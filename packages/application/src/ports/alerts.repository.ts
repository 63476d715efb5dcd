// Operational alerts (data health, connectivity, later risk): raised by the system, acknowledged by a user.
export type AlertSeverity = 'info' | 'warning' | 'error' | 'critical';

export interface AlertRecord {
  id: string;
  kind: string;
  severity: AlertSeverity;
  message: string;
  payload: unknown;
  /** Alerts of one kind, key, account and client are one condition: at most one of them is open at a time. */
  dedupeKey: string | null;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

export interface RaiseAlert {
  kind: string;
  severity: AlertSeverity;
  message: string;
  payload?: Record<string, unknown> | null;
  at: Date;
  dedupeKey?: string | null;
  /** The broker account it is about: only that account's client sees it. */
  accountId?: string | null;
  /** The client it is for; with no account and no client it is installation-wide (every client sees it). */
  clientId?: string | null;
}

export interface AlertFilter {
  /** Absent: both. */
  acknowledged?: boolean;
  limit: number;
}

export interface AlertsRepository {
  /** Inserts the alert, or returns the open (unacknowledged) one of the same condition untouched. */
  raise(alert: RaiseAlert): Promise<{ alert: AlertRecord; created: boolean }>;
  /** Idempotent: an alert already acknowledged keeps its first acknowledgement. null when the id is unknown. */
  acknowledge(id: string, userId: string | null, at: Date): Promise<AlertRecord | null>;
  /** Acknowledges every open alert of a kind (and key, when given) on the system's behalf; returns how many. */
  resolve(kind: string, dedupeKey: string | null, at: Date): Promise<number>;
  /** Every client's, newest first: for background work (the risk monitor), never an API list. */
  list(filter: AlertFilter): Promise<AlertRecord[]>;
  /** What one client sees, newest first: its own alerts, its accounts' alerts and installation-wide ones. */
  listClientAlerts(clientId: string, filter: AlertFilter): Promise<AlertRecord[]>;
}
