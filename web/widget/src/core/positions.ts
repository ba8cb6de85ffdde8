// Resume positions: per conversation, the newest message seq the widget has. They are what the
// hello's `since` (or the SSE `since` parameter) sends, so a reconnect gets exactly what it
// missed. Seqs may jump for visitors (private notes take a seq), so only the maximum matters.

/** Positions tracks the newest seq seen per conversation. */
export class Positions {
  private readonly seqs = new Map<string, number>();

  /** see records a seq; older or equal seqs change nothing. */
  see(conversationID: string, seq: number): void {
    if (!(seq > (this.seqs.get(conversationID) ?? -1))) return;
    this.seqs.set(conversationID, seq);
  }

  /** get is the newest seq of a conversation, 0 when nothing is known. */
  get(conversationID: string): number {
    return this.seqs.get(conversationID) ?? 0;
  }

  /** since is the hello's `since` object. */
  since(): Record<string, number> {
    return Object.fromEntries(this.seqs);
  }

  /** query is the SSE `since` parameter: conv1:17,conv2:3. */
  query(): string {
    return [...this.seqs].map(([id, seq]) => `${id}:${seq}`).join(',');
  }

  /** clear forgets everything (reset of the visitor). */
  clear(): void {
    this.seqs.clear();
  }
}
