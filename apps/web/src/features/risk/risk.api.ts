// Fetchers of the risk API: an account's risk state, its limits (read, replace) and the pre-trade check.
import {
  accountRiskResponseSchema,
  riskCheckResponseSchema,
  riskLimitsResponseSchema,
  type AccountRiskResponse,
  type RiskCheckRequest,
  type RiskCheckResponse,
  type RiskLimitsInput,
  type RiskLimitsResponse,
} from '@optionstrader/contracts';
import { request } from '../../api/client';

const accountPath = (accountId: string) => `/api/accounts/${encodeURIComponent(accountId)}`;

export const fetchAccountRisk = (accountId: string): Promise<AccountRiskResponse> =>
  request(`${accountPath(accountId)}/risk`, { schema: accountRiskResponseSchema });

export const fetchRiskLimits = (accountId: string): Promise<RiskLimitsResponse> =>
  request(`${accountPath(accountId)}/risk-limits`, { schema: riskLimitsResponseSchema });

/** Replaces the account's overrides with `limits` (absent key = the account type's default, null = rule off). */
export const saveRiskLimits = (accountId: string, limits: RiskLimitsInput): Promise<RiskLimitsResponse> =>
  request(`${accountPath(accountId)}/risk-limits`, { method: 'PUT', body: limits, schema: riskLimitsResponseSchema });

export const checkRisk = (accountId: string, check: RiskCheckRequest): Promise<RiskCheckResponse> =>
  request(`${accountPath(accountId)}/risk/check`, { method: 'POST', body: check, schema: riskCheckResponseSchema });

export const riskQueryKey = (accountId: string) => ['account-risk', accountId] as const;
export const riskLimitsQueryKey = (accountId: string) => ['risk-limits', accountId] as const;
