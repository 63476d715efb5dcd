// Fetchers of the Jobs page and the Logs page's job history and errors list (installation admins only).
import {
  errorsResponseSchema,
  jobEnqueuedResponseSchema,
  jobRunsResponseSchema,
  jobsResponseSchema,
  type ErrorsResponse,
  type JobEnqueuedResponse,
  type JobRunsResponse,
  type JobsResponse,
} from '@optionstrader/contracts';
import { request } from '../../api/client';

export type JobRunsFilter = {
  name?: string | undefined;
  status?: 'running' | 'succeeded' | 'failed' | 'dead' | undefined;
};

export const JOBS_KEY = ['jobs'] as const;
export const jobRunsKey = (filter: JobRunsFilter, limit: number) => ['job-runs', filter, limit] as const;
export const ERRORS_KEY = ['errors'] as const;

export const fetchJobs = (): Promise<JobsResponse> => request('/api/jobs', { schema: jobsResponseSchema });

export function fetchJobRuns(filter: JobRunsFilter, limit = 100): Promise<JobRunsResponse> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (filter.name) params.set('name', filter.name);
  if (filter.status) params.set('status', filter.status);
  return request(`/api/jobs/runs?${params.toString()}`, { schema: jobRunsResponseSchema });
}

export const runJobNow = (name: string): Promise<JobEnqueuedResponse> =>
  request(`/api/jobs/${encodeURIComponent(name)}/run`, { method: 'POST', schema: jobEnqueuedResponseSchema });

export const retryJobRun = (id: string): Promise<JobEnqueuedResponse> =>
  request(`/api/jobs/runs/${encodeURIComponent(id)}/retry`, { method: 'POST', schema: jobEnqueuedResponseSchema });

export const fetchErrors = (limit = 50): Promise<ErrorsResponse> =>
  request(`/api/errors?limit=${limit}`, { schema: errorsResponseSchema });
