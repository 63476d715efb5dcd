import { createHash, randomBytes } from 'node:crypto';
import type { TokenGenerator } from '@optionstrader/application';

export const cryptoTokenGenerator: TokenGenerator = {
  newToken: () => randomBytes(32).toString('base64url'),
  digest: (token) => createHash('sha256').update(token).digest('hex'),
};
