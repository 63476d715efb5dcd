// The audit trail, read-only: there is no route that edits or deletes an entry (the database refuses it too).
import type { AuditQuery } from '@optionstrader/application';
import { auditPageSchema, auditQuerySchema, errorBodySchema } from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accessOf, clientOf } from '../access';

export function auditRoutes(auditLog: AuditQuery): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit',
      {
        config: { permission: 'manage' },
        schema: {
          tags: ['audit'],
          summary: "The active client's audit trail, newest first (admins also see installation-wide entries)",
          querystring: auditQuerySchema,
          response: { 200: auditPageSchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request) => {
        const q = request.query;
        const rows = await auditLog.list({
          clientId: clientOf(request),
          includeInstallation: accessOf(request).user.isAdmin,
          action: q.action,
          entityType: q.entityType,
          entityId: q.entityId,
          actorEmail: q.actor,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          before: q.before,
          limit: q.limit + 1,
        });
        const page = rows.slice(0, q.limit);
        return {
          items: page.map((r) => ({ ...r, at: r.at.toISOString(), before: r.before ?? null, after: r.after ?? null })),
          nextBefore: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
        };
      },
    );
  };
}
