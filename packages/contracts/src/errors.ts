// The one error body every 4xx/5xx answer of the API uses; `code` is stable and documented.
import { z } from 'zod';

export const errorCodes = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NO_CLIENT',
  'CSRF_REJECTED',
  'ACCOUNT_LOCKED',
  'WEAK_PASSWORD',
  'LAST_OWNER',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'NOT_PENDING',
  'EXPIRED',
  'ORDER_NOT_WORKING',
  'CONFIRMATION_REQUIRED',
  'PRICE_OUT_OF_BAND',
  'RISK_BLOCKED',
  'ORDER_INVALID',
  'LIMIT_EXCEEDED',
  'LIVE_TRADING_DISABLED',
  'BROKER_UNAVAILABLE',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorIssueSchema = z.object({
  path: z.string().describe('Where in the request the problem is, e.g. "body.email"'),
  message: z.string(),
});

export const errorBodySchema = z
  .object({
    statusCode: z.number().int(),
    code: z.enum(errorCodes),
    error: z.string().describe('HTTP reason phrase'),
    message: z.string(),
    issues: z.array(errorIssueSchema).optional(),
  })
  .describe('Error');
export type ErrorBody = z.infer<typeof errorBodySchema>;
