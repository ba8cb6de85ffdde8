// Canned replies: shared ones and the agent's personal ones, inserted in the composer by /shortcut.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, ok } from '@/api';
import type { CannedReply } from '@/api/types';

export const useCannedStore = defineStore('canned', () => {
  const replies = ref<CannedReply[]>([]);
  const loaded = ref(false);

  async function load() {
    replies.value = (await ok(api.GET('/api/v1/canned-replies', { params: { query: {} } }))).canned_replies ?? [];
    loaded.value = true;
  }

  async function create(input: { shortcut: string; content: string; scope: 'personal' | 'shared' }) {
    await ok(api.POST('/api/v1/canned-replies', { body: input }));
    await load();
  }

  async function update(id: string, patch: { shortcut?: string; content?: string }) {
    await ok(api.PATCH('/api/v1/canned-replies/{id}', { params: { path: { id } }, body: patch }));
    await load();
  }

  async function remove(id: string) {
    await ok(api.DELETE('/api/v1/canned-replies/{id}', { params: { path: { id } } }));
    await load();
  }

  /** matching lists the replies whose shortcut starts with what follows the slash. */
  function matching(prefix: string): CannedReply[] {
    const p = prefix.toLowerCase();
    return replies.value.filter((r) => r.shortcut.startsWith(p)).slice(0, 8);
  }

  return { replies, loaded, load, create, update, remove, matching };
});
