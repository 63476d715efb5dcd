// Clients, memberships, the session's selected client, API tokens, and which client a row belongs to.
import type { AccessRepository, ApiTokenRecord, ClientAccountRecord, OwnedEntity } from '@optionstrader/application';
import type { ClientRole } from '@optionstrader/contracts';
import { and, asc, count, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../query-rows';
import { apiTokens, brokerAccounts, clientMemberships, clients, sessions, users } from '../schema/index';
import { isUuid } from './is-uuid';
import { toUserRecord } from './users.repository';

type TokenRow = typeof apiTokens.$inferSelect;

const toToken = (row: TokenRow, clientName: string): ApiTokenRecord => ({
  id: row.id,
  userId: row.userId,
  clientId: row.clientId,
  clientName,
  name: row.name,
  scope: row.scope,
  prefix: row.prefix,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
});

// One query per kind: `owner` is the client id, or null for an installation-wide row; no row → not found.
const ownerQueries: Record<OwnedEntity, (id: string) => SQL> = {
  account: (id) => sql`select client_id as owner from broker_accounts where id = ${id}`,
  portfolio: (id) =>
    sql`select a.client_id as owner from portfolios p join broker_accounts a on a.id = p.account_id where p.id = ${id}`,
  recommendation: (id) =>
    sql`select a.client_id as owner from recommendations r join broker_accounts a on a.id = r.account_id where r.id = ${id}`,
  order: (id) =>
    sql`select a.client_id as owner from orders o join broker_accounts a on a.id = o.account_id where o.id = ${id}`,
  strategy_instance: (id) =>
    sql`select a.client_id as owner from strategy_instances i join broker_accounts a on a.id = i.account_id where i.id = ${id}`,
  strategy_run: (id) => sql`
    select coalesce(a.client_id, b.client_id) as owner
    from strategy_runs r
    left join strategy_instances i on i.id = r.instance_id
    left join broker_accounts a on a.id = i.account_id
    left join backtest_results b on b.run_id = r.id
    where r.id = ${id} and (a.client_id is not null or b.client_id is not null)`,
  backtest: (id) => sql`select client_id as owner from backtest_results where run_id = ${id}`,
  watchlist: (id) => sql`select client_id as owner from watchlists where id = ${id}`,
  alert: (id) => sql`
    select coalesce(al.client_id, a.client_id) as owner
    from alerts al left join broker_accounts a on a.id = al.account_id
    where al.id = ${id}`,
};

export function createAccessRepository(db: Db): AccessRepository {
  return {
    async membershipsOf(userId) {
      const rows = await db
        .select({ m: clientMemberships, name: clients.name })
        .from(clientMemberships)
        .innerJoin(clients, eq(clients.id, clientMemberships.clientId))
        .where(eq(clientMemberships.userId, userId))
        .orderBy(asc(clients.name), asc(clients.id));
      return rows.map(({ m, name }) => ({
        clientId: m.clientId,
        clientName: name,
        role: m.role,
        createdAt: m.createdAt,
      }));
    },

    async allClients() {
      const rows = await db.select().from(clients).orderBy(asc(clients.name), asc(clients.id));
      return rows.map((c) => ({ id: c.id, name: c.name, createdAt: c.createdAt }));
    },

    async listClients() {
      const rows = await this.allClients();
      const memberCounts = await db
        .select({ clientId: clientMemberships.clientId, n: count() })
        .from(clientMemberships)
        .groupBy(clientMemberships.clientId);
      const accounts = await db
        .select({
          clientId: brokerAccounts.clientId,
          id: brokerAccounts.id,
          accountCode: brokerAccounts.accountCode,
          label: brokerAccounts.label,
        })
        .from(brokerAccounts)
        .orderBy(asc(brokerAccounts.accountCode));
      const byClient = new Map<string, ClientAccountRecord[]>();
      for (const { clientId, ...account } of accounts) {
        byClient.set(clientId, [...(byClient.get(clientId) ?? []), account]);
      }
      const members = new Map(memberCounts.map((m) => [m.clientId, m.n]));
      return rows.map((c) => ({
        id: c.id,
        name: c.name,
        createdAt: c.createdAt,
        members: members.get(c.id) ?? 0,
        accounts: byClient.get(c.id) ?? [],
      }));
    },

    async findClient(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(clients).where(eq(clients.id, id)).limit(1);
      return row ? { id: row.id, name: row.name, createdAt: row.createdAt } : undefined;
    },

    async createClient(name) {
      const [row] = await db.insert(clients).values({ name }).returning();
      if (!row) throw new Error('Inserting a client returned no row');
      return { id: row.id, name: row.name, createdAt: row.createdAt };
    },

    async renameClient(id, name) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.update(clients).set({ name, updatedAt: new Date() }).where(eq(clients.id, id)).returning();
      return row ? { id: row.id, name: row.name, createdAt: row.createdAt } : undefined;
    },

    async deleteClient(id) {
      if (!isUuid(id)) return 'not_found';
      return db.transaction(async (tx) => {
        const [held] = await tx.select({ n: count() }).from(brokerAccounts).where(eq(brokerAccounts.clientId, id));
        if ((held?.n ?? 0) > 0) {
          const [exists] = await tx.select({ id: clients.id }).from(clients).where(eq(clients.id, id));
          return exists ? 'has_accounts' : 'not_found';
        }
        const deleted = await tx.delete(clients).where(eq(clients.id, id)).returning({ id: clients.id });
        return deleted.length > 0 ? 'deleted' : 'not_found';
      });
    },

    async assignAccount(accountId, clientId) {
      if (!isUuid(accountId) || !isUuid(clientId)) return undefined;
      return db.transaction(async (tx) => {
        const [client] = await tx.select({ id: clients.id }).from(clients).where(eq(clients.id, clientId));
        const [account] = await tx
          .select({ clientId: brokerAccounts.clientId })
          .from(brokerAccounts)
          .where(eq(brokerAccounts.id, accountId))
          .for('update');
        if (!client || !account) return undefined;
        await tx
          .update(brokerAccounts)
          .set({ clientId, updatedAt: new Date() })
          .where(eq(brokerAccounts.id, accountId));
        return { fromClientId: account.clientId };
      });
    },

    async members(clientId) {
      const rows = await db
        .select({ m: clientMemberships, u: users })
        .from(clientMemberships)
        .innerJoin(users, eq(users.id, clientMemberships.userId))
        .where(eq(clientMemberships.clientId, clientId))
        .orderBy(asc(users.email));
      return rows.map(({ m, u }) => ({
        userId: u.id,
        email: u.email,
        displayName: u.displayName,
        role: m.role,
        addedAt: m.createdAt,
      }));
    },

    async setMembership(userId, clientId, role: ClientRole) {
      return db.transaction(async (tx) => {
        const [before] = await tx
          .select({ role: clientMemberships.role })
          .from(clientMemberships)
          .where(and(eq(clientMemberships.userId, userId), eq(clientMemberships.clientId, clientId)))
          .for('update');
        await tx
          .insert(clientMemberships)
          .values({ userId, clientId, role })
          .onConflictDoUpdate({ target: [clientMemberships.userId, clientMemberships.clientId], set: { role } });
        return { before: before?.role ?? null };
      });
    },

    async removeMembership(userId, clientId) {
      const [row] = await db
        .delete(clientMemberships)
        .where(and(eq(clientMemberships.userId, userId), eq(clientMemberships.clientId, clientId)))
        .returning({ role: clientMemberships.role });
      return row?.role;
    },

    async selectClient(sessionId, clientId) {
      await db.update(sessions).set({ clientId }).where(eq(sessions.id, sessionId));
    },

    async ownerOf(entity, id) {
      if (!isUuid(id)) return undefined;
      const [row] = await queryRows<{ owner: string | null }>(db, ownerQueries[entity](id));
      return row ? row.owner : undefined;
    },

    async createToken(token) {
      const [row] = await db.insert(apiTokens).values(token).returning();
      const client = await this.findClient(token.clientId);
      if (!row || !client) throw new Error('Inserting an API token returned no row');
      return toToken(row, client.name);
    },

    async listTokens(userId) {
      const rows = await db
        .select({ t: apiTokens, name: clients.name })
        .from(apiTokens)
        .innerJoin(clients, eq(clients.id, apiTokens.clientId))
        .where(eq(apiTokens.userId, userId))
        .orderBy(asc(apiTokens.createdAt));
      return rows.map(({ t, name }) => toToken(t, name));
    },

    async revokeToken(userId, id, at) {
      if (!isUuid(id)) return undefined;
      const [row] = await db
        .update(apiTokens)
        .set({ revokedAt: at })
        .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
        .returning();
      const client = row ? await this.findClient(row.clientId) : undefined;
      return row ? toToken(row, client?.name ?? '') : undefined;
    },

    async useToken(tokenHash, now) {
      const [row] = await db
        .update(apiTokens)
        .set({ lastUsedAt: now })
        .where(
          and(
            eq(apiTokens.tokenHash, tokenHash),
            isNull(apiTokens.revokedAt),
            or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
          ),
        )
        .returning();
      if (!row) return undefined;
      const [found] = await db
        .select({ u: users, name: clients.name })
        .from(users)
        .innerJoin(clients, eq(clients.id, row.clientId))
        .where(and(eq(users.id, row.userId), eq(users.disabled, false)));
      return found ? { token: toToken(row, found.name), user: toUserRecord(found.u) } : undefined;
    },
  };
}
