// A message the visitor did not ask for, shown the same way whatever its source: a proactive
// message (trigger) the widget fired itself, before any conversation exists, until the
// visitor's answer turns it into the conversation's first stored message; or the first message
// of a conversation an agent started from the live visitor list, arriving over realtime. The
// widget then opens the chat (desktop) or the loader shows a preview by the launcher (phones,
// where opening would cover the page), as established widgets do.

import type { TimelineItem } from '../core/timeline';
import type { Message } from '../core/types';

/** Proactive is a message shown before its conversation exists. */
export interface Proactive {
  trigger_id: string; // "" when it did not come from a trigger
  locale: string; // the language it was shown in
  text: string;
  sender_name: string;
  shown_at: string;
}

/** proactiveItem is the thread row that shows p. */
export function proactiveItem(p: Proactive): TimelineItem {
  return {
    key: `proactive:${p.trigger_id}`,
    state: null,
    pending: false,
    message: {
      id: '', conversation_id: '', seq: 0, sender_type: 'bot', sender_name: p.sender_name,
      kind: 'text', content: p.text, attachments: [], client_msg_id: '', created_at: p.shown_at,
    },
  };
}

/** withProactive puts p's row after what is stored and before what the visitor is sending. */
export function withProactive(rows: TimelineItem[], p: Proactive | null): TimelineItem[] {
  if (!p) return rows;
  const at = rows.findIndex((r) => r.pending);
  const i = at < 0 ? rows.length : at;
  return [...rows.slice(0, i), proactiveItem(p), ...rows.slice(i)];
}

/** PREVIEW_CHARS bounds the preview next to the launcher. */
const PREVIEW_CHARS = 120;

/** isProactive says whether a live message opened a conversation from the team's side: the
 * first message of a conversation, not written by the visitor. */
export function isProactive(m: Message): boolean {
  return m.seq === 1 && m.sender_type !== 'contact' && m.kind !== 'note';
}

/** notice is what the loader shows of a proactive message: who wrote it and a short preview
 * (plain text: the loader sets it as textContent). */
export function notice(m: Message): { sender: string; text: string } {
  const text = m.content.replace(/\s+/g, ' ').trim();
  return { sender: m.sender_name ?? '', text: text.length > PREVIEW_CHARS ? text.slice(0, PREVIEW_CHARS - 1) + '…' : text };
}
