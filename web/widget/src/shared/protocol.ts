// The postMessage protocol between the loader on the host page and the chat app in the iframe.
// Every message carries ns: 'kefu' so that other scripts' messages are ignored; each side also
// checks event.source and event.origin before believing anything (see loader/bridge.ts and
// app/bridge.ts).

import type { User } from '../core/types';

/** NS marks kefu's messages. */
export const NS = 'kefu';

/** The host page tells the chat app. */
export type HostMessage =
  | { ns: typeof NS; type: 'init'; user: User | null; attributes: Record<string, string>; locale: string; open: boolean; page: string; referrer: string; title?: string }
  | { ns: typeof NS; type: 'page'; page: string; title: string }
  | { ns: typeof NS; type: 'open' | 'close' | 'reset' }
  | { ns: typeof NS; type: 'setUser'; user: User | null }
  | { ns: typeof NS; type: 'setAttributes'; attributes: Record<string, string> }
  | { ns: typeof NS; type: 'setLocale'; locale: string };

/** A message as the host page's on('message') listeners get it. */
export interface HostChatMessage {
  id: string;
  conversation_id: string;
  sender_type: string;
  sender_name: string;
  content: string;
  created_at: string;
}

/** The chat app tells the host page. */
export type FrameMessage =
  | { ns: typeof NS; type: 'ready' }
  | { ns: typeof NS; type: 'config'; color: string; label: string }
  | { ns: typeof NS; type: 'unread'; count: number }
  | { ns: typeof NS; type: 'message'; message: HostChatMessage }
  | { ns: typeof NS; type: 'notify'; text: string }
  | { ns: typeof NS; type: 'proactive'; sender: string; text: string }
  | { ns: typeof NS; type: 'close' };
