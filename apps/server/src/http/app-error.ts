import type { ErrorCode } from '@optionstrader/contracts';

/** An expected failure with a stable code; the error handler sends its message to the client as is. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** Which request fields are wrong ('body.config.targetDelta'), for 400s the UI shows next to the field. */
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

export const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED', 'Sign in to use this endpoint');
