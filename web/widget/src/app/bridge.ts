// The chat app's end of the postMessage protocol (shared/protocol.ts). The host page's origin
// comes from the iframe URL the loader built; a message is believed only when it comes from the
// parent window and that origin, and answers go to that origin only, so no other page can read
// what the chat says or drive it.

import { NS, type FrameMessage, type HostMessage } from '../shared/protocol';

type Dist<T> = T extends unknown ? Omit<T, 'ns'> : never;

/** Bridge talks to the loader in the parent window. */
export class Bridge {
  constructor(
    private readonly hostOrigin: string,
    onMessage: (m: HostMessage) => void,
  ) {
    addEventListener('message', (e) => {
      if (e.source !== parent || e.origin !== this.hostOrigin) return;
      const m = e.data as HostMessage;
      if (m && m.ns === NS && typeof m.type === 'string') onMessage(m);
    });
  }

  /** post sends a message to the host page. */
  post(m: Dist<FrameMessage>): void {
    parent.postMessage({ ...m, ns: NS }, this.hostOrigin);
  }
}

/** hostOriginOf returns the embedding page's origin, or null when it cannot be trusted. */
export function hostOriginOf(search: string, ancestors: ArrayLike<string> | undefined): string | null {
  const claimed = new URLSearchParams(search).get('origin');
  if (!claimed) return null;
  let origin: string;
  try {
    origin = new URL(claimed).origin;
  } catch {
    return null;
  }
  // Where the browser says who embeds us (Chromium, WebKit), the claim must match it.
  if (ancestors && ancestors.length > 0 && ancestors[0] !== origin) return null;
  return origin;
}
