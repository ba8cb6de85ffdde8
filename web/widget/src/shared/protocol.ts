// The postMessage protocol between the loader on the host page and the chat app in the iframe.
// Every message carries ns: 'kefu' so that other scripts' messages are ignored; each side also
// checks event.source and event.origin before believing anything (see loader/bridge.ts and
// app/bridge.ts).

import type { User } from '../core/types';

/** NS marks kefu's messages. */
export const NS = 'kefu';

/**
 * The host page tells the chat app. init carries store: the widget's values kept in the host
 * page's own storage (the visitor key is among them: it is posted to kefu's origin only).
 */
export type HostMessage =
  | { ns: typeof NS; type: 'init'; user: User | null; attributes: Record<string, string>; locale: string; open: boolean; page: string; referrer: string; title?: string; store: Record<string, string> }
  | { ns: typeof NS; type: 'open' | 'close' | 'reset' }
  | { ns: typeof NS; type: 'setUser'; user: User | null }
  | { ns: typeof NS; type: 'setAttributes'; attributes: Record<string, string> }
  | { ns: typeof NS; type: 'setLocale'; locale: string }
  | { ns: typeof NS; type: 'page'; page: string; title: string }; // the host page's address changed (single-page sites)

/** A message as the host page's on('message') listeners get it. */
export interface HostChatMessage {
  id: string;
  conversation_id: string;
  sender_type: string;
  sender_name: string;
  content: string;
  created_at: string;
}

/**
 * The chat app tells the host page. store asks the loader to keep a value (null: remove it) in
 * the host page's storage under the widget's prefix; refused comes instead of ready from the
 * page kefu serves when the inbox does not allow the host page's origin.
 */
export type FrameMessage =
  | { ns: typeof NS; type: 'ready' }
  | { ns: typeof NS; type: 'refused' }
  | { ns: typeof NS; type: 'store'; key: string; value: string | null }
  | { ns: typeof NS; type: 'config'; color: string; label: string }
  | { ns: typeof NS; type: 'unread'; count: number }
  | { ns: typeof NS; type: 'message'; message: HostChatMessage }
  | { ns: typeof NS; type: 'notify'; text: string }
  | { ns: typeof NS; type: 'close' }
  // The team wrote first (a proactive message fired, or an agent started a chat): the loader
  // opens the chat, or on a phone shows text in a preview bubble above the launcher; text ""
  // takes the bubble away.
  | { ns: typeof NS; type: 'proactive'; text: string; sender: string };
