// Contacts by id. Conversations carry only contact_id, so the list fetches the names it shows,
// a few at a time, and each contact only once.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, ok } from '@/api';
import type { Contact } from '@/api/types';

const parallel = 4;

export const useContactsStore = defineStore('contacts', () => {
  const byId = ref<Record<string, Contact>>({});
  const inFlight = new Set<string>();

  /** ensure fetches the contacts not held yet; failures are left for the next call. */
  async function ensure(ids: string[]) {
    const missing = [...new Set(ids)].filter((id) => id && !byId.value[id] && !inFlight.has(id));
    missing.forEach((id) => inFlight.add(id));
    const worker = async () => {
      for (let id = missing.shift(); id; id = missing.shift()) {
        try {
          byId.value[id] = await ok(api.GET('/api/v1/contacts/{id}', { params: { path: { id } } }));
        } catch {
          // shown as "Visitor" until a later render asks again
        } finally {
          inFlight.delete(id);
        }
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
  }

  async function refresh(id: string) {
    byId.value[id] = await ok(api.GET('/api/v1/contacts/{id}', { params: { path: { id } } }));
    return byId.value[id];
  }

  async function update(id: string, patch: { name?: string; email?: string; phone?: string; level?: string; attributes?: Record<string, string> }) {
    byId.value[id] = await ok(api.PATCH('/api/v1/contacts/{id}', { params: { path: { id } }, body: patch }));
  }

  return { byId, ensure, refresh, update };
});
