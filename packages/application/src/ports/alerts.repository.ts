// Operational alerts (data health, connectivity, later risk): raised by the system, acknowledged by a user.
export type AlertSeverity = 'info' | 'warning' | 'error' | 'critical';

export interface AlertRecord {
  id: string;
  kind: string;
  severity: AlertSeverity;
  message: string;
  payload: unknown;
  /** Alerts of one kind with the same key are one condition: at most one of them is open at a time. */
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
}

export interface AlertsRepository {
  /** Inserts the alert, or returns the open (unacknowledged) one of the same kind and dedupe key untouched. */
  raise(alert: RaiseAlert): Promise<{ alert: AlertRecord; created: boolean }>;
  /** Idempotent: an alert already acknowledged keeps its first acknowledgement. null when the id is unknown. */
  acknowledge(id: string, userId: string | null, at: Date): Promise<AlertRecord | null>;
  /** Acknowledges every open alert of a kind (and key, when given) on the system's behalf; returns how many. */
  resolve(kind: string, dedupeKey: string | null, at: Date): Promise<number>;
  /** Newest first. `acknowledged` absent: both. */
  list(filter: { acknowledged?: boolean; limit: number }): Promise<AlertRecord[]>;
}
