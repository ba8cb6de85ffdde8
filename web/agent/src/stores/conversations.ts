// The conversation list: the current view's page from REST, kept current by WebSocket events
// (created, updated, new messages) — inserted, moved, re-sorted or dropped as they change.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, ok } from '@/api';
import type { Conversation, Counts, Message } from '@/api/types';
import { compare, defaultFilter, isNewer, isUnread, matches, searching, toQuery, type ListFilter } from '@/lib/listFilter';
import { previewOf } from '@/lib/preview';
import type { ServerFrame } from '@/realtime/frames';
import { useAuthStore } from './auth';

export const useConversationsStore = defineStore('conversations', () => {
  const byId = ref<Record<string, Conversation>>({});
  const ids = ref<string[]>([]);
  const filter = ref<ListFilter>({ ...defaultFilter });
  const nextCursor = ref('');
  const loading = ref(false);
  const counts = ref<Counts>({ mine: 0, unassigned: 0, all: 0 });
  let generation = 0; // a reload started later wins over an older one still in flight

  const meId = () => useAuthStore().agent?.id ?? '';
  const list = computed(() => ids.value.map((id) => byId.value[id]).filter(Boolean));

  async function reload(f: Partial<ListFilter> = {}) {
    filter.value = { ...filter.value, ...f };
    const gen = ++generation;
    loading.value = true;
    try {
      const page = await ok(api.GET('/api/v1/conversations', { params: { query: { ...toQuery(filter.value), limit: 30 } } }));
      if (gen !== generation) return;
      for (const c of page.conversations ?? []) store(c);
      ids.value = (page.conversations ?? []).map((c) => c.id);
      nextCursor.value = page.next_cursor;
    } finally {
      if (gen === generation) loading.value = false;
    }
    void refreshCounts();
  }

  async function loadMore() {
    if (!nextCursor.value || loading.value) return;
    const gen = generation;
    loading.value = true;
    try {
      const page = await ok(api.GET('/api/v1/conversations', { params: { query: { ...toQuery(filter.value), cursor: nextCursor.value, limit: 30 } } }));
      if (gen !== generation) return;
      for (const c of page.conversations ?? []) {
        store(c);
        if (!ids.value.includes(c.id)) ids.value.push(c.id);
      }
      nextCursor.value = page.next_cursor;
    } finally {
      loading.value = false;
    }
  }

  async function refreshCounts() {
    const res = await api.GET('/api/v1/conversations/counts', { params: { query: { inbox_id: filter.value.inboxId || undefined } } });
    if (res.data) counts.value = res.data;
  }

  /**
   * store keeps a newer copy of a conversation. Events are shared by all agents and carry no
   * my_last_read_seq, so the agent's own read marker is kept across copies: it only moves forward.
   */
  function store(c: Conversation): boolean {
    const held = byId.value[c.id];
    const mine = Math.max(c.my_last_read_seq ?? 0, held?.my_last_read_seq ?? 0);
    if (!isNewer(c, held)) {
      if (held && mine > (held.my_last_read_seq ?? 0)) byId.value[c.id] = { ...held, my_last_read_seq: mine };
      return false;
    }
    // Events carry no preview or contact summary: keep what the list read brought.
    byId.value[c.id] = { ...c, my_last_read_seq: mine, last_message: c.last_message ?? held?.last_message, contact: c.contact ?? held?.contact };
    return true;
  }

  /** readUpTo moves the agent's own read marker of a held conversation forward. */
  function readUpTo(id: string, seq: number): boolean {
    const c = byId.value[id];
    if (!c || seq <= (c.my_last_read_seq ?? 0)) return false;
    byId.value[id] = { ...c, my_last_read_seq: seq };
    return true;
  }

  /** preview puts a new message in its row's preview (activity events are not shown there). */
  function preview(m: Message) {
    const held = byId.value[m.conversation_id];
    if (!held || m.kind === 'event' || (held.last_message && held.last_message.seq > m.seq)) return;
    byId.value[m.conversation_id] = { ...held, last_message: previewOf(m) };
  }

  /** upsert takes a newer copy of a conversation and places it in (or out of) the list. */
  function upsert(c: Conversation) {
    if (!store(c)) return;
    const f = filter.value;
    const inList = ids.value.includes(c.id);
    // A search's results are the server's to choose; live changes only update what it found.
    const belongs = searching(f) ? inList : matches(c, f, meId());
    const rest = ids.value.filter((id) => id !== c.id);
    if (!belongs) {
      if (inList) ids.value = rest;
      return;
    }
    const cmp = compare(f.sort);
    let at = rest.findIndex((id) => cmp(c, byId.value[id]) < 0);
    if (at < 0) {
      // Past the loaded page: only append when every page is loaded, else the next page brings it.
      if (nextCursor.value && !inList) return;
      at = rest.length;
    }
    rest.splice(at, 0, c.id);
    ids.value = rest;
  }

  /** apply handles one WebSocket event frame. */
  function apply(f: ServerFrame) {
    switch (f.type) {
      case 'conversation.created':
      case 'conversation.updated':
        upsert(f.conversation);
        // Counts frames carry the organisation's counts; narrowed to an inbox, ask REST.
        if (filter.value.inboxId) scheduleCounts();
        break;
      case 'counts':
        if (filter.value.inboxId) scheduleCounts();
        else counts.value = { ...f.counts };
        break;
      case 'read':
        // Only this agent's own receipts arrive (from their other tabs): theirs alone.
        if (f.read.agent_id === meId()) readUpTo(f.conversation_id, f.read.seq);
        break;
      case 'message.created': {
        const held = byId.value[f.conversation_id];
        if (f.conversation) upsert(f.conversation);
        else if (held && f.message.seq > held.last_seq) {
          upsert({ ...held, last_seq: f.message.seq, last_activity_at: f.message.created_at, updated_at: f.message.created_at });
        }
        preview(f.message);
        break;
      }
    }
  }

  let countsTimer: ReturnType<typeof setTimeout> | undefined;
  function scheduleCounts() {
    clearTimeout(countsTimer);
    countsTimer = setTimeout(() => void refreshCounts(), 400);
  }

  /** fetchOne makes sure a conversation (e.g. opened by URL) is held. */
  async function fetchOne(id: string): Promise<Conversation> {
    const c = await ok(api.GET('/api/v1/conversations/{id}', { params: { path: { id } } }));
    upsert(c);
    return byId.value[id] ?? c;
  }

  /** markRead records that this agent has read up to seq, at once locally. */
  async function markRead(id: string, seq: number) {
    if (!readUpTo(id, seq)) return;
    await api.POST('/api/v1/conversations/{id}/read', { params: { path: { id } }, body: { seq } });
  }

  const unreadCount = computed(
    () => Object.values(byId.value).filter((c) => isUnread(c) && (c.assignee_id === meId() || c.assignee_id === '') && c.status === 'open').length,
  );

  return { byId, ids, list, filter, nextCursor, loading, counts, unreadCount, reload, loadMore, refreshCounts, upsert, apply, fetchOne, markRead };
});
