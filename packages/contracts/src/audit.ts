// The audit trail as the API shows it: who did what to which entity, from where, before and after.
import { z } from 'zod';

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    actorUserId: z.uuid().nullable(),
    actorEmail: z.string().nullable(),
    clientId: z.uuid().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    ip: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .describe('AuditEntry');
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

const filterText = z.string().trim().min(1).max(200);

export const auditQuerySchema = z
  .strictObject({
    action: filterText.optional().describe('Exact action, or a prefix ending in "." (e.g. "auth.")'),
    entityType: filterText.optional(),
    entityId: filterText.optional(),
    actor: filterText.optional().describe("Actor's email (exact, case-insensitive)"),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** Rows with an id below this (the previous page's `nextBefore`). */
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .describe('AuditQuery');
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditPageSchema = z
  .object({ items: z.array(auditEntrySchema), nextBefore: z.number().int().nullable() })
  .describe('AuditPage');
export type AuditPage = z.infer<typeof auditPageSchema>;
