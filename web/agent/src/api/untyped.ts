// Requests to endpoints the generated schema does not list yet: the channel endpoints sibling
// branches add (the delivery retry, the API channel's secret rotation). Same session rules as
// the typed client: CSRF on writes, problem documents turned into ApiError. Once the endpoints
// are in schema.d.ts, callers move to the typed client and this file goes.
import { useAuthStore } from '@/stores/auth';
import { ApiError, type Problem } from './errors';

/** postJSON posts body (if any) to path and returns the decoded answer, or throws ApiError. */
export async function postJSON<T>(path: string, body?: unknown): Promise<T> {
  const headers = new Headers({ 'X-CSRF-Token': useAuthStore().csrf });
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  const req = new Request(new URL(path, globalThis.location?.origin ?? 'http://localhost'), {
    method: 'POST', headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  let res: Response;
  try {
    res = await globalThis.fetch(req);
  } catch {
    throw ApiError.from(0, undefined);
  }
  const text = await res.text();
  const data = text ? safeJSON(text) : undefined;
  if (!res.ok) throw ApiError.from(res.status, data as Problem | undefined);
  return data as T;
}

function safeJSON(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
