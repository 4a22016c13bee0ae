import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** An answer of the API that is not a success, with the API's own message shown as it is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The API's error body ({ statusCode, error, message, details }) as one line for the reader. */
export function errorMessage(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null) {
    const { message, error } = body as { message?: unknown; error?: unknown };
    const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
    if (text) return new ApiError(status, text, typeof error === 'string' ? error : undefined);
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
