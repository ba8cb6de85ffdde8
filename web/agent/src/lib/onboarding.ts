// The first-hour checklist a new owner or admin sees in the empty workspace. Each step's done
// state comes from real data where there is some (an inbox exists, a second agent exists, a
// conversation exists); copying the snippet has no trace on the server, so this browser
// remembers it, as it remembers the checklist being dismissed (per agent).

/** What the checklist is computed from. */
export interface OnboardingFacts {
  inboxes: number;
  agents: number;
  hasConversation: boolean;
  snippetCopied: boolean;
  can: (permission: string) => boolean;
}

export type StepId = 'inbox' | 'snippet' | 'agents' | 'test';

export interface Step {
  id: StepId;
  done: boolean;
}

/** steps lists the steps this agent may act on, in the order a new owner takes them. */
export function steps(f: OnboardingFacts): Step[] {
  const all: (Step & { perm: string })[] = [
    { id: 'inbox', perm: 'inboxes.manage', done: f.inboxes > 0 },
    { id: 'snippet', perm: 'inboxes.manage', done: f.snippetCopied || f.hasConversation },
    { id: 'agents', perm: 'agents.manage', done: f.agents > 1 },
    { id: 'test', perm: 'inboxes.manage', done: f.hasConversation },
  ];
  return all.filter((s) => f.can(s.perm)).map(({ id, done }) => ({ id, done }));
}

/** showChecklist: only admins have steps, and the list goes once every step is done. */
export function showChecklist(list: Step[], dismissed: boolean): boolean {
  return !dismissed && list.length > 0 && list.some((s) => !s.done);
}

type Store = Pick<Storage, 'getItem' | 'setItem'>;
const dismissKey = (agentId: string) => `kefu.onboarding.dismissed.${agentId}`;
const snippetKey = (agentId: string) => `kefu.onboarding.snippet.${agentId}`;

function read(key: string, storage: Store | undefined): boolean {
  try {
    return storage?.getItem(key) === '1';
  } catch {
    return false;
  }
}

function write(key: string, storage: Store | undefined): void {
  try {
    storage?.setItem(key, '1');
  } catch {
    // storage refused: remembered until the page is reloaded
  }
}

export const isDismissed = (agentId: string, s: Store | undefined = globalThis.localStorage) => read(dismissKey(agentId), s);
export const dismiss = (agentId: string, s: Store | undefined = globalThis.localStorage) => write(dismissKey(agentId), s);
export const isSnippetCopied = (agentId: string, s: Store | undefined = globalThis.localStorage) => read(snippetKey(agentId), s);
export const markSnippetCopied = (agentId: string, s: Store | undefined = globalThis.localStorage) => write(snippetKey(agentId), s);
