// Fetchers of the Logs & Alerts page: alerts (list, acknowledge) and broker sync runs (list, run now).
import {
  alertResponseSchema,
  alertsResponseSchema,
  syncResponseSchema,
  syncRunsResponseSchema,
  type AlertResponse,
  type AlertsResponse,
  type SyncResponse,
  type SyncRunsResponse,
} from '@optionstrader/contracts';
import { isApiError } from '../../api/api-error';
import { request } from '../../api/client';

export const fetchAlerts = (): Promise<AlertsResponse> =>
  request('/api/alerts?status=all&limit=100', { schema: alertsResponseSchema });

export const acknowledgeAlert = (id: string): Promise<AlertResponse> =>
  request(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', schema: alertResponseSchema });

/** null when the server has no broker (BROKER=none): the sync routes are not registered and answer 404. */
export async function fetchSyncRuns(limit = 25): Promise<SyncRunsResponse | null> {
  try {
    return await request(`/api/sync-runs?limit=${limit}`, { schema: syncRunsResponseSchema });
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export const runSyncNow = (): Promise<SyncResponse> =>
  request('/api/sync', { method: 'POST', schema: syncResponseSchema });
