// A message the visitor did not ask for: an agent started a conversation with them from the
// live visitor list, or (another part of kefu) a trigger greeted them. Both arrive over the
// realtime connection as the first message of a conversation the widget did not start; the
// widget then opens the chat (desktop) or shows the launcher's badge with a short preview
// (phones, where opening would cover the page), as established widgets do. The loader decides
// which, since only it knows the host page's size.

import type { Message } from '../core/types';

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
