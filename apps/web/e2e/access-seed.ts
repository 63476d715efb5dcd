// Two clients, each with one broker account, and a pending recommendation in the first, seeded straight into an e2e
// server's in-memory database (there is no write API for accounts or recommendations).
import type { Page } from 'playwright-core';
import { startTestServer, type RunningTestServer } from './server';

export const ACCESS = {
  alpha: { id: 'a1a1a1a1-0000-4000-8000-000000000001', name: 'Alpha household' },
  beta: { id: 'b2b2b2b2-0000-4000-8000-000000000002', name: 'Beta household' },
  alphaAccount: { id: 'a1a1a1a1-0000-4000-8000-0000000000a1', code: 'DU-ALPHA', label: 'Alpha margin' },
  betaAccount: { id: 'b2b2b2b2-0000-4000-8000-0000000000b2', code: 'DU-BETA', label: 'Beta cash' },
  recommendationId: 'a1a1a1a1-0000-4000-8000-0000000000c1',
} as const;

const expiry = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

function seedSql(): string[] {
  const { alpha, beta, alphaAccount, betaAccount } = ACCESS;
  const legs = JSON.stringify([
    {
      symbol: 'SPY',
      kind: 'option',
      right: 'put',
      strike: 490,
      expiry,
      multiplier: 100,
      side: 'SELL',
      ratio: 1,
      bid: 1.2,
      ask: 1.3,
      mid: 1.25,
    },
  ]);
  return [
    `insert into clients (id, name) values ('${alpha.id}', '${alpha.name}'), ('${beta.id}', '${beta.name}')`,
    `insert into broker_accounts (id, client_id, broker, account_code, type, label) values
       ('${alphaAccount.id}', '${alpha.id}', 'sim', '${alphaAccount.code}', 'margin_pm', '${alphaAccount.label}'),
       ('${betaAccount.id}', '${beta.id}', 'sim', '${betaAccount.code}', 'cash', '${betaAccount.label}')`,
    `insert into recommendations (id, account_id, symbol, action, legs, quantity, limit_price, spread, rationale,
       confidence, status, expires_at)
     values ('${ACCESS.recommendationId}', '${alphaAccount.id}', 'SPY', 'sell_put', '${legs}'::jsonb, 1, 1.25,
       '{"bid":1.2,"ask":1.3}'::jsonb, 'Seeded for the access test', 0.8, 'pending', now() + interval '1 day')`,
  ];
}

/** A server of its own: many sign-ins in one minute, and data no other test file touches. */
export function startAccessServer(): Promise<RunningTestServer> {
  return startTestServer({
    loginRateLimitPerMinute: 1_000,
    onDatabaseReady: async (database) => {
      for (const statement of seedSql()) await database.db.execute(statement);
    },
  });
}

/** Calls the API with the page's session cookie; fails the test on an unexpected status. */
export async function api<T = unknown>(
  page: Page,
  baseUrl: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  data?: unknown,
  expected = method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200,
): Promise<T> {
  const response = await page.request.fetch(`${baseUrl}${path}`, {
    method,
    ...(method === 'GET' ? {} : { data: data ?? {} }),
  });
  if (response.status() !== expected) {
    throw new Error(`${method} ${path}: HTTP ${response.status()} ${await response.text()}`);
  }
  return (response.status() === 204 ? undefined : await response.json()) as T;
}
