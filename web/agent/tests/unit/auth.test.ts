// The auth store's session handling: the CSRF token from sign-in (or /auth/session after a reload)
// goes on every write and never on reads; a 401 signs the workspace out.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { api } from '@/api';
import { useAuthStore } from '@/stores/auth';
import { agent, stubFetch } from './fixtures';

describe('auth store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('sends the CSRF token from sign-in on writes only', async () => {
    const seen = stubFetch({
      'POST /api/v1/auth/login': [200, { token: 'kfs_x', csrf_token: 'csrf-1', expires_at: '', agent: agent() }],
      'GET /api/v1/labels': [200, { labels: [] }],
      'POST /api/v1/labels': [201, { id: 'l1' }],
    });
    const auth = useAuthStore();
    await auth.login('me@example.com', 'pw');
    expect(auth.state).toBe('signedIn');
    await api.GET('/api/v1/labels');
    await api.POST('/api/v1/labels', { body: { name: 'vip' } });
    expect(seen.map((s) => [s.method, s.path, s.csrf])).toEqual([
      ['POST', '/api/v1/auth/login', null],
      ['GET', '/api/v1/labels', null],
      ['POST', '/api/v1/labels', 'csrf-1'],
    ]);
  });

  it('opens no session until the second step of a two-factor sign-in', async () => {
    const seen = stubFetch({
      'POST /api/v1/auth/login': [200, { two_factor_required: true, challenge: 'ch-1', token: '', csrf_token: '', expires_at: '', agent: null }],
      'POST /api/v1/auth/login/second-step': [200, { token: 'kfs_y', csrf_token: 'csrf-4', expires_at: '', agent: agent(), two_factor_enrolment_required: false }],
    });
    const auth = useAuthStore();
    expect(await auth.login('me@example.com', 'pw')).toBe('ch-1');
    expect(auth.state).not.toBe('signedIn');
    await auth.secondStep('ch-1', '123456');
    expect(auth.state).toBe('signedIn');
    expect(auth.csrf).toBe('csrf-4');
    expect(seen.map((s) => s.path)).toEqual(['/api/v1/auth/login', '/api/v1/auth/login/second-step']);
  });

  it('holds a session that must enrol in two-factor sign-in', async () => {
    stubFetch({ 'POST /api/v1/auth/login': [200, { token: 't', csrf_token: 'c', expires_at: '', agent: agent(), two_factor_enrolment_required: true }] });
    const auth = useAuthStore();
    await auth.login('me@example.com', 'pw');
    expect(auth.enrolRequired).toBe(true);
    auth.enrolled();
    expect(auth.enrolRequired).toBe(false);
  });

  it('gets the CSRF token back from /auth/session after a reload', async () => {
    const seen = stubFetch({
      'GET /api/v1/auth/session': [200, { signed_in: true, needs_setup: false, agent: agent(), csrf_token: 'csrf-2', permissions: [] }],
      'PATCH /api/v1/auth/me': [200, agent({ availability: 'away' })],
    });
    const auth = useAuthStore();
    await auth.load();
    await auth.update({ availability: 'away' });
    expect(auth.agent?.availability).toBe('away');
    expect(seen.at(-1)?.csrf).toBe('csrf-2');
  });

  it('asks for setup when there is no session and no organisation', async () => {
    const seen = stubFetch({ 'GET /api/v1/auth/session': [200, { signed_in: false, needs_setup: true, permissions: [] }] });
    const auth = useAuthStore();
    await auth.load();
    expect(auth.state).toBe('signedOut');
    expect(auth.needsSetup).toBe(true);
    expect(seen.map((r) => r.path)).toEqual(['/api/v1/auth/session']); // one call, no 401
  });

  it('is signed in by first-run setup without typing the password again', async () => {
    const seen = stubFetch({
      'POST /api/v1/setup': [200, { org: {}, agent: agent({ role: 'owner' }), token: 't', csrf_token: 'csrf-s', permissions: ['inboxes.manage'] }],
      'POST /api/v1/labels': [201, { id: 'l1' }],
    });
    const auth = useAuthStore();
    await auth.setup({ org_name: 'Acme', name: 'Ann', email: 'ann@example.com', password: 'a long password' });
    expect(auth.state).toBe('signedIn');
    expect(auth.can('inboxes.manage')).toBe(true);
    await api.POST('/api/v1/labels', { body: { name: 'vip' } });
    expect(seen.at(-1)?.csrf).toBe('csrf-s');
  });

  it('forgets the session and its token on a 401 and on sign-out', async () => {
    stubFetch({
      'POST /api/v1/auth/login': [200, { token: 't', csrf_token: 'csrf-3', expires_at: '', agent: agent() }],
      'GET /api/v1/conversations/counts': [401, { code: 'unauthenticated' }],
    });
    const auth = useAuthStore();
    await auth.login('me@example.com', 'pw');
    await api.GET('/api/v1/conversations/counts');
    expect(auth.state).toBe('signedOut');
    expect(auth.csrf).toBe('');
  });

  it('a failed sign-in throws the server code and stays signed out', async () => {
    stubFetch({ 'POST /api/v1/auth/login': [401, { code: 'unauthenticated', detail: 'wrong email or password' }] });
    const auth = useAuthStore();
    await expect(auth.login('me@example.com', 'bad')).rejects.toMatchObject({ code: 'unauthenticated', status: 401 });
    expect(auth.state).toBe('unknown');
  });

  it('answers can() from the permissions /auth/session gave, whatever the role is called', async () => {
    stubFetch({ 'GET /api/v1/auth/session': [200, { signed_in: true, needs_setup: false, agent: agent({ role: 'custom' }), csrf_token: 'c', permissions: ['conversations.view_all'] }] });
    const auth = useAuthStore();
    await auth.load();
    expect(auth.can('conversations.view_all')).toBe(true);
    expect(auth.can('conversations.reply')).toBe(false);
    auth.sessionLost();
    expect(auth.can('conversations.view_all')).toBe(false);
  });
});
