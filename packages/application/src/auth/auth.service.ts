// Log in, authenticate a session token, log out: the session rules in one place, I/O only through ports.
import { newPasswordSchema } from '@optionstrader/contracts';
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
  /** The token of the session the browser already holds: ended on login, so a fixated token is useless. */
  previousToken?: string | undefined;
}

export type LoginResult =
  | { ok: true; token: string; user: UserRecord; expiresAt: Date }
  | { ok: false; reason: 'invalid_credentials' }
  | { ok: false; reason: 'locked'; retryAt: Date };

export type ChangePasswordResult =
  { ok: true } | { ok: false; reason: 'invalid_credentials' | 'weak_password'; message: string };

export interface Authenticated {
  user: UserRecord;
  session: SessionRecord;
}

/** Sliding expiry is written at most this often, so a busy UI does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/** Failed logins in a row before the account locks; each further failure doubles the lock, up to the cap. */
export const LOCKOUT_AFTER_FAILURES = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

export function lockDurationMs(failures: number): number {
  if (failures < LOCKOUT_AFTER_FAILURES) return 0;
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(20, failures - LOCKOUT_AFTER_FAILURES));
}

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
      if (input.previousToken) await sessions.deleteByTokenHash(tokens.digest(input.previousToken));
      const user = await users.findByEmail(input.email);
      if (!user || user.disabled) {
        await verifyDecoy(input.password);
        return { ok: false, reason: 'invalid_credentials' };
      }
      // Locked: not even the right password gets in until the lock ends (it answers without verifying).
      if (user.lockedUntil && user.lockedUntil > clock.now())
        return { ok: false, reason: 'locked', retryAt: user.lockedUntil };
      if (!(await hasher.verify(user.passwordHash, input.password))) {
        const failures = await users.recordFailedLogin(user.id);
        const lockMs = lockDurationMs(failures);
        const lockedUntil = lockMs > 0 ? new Date(clock.now().getTime() + lockMs) : null;
        if (lockedUntil) await users.update(user.id, { lockedUntil });
        await audit.record({
          actorUserId: user.id,
          clientId: null,
          action: lockedUntil ? 'auth.locked' : 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          after: { failures, lockedUntil },
          at: clock.now(),
        });
        return lockedUntil
          ? { ok: false, reason: 'locked', retryAt: lockedUntil }
          : { ok: false, reason: 'invalid_credentials' };
      }
      if (user.failedLoginCount > 0 || user.lockedUntil)
        await users.update(user.id, { failedLoginCount: 0, lockedUntil: null });
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
        clientId: null,
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
          clientId: null,
          action: 'auth.logout',
          entityType: 'user',
          entityId: actorUserId,
          at: clock.now(),
        });
      }
    },

    /** Ends every session of the user, this one included. */
    async logoutEverywhere(userId: string): Promise<number> {
      const ended = await sessions.deleteForUser(userId);
      await audit.record({
        actorUserId: userId,
        clientId: null,
        action: 'auth.logout_everywhere',
        entityType: 'user',
        entityId: userId,
        after: { sessionsEnded: ended },
        at: clock.now(),
      });
      return ended;
    },

    /** Needs the current password; the new one follows the policy. The user's other sessions end. */
    async changePassword(
      user: UserRecord,
      keepSessionId: string | null,
      currentPassword: string,
      newPassword: string,
    ): Promise<ChangePasswordResult> {
      if (!(await hasher.verify(user.passwordHash, currentPassword))) {
        return { ok: false, reason: 'invalid_credentials', message: 'The current password is incorrect' };
      }
      const policy = newPasswordSchema.safeParse(newPassword);
      if (!policy.success) {
        return { ok: false, reason: 'weak_password', message: policy.error.issues[0]?.message ?? 'Weak password' };
      }
      if (newPassword.toLowerCase() === user.email.toLowerCase()) {
        return { ok: false, reason: 'weak_password', message: 'The password must not be your email' };
      }
      if (newPassword === currentPassword) {
        return { ok: false, reason: 'weak_password', message: 'The new password must differ from the current one' };
      }
      await users.update(user.id, { passwordHash: await hasher.hash(newPassword) });
      const ended = keepSessionId
        ? await sessions.deleteOthers(user.id, keepSessionId)
        : await sessions.deleteForUser(user.id);
      await audit.record({
        actorUserId: user.id,
        clientId: null,
        action: 'auth.password_change',
        entityType: 'user',
        entityId: user.id,
        after: { otherSessionsEnded: ended },
        at: clock.now(),
      });
      return { ok: true };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
