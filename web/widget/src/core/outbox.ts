// The outbox: messages the visitor wrote that the server has not acknowledged yet. It is kept
// in storage so that a message survives reconnects and page reloads, and every retry reuses the
// message's client_msg_id, which makes the server return the original instead of a duplicate.

import { type KV, readJSON } from './storage';

/** One unacknowledged message. */
export interface OutboxItem {
  client_msg_id: string;
  conversation_id: string | null; // null: the conversation still has to be started
  content: string;
  attachment_ids: string[];
  attachments_preview?: { file_name: string; content_type: string; size: number }[];
  created_at: string;
  failed?: string; // error code of a refusal that retrying will not fix; cleared by a manual retry
  trigger?: Opener; // the proactive message this first message answers (it starts a new conversation)
}

/** Opener names the proactive message a new conversation begins with. */
export interface Opener {
  trigger_id: string;
  locale: string;
}

/** Outbox is the persistent queue, oldest first. */
export class Outbox {
  private items: OutboxItem[];

  constructor(
    private readonly kv: KV,
    private readonly key: string,
  ) {
    const stored = readJSON<OutboxItem[]>(kv, key);
    this.items = Array.isArray(stored) ? stored.filter((i) => i && typeof i.client_msg_id === 'string') : [];
  }

  /** list returns the queued messages, oldest first. */
  list(): readonly OutboxItem[] {
    return this.items;
  }

  /** add queues a message (idempotent by client_msg_id). */
  add(item: OutboxItem): void {
    if (this.has(item.client_msg_id)) return;
    this.items.push(item);
    this.save();
  }

  /** has reports whether a message is still waiting for its ack. */
  has(clientMsgID: string): boolean {
    return this.items.some((i) => i.client_msg_id === clientMsgID);
  }

  /** ack removes a message the server committed; unknown ids are ignored (echo after ack). */
  ack(clientMsgID: string): boolean {
    const n = this.items.length;
    this.items = this.items.filter((i) => i.client_msg_id !== clientMsgID);
    if (this.items.length === n) return false;
    this.save();
    return true;
  }

  /** update changes one queued message, e.g. once its conversation exists or it was refused. */
  update(clientMsgID: string, patch: Partial<OutboxItem>): void {
    this.items = this.items.map((i) => (i.client_msg_id === clientMsgID ? { ...i, ...patch } : i));
    this.save();
  }

  /** assign gives every message still waiting for a conversation the one that was started. */
  assign(conversationID: string): void {
    this.items = this.items.map((i) => (i.conversation_id === null ? { ...i, conversation_id: conversationID } : i));
    this.save();
  }

  /** ready lists the messages to send now: not refused, in the order written. */
  ready(): OutboxItem[] {
    return this.items.filter((i) => !i.failed);
  }

  /** clear empties the outbox (reset of the visitor). */
  clear(): void {
    this.items = [];
    this.kv.remove(this.key);
  }

  private save(): void {
    if (this.items.length === 0) this.kv.remove(this.key);
    else this.kv.set(this.key, JSON.stringify(this.items));
  }
}
