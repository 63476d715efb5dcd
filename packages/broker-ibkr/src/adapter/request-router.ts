// Request ids and the routing of TWS answers to the request that asked. Request ids live in their own range, far
// above order ids, because TWS reports errors for both on the same id field (ibkr-protocol.md §1).
import { BrokerError } from '@optionstrader/application';
import type { EventName } from '@stoqey/ib';
import type { ConnectionTimers } from '../connection/ibkr-connection';

/** The first request id; order ids (from next valid id) stay far below it. */
export const FIRST_REQUEST_ID = 1_000_000_000;

interface RequestHandler {
  /** An error with this request's id. Return true to consume it (a warning, a partial answer). */
  onError(code: number, message: string): boolean | void;
  /** Every other event with this id: `event` is the `@stoqey/ib` event name, `args` its arguments after the id. */
  onEvent(event: EventName, args: unknown[]): void;
}

/** One request: `start` sends it; `handle` sees each answer and settles it with `done` or `fail`. */
export interface RequestSpec<T> {
  label: string;
  timeoutMs: number;
  start(reqId: number): void | Promise<void>;
  handle(event: EventName, args: unknown[], done: (value: T) => void, fail: (error: Error) => void): void;
  /** Errors with this id; without it every error fails the request as `rejected`. Return false to pass it on. */
  onError?(code: number, message: string, done: (value: T) => void, fail: (error: Error) => void): boolean | void;
  /** Without it, a timeout fails the request as `unavailable`. */
  onTimeout?(done: (value: T) => void, fail: (error: Error) => void): void;
  /** Runs once, however the request ended (cancel a subscription, release a market-data line). */
  cleanup?(reqId: number, outcome: 'done' | 'failed'): void;
}

export interface RequestRouter {
  /** Routes an event carrying `reqId` to its request; false when no open request owns that id. */
  dispatch(reqId: number, event: EventName, args: unknown[]): boolean;
  /** Routes an error with `reqId`; false when no request owns it or its handler passed it on. */
  dispatchError(reqId: number, code: number, message: string): boolean;
  /** Opens a request; it fails as `unavailable` `timeoutMs` after it was sent, unless `onTimeout` decides otherwise. */
  open<T>(spec: RequestSpec<T>): Promise<T>;
  /** Fails every open request (the socket is gone). */
  failAll(error: Error): void;
  openCount(): number;
}

export function createRequestRouter(timers: ConnectionTimers): RequestRouter {
  let next = FIRST_REQUEST_ID;
  const handlers = new Map<number, RequestHandler & { abort(error: Error): void }>();

  return {
    dispatch(reqId, event, args) {
      const handler = handlers.get(reqId);
      if (!handler) return false;
      handler.onEvent(event, args);
      return true;
    },
    dispatchError(reqId, code, message) {
      const handler = handlers.get(reqId);
      if (!handler) return false;
      return handler.onError(code, message) !== false;
    },
    open<T>(spec: RequestSpec<T>): Promise<T> {
      const reqId = next++;
      return new Promise<T>((resolve, reject) => {
        let settled = false;
        let timer: unknown = null;
        const finish = (outcome: 'done' | 'failed') => {
          settled = true;
          if (timer !== null) timers.clearTimeout(timer);
          handlers.delete(reqId);
          try {
            spec.cleanup?.(reqId, outcome);
          } catch {
            // Cleanup sends a cancel at most; a dead socket there changes nothing for the caller.
          }
        };
        const done = (value: T) => {
          if (settled) return;
          finish('done');
          resolve(value);
        };
        const fail = (error: Error) => {
          if (settled) return;
          finish('failed');
          reject(error);
        };
        handlers.set(reqId, {
          onEvent: (event, args) => spec.handle(event, args, done, fail),
          onError: (code, message) => {
            if (spec.onError) return spec.onError(code, message, done, fail);
            fail(new BrokerError('rejected', `IBKR ${code}: ${message} (${spec.label})`));
            return true;
          },
          abort: fail,
        });
        // The clock starts once the request is on the wire: time spent queued behind the pacing limiter is not
        // the gateway's silence.
        Promise.resolve()
          .then(() => spec.start(reqId))
          .then(() => {
            if (settled) return;
            timer = timers.setTimeout(() => {
              timer = null;
              if (spec.onTimeout) spec.onTimeout(done, fail);
              else
                fail(new BrokerError('unavailable', `IBKR did not answer ${spec.label} within ${spec.timeoutMs} ms`));
            }, spec.timeoutMs);
          })
          .catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
      });
    },
    failAll(error) {
      for (const handler of [...handlers.values()]) handler.abort(error);
    },
    openCount: () => handlers.size,
  };
}
