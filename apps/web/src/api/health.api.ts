import { readinessResponseSchema, type ReadinessResponse } from '@optionstrader/contracts';
import { request } from './client';

/** /readyz answers 503 with the same body when a dependency is down; that is data, not an error. */
export function fetchReadiness(): Promise<ReadinessResponse> {
  return request('/readyz', { schema: readinessResponseSchema, acceptStatuses: [503] });
}
