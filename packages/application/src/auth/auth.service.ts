// Log in, authenticate a session token, log out: the session rules in one place, I/O only through ports.
import type {
  AuditRepository,
  Clock,
  PasswordHasher,
  SessionRecord,
  SessionsRepository,
  TokenGenerator,
  UserRecord,
  UsersRepository,
} from '../ports';

export interface AuthServiceDeps {
  users: UsersRepository;
  sessions: SessionsRepository;
  audit: AuditRepository;
  hasher: PasswordHasher;
  tokens: TokenGenerator;
  clock: Clock;
  /** Idle lifetime of a session; each use slides it forward. */
  sessionTtlMs: number;
}

export interface LoginInput {
  email: string;
  password: string;
  userAgent?: string | null;
  ip?: string | null;
}

export type LoginResult =
  { ok: true; token: string; user: UserRecord; expiresAt: Date } | { ok: false; reason: 'invalid_credentials' };

export interface Authenticated {
  user: UserRecord;
  session: SessionRecord;
}

/** Sliding expiry is written at most this often, so a busy UI does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export function createAuthService(deps: AuthServiceDeps) {
  const { users, sessions, audit, hasher, tokens, clock, sessionTtlMs } = deps;
  let decoyHash: Promise<string> | undefined;

  // Verifying against a decoy when the email is unknown keeps response time from revealing which emails exist.
  const verifyDecoy = async (password: string) => {
    decoyHash ??= hasher.hash(tokens.newToken());
    await hasher.verify(await decoyHash, password);
  };

  return {
    async login(input: LoginInput): Promise<LoginResult> {
      const user = await users.findByEmail(input.email);
      if (!user || user.disabled) {
        await verifyDecoy(input.password);
        return { ok: false, reason: 'invalid_credentials' };
      }
      if (!(await hasher.verify(user.passwordHash, input.password))) {
        await audit.record({
          actorUserId: user.id,
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          at: clock.now(),
        });
        return { ok: false, reason: 'invalid_credentials' };
      }
      const now = clock.now();
      const token = tokens.newToken();
      const expiresAt = new Date(now.getTime() + sessionTtlMs);
      await sessions.create({
        userId: user.id,
        tokenHash: tokens.digest(token),
        createdAt: now,
        expiresAt,
        userAgent: input.userAgent ?? null,
        ip: input.ip ?? null,
      });
      await audit.record({
        actorUserId: user.id,
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        at: now,
      });
      return { ok: true, token, user, expiresAt };
    },

    async authenticate(token: string): Promise<Authenticated | undefined> {
      const now = clock.now();
      const found = await sessions.findActive(tokens.digest(token), now);
      if (!found) return undefined;
      if (now.getTime() - found.session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
        const expiresAt = new Date(now.getTime() + sessionTtlMs);
        await sessions.touch(found.session.id, now, expiresAt);
        return { user: found.user, session: { ...found.session, lastSeenAt: now, expiresAt } };
      }
      return found;
    },

    async logout(token: string, actorUserId: string | null): Promise<void> {
      await sessions.deleteByTokenHash(tokens.digest(token));
      if (actorUserId) {
        await audit.record({
          actorUserId,
          action: 'auth.logout',
          entityType: 'user',
          entityId: actorUserId,
          at: clock.now(),
        });
      }
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
