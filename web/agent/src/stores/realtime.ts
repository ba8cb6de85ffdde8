// The workspace's realtime connection: one AgentSocket whose frames are routed to the stores,
// plus who is typing where. Typing goes out over the socket, or over REST while it is down.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { api } from '@/api';
import type { Conversation, Message } from '@/api/types';
import type { ContactNameParts } from '@/lib/contactInfo';
import type { ServerFrame, TypingState, ViewName } from '@/realtime/frames';
import { AgentSocket, agentSocketURL, type SocketStatus } from '@/realtime/socket';
import { useAttentionStore } from './attention';
import { useAuthStore } from './auth';
import { useConversationsStore } from './conversations';
import { useDirectoryStore } from './directory';
import { useMessagesStore } from './messages';
import { useVisitorsStore } from './visitors';

/** How long a typing indicator lasts without a fresh frame. */
const typingTTL = 6000;

export interface Typist extends TypingState {
  until: number;
}

/** Words for notifications, given by the view that knows the language. */
export interface RealtimeTexts {
  newConversation(): string;
  newMessage(name: string): string;
  /** contactName names a contact as the workspace does everywhere (lib/contactInfo.displayName). */
  contactName(c: ContactNameParts | undefined): string;
  open(conversationId: string): void;
}

export const useRealtimeStore = defineStore('realtime', () => {
  const status = ref<SocketStatus>('closed');
  const typing = ref<Record<string, Typist[]>>({});
  let socket: AgentSocket | null = null;
  let texts: RealtimeTexts | null = null;
  // Views that follow frames beyond what the stores keep (the supervisor board).
  const listeners = new Set<(f: ServerFrame) => void>();

  /** listen calls fn with every frame until the returned function is called. */
  function listen(fn: (f: ServerFrame) => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  }

  /**
   * views are the lists the agent looks at: the tab shown ("all" on the all tab). A hidden
   * workspace also follows unassigned conversations, which it notifies of (attention store);
   * a visible one on "mine" learns of them through the counts.
   */
  function views(): ViewName[] {
    const board: ViewName[] = boardWatchers > 0 ? ['board'] : [];
    const view = useConversationsStore().filter.view;
    if (view === 'all') return ['all', ...board];
    if (view === 'unassigned' || document.hidden) return ['mine', 'unassigned', ...board];
    return ['mine', ...board];
  }

  // boardWatchers counts the open supervisor boards: while one shows, the connection follows
  // every conversation change of the organisation (the "board" view), not only its lists.
  let boardWatchers = 0;
  /** watchBoard adds the board view until the returned function is called. */
  function watchBoard(): () => void {
    boardWatchers++;
    viewsChanged();
    return () => {
      boardWatchers--;
      viewsChanged();
    };
  }

  let open = '';
  /** openConversation: the conversation the agent reads; its events arrive whatever the views. */
  function openConversation(id: string) {
    open = id;
    viewsChanged();
  }

  function closeConversation(id: string) {
    if (open === id) openConversation('');
  }

  let viewsKey = '';
  let unwatch: (() => void) | null = null;
  function viewsChanged() {
    const key = `${views().join()} ${open}`;
    if (key === viewsKey) return;
    viewsKey = key;
    socket?.viewsChanged();
  }

  function start(t: RealtimeTexts) {
    texts = t;
    if (socket) return;
    viewsKey = `${views().join()} ${open}`;
    unwatch = watch(() => useConversationsStore().filter.view, viewsChanged);
    document.addEventListener('visibilitychange', viewsChanged);
    socket = new AgentSocket({
      url: agentSocketURL(),
      views,
      openConversation: () => open,
      onReconnected: () => void useConversationsStore().reload(),
      onFrame: route,
      onResync: resync,
      onStatus: (s) => (status.value = s),
      // Signed out elsewhere (another device, an admin, a password change): back to sign-in.
      onRevoked: () => useAuthStore().sessionLost(),
      // A new role: reload who we are, so the workspace shows what the agent may do now.
      onPermissionsChanged: () => void useAuthStore().load(),
    });
    socket.start();
  }

  function stop() {
    document.removeEventListener('visibilitychange', viewsChanged);
    unwatch?.();
    unwatch = null;
    socket?.stop();
    socket = null;
    typing.value = {};
  }

  /** alertMessage names the sender in the notification: an anonymous visitor by their number,
   *  read with the conversation when the list does not hold it. */
  async function alertMessage(m: Message, c: Conversation | undefined) {
    const conversations = useConversationsStore();
    let contact = conversations.byId[m.conversation_id]?.contact;
    if (!m.sender_name && !contact && m.sender_type === 'contact') {
      contact = (await conversations.fetchOne(m.conversation_id).catch(() => undefined))?.contact;
    }
    if (!texts) return;
    const name = m.sender_name || (m.sender_type === 'contact' ? texts.contactName(contact) : '');
    const id = m.conversation_id;
    useAttentionStore().onMessage(m, c, texts.newMessage(name), () => texts?.open(id));
  }

  function route(f: ServerFrame) {
    const conversations = useConversationsStore();
    const attention = useAttentionStore();
    const before = 'conversation_id' in f ? conversations.byId[f.conversation_id] : undefined;
    conversations.apply(f);
    for (const l of listeners) l(f);
    useMessagesStore().apply(f);
    useVisitorsStore().apply(f);
    if (!texts) return;
    const open = (id: string) => () => texts?.open(id);
    switch (f.type) {
      case 'conversation.created':
        attention.onConversation(f.conversation, texts.newConversation(), open(f.conversation_id));
        break;
      case 'message.created':
        if (f.message.sender_type === 'contact') clearTyping(f.conversation_id, 'contact');
        if (before || f.conversation) void alertMessage(f.message, f.conversation ?? before);
        break;
      case 'typing':
        setTyping(f.conversation_id, f.typing);
        break;
      case 'presence':
        useDirectoryStore().presence[f.presence.agent_id] = f.presence.connected;
        break;
    }
  }

  function setTyping(conversationId: string, t: TypingState) {
    const others = (typing.value[conversationId] ?? []).filter((x) => !(x.sender_type === t.sender_type && x.sender_id === t.sender_id));
    typing.value[conversationId] = t.typing ? [...others, { ...t, until: Date.now() + typingTTL }] : others;
    setTimeout(expireTyping, typingTTL + 100);
  }

  function clearTyping(conversationId: string, senderType: string) {
    typing.value[conversationId] = (typing.value[conversationId] ?? []).filter((x) => x.sender_type !== senderType);
  }

  function expireTyping() {
    const now = Date.now();
    for (const [id, list] of Object.entries(typing.value)) typing.value[id] = list.filter((x) => x.until > now);
  }

  async function resync() {
    await Promise.all([useConversationsStore().reload(), useMessagesStore().reloadAll(), useVisitorsStore().load().catch(() => undefined)]);
  }

  /** sendTyping tells others this agent is (or stopped) typing; notes are private. */
  function sendTyping(conversationId: string, isTyping: boolean, isPrivate: boolean) {
    const frame = { type: 'typing' as const, conversation_id: conversationId, typing: isTyping, private: isPrivate };
    if (socket?.send(frame)) return;
    // Typing is a courtesy: a lost indicator is not worth an error.
    api.POST('/api/v1/conversations/{id}/typing', { params: { path: { id: conversationId } }, body: { typing: isTyping, private: isPrivate } }).catch(() => undefined);
  }

  return { status, typing, start, stop, sendTyping, route, listen, watchBoard, openConversation, closeConversation };
});
