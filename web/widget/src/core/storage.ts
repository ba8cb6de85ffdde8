// Key-value storage that survives reloads when the browser lets the iframe use localStorage and
// degrades to memory when it does not (third-party iframes without storage access, private
// modes, quota errors): the widget must keep working either way, only forgetting on reload.

/** The part of the Web Storage API the widget needs. */
export interface KV {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** memoryKV is a KV that lives as long as the page. */
export function memoryKV(): KV {
  const m = new Map<string, string>();
  return {
    get: (k) => (m.has(k) ? (m.get(k) as string) : null),
    set: (k, v) => void m.set(k, v),
    remove: (k) => void m.delete(k),
  };
}

/**
 * browserKV uses localStorage, switching to memory for good on the first failure so that a
 * value written to memory is never shadowed by a stale one in storage.
 */
export function browserKV(get: () => Storage | null = () => globalThis.localStorage ?? null): KV {
  const mem = memoryKV();
  let ls: Storage | null = null;
  try {
    ls = get();
    const probe = '__kefu_probe__';
    ls?.setItem(probe, '1');
    ls?.removeItem(probe);
  } catch {
    ls = null;
  }
  const guard = <T>(f: (s: Storage) => T, fallback: () => T): T => {
    if (!ls) return fallback();
    try {
      return f(ls);
    } catch {
      ls = null;
      return fallback();
    }
  };
  return {
    get: (k) => guard((s) => s.getItem(k), () => mem.get(k)),
    set: (k, v) => guard((s) => s.setItem(k, v), () => mem.set(k, v)),
    remove: (k) => guard((s) => s.removeItem(k), () => mem.remove(k)),
  };
}

/** readJSON parses a stored value, treating anything unreadable as absent. */
export function readJSON<T>(kv: KV, key: string): T | null {
  const raw = kv.get(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}
