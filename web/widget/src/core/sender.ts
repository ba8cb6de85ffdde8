// Sender drains the outbox in order, one message at a time, whenever the widget is connected.
// A message whose send failed without a clear answer stays queued and is sent again with the
// same client_msg_id, so the server returns the original rather than storing it twice. The
// first message starts the conversation; if that answer is lost, the next attempt looks for a
// conversation it does not know before starting another one.

import { ApiError } from './api';
import type { Outbox, OutboxItem } from './outbox';
import type { Conversation, Message } from './types';

/** What the sender needs from the client. */
export interface SenderDeps {
  outbox(): Outbox; // the current visitor's outbox
  connected(): boolean;
  current(): Conversation | null; // the conversation new messages go to
  knownIDs(): Set<string>; // conversations the widget has seen
  start(item: OutboxItem): Promise<{ conversation: Conversation; message?: Message }>;
  list(): Promise<Conversation[]>;
  send(conversationID: string, item: OutboxItem): Promise<Message>;
  adopt(c: Conversation): void; // make a conversation the current one
  delivered(m: Message): void; // a committed message, from an ack
  changed(): void; // the outbox changed: redraw
}

/** Sender is the single-flight outbox drain. */
export class Sender {
  private running = false;
  private again = false;
  private startUnsure = false; // a start request got no answer: it may have been committed

  constructor(private readonly d: SenderDeps) {}

  /** flush sends what is queued; calls while a flush runs make it go round once more. */
  async flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.drain();
      } while (this.again && this.d.connected());
    } finally {
      this.running = false;
    }
  }

  /** retry clears a refusal so the message is tried again (the visitor tapped it). */
  retry(clientMsgID: string): Promise<void> {
    this.d.outbox().update(clientMsgID, { failed: undefined });
    this.d.changed();
    return this.flush();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (!this.d.connected()) return;
      const item = this.d.outbox().ready()[0];
      if (!item) return;
      try {
        await this.sendOne(item);
      } catch (e) {
        if (e instanceof ApiError && !e.retriable) {
          this.d.outbox().update(item.client_msg_id, { failed: e.code });
          this.d.changed();
          continue;
        }
        return; // no clear answer: keep it queued; the next connect or send flushes again
      }
    }
  }

  private async sendOne(item: OutboxItem): Promise<void> {
    if (item.conversation_id === null) {
      const conv = await this.conversationFor(item);
      if (!conv) return; // the start request committed the message itself
      this.d.outbox().assign(conv.id);
      item = { ...item, conversation_id: conv.id };
    }
    const m = await this.d.send(item.conversation_id as string, item);
    this.d.delivered(m);
  }

  // conversationFor returns the conversation to send item to, or null when starting one
  // already delivered item as its first message.
  private async conversationFor(item: OutboxItem): Promise<Conversation | null> {
    const cur = this.d.current();
    if (cur && !item.trigger) return cur; // an answer to a proactive message starts anew
    if (this.startUnsure) {
      const known = this.d.knownIDs();
      const found = (await this.d.list()).filter((c) => !known.has(c.id)).sort(newestFirst)[0];
      this.startUnsure = false;
      if (found) {
        this.d.adopt(found);
        return found; // send item there: a duplicate client_msg_id returns the original
      }
    }
    let res: { conversation: Conversation; message?: Message };
    try {
      res = await this.d.start(item);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 0 || e.status >= 500) this.startUnsure = true;
      throw e;
    }
    this.d.adopt(res.conversation);
    this.d.outbox().assign(res.conversation.id);
    if (!res.message) return res.conversation;
    this.d.delivered(res.message);
    return null;
  }
}

function newestFirst(a: Conversation, b: Conversation): number {
  return b.created_at.localeCompare(a.created_at);
}
