// Fetcher of the broker connection status (GET /api/broker), validated by the shared contract.
import { brokerStatusSchema, type BrokerStatusResponse } from '@optionstrader/contracts';
import { request } from '../../api/client';

export const fetchBrokerStatus = (): Promise<BrokerStatusResponse> =>
  request('/api/broker', { schema: brokerStatusSchema });
