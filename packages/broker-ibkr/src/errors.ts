// IBKR error and notice codes, classified once: the rest of the system reacts to the class, not the number.
// Sources: IBKR "Error Codes" / message codes page (https://interactivebrokers.github.io/tws-api/message_codes.html),
// `@stoqey/ib` src/common/errorCode.ts (client-side 5xx codes, `isNonFatalError`), and ibkr-protocol.md §2.6 and §4.
import { BrokerError } from '@optionstrader/application';

export type IbkrErrorClass =
  /** Farm status and other notices: log at most. */
  | 'info'
  /** Non-fatal: the request went through, possibly altered (outside-RTH ignored, farm broken…). */
  | 'warning'
  /** TWS lost its link to IBKR (or the API socket is being dropped): degraded, stop sending orders. */
  | 'connectivity_lost'
  /** The link is back; 1101 means subscriptions were lost and must be renewed (`requiresResubscribe`). */
  | 'connectivity_restored'
  /** Market data permissions or sessions: not subscribed, delayed instead, competing session, max tickers. */
  | 'market_data'
  /** An order was refused or ended by the broker: terminal for that order. */
  | 'order_rejected'
  /** Too many messages or historical requests: back off. */
  | 'pacing'
  /** The contract does not exist or is ambiguous. */
  | 'not_found'
  /** The request itself was malformed or not allowed as sent. */
  | 'invalid_request'
  /** Another session holds this client id: wait and retry, do not bump it (orders are bound to it). */
  | 'client_id_in_use'
  /** `@stoqey/ib` could not decode a message (unprocessed fields, underrun): a protocol bug, alert. */
  | 'decode_error'
  /** The API socket is not up (could not connect, not connected, bad message length). */
  | 'not_connected'
  /** Client and server cannot agree on a protocol version. */
  | 'version'
  | 'unknown';

export interface IbkrErrorCode {
  code: number;
  class: IbkrErrorClass;
  meaning: string;
}

/** The codes this system knows, with IBKR's meaning. Anything else is `unknown` (or `warning` in 2100–2999). */
export const ibkrErrorCodes: readonly IbkrErrorCode[] = [
  // Connectivity (always with id −1).
  { code: 1100, class: 'connectivity_lost', meaning: 'Connectivity between IB and TWS has been lost' },
  { code: 1300, class: 'connectivity_lost', meaning: 'TWS socket port has been reset; reconnect on the new port' },
  { code: 2110, class: 'connectivity_lost', meaning: 'Connectivity between TWS and server is broken' },
  { code: 1101, class: 'connectivity_restored', meaning: 'Connectivity restored - data lost' },
  { code: 1102, class: 'connectivity_restored', meaning: 'Connectivity restored - data maintained' },
  // Farm status notices.
  { code: 2104, class: 'info', meaning: 'Market data farm connection is OK' },
  { code: 2106, class: 'info', meaning: 'HMDS data farm connection is OK' },
  { code: 2158, class: 'info', meaning: 'Sec-def data farm connection is OK' },
  { code: 2107, class: 'info', meaning: 'HMDS data farm connection is inactive' },
  { code: 2108, class: 'info', meaning: 'Market data farm connection is inactive' },
  { code: 2119, class: 'info', meaning: 'Market data farm is connecting' },
  { code: 2103, class: 'warning', meaning: 'Market data farm connection is broken' },
  { code: 2105, class: 'warning', meaning: 'HMDS data farm connection is broken' },
  { code: 2157, class: 'warning', meaning: 'Sec-def data farm connection is broken' },
  // Warnings.
  { code: 399, class: 'warning', meaning: 'Order message (warning; the order may still be accepted)' },
  { code: 2100, class: 'warning', meaning: 'API client has been unsubscribed from account data' },
  { code: 2102, class: 'warning', meaning: 'Unable to modify this order as it is still being processed' },
  { code: 2109, class: 'warning', meaning: "Order event warning: 'Outside Regular Trading Hours' is ignored" },
  { code: 2137, class: 'warning', meaning: 'Cross side warning' },
  // Market data.
  { code: 101, class: 'market_data', meaning: 'Max number of tickers has been reached' },
  { code: 354, class: 'market_data', meaning: 'Requested market data is not subscribed' },
  { code: 10089, class: 'market_data', meaning: 'Requested market data requires additional API subscription' },
  { code: 10090, class: 'market_data', meaning: 'Part of requested market data is not subscribed' },
  { code: 10167, class: 'market_data', meaning: 'Not subscribed; displaying delayed market data' },
  { code: 10168, class: 'market_data', meaning: 'Not subscribed and delayed market data is not enabled' },
  { code: 10197, class: 'market_data', meaning: 'No market data during competing live session' },
  // Orders.
  { code: 103, class: 'order_rejected', meaning: 'Duplicate order id' },
  { code: 104, class: 'order_rejected', meaning: 'Cannot modify a filled order' },
  { code: 105, class: 'order_rejected', meaning: 'Order being modified does not match original order' },
  { code: 110, class: 'order_rejected', meaning: 'The price does not conform to the minimum price variation' },
  { code: 161, class: 'order_rejected', meaning: 'Cancel attempted when order is not in a cancellable state' },
  { code: 201, class: 'order_rejected', meaning: 'Order rejected' },
  { code: 202, class: 'order_rejected', meaning: 'Order cancelled' },
  // Pacing.
  { code: 100, class: 'pacing', meaning: 'Max rate of messages per second has been exceeded' },
  { code: 162, class: 'pacing', meaning: 'Historical market data service error (pacing violation)' },
  { code: 420, class: 'pacing', meaning: 'Invalid real-time query (pacing violation)' },
  // Requests.
  { code: 200, class: 'not_found', meaning: 'No security definition has been found for the request' },
  { code: 102, class: 'invalid_request', meaning: 'Duplicate ticker id' },
  { code: 321, class: 'invalid_request', meaning: 'Error validating request' },
  // Session and client-side (`@stoqey/ib` ErrorCode) codes.
  { code: 326, class: 'client_id_in_use', meaning: 'Unable to connect as the client id is already in use' },
  { code: 502, class: 'not_connected', meaning: "Couldn't connect to TWS" },
  { code: 504, class: 'not_connected', meaning: 'Not connected' },
  { code: 507, class: 'not_connected', meaning: 'Bad message length (the socket is dropped)' },
  { code: 503, class: 'version', meaning: 'The TWS is out of date and must be upgraded' },
  { code: 506, class: 'version', meaning: 'Unsupported version' },
  { code: 505, class: 'decode_error', meaning: 'Decoding error / unknown message id (client side)' },
];

const byCode = new Map(ibkrErrorCodes.map((entry) => [entry.code, entry.class]));

/** The class of an IBKR code. Unlisted codes in IBKR's warning range 2100–2999 are warnings. */
export function classifyIbkrError(code: number): IbkrErrorClass {
  const known = byCode.get(code);
  if (known) return known;
  if (code >= 2100 && code <= 2999) return 'warning';
  return 'unknown';
}

/** 1101: connectivity came back but TWS dropped market data and account subscriptions. */
export function requiresResubscribe(code: number): boolean {
  return code === 1101;
}

/** Market data codes that still deliver data (delayed, or partially): not a failure of the request. */
const nonFatalMarketData = new Set([10090, 10167]);

/**
 * The port's error for a code that fails the request it is attached to, or null when the code is not a failure
 * (info, warning, restored, delayed data shown). An unknown code is treated as IBKR declining the request.
 */
export function toBrokerError(code: number, message: string): BrokerError | null {
  const text = `IBKR ${code}: ${message}`;
  switch (classifyIbkrError(code)) {
    case 'info':
    case 'warning':
    case 'connectivity_restored':
      return null;
    case 'market_data':
      return nonFatalMarketData.has(code) ? null : new BrokerError('unavailable', text);
    case 'connectivity_lost':
    case 'not_connected':
    case 'client_id_in_use':
    case 'version':
    case 'decode_error':
      return new BrokerError('unavailable', text);
    case 'order_rejected':
    case 'unknown':
      return new BrokerError('rejected', text);
    case 'pacing':
      return new BrokerError('pacing', text);
    case 'not_found':
      return new BrokerError('not_found', text);
    case 'invalid_request':
      return new BrokerError('invalid_request', text);
  }
}
