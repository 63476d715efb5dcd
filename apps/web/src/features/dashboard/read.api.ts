// Fetchers of the read API (accounts, dashboard, positions, portfolios, chains), validated by the shared contracts.
import {
  accountsResponseSchema,
  chainResponseSchema,
  chainUnderlyingsResponseSchema,
  dashboardResponseSchema,
  portfoliosResponseSchema,
  positionsResponseSchema,
  type AccountsResponse,
  type ChainResponse,
  type ChainUnderlyingsResponse,
  type DashboardResponse,
  type PortfoliosResponse,
  type PositionsFilter,
  type PositionsResponse,
} from '@optionstrader/contracts';
import { request } from '../../api/client';

export const fetchDashboard = (): Promise<DashboardResponse> =>
  request('/api/dashboard', { schema: dashboardResponseSchema });

export const fetchAccounts = (): Promise<AccountsResponse> =>
  request('/api/accounts', { schema: accountsResponseSchema });

export const fetchPortfolios = (): Promise<PortfoliosResponse> =>
  request('/api/portfolios', { schema: portfoliosResponseSchema });

export function fetchPositions(filter: PositionsFilter): Promise<PositionsResponse> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  const query = params.toString();
  return request(`/api/positions${query ? `?${query}` : ''}`, { schema: positionsResponseSchema });
}

export const fetchChainUnderlyings = (): Promise<ChainUnderlyingsResponse> =>
  request('/api/chains', { schema: chainUnderlyingsResponseSchema });

export function fetchChain(symbol: string, expiry: string | null): Promise<ChainResponse> {
  const query = expiry ? `?expiry=${encodeURIComponent(expiry)}` : '';
  return request(`/api/chains/${encodeURIComponent(symbol)}${query}`, { schema: chainResponseSchema });
}
