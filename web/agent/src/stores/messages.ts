// Messages per conversation: the history pages (newest first, older ones on scroll), live
// messages from the WebSocket, and this agent's own sends with their sending/failed states.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, ok } from '@/api';
import type { Attachment, Message, MessageKind } from '@/api/types';
import { mergeMessages } from '@/lib/thread';
import { uuid } from '@/lib/uuid';
import type { ServerFrame } from '@/realtime/frames';

/** A message this agent sent that the server has not confirmed yet (or refused). */
export interface Outgoing {
  client_msg_id: string;
  content: string;
  kind: MessageKind;
  attachments: Attachment[];
  state: 'sending' | 'failed';
  created_at: string;
}

export interface Thread {
  messages: Message[];
  outgoing: Outgoing[];
  hasOlder: boolean;
  loaded: boolean;
  loadingOlder: boolean;
}

const pageSize = 50;

export const useMessagesStore = defineStore('messages', () => {
  const threads = ref<Record<string, Thread>>({});

  function thread(id: string): Thread {
    threads.value[id] ??= { messages: [], outgoing: [], hasOlder: false, loaded: false, loadingOlder: false };
    return threads.value[id];
  }

  /** add merges messages into a thread and settles the sends they confirm. */
  function add(id: string, incoming: Message[]) {
    const t = thread(id);
    t.messages = mergeMessages(t.messages, incoming);
    const confirmed = new Set(incoming.map((m) => m.client_msg_id).filter(Boolean));
    if (confirmed.size) t.outgoing = t.outgoing.filter((o) => !confirmed.has(o.client_msg_id));
  }

  /** load fetches the newest page (again, after a resync). */
  async function load(id: string) {
    const body = await ok(api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id }, query: { limit: pageSize } } }));
    const t = thread(id);
    const page = body.messages ?? [];
    add(id, page);
    t.hasOlder = (t.messages[0]?.seq ?? 1) > 1;
    t.loaded = true;
  }

  /** loadOlder fetches the page before the oldest message held (upward infinite scroll). */
  async function loadOlder(id: string) {
    const t = thread(id);
    const oldest = t.messages[0]?.seq;
    if (!t.hasOlder || t.loadingOlder || oldest === undefined) return;
    t.loadingOlder = true;
    try {
      const body = await ok(api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id }, query: { before: oldest, limit: pageSize } } }));
      const page = body.messages ?? [];
      add(id, page);
      t.hasOlder = page.length > 0 && page[0].seq > 1;
    } finally {
      t.loadingOlder = false;
    }
  }

  /** send posts a message; the same client_msg_id makes a retry safe. */
  async function send(id: string, content: string, kind: MessageKind, attachments: Attachment[] = [], clientMsgId = uuid()) {
    const t = thread(id);
    let o = t.outgoing.find((x) => x.client_msg_id === clientMsgId);
    if (!o) {
      o = { client_msg_id: clientMsgId, content, kind, attachments, state: 'sending', created_at: new Date().toISOString() };
      t.outgoing.push(o);
    }
    setState(id, clientMsgId, 'sending');
    try {
      const body = await ok(
        api.POST('/api/v1/conversations/{id}/messages', {
          params: { path: { id } },
          body: { content, kind, client_msg_id: clientMsgId, attachment_ids: attachments.map((a) => a.id) },
        }),
      );
      add(id, [body.message]);
    } catch (e) {
      setState(id, clientMsgId, 'failed');
      throw e;
    }
  }

  function setState(id: string, clientMsgId: string, state: Outgoing['state']) {
    const o = thread(id).outgoing.find((x) => x.client_msg_id === clientMsgId);
    if (o) o.state = state;
  }

  /** retry resends a failed message with its original client_msg_id. */
  function retry(id: string, clientMsgId: string) {
    const o = thread(id).outgoing.find((x) => x.client_msg_id === clientMsgId);
    if (o) return send(id, o.content, o.kind, o.attachments, o.client_msg_id);
  }

  /** discard drops a failed message the agent gave up on. */
  function discard(id: string, clientMsgId: string) {
    const t = thread(id);
    t.outgoing = t.outgoing.filter((x) => x.client_msg_id !== clientMsgId);
  }

  /** apply handles one WebSocket frame; threads never opened are left for their first load. */
  function apply(f: ServerFrame) {
    if (f.type === 'conversation.erased') return void erased(f.conversation_id);
    if (f.type !== 'message.created' && f.type !== 'message.updated') return;
    if (threads.value[f.conversation_id]?.loaded) add(f.conversation_id, [f.message]);
  }

  /** erased forgets what a thread held, whose content the server erased, and reloads it if open. */
  function erased(id: string) {
    const t = threads.value[id];
    if (!t) return;
    const wasLoaded = t.loaded;
    Object.assign(t, { messages: [], outgoing: [], hasOlder: false, loaded: false });
    if (wasLoaded) void load(id).catch(() => undefined); // a deleted conversation answers 404: nothing to show
  }

  /** reloadAll refetches every open thread after the realtime cursor was lost. */
  async function reloadAll() {
    await Promise.all(Object.keys(threads.value).filter((id) => threads.value[id].loaded).map((id) => load(id)));
  }

  return { threads, thread, add, load, loadOlder, send, retry, discard, apply, reloadAll };
});
