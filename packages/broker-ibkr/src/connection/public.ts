// The supervisor as the package exports it: the same function, typed without the raw `IBApi` handle.
import { createIbkrConnection as createSupervisedConnection } from './ibkr-connection';
import type { IbkrConnection, IbkrConnectionOptions } from './ibkr-connection';

export const createIbkrConnection: (options: IbkrConnectionOptions) => IbkrConnection = createSupervisedConnection;
export { backoffDelay } from './ibkr-connection';
export type {
  ConnectionTimers,
  IbkrConnection,
  IbkrConnectionEvent,
  IbkrConnectionOptions,
  IbkrConnectionState,
} from './ibkr-connection';
