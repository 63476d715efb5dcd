// The one place that turns errors into responses: 4xx say what was wrong with a stable code; 5xx are logged and redacted.
import type { ErrorBody, ErrorCode } from '@optionstrader/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { STATUS_CODES } from 'node:http';
import { AppError } from './app-error';

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

export function errorBody(
  statusCode: number,
  code: ErrorCode,
  message: string,
  issues?: ErrorBody['issues'],
): ErrorBody {
  return {
    statusCode,
    code,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message,
    ...(issues ? { issues } : {}),
  };
}

function classify(error: FastifyError): ErrorBody {
  if (error instanceof AppError) return errorBody(error.statusCode, error.code, error.message, error.issues);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body';
    const issues = error.validation.map((issue) => ({
      path: [context, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
      message: issue.message ?? 'Invalid value',
    }));
    const first = issues[0];
    const summary = first ? `${first.path}: ${first.message}` : 'Request does not match the schema';
    return errorBody(400, 'VALIDATION_FAILED', `Invalid request ${summary}`, issues);
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return errorBody(429, 'RATE_LIMITED', error.message || 'Too many requests; try again later');
  if (error instanceof SyntaxError && status === 400)
    return errorBody(400, 'MALFORMED_JSON', `Malformed JSON body: ${error.message}`);
  const mapped = error.code ? fastifyCodes[error.code] : undefined;
  if (status >= 400 && status < 500) return errorBody(status, mapped ?? 'BAD_REQUEST', error.message);
  return errorBody(500, 'INTERNAL', 'Internal Server Error');
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const body = classify(error);
  if (body.statusCode >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: body.code, statusCode: body.statusCode }, body.message);
  }
  return reply.status(body.statusCode).send(body);
}
