// What a channel can take from an agent, as the composer needs it: whether files may be attached,
// how long a reply may be, and how long the reply window has left. The server declares the
// limits on every inbox (capabilities); a missing capabilities means kefu's own limits apply.
import type { components } from '@/api/schema';
import type { Message } from '@/api/types';

export type Capabilities = components['schemas']['ChannelCapabilities'];

/** What the composer may attach: anything, images only, or nothing. */
export type Attachable = 'any' | 'images' | 'none';

/** attachable reads the kinds a channel sends. */
export function attachable(c: Capabilities | null | undefined): Attachable {
  if (!c) return 'any';
  const sends = c.sends ?? [];
  if (sends.includes('file')) return 'any';
  return sends.includes('image') ? 'images' : 'none';
}

/** textBytes is the UTF-8 length platforms count (a Chinese character is 3 bytes). */
export function textBytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The reply window as the composer shows it: none, open with seconds left, closed, or not
 * started (no customer message yet). */
export type ReplyWindow = { state: 'none' } | { state: 'open'; left: number } | { state: 'closed' } | { state: 'unknown' };

/** replyWindow computes the window from the customer's last message time (ISO) and now (ms). */
export function replyWindow(c: Capabilities | null | undefined, lastCustomerAt: string | undefined, now: number): ReplyWindow {
  const w = c?.reply_window_seconds ?? 0;
  if (w <= 0) return { state: 'none' };
  if (!lastCustomerAt) return { state: 'unknown' };
  const left = Math.floor((Date.parse(lastCustomerAt) + w * 1000 - now) / 1000);
  return left > 0 ? { state: 'open', left } : { state: 'closed' };
}

/** The replies a channel still takes for the customer's last message: none = no count limit. */
export type RepliesLeft = { state: 'none' } | { state: 'left'; left: number; max: number };

/** A reply as the count sees it: a sent message, or one of this agent's sends not confirmed
 * yet. */
export interface CountedReply {
  sender_type?: Message['sender_type'];
  kind: Message['kind'];
  delivery?: Message['delivery'];
  state?: 'sending' | 'failed';
}

/** repliesLeft counts as the server does: the public replies (not notes or activity) since the
 * customer's last message, except those whose delivery or send failed, since the platform never
 * took them. thread is oldest first; pending are this agent's unconfirmed sends. */
export function repliesLeft(c: Capabilities | null | undefined, thread: CountedReply[], pending: CountedReply[] = []): RepliesLeft {
  const max = c?.max_replies_per_window ?? 0;
  if (max <= 0) return { state: 'none' };
  let used = pending.filter(counts).length;
  for (let i = thread.length - 1; i >= 0 && thread[i].sender_type !== 'contact'; i--) {
    if (counts(thread[i])) used++;
  }
  return { state: 'left', left: Math.max(0, max - used), max };
}

function counts(m: CountedReply): boolean {
  return m.kind !== 'note' && m.kind !== 'event' && m.delivery?.status !== 'failed' && m.state !== 'failed';
}
