// Every request gets an id: the caller's `x-request-id` when it is a safe short token (a proxy's or a client's, so
// logs join up across services), a new UUID otherwise. It is echoed in the response header and every log line of
// the request carries it (`reqId`), and, once signed in, the user's id and active client.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

// Letters, digits and . _ - only: nothing that could forge a log field, split a header or fill the disk.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Fastify's `genReqId`: the incoming id when it is safe, a fresh UUID otherwise. */
export function requestIdOf(request: Pick<IncomingMessage, 'headers'>): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Register after access control: its hook reads the caller that authentication found. */
export function registerRequestContext(app: FastifyInstance) {
  // onSend: also on errors raised before routing or by earlier hooks (401, 404, 414).
  app.addHook('onSend', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onRequest', async (request, reply) => {
    const caller = request.access;
    if (!caller) return;
    // Fastify writes "request completed" through reply.log: both get the binding.
    const log = request.log.child({
      userId: caller.user.id,
      ...(caller.clientId ? { clientId: caller.clientId } : {}),
    });
    request.log = log;
    reply.log = log;
  });
}
