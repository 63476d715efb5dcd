export interface AuditEntry {
  /** The user who acted, or null for the system itself (start-up, scheduler). */
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  at: Date;
}

export interface AuditRepository {
  record(entry: AuditEntry): Promise<void>;
}
