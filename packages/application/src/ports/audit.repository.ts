export interface AuditEntry {
  /** The user who acted, or null for the system itself (start-up, scheduler). */
  actorUserId: string | null;
  /** The client the change belongs to; absent → the request's active client, if any (see audit-context). */
  clientId?: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Where the request came from; absent → the request's IP (see audit-context). */
  ip?: string | null;
  at: Date;
}

export interface AuditRepository {
  record(entry: AuditEntry): Promise<void>;
}

export interface AuditFilter {
  /** Rows of this client; with `includeInstallation`, also rows of no client (logins, users, global settings). */
  clientId: string | null;
  includeInstallation: boolean;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorEmail?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  before?: number | undefined;
  limit: number;
}

export interface AuditRecord {
  id: number;
  at: Date;
  actorUserId: string | null;
  actorEmail: string | null;
  clientId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  /** Newest first. */
  list(filter: AuditFilter): Promise<AuditRecord[]>;
}
