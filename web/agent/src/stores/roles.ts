// The permission catalogue, the built-in roles' sets and the organisation's custom roles: what
// the roles page edits and the agent and token pickers offer. A picker offers only what the
// signed-in agent holds, as the server refuses any other grant.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, ok } from '@/api';
import type { BuiltinRole, CustomRole, PermissionInfo } from '@/api/types';
import { useAuthStore } from '@/stores/auth';

export const builtinRoles: BuiltinRole[] = ['agent', 'supervisor', 'admin', 'owner'];

export const useRolesStore = defineStore('roles', () => {
  const catalogue = ref<PermissionInfo[]>([]);
  const builtin = ref<Record<string, string[]>>({}); // built-in role → its permissions
  const custom = ref<CustomRole[]>([]);

  async function loadCatalogue() {
    const body = await ok(api.GET('/api/v1/permissions'));
    catalogue.value = body.permissions ?? [];
    builtin.value = Object.fromEntries((body.builtin_roles ?? []).map((r) => [r.role, r.permissions ?? []]));
  }
  async function loadCustom() {
    custom.value = (await ok(api.GET('/api/v1/roles'))).roles ?? [];
  }

  /** grantable says whether the signed-in agent holds every permission of a set. */
  function grantable(perms: string[] | null | undefined) {
    const auth = useAuthStore();
    return (perms ?? []).every((p) => auth.can(p));
  }
  const grantableBuiltin = () => builtinRoles.filter((r) => builtin.value[r] && grantable(builtin.value[r]));

  return { catalogue, builtin, custom, loadCatalogue, loadCustom, grantable, grantableBuiltin };
});
