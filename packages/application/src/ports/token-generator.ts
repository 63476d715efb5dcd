export interface TokenGenerator {
  /** A fresh, unguessable session token (URL-safe). */
  newToken(): string;
  /** Stable one-way digest of a token, as stored in the database. */
  digest(token: string): string;
}
