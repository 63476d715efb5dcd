import type { UserRecord } from './users.repository';

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  /** The client selected in this session; null → the user's first. */
  clientId: string | null;
}

export interface NewSession {
  userId: string;
  /** SHA-256 of the cookie token, hex; the token itself is never stored. */
  tokenHash: string;
  expiresAt: Date;
  createdAt: Date;
  userAgent?: string | null;
  ip?: string | null;
}

export interface SessionsRepository {
  create(session: NewSession): Promise<SessionRecord>;
  /** The session and its user, when the hash matches, it has not expired at `now` and the user is enabled. */
  findActive(tokenHash: string, now: Date): Promise<{ session: SessionRecord; user: UserRecord } | undefined>;
  /** Moves `lastSeenAt` (and a sliding `expiresAt`) forward. */
  touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void>;
  deleteByTokenHash(tokenHash: string): Promise<void>;
  deleteForUser(userId: string): Promise<number>;
  /** Ends every session of the user but one (after a password change). */
  deleteOthers(userId: string, keepSessionId: string): Promise<number>;
  deleteExpired(now: Date): Promise<number>;
}
