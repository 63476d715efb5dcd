// The audit trail (owners: the active client's entries; admins also installation-wide ones), newest first.
import { auditPageSchema, type AuditPage } from '@optionstrader/contracts';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';

export const fetchAuditPage = (query: string): Promise<AuditPage> =>
  request(`/api/audit?${query}`, { schema: auditPageSchema });

/** One page for a query string from `auditQueryString`; always re-read when shown again (the log only grows). */
export const useAuditPage = (query: string) =>
  useQuery({ queryKey: ['audit', query], queryFn: () => fetchAuditPage(query), staleTime: 0 });
