// Routes of the workspace. Everything but setup and sign-in needs a session; the guard finds out
// once (GET /auth/me) and sends first-time installs to setup.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useAuthStore } from '@/stores/auth';

const routes: RouteRecordRaw[] = [
  { path: '/setup', name: 'setup', component: () => import('@/views/SetupView.vue'), meta: { public: true } },
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true } },
  { path: '/enrol-2fa', name: 'enrol-2fa', component: () => import('@/views/EnrolView.vue') },
  {
    path: '/',
    component: () => import('@/views/WorkspaceView.vue'),
    children: [
      { path: '', redirect: { name: 'conversations' } },
      { path: 'conversations/:id?', name: 'conversations', component: () => import('@/views/InboxView.vue') },
      { path: 'profile', name: 'profile', component: () => import('@/views/ProfileView.vue') },
      {
        path: 'settings',
        component: () => import('@/views/settings/SettingsView.vue'),
        children: [
          { path: '', redirect: { name: 'settings-canned' } },
          { path: 'inboxes', name: 'settings-inboxes', component: () => import('@/views/settings/InboxesSettings.vue'), meta: { role: 'admin' } },
          { path: 'agents', name: 'settings-agents', component: () => import('@/views/settings/AgentsSettings.vue'), meta: { role: 'admin' } },
          { path: 'teams', name: 'settings-teams', component: () => import('@/views/settings/TeamsSettings.vue'), meta: { role: 'admin' } },
          { path: 'canned', name: 'settings-canned', component: () => import('@/views/settings/CannedSettings.vue') },
          { path: 'labels', name: 'settings-labels', component: () => import('@/views/settings/LabelsSettings.vue'), meta: { role: 'admin' } },
          { path: 'tokens', name: 'settings-tokens', component: () => import('@/views/settings/TokensSettings.vue'), meta: { role: 'admin' } },
          { path: 'security', name: 'settings-security', component: () => import('@/views/settings/SecuritySettings.vue'), meta: { role: 'owner' } },
        ],
      },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory('/'), routes });
  router.beforeEach(async (to) => {
    const auth = useAuthStore();
    if (auth.state === 'unknown') await auth.load();
    if (to.meta.public) {
      if (auth.state === 'signedIn') return { path: '/' };
      if (to.name === 'login' && auth.needsSetup) return { name: 'setup' };
      if (to.name === 'setup' && !auth.needsSetup) return { name: 'login' };
      return true;
    }
    if (auth.state !== 'signedIn') {
      if (auth.needsSetup) return { name: 'setup' };
      return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
    }
    if (auth.enrolRequired !== (to.name === 'enrol-2fa')) return auth.enrolRequired ? { name: 'enrol-2fa' } : { path: '/' };
    const role = to.meta.role as 'admin' | 'owner' | undefined;
    if (role && !auth.atLeast(role)) return { name: 'settings-canned' };
    return true;
  });
  return router;
}
