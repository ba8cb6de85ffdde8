// The workspace's one REST client. The session (CSRF token, sign-out on 401) comes from the
// auth store, looked up per request so the client can be imported before Pinia exists.
import { useAuthStore } from '@/stores/auth';
import { createApi } from './client';

export { ok } from './client';
export { ApiError, errorCode } from './errors';

export const api = createApi({
  csrf: () => useAuthStore().csrf,
  unauthenticated: () => useAuthStore().sessionLost(),
});
