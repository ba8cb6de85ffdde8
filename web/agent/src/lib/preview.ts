// A conversation row's preview of its newest message: what the list API sends, and what the
// workspace makes of a message that arrives live, so both look the same.
import type { Conversation, Message } from '@/api/types';

export type Preview = NonNullable<Conversation['last_message']>;

/** The list API's preview length (kefu.MaxPreviewRunes). */
const previewRunes = 140;

/** previewOf turns a live message into a row preview, cut like the server cuts it. */
export function previewOf(m: Message): Preview {
  const chars = [...m.content];
  const text = chars.length > previewRunes ? chars.slice(0, previewRunes).join('') + '…' : m.content;
  return { seq: m.seq, kind: m.kind, sender_type: m.sender_type, text, created_at: m.created_at, pii_masked: m.pii_masked };
}

/** previewText is the row's line: the text, or a placeholder for an image or file, a note marked as one. */
export function previewText(t: (key: string) => string, p: Preview | undefined | null): string {
  if (!p) return '';
  const body = p.text || (p.kind === 'image' ? t('list.imagePreview') : p.kind === 'file' || p.kind === 'note' ? t('list.filePreview') : '');
  if (p.kind === 'note') return `${t('conv.note')}: ${body}`;
  return p.sender_type === 'agent' || p.sender_type === 'bot' ? `${t(`list.${p.sender_type}Prefix`)}: ${body}` : body;
}
