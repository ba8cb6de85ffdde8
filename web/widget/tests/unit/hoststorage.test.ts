import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostKV } from '../../src/app/hostkv';
import { HostStore } from '../../src/loader/store';
import { memoryKV } from '../../src/core/storage';

// fakeStorage is a minimal Web Storage (node has none).
function fakeStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i: number) => [...m.keys()][i] ?? null,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, String(v)),
    removeItem: (k: string) => void m.delete(k),
    clear: () => m.clear(),
  };
}

describe('HostKV (the chat app, backed by the host page)', () => {
  it('reads the host values handed over in init and posts every change back', () => {
    const posted: [string, string | null][] = [];
    const kv = new HostKV(memoryKV(), (k, v) => posted.push([k, v]));
    kv.seed({ 'kefu:wk:visitor_key': 'from-host' });
    expect(kv.get('kefu:wk:visitor_key')).toBe('from-host');
    kv.set('kefu:wk:outbox:c1', '[]');
    kv.remove('kefu:wk:visitor_key');
    expect(kv.get('kefu:wk:visitor_key')).toBeNull();
    expect(posted).toEqual([['kefu:wk:outbox:c1', '[]'], ['kefu:wk:visitor_key', null]]);
  });

  it('keeps a value written before the host values arrived (it is newer)', () => {
    const kv = new HostKV(memoryKV(), () => {});
    kv.set('kefu:wk:visitor_key', 'new');
    kv.seed({ 'kefu:wk:visitor_key': 'old', 'kefu:wk:open': '1' });
    expect(kv.get('kefu:wk:visitor_key')).toBe('new');
    expect(kv.get('kefu:wk:open')).toBe('1');
  });

  it('falls back to the frame storage for keys the host lacks (visitors from before), ignoring junk', () => {
    const local = memoryKV();
    local.set('kefu:wk:visitor_key', 'legacy');
    const kv = new HostKV(local, () => {});
    kv.seed({ 'kefu:wk:other': 42, nope: null } as unknown as Record<string, string>);
    kv.seed(null);
    expect(kv.get('kefu:wk:visitor_key')).toBe('legacy');
    expect(kv.get('kefu:wk:other')).toBeNull();
  });
});

describe('HostStore (the loader, on the host page)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps only this widget key’s values, and the open state, in localStorage', () => {
    const ls = fakeStorage();
    ls.setItem('theirs', 'x');
    ls.setItem('kefu:other:visitor_key', 'y');
    vi.stubGlobal('localStorage', ls);
    const s = new HostStore('wk');
    s.write('kefu:wk:visitor_key', 'k1');
    s.write('theirs', 'overwritten?');
    s.write('kefu:wk:x', 5);
    s.open = true;
    expect(s.snapshot()).toEqual({ 'kefu:wk:visitor_key': 'k1', 'kefu:wk:open': '1' });
    expect(ls.getItem('theirs')).toBe('x');
    expect(new HostStore('wk').open).toBe(true);
    s.write('kefu:wk:visitor_key', null);
    s.open = false;
    expect(s.snapshot()).toEqual({});
  });

  it('works in memory when the host page may not use storage', () => {
    vi.stubGlobal('localStorage', { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => { throw new Error('denied'); }, key: () => null, length: 0 });
    const s = new HostStore('wk');
    s.write('kefu:wk:visitor_key', 'k1');
    s.open = true;
    expect(s.snapshot()['kefu:wk:visitor_key']).toBe('k1');
    expect(s.open).toBe(true);
  });
});
