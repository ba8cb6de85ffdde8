// Routes of the workspace. Everything but setup and sign-in needs a session; the guard finds out
// once (GET /auth/session) and sends first-time installs to setup.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { settingsHome } from '@/lib/settingsHome';
import { useAuthStore } from '@/stores/auth';

const routes: RouteRecordRaw[] = [
  { path: '/setup', name: 'setup', component: () => import('@/views/SetupView.vue'), meta: { public: true } },
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true } },
  // An invitation link works signed in or not: it is for someone else than the browser's agent.
  { path: '/invite/:token', name: 'invite', component: () => import('@/views/InviteView.vue'), meta: { public: true, anyone: true } },
  { path: '/enrol-2fa', name: 'enrol-2fa', component: () => import('@/views/EnrolView.vue') },
  {
    path: '/',
    component: () => import('@/views/WorkspaceView.vue'),
    children: [
      { path: '', redirect: { name: 'conversations' } },
      { path: 'conversations/:id?', name: 'conversations', component: () => import('@/views/InboxView.vue') },
      { path: 'visitors', name: 'visitors', component: () => import('@/views/VisitorsView.vue'), meta: { perm: 'contacts.view' } },
      { path: 'board', name: 'board', component: () => import('@/views/BoardView.vue'), meta: { anyPerm: ['conversations.assign', 'reports.view'] } },
      { path: 'profile', name: 'profile', component: () => import('@/views/ProfileView.vue') },
      {
        path: 'settings',
        component: () => import('@/views/settings/SettingsView.vue'),
        children: [
          { path: '', name: 'settings', redirect: () => ({ name: settingsHome(useAuthStore().can) }) },
          { path: 'org', name: 'settings-org', component: () => import('@/views/settings/OrgSettings.vue'), meta: { perm: 'settings.manage' } },
          { path: 'inboxes', name: 'settings-inboxes', component: () => import('@/views/settings/InboxesSettings.vue'), meta: { perm: 'inboxes.manage' } },
          { path: 'routing', name: 'settings-routing', component: () => import('@/views/settings/RoutingSettings.vue'), meta: { anyPerm: ['settings.manage', 'conversations.assign'] } },
          { path: 'agents', name: 'settings-agents', component: () => import('@/views/settings/AgentsSettings.vue'), meta: { perm: 'agents.manage' } },
          { path: 'roles', name: 'settings-roles', component: () => import('@/views/settings/RolesSettings.vue'), meta: { perm: 'roles.manage' } },
          { path: 'teams', name: 'settings-teams', component: () => import('@/views/settings/TeamsSettings.vue'), meta: { perm: 'teams.manage' } },
          { path: 'canned', name: 'settings-canned', component: () => import('@/views/settings/CannedSettings.vue') },
          { path: 'knowledge', name: 'settings-knowledge', component: () => import('@/views/settings/KnowledgeSettings.vue') },
          { path: 'bot', name: 'settings-bot', component: () => import('@/views/settings/BotPerformance.vue'), meta: { anyPerm: ['reports.view', 'kb.manage'] } },
          { path: 'ai', name: 'settings-ai', component: () => import('@/views/settings/AISettings.vue'), meta: { perm: 'settings.manage' } },
          { path: 'labels', name: 'settings-labels', component: () => import('@/views/settings/LabelsSettings.vue'), meta: { perm: 'labels.manage' } },
          { path: 'tokens', name: 'settings-tokens', component: () => import('@/views/settings/TokensSettings.vue'), meta: { perm: 'tokens.manage' } },
          { path: 'audit', name: 'settings-audit', component: () => import('@/views/settings/AuditSettings.vue'), meta: { perm: 'audit.view' } },
          { path: 'privacy', name: 'settings-privacy', component: () => import('@/views/settings/PrivacySettings.vue'), meta: { perm: 'settings.manage' } },
          { path: 'webhooks', name: 'settings-webhooks', component: () => import('@/views/settings/WebhooksSettings.vue'), meta: { perm: 'webhooks.manage' } },
          { path: 'jobs', name: 'settings-jobs', component: () => import('@/views/settings/JobsSettings.vue'), meta: { perm: 'jobs.view' } },
          { path: 'security', name: 'settings-security', component: () => import('@/views/settings/SecuritySettings.vue'), meta: { perm: 'security.manage' } },
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
      if (auth.state === 'signedIn' && !to.meta.anyone) return { path: '/' };
      if (to.name === 'login' && auth.needsSetup) return { name: 'setup' };
      if (to.name === 'setup' && !auth.needsSetup) return { name: 'login' };
      return true;
    }
    if (auth.state !== 'signedIn') {
      if (auth.needsSetup) return { name: 'setup' };
      return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
    }
    if (auth.enrolRequired !== (to.name === 'enrol-2fa')) return auth.enrolRequired ? { name: 'enrol-2fa' } : { path: '/' };
    const perm = to.meta.perm as string | undefined;
    if (perm && !auth.can(perm)) return { name: settingsHome(auth.can) };
    const anyPerm = to.meta.anyPerm as string[] | undefined;
    if (anyPerm && !anyPerm.some(auth.can)) return { name: 'conversations' };
    return true;
  });
  return router;
}
