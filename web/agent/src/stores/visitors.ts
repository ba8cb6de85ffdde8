// Live visitors: who is on the site now (GET /visitors, then visitor.updated / visitor.left
// frames), and the agent's invitation to chat, which starts a conversation assigned to them.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, ok } from '@/api';
import type { Conversation, LiveVisitor } from '@/api/types';
import type { ServerFrame } from '@/realtime/frames';
import { uuid } from '@/lib/uuid';
import { useAuthStore } from './auth';
import { useContactsStore } from './contacts';

const keyOf = (v: { contact_id: string; inbox_id: string }) => `${v.contact_id}/${v.inbox_id}`;

export const useVisitorsStore = defineStore('visitors', () => {
  const byKey = ref<Record<string, LiveVisitor>>({});
  const loaded = ref(false);
  const list = computed(() => Object.values(byKey.value).sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at)));
  const count = computed(() => list.value.length);

  /** load fetches the live list, when the agent may see visitors at all. */
  async function load() {
    if (!useAuthStore().can('contacts.view')) return;
    const { visitors } = await ok(api.GET('/api/v1/visitors'));
    byKey.value = Object.fromEntries((visitors ?? []).map((v) => [keyOf(v), v]));
    loaded.value = true;
    void useContactsStore().ensure(list.value.map((v) => v.contact_id));
  }

  /** apply follows the realtime frames that change the list. */
  function apply(f: ServerFrame) {
    switch (f.type) {
      case 'visitor.updated':
        byKey.value[keyOf(f.visitor)] = { ...byKey.value[keyOf(f.visitor)], ...f.visitor };
        void useContactsStore().ensure([f.visitor.contact_id]);
        break;
      case 'visitor.left':
        delete byKey.value[keyOf(f.visitor)];
        break;
      case 'conversation.created':
      case 'conversation.updated':
        linkConversation(f.conversation);
        break;
    }
  }

  // linkConversation shows a visitor's open conversation (or clears it once resolved).
  function linkConversation(c: Conversation) {
    const v = byKey.value[keyOf(c)];
    if (!v) return;
    if (c.status !== 'resolved') v.conversation_id = c.id;
    else if (v.conversation_id === c.id) v.conversation_id = undefined;
  }

  /** invite starts a conversation with the visitor with the agent's message. clientMsgId is
   * kept by the caller across retries, so a retried invitation starts nothing new. */
  async function invite(v: LiveVisitor, content: string, clientMsgId = uuid()) {
    const res = await ok(api.POST('/api/v1/visitors/{contact_id}/conversations', {
      params: { path: { contact_id: v.contact_id } },
      body: { inbox_id: v.inbox_id, client_msg_id: clientMsgId, content },
    }));
    linkConversation(res.conversation);
    return res.conversation;
  }

  function reset() {
    byKey.value = {};
    loaded.value = false;
  }

  return { byKey, list, count, loaded, load, apply, invite, reset };
});
