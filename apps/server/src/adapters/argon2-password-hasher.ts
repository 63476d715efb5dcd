import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '@optionstrader/application';

// argon2id (the library default) with OWASP's second recommended profile: 19 MiB, t=2, p=1.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const argon2PasswordHasher: PasswordHasher = {
  hash: (password) => hash(password, options),
  async verify(passwordHash, password) {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash must not become a 500 on login; it is simply not a match.
      return false;
    }
  },
};
