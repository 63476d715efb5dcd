// The request an audit entry is written for: its client and IP, and whether anything was audited yet. The HTTP layer
// runs each request inside a context; audit writers fill in what an entry leaves out, wherever it is written.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface AuditContext {
  clientId: string | null;
  ip: string | null;
  /** Entries written during the request; a mutation that wrote none gets a generic one. */
  recorded: number;
}

const storage = new AsyncLocalStorage<AuditContext>();

export function runInAuditContext<T>(context: AuditContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentAuditContext(): AuditContext | undefined {
  return storage.getStore();
}
