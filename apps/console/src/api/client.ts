import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** One problem the API names at its path in the request (`details.fields` of a validation error). */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** An answer of the API that is not a success, with the API's own message shown as it is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly fields: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

function fieldsOf(details: unknown): FieldIssue[] {
  const fields = typeof details === 'object' && details !== null ? (details as { fields?: unknown }).fields : [];
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((item: unknown) => {
    const { field, message } = (item ?? {}) as { field?: unknown; message?: unknown };
    return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
  });
}

/** The API's error body ({ statusCode, error, message, details }) as one line for the reader. */
export function errorMessage(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null) {
    const { message, error, details } = body as { message?: unknown; error?: unknown; details?: unknown };
    const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
    if (text) return new ApiError(status, text, typeof error === 'string' ? error : undefined, fieldsOf(details));
  }
  return new ApiError(status, `The ledger answered ${status}`);
}

/** A typed client of the ledger's API (paths and parameters from its OpenAPI document), signed in with the token. */
export function createApi(token: string, baseUrl = globalThis.location?.origin ?? '') {
  const client = createClient<paths>({ baseUrl });
  client.use({
    onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  });
  return client;
}

export type Api = ReturnType<typeof createApi>;

/** The body of a successful answer as `T`, or the API's error thrown as an ApiError. */
export async function answer<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw errorMessage(response.status, error);
  return data as T;
}
