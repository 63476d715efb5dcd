// The error every API call rejects with: the server's stable `code` and human `message`, plus the HTTP status.
import type { ErrorCode } from '@optionstrader/contracts';

/** `NETWORK` and `BAD_RESPONSE` are client-side: the server could not be reached, or answered with something unreadable. */
export type ApiErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function isUnauthenticated(error: unknown): boolean {
  return isApiError(error) && error.status === 401;
}
