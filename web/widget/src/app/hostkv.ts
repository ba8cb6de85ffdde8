// The chat app's storage when it runs in the loader's iframe. Browsers give a chat iframe on
// another site no lasting storage of its own (Chromium blocks or partitions it), so the values
// that must survive a reload — the visitor key, unsent messages — live in the host page's
// first-party storage: the loader hands them over in init and keeps every change the app posts
// back. The frame's own storage is written too and read for keys the host does not have, which
// carries visitors of same-site deployments over from before the host kept anything.

import type { KV } from '../core/storage';

/** HostKV is a KV backed by the host page (through save) and the frame's own storage. */
export class HostKV implements KV {
  private readonly values = new Map<string, string | null>(); // null: removed here
  private readonly touched = new Set<string>(); // written before the host's values arrived

  constructor(
    private readonly local: KV,
    private readonly save: (key: string, value: string | null) => void,
  ) {}

  get(key: string): string | null {
    return this.values.has(key) ? (this.values.get(key) ?? null) : this.local.get(key);
  }

  set(key: string, value: string): void {
    this.values.set(key, value);
    this.touched.add(key);
    this.local.set(key, value);
    this.save(key, value);
  }

  remove(key: string): void {
    this.values.set(key, null);
    this.touched.add(key);
    this.local.remove(key);
    this.save(key, null);
  }

  /**
   * seed takes the host's values. A value written here before they arrived is newer and wins;
   * the host already has it, since every write is posted at once.
   */
  seed(store: unknown): void {
    if (!store || typeof store !== 'object') return;
    for (const [k, v] of Object.entries(store as Record<string, unknown>)) {
      if (typeof v === 'string' && !this.touched.has(k)) this.values.set(k, v);
    }
  }
}
