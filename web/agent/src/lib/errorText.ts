// The message an agent sees for a failed request: the server's code in the UI's language.
import { ApiError } from '@/api/errors';
import { passwordProblem } from '@/lib/passwordError';

type T = (key: string, values?: Record<string, unknown>) => string;

const known = new Set([
  'network', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input', 'payload_too_large',
  'unsupported_media_type', 'rate_limited', 'overloaded', 'unavailable', 'internal', 'malformed_request', 'already_handled',
]);

/** errorText words an error; invalid input also names the fields the server refused, and a
 * password the policy refused is explained in the UI's language. */
export function errorText(t: T, e: unknown): string {
  const code = e instanceof ApiError ? e.code : 'network';
  const base = t(`errors.${known.has(code) ? code : 'internal'}`);
  if (e instanceof ApiError && e.fields.length) {
    const words = e.fields.map((f) => passwordProblem(t, f));
    if (words.every((w) => w !== null)) return words.join(' ');
    return `${base} ${e.fields.map((f) => `${(f.location ?? '').replace(/^body\./, '')}: ${f.message}`).join('; ')}`;
  }
  return base;
}
