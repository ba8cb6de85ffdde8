// Reconnect delays: exponential with full jitter on the upper half, so that thousands of widgets
// cut off by the same server restart do not all come back in the same instant.

/** Backoff settings in milliseconds. */
export interface BackoffOptions {
  base: number; // first delay
  max: number; // cap of the exponential part
  random?: () => number; // [0,1); injectable for tests
}

/** Backoff hands out the delay before each reconnect attempt. */
export class Backoff {
  private attempt = 0;
  constructor(private readonly opts: BackoffOptions = { base: 500, max: 30_000 }) {}

  /** next returns the delay for the coming attempt: in [d/2, d] with d = min(max, base·2^n). */
  next(): number {
    const d = Math.min(this.opts.max, this.opts.base * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    const r = (this.opts.random ?? Math.random)();
    return Math.round(d / 2 + (r * d) / 2);
  }

  /** reset starts over after a connection that worked. */
  reset(): void {
    this.attempt = 0;
  }
}

/** retryAfterMs reads the wait from a 1013 close reason like "over capacity; retry_after=5". */
export function retryAfterMs(reason: string): number | null {
  const m = /retry_after=(\d+)/.exec(reason);
  return m ? Number(m[1]) * 1000 : null;
}
