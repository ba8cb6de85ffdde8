// The organisation's agents, teams, inboxes and labels: small lists every screen needs for
// names, pickers and filters, loaded once after sign-in and refreshed by the settings pages.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, ok } from '@/api';
import type { Agent, Inbox, Label, Team } from '@/api/types';

export const useDirectoryStore = defineStore('directory', () => {
  const agents = ref<Agent[]>([]);
  const teams = ref<Team[]>([]);
  const inboxes = ref<Inbox[]>([]);
  const labels = ref<Label[]>([]);
  const presence = ref<Record<string, boolean>>({}); // agent id → has a live connection

  async function loadAgents() {
    agents.value = (await ok(api.GET('/api/v1/agents'))).agents ?? [];
  }
  async function loadTeams() {
    teams.value = (await ok(api.GET('/api/v1/teams'))).teams ?? [];
  }
  async function loadInboxes() {
    inboxes.value = (await ok(api.GET('/api/v1/inboxes'))).inboxes ?? [];
  }
  async function loadLabels() {
    labels.value = (await ok(api.GET('/api/v1/labels'))).labels ?? [];
  }
  async function loadAll() {
    await Promise.all([loadAgents(), loadTeams(), loadInboxes(), loadLabels()]);
  }

  const agentById = computed(() => Object.fromEntries(agents.value.map((a) => [a.id, a])));
  const teamById = computed(() => Object.fromEntries(teams.value.map((t) => [t.id, t])));
  const inboxById = computed(() => Object.fromEntries(inboxes.value.map((i) => [i.id, i])));
  const labelByName = computed(() => Object.fromEntries(labels.value.map((l) => [l.name, l])));
  const activeAgents = computed(() => agents.value.filter((a) => !a.disabled));

  return {
    agents, teams, inboxes, labels, presence, agentById, teamById, inboxById, labelByName, activeAgents,
    loadAgents, loadTeams, loadInboxes, loadLabels, loadAll,
  };
});
