import type { ClientRole, TokenScope } from '@optionstrader/contracts';
import type { UserRecord } from './users.repository';

export interface ClientRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export interface MembershipRecord {
  clientId: string;
  clientName: string;
  role: ClientRole;
  createdAt: Date;
}

export interface MemberRecord {
  userId: string;
  email: string;
  displayName: string | null;
  role: ClientRole;
  addedAt: Date;
}

/** Kinds of rows that belong to a client (directly or through their broker account). */
export type OwnedEntity =
  | 'account'
  | 'recommendation'
  | 'order'
  | 'strategy_instance'
  | 'strategy_run'
  | 'backtest'
  | 'watchlist'
  | 'alert'
  | 'portfolio';

export interface ClientAccountRecord {
  id: string;
  accountCode: string;
  label: string | null;
}

export interface ClientOverview extends ClientRecord {
  members: number;
  accounts: ClientAccountRecord[];
}

export interface ApiTokenRecord {
  id: string;
  userId: string;
  clientId: string;
  clientName: string;
  name: string;
  scope: TokenScope;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiToken {
  userId: string;
  clientId: string;
  name: string;
  scope: TokenScope;
  tokenHash: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
}

export interface AccessRepository {
  /** The user's memberships, by client name. */
  membershipsOf(userId: string): Promise<MembershipRecord[]>;
  /** Every client, by name. */
  allClients(): Promise<ClientRecord[]>;
  /** Every client with its member count and broker accounts (the admin's page). */
  listClients(): Promise<ClientOverview[]>;
  findClient(id: string): Promise<ClientRecord | undefined>;
  createClient(name: string): Promise<ClientRecord>;
  renameClient(id: string, name: string): Promise<ClientRecord | undefined>;
  /** `has_accounts`: a client with broker accounts is not removed (its trading history would go with it). */
  deleteClient(id: string): Promise<'deleted' | 'not_found' | 'has_accounts'>;
  /** Moves a broker account to another client; false when either does not exist. */
  assignAccount(accountId: string, clientId: string): Promise<{ fromClientId: string } | undefined>;
  members(clientId: string): Promise<MemberRecord[]>;
  /** Adds or changes a membership; the role before, if there was one. */
  setMembership(userId: string, clientId: string, role: ClientRole): Promise<{ before: ClientRole | null }>;
  removeMembership(userId: string, clientId: string): Promise<ClientRole | undefined>;
  /** The session's selected client. */
  selectClient(sessionId: string, clientId: string): Promise<void>;
  /** The client a row belongs to: undefined when there is no such row, null for an installation-wide one. */
  ownerOf(entity: OwnedEntity, id: string): Promise<string | null | undefined>;

  createToken(token: NewApiToken): Promise<ApiTokenRecord>;
  listTokens(userId: string): Promise<ApiTokenRecord[]>;
  revokeToken(userId: string, id: string, at: Date): Promise<ApiTokenRecord | undefined>;
  /** The token (not revoked, not expired at `now`) and its enabled user; marks it used. */
  useToken(tokenHash: string, now: Date): Promise<{ token: ApiTokenRecord; user: UserRecord } | undefined>;
}
