// Creating users: the first admin on an empty database, and `optionstrader user add`.
import { emailSchema, newPasswordSchema } from '@optionstrader/contracts';
import type { AuditRepository, Clock, PasswordHasher, TokenGenerator, UserRecord, UsersRepository } from '../ports';

export interface UsersServiceDeps {
  users: UsersRepository;
  audit: AuditRepository;
  hasher: PasswordHasher;
  tokens: TokenGenerator;
  clock: Clock;
}

export interface AddUserInput {
  email: string;
  password: string;
  displayName?: string | null;
  isAdmin?: boolean;
}

export type AddUserResult =
  | { ok: true; user: UserRecord }
  | { ok: false; reason: 'invalid_email' | 'weak_password' | 'email_taken'; message: string };

export type InitialAdminResult =
  | { status: 'exists' }
  | { status: 'created'; user: UserRecord; generatedPassword?: string }
  | { status: 'failed'; error: string };

export function createUsersService(deps: UsersServiceDeps) {
  const { users, audit, hasher, tokens, clock } = deps;

  async function addUser(input: AddUserInput, actorUserId: string | null = null): Promise<AddUserResult> {
    const email = emailSchema.safeParse(input.email);
    if (!email.success) return { ok: false, reason: 'invalid_email', message: `Not a valid email: ${input.email}` };
    const password = newPasswordSchema.safeParse(input.password);
    if (!password.success) {
      return { ok: false, reason: 'weak_password', message: password.error.issues[0]?.message ?? 'Weak password' };
    }
    const user = await users.create({
      email: email.data,
      displayName: input.displayName ?? null,
      passwordHash: await hasher.hash(password.data),
      isAdmin: input.isAdmin ?? false,
    });
    if (!user) return { ok: false, reason: 'email_taken', message: `A user with email ${email.data} already exists` };
    await audit.record({
      actorUserId,
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      after: { email: user.email, isAdmin: user.isAdmin },
      at: clock.now(),
    });
    return { ok: true, user };
  }

  return {
    addUser,

    /**
     * On an empty database, creates the installation's admin. Without a configured password one is
     * generated and returned so the caller can show it once; it is never stored in clear.
     */
    async ensureInitialAdmin(config: { email: string; password?: string | undefined }): Promise<InitialAdminResult> {
      if ((await users.count()) > 0) return { status: 'exists' };
      const generatedPassword = config.password ? undefined : tokens.newToken();
      const result = await addUser(
        { email: config.email, password: config.password ?? generatedPassword ?? '', isAdmin: true },
        null,
      );
      if (!result.ok) {
        // A concurrent start may have created the admin first; that is not an error.
        if (result.reason === 'email_taken') return { status: 'exists' };
        return { status: 'failed', error: `Cannot create the first admin: ${result.message}` };
      }
      return generatedPassword
        ? { status: 'created', user: result.user, generatedPassword }
        : { status: 'created', user: result.user };
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
