// The typed REST client. Its types come from schema.d.ts, generated from kefu's own OpenAPI
// document (npm run gen:api), so a renamed field breaks the build instead of the page.
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, type Problem } from './errors';
import type { paths } from './schema';

/** Hooks the client needs from the session, passed in so the client holds no state of its own. */
export interface ClientHooks {
  /** The session's CSRF token; every cookie-authenticated write must carry it. */
  csrf(): string;
  /** Called when the server says the session is gone (401 on anything but sign-in). */
  unauthenticated(): void;
}

/** The REST client of the whole workspace. */
export type Api = ReturnType<typeof createApi>;

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** createApi returns a client that adds X-CSRF-Token to writes and reports lost sessions. */
export function createApi(hooks: ClientHooks, baseUrl = globalThis.location?.origin ?? '') {
  // fetch is looked up per call so tests can stub it after the client exists.
  const client = createClient<paths>({ baseUrl, credentials: 'same-origin', fetch: (r) => globalThis.fetch(r) });
  const session: Middleware = {
    onRequest({ request }) {
      const token = hooks.csrf();
      if (writes.has(request.method) && token) request.headers.set('X-CSRF-Token', token);
      return request;
    },
    onResponse({ request, response }) {
      if (response.status === 401 && !request.url.endsWith('/auth/login')) hooks.unauthenticated();
      return response;
    },
  };
  client.use(session);
  return client;
}

/** ok unwraps an openapi-fetch answer: the body, or an ApiError carrying the problem document. */
export async function ok<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (error !== undefined || !response.ok) throw ApiError.from(response.status, error as Problem | undefined);
  return data as T;
}
