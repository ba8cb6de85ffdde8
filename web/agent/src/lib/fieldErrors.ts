// Field-level errors for forms: the server's refused fields by path, so a form shows each
// message under the field it concerns instead of only in a toast.
import { ApiError } from '@/api/errors';

/** fieldErrors maps the server's refused fields ("body.target.skills[0].min_level") to their
 * messages by path without the "body." prefix; anything else gives an empty map. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of e.fields) {
    const path = (f.location ?? '').replace(/^body\./, '');
    if (path && !out[path]) out[path] = f.message;
  }
  return out;
}
