// Shapes of the visitor API as the widget uses them (docs/realtime.md, docs/api.md). Only the
// fields the widget reads are declared; the server may add more.

import type { Trigger } from './triggers';

/** A file attached to a message, as a visitor sees it. */
export interface Attachment {
  id: string;
  file_name: string;
  content_type: string;
  size: number;
  /** An image's pixels, read by the server at upload; 0 or absent when unknown. */
  width?: number;
  height?: number;
  url?: string;
}

/** A message in the visitor projection. */
export interface Message {
  id: string;
  conversation_id: string;
  seq: number;
  sender_type: 'contact' | 'agent' | 'bot' | 'system' | string;
  sender_name: string;
  kind: string;
  content: string;
  attachments: Attachment[];
  client_msg_id: string;
  created_at: string;
  bot?: BotCard; // a bot message's card; its content is the same as plain text
}

/** What a bot message is (docs/bot.md). */
export type BotAction = 'greeting' | 'answer' | 'suggest' | 'rephrase' | 'handoff' | 'thanks';

/** An article as a bot card names it. */
export interface BotCardArticle {
  id: string;
  title: string;
}

/** The structured part of a bot's message, which the widget draws as a card. */
export interface BotCard {
  action: BotAction | string; // a newer server's action shows as the message's text
  articles?: BotCardArticle[]; // answer: the article, then related ones; suggest: up to three
  generated?: boolean; // a language model wrote the answer from the articles
  ask_feedback?: boolean; // ask "did this help?" under an answer
  reply_to?: string;
}

/** Where a conversation stands with the bot: active while the bot answers, handed_off once a
 * person has it (or is about to), '' when the bot never had it. */
export type BotState = '' | 'active' | 'handed_off';

/** A satisfaction rating the visitor gave a resolved conversation. */
export interface Rating {
  score: number;
  comment: string;
  rated_at: string;
}

/** A conversation in the visitor projection. */
export interface Conversation {
  id: string;
  inbox_id: string;
  status: 'open' | 'pending' | 'snoozed' | 'resolved' | string;
  last_seq: number;
  contact_last_read_seq: number;
  agent_last_read_seq: number;
  last_activity_at: string;
  created_at: string;
  rating?: Rating | null;
  offline_message?: boolean; // started while nobody was online: the team replies later
  bot_state?: BotState | string;
}

/** One question of the pre-chat form. */
export interface PreChatField {
  name: 'name' | 'email' | 'phone' | 'inquiry_type';
  required: boolean;
  options?: string[];
}

/** How an inbox's widget looks and greets. */
export interface WidgetSettings {
  color: string;
  away_message: string;
  locale: string;
  pre_chat: { enabled: boolean; fields: PreChatField[] };
  translations?: Partial<Record<string, WidgetTexts>>; // by locale; the defaults apply where empty
  triggers?: Trigger[];
}

/** The greeting and away message an administrator wrote for one language. */
export interface WidgetTexts {
  greeting?: string;
  away_message?: string;
}

/** The inbox as a visitor sees it. */
export interface Inbox {
  id: string;
  name: string;
  greeting: string;
}

/** The visitor's own profile. */
export interface Contact {
  id: string;
  name: string;
  email: string;
  phone: string;
}

/** Whether a live chat is possible now (the config and session answers carry it). */
export interface Availability {
  online: boolean; // an agent of the inbox is online and connected
  open?: boolean; // inside business hours
  next_open_at?: string | null; // when the inbox opens next, while closed
  queue_full?: boolean;
  available?: boolean; // open, someone online, queue not full: else the offline form
  bot?: WidgetBot; // absent from servers without the bot
}

/** The inbox's bot as the widget config describes it. */
export interface WidgetBot {
  active: boolean; // a conversation started now goes to the bot: chat, not the offline form
  name: string; // '' = 智能助手 / Assistant
  hide_human_button: boolean;
}

/** The answer of POST /api/v1/widget/sessions: the session, the config and what a returning
 * visitor resumes (their conversations and the current one's newest messages), so that a new
 * visitor needs this one request before the socket. */
export interface Session extends Partial<Availability> {
  token: string;
  expires_at: string;
  visitor_key: string;
  verified: boolean;
  contact: Contact;
  inbox: Inbox;
  widget?: WidgetSettings;
  conversations?: Conversation[];
  messages?: Message[];
  warnings?: { field: string; code: string; message: string }[]; // malformed setUser fields or attributes left out
}

/** The answer of GET /api/v1/widget/config. */
export interface WidgetConfig extends Availability {
  inbox: Inbox;
  widget: WidgetSettings;
}

/** Routing attributes a start carries: the pre-chat form's inquiry type, the browser's language. */
export interface StartAttributes {
  inquiry_type?: string;
  language?: string;
}

/** Where a conversation's visitor stands in the queue. */
export interface QueueInfo {
  state: 'assigned' | 'queued' | 'offline' | 'idle';
  agents_available: boolean;
  assigned: boolean;
  position: number;
  estimated_wait_seconds: number;
}

/** A customer the host site signed in (setUser). */
export interface User {
  id: string;
  name?: string;
  email?: string;
  phone?: string;
  /** hex HMAC-SHA256(identity secret, id), computed by the host site's server. */
  hash?: string;
  /** What the host site says about the customer: level (e.g. vip), region, language, plan, …
   * Routed on only when attributes_hash verifies (docs/widget.md). */
  attributes?: Record<string, string>;
  /** hex HMAC-SHA256(identity secret, id + "\n" + the key=value lines sorted by key). */
  attributes_hash?: string;
}

/** A frame the server pushes over WebSocket or SSE. */
export interface ServerFrame {
  type: string;
  ref?: string;
  conversation_id?: string;
  message?: Message;
  conversation?: Conversation;
  duplicate?: boolean;
  typing?: { sender_type: string; name?: string; typing: boolean };
  queue?: QueueInfo; // queue.updated: where this visitor stands now
  code?: string | number;
  reason?: string;
}
