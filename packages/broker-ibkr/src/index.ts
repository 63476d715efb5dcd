// Public API of the IBKR adapter package. No `@stoqey/ib` type crosses this boundary.
export { classifyIbkrError, ibkrErrorCodes, requiresResubscribe, toBrokerError } from './errors';
export type { IbkrErrorClass, IbkrErrorCode } from './errors';
export {
  createFrameDecoder,
  decodeFields,
  encodeFrame,
  encodeHandshake,
  FramingError,
  MAX_FRAME_SIZE,
} from './framing';
export type { Field, FrameDecoder } from './framing';
export { createIbkrBroker } from './adapter/ibkr-broker';
export type { IbkrAccountConfig, IbkrBroker, IbkrBrokerOptions, OrderIdStore } from './adapter/ibkr-broker';
export { MAX_MESSAGES_PER_SECOND, startFakeGateway } from './fake-gateway/fake-gateway';
export type {
  FakeConnection,
  FakeConnectionState,
  FakeFaults,
  FakeGateway,
  FakeGatewayEvent,
  FakeGatewayOptions,
  ReceivedMessage,
} from './fake-gateway/fake-gateway';
export { errorMessage as ibkrErrorMessage, SERVER_VERSION } from './fake-gateway/messages';
export { backoffDelay, createIbkrConnection } from './connection/public';
export type {
  ConnectionTimers,
  IbkrConnection,
  IbkrConnectionEvent,
  IbkrConnectionOptions,
  IbkrConnectionState,
} from './connection/public';
