// What the browser suite's global setup hands to test files (via vitest provide/inject), and the admin it seeds.
export const E2E_ADMIN = { email: 'admin@example.com', password: 'E2e-Password-123' } as const;

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the real server serving the freshly built UI; null when the suite is skipped. */
    e2eBaseUrl: string | null;
    /** Chromium executable; null when none was found (the suite skips, loudly). */
    e2eChromiumPath: string | null;
  }
}
