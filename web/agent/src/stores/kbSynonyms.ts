// The organisation's synonym groups for knowledge-base search: words that mean one thing to it
// (a product's name, its jargon). Every member reads them; kb.manage writes them.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, ok } from '@/api';
import type { SynonymGroup } from '@/api/types';

export const useKBSynonymsStore = defineStore('kbSynonyms', () => {
  const groups = ref<SynonymGroup[]>([]);

  async function load() {
    groups.value = (await ok(api.GET('/api/v1/kb/synonyms'))).groups ?? [];
  }

  const create = async (terms: string[]) => ok(api.POST('/api/v1/kb/synonyms', { body: { terms } }));
  const update = async (id: string, terms: string[]) =>
    ok(api.PUT('/api/v1/kb/synonyms/{id}', { params: { path: { id } }, body: { terms } }));
  const remove = async (id: string) => ok(api.DELETE('/api/v1/kb/synonyms/{id}', { params: { path: { id } } }));

  return { groups, load, create, update, remove };
});
