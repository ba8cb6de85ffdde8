// A message that opened the chat before any conversation existed — a proactive message
// (trigger) today, an agent's invitation tomorrow — shown in the thread exactly like a team
// member's message, until the visitor's answer turns it into the conversation's first stored
// message. Kept apart so every kind of "we wrote first" is drawn the same way.

import type { TimelineItem } from '../core/timeline';

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
