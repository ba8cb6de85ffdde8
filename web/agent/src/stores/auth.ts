// The signed-in agent and their session. Sign-in answers with a CSRF token (the session cookie
// itself is HttpOnly); after a reload GET /auth/session gives it again. Every write sends it.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, ok } from '@/api';
import type { Agent, Availability, Role } from '@/api/types';

/** unknown until the first /auth/session answers; then signedIn or signedOut. */
export type SessionState = 'unknown' | 'signedIn' | 'signedOut';

export const useAuthStore = defineStore('auth', () => {
  const agent = ref<Agent | null>(null);
  /** What this session may do (catalogue names, e.g. conversations.reply), from /auth/session. */
  const permissions = ref<string[]>([]);
  const csrf = ref('');
  const state = ref<SessionState>('unknown');
  const needsSetup = ref(false);
  /** enrolRequired: the organisation requires two-factor sign-in and this session must enrol first. */
  const enrolRequired = ref(false);

  function signedIn(a: Agent, token: string) {
    agent.value = a;
    csrf.value = token;
    state.value = 'signedIn';
  }

  function signedOut() {
    agent.value = null;
    permissions.value = [];
    csrf.value = '';
    enrolRequired.value = false;
    state.value = 'signedOut';
  }

  /** load finds out whether the browser still has a session (and whether setup is needed). It
   * asks GET /auth/session, which answers 200 signed in or not, so a signed-out page load logs
   * no failed request in the console. */
  async function load() {
    const res = await api.GET('/api/v1/auth/session');
    const body = res.data;
    if (body?.signed_in && body.agent) {
      opened({ ...body, agent: body.agent, csrf_token: body.csrf_token ?? '' });
      return;
    }
    signedOut();
    needsSetup.value = body?.needs_setup ?? false;
  }

  /** login answers a second-step challenge when the agent signs in with a code too, else ''. */
  async function login(email: string, password: string): Promise<string> {
    const body = await ok(api.POST('/api/v1/auth/login', { body: { email, password } }));
    if (body.two_factor_required) return body.challenge ?? '';
    opened(body);
    return '';
  }

  /** secondStep finishes a two-factor sign-in with an app code or a recovery code. */
  async function secondStep(challenge: string, code: string) {
    opened(await ok(api.POST('/api/v1/auth/login/second-step', { body: { challenge, code } })));
  }

  type SignInAnswer = { agent: Agent | null; csrf_token: string; permissions?: string[] | null; two_factor_enrolment_required?: boolean };
  /** opened takes a completed sign-in, including whether it must enrol in 2FA first. */
  function opened(body: SignInAnswer) {
    permissions.value = body.permissions ?? [];
    if (body.agent) signedIn(body.agent, body.csrf_token);
    enrolRequired.value = body.two_factor_enrolment_required ?? false;
  }

  /** acceptInvitation creates the invited agent with the chosen name and password and signs
   * them in, as a password sign-in does. */
  async function acceptInvitation(token: string, name: string, password: string) {
    opened(await ok(api.POST('/api/v1/auth/invitation/accept', { body: { token, name, password } })));
  }

  /** enrolled frees a session held to enrolment once two-factor sign-in is on. */
  function enrolled() {
    enrolRequired.value = false;
  }

  async function logout() {
    try {
      await api.POST('/api/v1/auth/logout');
    } finally {
      signedOut();
    }
  }

  /** setup creates the organisation and signs its new owner in (the server opens the session). */
  async function setup(input: { org_name: string; name: string; email: string; password: string }) {
    const body = await ok(api.POST('/api/v1/setup', { body: input }));
    needsSetup.value = false;
    if (body.token) opened({ ...body, csrf_token: body.csrf_token ?? '' });
  }

  type MeUpdate = { name?: string; avatar_url?: string; availability?: Availability; current_password?: string; new_password?: string; signature?: string };
  async function update(patch: MeUpdate) {
    agent.value = await ok(api.PATCH('/api/v1/auth/me', { body: patch }));
  }

  /** sessionLost is called by the client on a 401: the cookie expired or was revoked. */
  function sessionLost() {
    if (state.value === 'signedIn') signedOut();
  }

  const role = computed<Role>(() => (agent.value?.role as Role) ?? 'agent');
  /** can says whether the session holds a permission. The UI only hides; the server decides. */
  const can = (permission: string) => permissions.value.includes(permission);

  return { agent, permissions, csrf, state, needsSetup, enrolRequired, role, can, load, login, secondStep, acceptInvitation, enrolled, logout, setup, update, sessionLost };
});
