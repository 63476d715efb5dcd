// Small typed fetch client: same-origin cookies, JSON in and out, responses validated by the shared zod contracts.
import { errorBodySchema } from '@optionstrader/contracts';
import { ApiError } from './api-error';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Any zod schema fits; structural so this package needs no direct zod dependency. */
export interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: unknown };
}

export interface RequestOptions<T> {
  method?: Method;
  body?: unknown;
  /** Schema of the success body; omit for endpoints that answer 204. */
  schema?: Schema<T>;
  /** Non-2xx statuses whose body is still a valid `schema` answer (e.g. /readyz answers 503 with a readiness body). */
  acceptStatuses?: readonly number[];
  signal?: AbortSignal;
}

export async function request<T>(path: string, options: RequestOptions<T> & { schema: Schema<T> }): Promise<T>;
export async function request(path: string, options?: RequestOptions<never>): Promise<void>;
export async function request(path: string, options: RequestOptions<unknown> = {}): Promise<unknown> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (method !== 'GET') {
    // The server requires a JSON content type on every mutating request; an empty object keeps the body parseable.
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body ?? {});
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check your connection and try again.');
  }

  const accepted = response.ok || (options.acceptStatuses ?? []).includes(response.status);
  if (!accepted) throw await toApiError(response);
  if (!options.schema) return undefined;

  const json = await readJson(response);
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(response.status, 'BAD_RESPONSE', `Unexpected response from ${method} ${path}`);
  }
  return parsed.data;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const parsed = errorBodySchema.safeParse(await readJson(response));
  if (parsed.success) {
    return new ApiError(response.status, parsed.data.code, parsed.data.message, parsed.data.issues);
  }
  // A proxy or crash page instead of the API's error body: keep the status, describe it plainly.
  const code = response.status === 401 ? 'UNAUTHENTICATED' : response.status === 429 ? 'RATE_LIMITED' : 'BAD_RESPONSE';
  return new ApiError(response.status, code, `Request failed (HTTP ${response.status})`);
}
