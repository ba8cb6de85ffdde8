// Key components: messages render text as text (never markup), notes and activity look as they
// should, and the composer sends on Enter only.
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import Composer from '@/components/Composer.vue';
import MessageItem from '@/components/MessageItem.vue';
import { createAppI18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import { useCannedStore } from '@/stores/canned';
import { useMessagesStore } from '@/stores/messages';
import { message, stubFetch, type Seen } from './fixtures';

function plugins() {
  const pinia = createPinia();
  setActivePinia(pinia);
  return { global: { plugins: [pinia, createAppI18n('en'), ElementPlus] } };
}

describe('MessageItem', () => {
  it('shows markup a visitor typed as text', () => {
    const payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>{{ 6*7 }}';
    // A fixed time: a timestamp like 08:12:42 would otherwise put a 42 in the markup by chance.
    const created_at = '2026-01-02T03:05:06.000Z';
    const w = mount(MessageItem, { props: { message: message({ content: payload, created_at }) }, ...plugins() });
    expect(w.get('[data-testid="message-text"]').text()).toBe(payload);
    expect(w.find('img[src="x"]').exists()).toBe(false);
    expect(w.find('script').exists()).toBe(false);
    expect(w.html()).not.toContain('42');
  });

  it('marks notes unmistakably', () => {
    const w = mount(MessageItem, { props: { message: message({ kind: 'note', sender_type: 'agent', sender_name: 'Li', content: 'internal' }) }, ...plugins() });
    expect(w.classes()).toContain('note');
    expect(w.text()).toContain('Internal note');
    expect(w.find('[data-testid="message-state"]').exists()).toBe(false); // a note has no delivery state
  });

  it('words activity entries in the UI language', () => {
    const content = JSON.stringify({ action: 'status_changed', status: 'resolved', by_name: 'Li' });
    const w = mount(MessageItem, { props: { message: message({ kind: 'event', sender_type: 'system', content }) }, ...plugins() });
    expect(w.text()).toContain('Li resolved this conversation');
  });

  it('shows read and failed states with a retry', async () => {
    const read = mount(MessageItem, { props: { message: message({ sender_type: 'agent' }), readByContact: true }, ...plugins() });
    expect(read.get('[data-testid="message-state"]').text()).toBe('Read');
    const failed = mount(MessageItem, {
      props: { outgoing: { client_msg_id: 'x', content: 'hi', kind: 'text', attachments: [], state: 'failed', created_at: new Date().toISOString() } },
      ...plugins(),
    });
    expect(failed.get('[data-testid="message-state"]').text()).toContain('Not sent');
    await failed.get('[data-testid="retry"]').trigger('click');
    expect(failed.emitted('retry')).toHaveLength(1);
  });
});

describe('Composer', () => {
  let send: ReturnType<typeof vi.fn>;
  let typing: Seen[];

  function composer(permissions = ['conversations.reply']) {
    typing = stubFetch({ 'POST /api/v1/conversations/c1/typing': [204, undefined] });
    const options = plugins();
    useAuthStore().permissions = permissions; // the store of the pinia plugins() just made
    const w = mount(Composer, { props: { conversationId: 'c1' }, ...options });
    send = vi.fn(async () => undefined);
    useMessagesStore().send = send as never;
    return w;
  }

  beforeEach(() => setActivePinia(createPinia()));

  it('is disabled, and says why, without conversations.reply', async () => {
    const w = composer(['conversations.view_all']);
    expect(w.get('[data-testid="composer-readonly"]').text()).not.toBe('');
    expect((w.get('textarea').element as HTMLTextAreaElement).disabled).toBe(true);
    await w.get('textarea').trigger('keydown', { key: 'Enter' });
    expect(send).not.toHaveBeenCalled();
  });

  it('sends on Enter, not on Shift+Enter or while an IME composes', async () => {
    const w = composer();
    const box = w.get('textarea');
    await box.setValue('line one');
    await box.trigger('keydown', { key: 'Enter', shiftKey: true });
    await box.trigger('keydown', { key: 'Enter', isComposing: true });
    expect(send).not.toHaveBeenCalled();
    await box.trigger('keydown', { key: 'Enter' });
    expect(send).toHaveBeenCalledWith('c1', 'line one', 'text', []);
    expect((box.element as HTMLTextAreaElement).value).toBe('');
  });

  it('sends notes as kind "note" and looks different in note mode', async () => {
    const w = composer();
    await w.get('[data-testid="mode-note"]').trigger('click');
    expect(w.get('[data-testid="composer"]').classes()).toContain('note');
    expect(w.find('[data-testid="note-banner"]').exists()).toBe(true);
    await w.get('textarea').setValue('for agents');
    await w.get('textarea').trigger('keydown', { key: 'Enter' });
    expect(send).toHaveBeenCalledWith('c1', 'for agents', 'note', []);
    // With the socket down, typing goes over REST — private, because it is a note.
    await vi.waitFor(() => expect(typing.map((s) => s.body)).toEqual([{ typing: true, private: true }, { typing: false, private: true }]));
  });

  it('offers canned replies for /shortcut and inserts the chosen one', async () => {
    const w = composer();
    const canned = useCannedStore();
    canned.loaded = true;
    canned.replies = [
      { id: '1', shortcut: 'hello', content: 'Hello there!', scope: 'shared', owner_id: '', org_id: 'o', created_at: '', updated_at: '' },
      { id: '2', shortcut: 'refund', content: 'Refunds take 3 days.', scope: 'personal', owner_id: 'a', org_id: 'o', created_at: '', updated_at: '' },
    ];
    const box = w.get('textarea');
    await box.setValue('/re');
    expect(w.get('[data-testid="canned-list"]').text()).toContain('/refund');
    expect(w.get('[data-testid="canned-list"]').text()).not.toContain('/hello');
    await box.trigger('keydown', { key: 'Enter' });
    expect((box.element as HTMLTextAreaElement).value).toBe('Refunds take 3 days.');
    expect(send).not.toHaveBeenCalled();
  });

  it('does not send an empty message', async () => {
    const w = composer();
    await w.get('textarea').setValue('   ');
    await w.get('textarea').trigger('keydown', { key: 'Enter' });
    expect(send).not.toHaveBeenCalled();
  });
});
