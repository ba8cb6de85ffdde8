// The first hour's small rules: which Settings page opens first, the onboarding checklist's
// steps, and the per-browser sound switch.
import { describe, expect, it } from 'vitest';
import { dismiss, isDismissed, showChecklist, steps } from '@/lib/onboarding';
import { settingsHome } from '@/lib/settingsHome';
import { loadSound, saveSound } from '@/lib/soundPreference';

const perms = (...p: string[]) => (x: string) => p.includes(x);

function memory(): Storage {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) } as Storage;
}

describe('settingsHome', () => {
  it('opens Inboxes for admins and a page every agent may open otherwise', () => {
    expect(settingsHome(perms('inboxes.manage', 'agents.manage'))).toBe('settings-inboxes');
    expect(settingsHome(perms('agents.manage'))).toBe('settings-agents');
    expect(settingsHome(perms())).toBe('settings-canned');
  });
});

describe('onboarding checklist', () => {
  const fresh = { inboxes: 0, agents: 1, hasConversation: false, snippetCopied: false };

  it('derives done from data and shows admins every step', () => {
    const list = steps({ ...fresh, inboxes: 1, can: perms('inboxes.manage', 'agents.manage') });
    expect(list).toEqual([
      { id: 'inbox', done: true }, { id: 'snippet', done: false }, { id: 'agents', done: false }, { id: 'test', done: false },
    ]);
    expect(showChecklist(list, false)).toBe(true);
  });

  it('counts a first conversation as the snippet working, and goes when all is done', () => {
    const list = steps({ inboxes: 1, agents: 2, hasConversation: true, snippetCopied: false, can: perms('inboxes.manage', 'agents.manage') });
    expect(list.every((s) => s.done)).toBe(true);
    expect(showChecklist(list, false)).toBe(false);
  });

  it('shows agents nothing, and stays away once dismissed', () => {
    expect(steps({ ...fresh, can: perms() })).toEqual([]);
    const s = memory();
    expect(isDismissed('a1', s)).toBe(false);
    dismiss('a1', s);
    expect(isDismissed('a1', s)).toBe(true);
    expect(isDismissed('a2', s)).toBe(false);
    expect(showChecklist(steps({ ...fresh, can: perms('inboxes.manage') }), true)).toBe(false);
  });
});

describe('sound preference', () => {
  it('is on until turned off, and remembers the choice', () => {
    const s = memory();
    expect(loadSound(s)).toBe(true);
    saveSound(false, s);
    expect(loadSound(s)).toBe(false);
    saveSound(true, s);
    expect(loadSound(s)).toBe(true);
  });
});
