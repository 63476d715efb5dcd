export interface UserRecord {
  id: string;
  email: string;
  displayName: string | null;
  passwordHash: string;
  isAdmin: boolean;
  disabled: boolean;
  /** Failed logins since the last success; drives the lockout. */
  failedLoginCount: number;
  lockedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  email: string;
  displayName?: string | null;
  passwordHash: string;
  isAdmin: boolean;
}

export interface UsersRepository {
  findById(id: string): Promise<UserRecord | undefined>;
  /** Emails are stored lower-cased; callers pass a normalized email. */
  findByEmail(email: string): Promise<UserRecord | undefined>;
  /** Resolves to `undefined` when the email is taken (the unique index decides, not a prior read). */
  create(user: NewUser): Promise<UserRecord | undefined>;
  count(): Promise<number>;
  listAll(): Promise<UserRecord[]>;
  update(id: string, patch: UserPatch): Promise<UserRecord | undefined>;
  /** Adds one failed login atomically; the new count. */
  recordFailedLogin(id: string): Promise<number>;
}

export interface UserPatch {
  disabled?: boolean;
  isAdmin?: boolean;
  passwordHash?: string;
  failedLoginCount?: number;
  lockedUntil?: Date | null;
}
