// The bot in the conversation: its messages read as the bot's with their card, its badges, the
// hand-off banner (fetched again when the bot state changes) and agent assist in the composer
// (on demand only, fetched again when the customer writes, inserting with one click).
import { mount, RouterLinkStub } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Assist, BotHandoff, UnansweredQuestion } from '@/api/bot';
import BotBadges from '@/components/BotBadges.vue';
import BotHandoffBanner from '@/components/BotHandoffBanner.vue';
import Composer from '@/components/Composer.vue';
import MessageItem from '@/components/MessageItem.vue';
import UnansweredQuestions from '@/components/UnansweredQuestions.vue';
import { createAppI18n } from '@/i18n';
import { botMessageView } from '@/lib/botCard';
import { lastCustomerMessageId } from '@/lib/thread';
import { useAuthStore } from '@/stores/auth';
import { useMessagesStore } from '@/stores/messages';
import { message, stubFetch } from './fixtures';

function plugins(locale: 'en' | 'zh-CN' = 'en') {
  const pinia = createPinia();
  setActivePinia(pinia);
  return { global: { plugins: [pinia, createAppI18n(locale), ElementPlus], stubs: { RouterLink: RouterLinkStub } } };
}

const refund = { id: 'a1', title: 'How long refunds take' };

describe('bot messages', () => {
  const returns = { id: 'a2', title: 'Returns' };

  it('split an article answer into its linked title, its text and the related articles', () => {
    const card = { action: 'answer' as const, articles: [refund, returns], ask_feedback: true };
    const content = 'How long refunds take\n\nThree working days.\n\nOr by card:\n• in a week\n\nRelated:\n• Returns';
    // The list of related articles written for channels without cards becomes links; a list in the article stays.
    expect(botMessageView(card, content)).toEqual({ title: refund, text: 'Three working days.\n\nOr by card:\n• in a week', listed: [returns] });
    expect(botMessageView({ ...card, articles: [refund] }, 'How long refunds take\n\nThree working days.')).toEqual({ title: refund, text: 'Three working days.', listed: [] });
  });

  it('show a generated answer whole with the articles it cites, and anything else as it is', () => {
    const card = { action: 'answer' as const, articles: [refund, returns], generated: true };
    expect(botMessageView(card, 'Usually three days [1].\n\n相关问题：\n• How long refunds take\n• Returns')).toEqual({ title: null, text: 'Usually three days [1].', listed: [refund, returns] });
    expect(botMessageView({ action: 'handoff' }, '正在为您转接人工客服…')).toEqual({ title: null, text: '正在为您转接人工客服…', listed: [] });
    expect(botMessageView({ action: 'suggest', articles: [refund, returns] }, 'Did you mean:\n1. How long refunds take\n2. Returns').listed).toEqual([refund, returns]);
  });

  it('show as the bot’s, with the answer’s article linked to the knowledge base', () => {
    const m = message({ sender_type: 'bot', sender_name: '小莲', content: 'How long refunds take\n\n<b>Three</b> working days.', bot: { action: 'answer', articles: [refund], ask_feedback: true } });
    const w = mount(MessageItem, { props: { message: m }, ...plugins() });
    expect(w.classes()).toContain('bot');
    expect(w.find('[data-testid="bot-icon"]').exists()).toBe(true);
    expect(w.get('.sender').text()).toBe('小莲');
    expect(w.get('[data-testid="bot-card-action"]').text()).toBe('Answer');
    const link = w.getComponent(RouterLinkStub);
    expect(link.props('to')).toEqual({ name: 'settings-knowledge', query: { article: 'a1' } });
    expect(link.text()).toBe('How long refunds take');
    expect(w.get('[data-testid="message-text"]').text()).toBe('<b>Three</b> working days.'); // text, never markup
    expect(w.find('b').exists()).toBe(false);
    expect(w.text()).toContain('asked “did this help?”');
  });

  it('list a suggestion’s articles and word a hand-off', () => {
    const titles = ['Refunds', 'Returns', 'Shipping'];
    const suggest = message({ sender_type: 'bot', content: 'Did you mean…', bot: { action: 'suggest', articles: titles.map((title, i) => ({ id: `a${i}`, title })) } });
    const w = mount(MessageItem, { props: { message: suggest }, ...plugins() });
    expect(w.findAll('[data-testid="bot-card-article"]').map((a) => a.text())).toEqual(titles);
    const handoff = message({ sender_type: 'bot', content: '正在为您转接人工客服…', bot: { action: 'handoff' } });
    const h = mount(MessageItem, { props: { message: handoff }, ...plugins('zh-CN') });
    expect(h.get('[data-testid="bot-card-action"]').text()).toBe('已转人工');
    expect(h.get('.sender').text()).toBe('机器人'); // no name: the bot's default
  });
});

describe('bot badges', () => {
  it('mark a conversation the bot holds and the customer’s emotion', () => {
    const w = mount(BotBadges, { props: { botState: 'active', emotion: 'angry' }, ...plugins() });
    expect(w.get('[data-testid="bot-badge"]').text()).toBe('Bot');
    expect(w.get('[data-testid="emotion-angry"]').text()).toBe('Angry');
  });

  it('show nothing once the bot handed over and the customer is calm', () => {
    const w = mount(BotBadges, { props: { botState: 'handed_off', emotion: '' }, ...plugins() });
    expect(w.find('[data-testid="bot-badge"]').exists()).toBe(false);
    expect(w.find('[data-testid^="emotion-"]').exists()).toBe(false);
  });
});

describe('hand-off banner', () => {
  const handedOff: BotHandoff = {
    conversation_id: 'c1', state: 'handed_off', reason: 'negative_emotion', emotion: 'negative', question: '我要投诉，退款还没到',
    guesses: [refund], turns: 3, at: '2026-03-01T08:00:00Z',
  };

  beforeEach(() => setActivePinia(createPinia()));

  it('says why the bot handed over, what was asked and its guesses', async () => {
    const seen = stubFetch({ 'GET /api/v1/conversations/c1/bot': [200, handedOff] });
    const w = mount(BotHandoffBanner, { props: { conversationId: 'c1', botState: 'handed_off' }, ...plugins() });
    await vi.waitFor(() => expect(w.find('[data-testid="bot-banner"]').exists()).toBe(true));
    expect(w.get('[data-testid="bot-banner-reason"]').text()).toBe('The customer is upset');
    expect(w.get('[data-testid="bot-banner-emotion"]').text()).toBe('Negative');
    expect(w.get('[data-testid="bot-banner-question"]').text()).toBe('我要投诉，退款还没到');
    expect(w.get('[data-testid="bot-banner-turns"]').text()).toContain('3 messages with the bot');
    expect(w.getComponent(RouterLinkStub).props('to')).toEqual({ name: 'settings-knowledge', query: { article: 'a1' } });
    expect(seen).toHaveLength(1);
  });

  it('asks nothing for a conversation the bot never had, and asks again when the bot state changes', async () => {
    let answer: BotHandoff = { ...handedOff, state: 'active', reason: '', emotion: '', question: '', guesses: [], turns: 1, at: null };
    const seen = stubFetch({ 'GET /api/v1/conversations/c1/bot': () => [200, answer] });
    const w = mount(BotHandoffBanner, { props: { conversationId: 'c1', botState: '' }, ...plugins() });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toHaveLength(0);
    expect(w.find('[data-testid="bot-banner"]').exists()).toBe(false);
    await w.setProps({ botState: 'active' });
    await vi.waitFor(() => expect(w.find('[data-testid="bot-banner"]').attributes('data-state')).toBe('active'));
    answer = { ...handedOff, reason: '' }; // an agent replied: the bot gives no reason of its own
    await w.setProps({ botState: 'handed_off' }); // a conversation.updated frame
    await vi.waitFor(() => expect(w.find('[data-testid="bot-banner"]').attributes('data-state')).toBe('handed_off'));
    expect(w.get('[data-testid="bot-banner-reason"]').text()).toBe('An agent took the conversation');
    expect(seen).toHaveLength(2);
  });

  it('shows nothing when the bot never had the conversation after all (404)', async () => {
    stubFetch({});
    const w = mount(BotHandoffBanner, { props: { conversationId: 'c1', botState: 'handed_off' }, ...plugins() });
    await new Promise((r) => setTimeout(r, 10));
    expect(w.find('[data-testid="bot-banner"]').exists()).toBe(false);
  });
});

describe('agent assist', () => {
  const answer = (q: string): Assist => ({
    query: q,
    articles: [{ id: 'a1', title: 'How long refunds take', snippet: 'Three working days…', body: 'Refunds take three working days.', confidence: 0.82 }],
    canned: [{ id: 'k1', shortcut: 'refund', content: 'We have started your refund.' }],
  });

  function composer() {
    const seen = stubFetch({ 'GET /api/v1/conversations/c1/assist': () => [200, answer('refund?')] });
    const options = plugins();
    useAuthStore().permissions = ['conversations.reply'];
    useMessagesStore().add('c1', [message({ id: 'm1', seq: 1, content: 'refund?' })]);
    return { w: mount(Composer, { props: { conversationId: 'c1' }, ...options }), seen };
  }

  it('finds the last text the customer wrote', () => {
    const list = [message({ id: 'x1', seq: 1 }), message({ id: 'x2', seq: 2, kind: 'note', sender_type: 'agent' }), message({ id: 'x3', seq: 3, sender_type: 'agent' })];
    expect(lastCustomerMessageId(list)).toBe('x1');
    expect(lastCustomerMessageId([])).toBe('');
  });

  it('opens only on demand and inserts an article or a canned reply with one click', async () => {
    const { w, seen } = composer();
    await new Promise((r) => setTimeout(r, 10));
    expect(w.find('[data-testid="assist-panel"]').exists()).toBe(false);
    expect(seen.filter((s) => s.path.endsWith('/assist'))).toHaveLength(0);
    await w.get('[data-testid="assist-toggle"]').trigger('click');
    expect(w.get('[data-testid="assist-toggle"]').attributes('aria-pressed')).toBe('true');
    await vi.waitFor(() => expect(w.findAll('[data-testid="assist-article"]')).toHaveLength(1));
    expect(w.get('[data-testid="assist-query"]').text()).toBe('For “refund?”');
    expect(w.get('[data-testid="assist-article"]').text()).toContain('82% match');
    await w.get('textarea').setValue('Hello. ');
    await w.get('[data-testid="assist-insert-article"]').trigger('click');
    expect((w.get('textarea').element as HTMLTextAreaElement).value).toBe('Hello. Refunds take three working days.');
    await w.get('[data-testid="assist-insert-canned"]').trigger('click');
    expect((w.get('textarea').element as HTMLTextAreaElement).value).toContain('We have started your refund.');
  });

  it('asks again when the customer writes, not when the agent does', async () => {
    const { w, seen } = composer();
    await w.get('[data-testid="assist-toggle"]').trigger('click');
    const asked = () => seen.filter((s) => s.path.endsWith('/assist')).length;
    await vi.waitFor(() => expect(asked()).toBe(1));
    useMessagesStore().add('c1', [message({ id: 'm2', seq: 2, sender_type: 'agent', content: 'Let me check' })]);
    await new Promise((r) => setTimeout(r, 10));
    expect(asked()).toBe(1);
    useMessagesStore().add('c1', [message({ id: 'm3', seq: 3, content: 'still waiting' })]);
    await vi.waitFor(() => expect(asked()).toBe(2));
    await w.get('[data-testid="assist-close"]').trigger('click');
    expect(w.find('[data-testid="assist-panel"]').exists()).toBe(false);
  });
});

describe('unanswered questions', () => {
  const question = (id: string): UnansweredQuestion => ({
    id, inbox_id: 'i1', conversation_id: 'c1', question: `question ${id}`, reason: 'unanswered', best_article_id: '', status: 'open', created_at: '2026-03-01T08:00:00Z',
  });

  it('leave the list when dismissed, or when someone else handled them meanwhile', async () => {
    const seen = stubFetch({
      'GET /api/v1/bot/unanswered': [200, { items: [question('q1'), question('q2'), question('q3')], next_cursor: '' }],
      'POST /api/v1/bot/unanswered/q1/dismiss': [200, { ...question('q1'), status: 'dismissed' }],
      'POST /api/v1/bot/unanswered/q2/dismiss': [409, { code: 'already_handled', detail: 'already handled' }],
      'POST /api/v1/bot/unanswered/q3/dismiss': [503, { code: 'unavailable' }],
    });
    const w = mount(UnansweredQuestions, { props: { inboxId: '' }, ...plugins() });
    const rows = () => w.findAll('.question').map((q) => q.text());
    await vi.waitFor(() => expect(rows()).toHaveLength(3));
    expect(seen[0].path).toBe('/api/v1/bot/unanswered');
    const posts = () => seen.filter((s) => s.method === 'POST').length;
    for (const id of ['q1', 'q2', 'q3']) {
      const row = w.findAll('.el-table__row').find((r) => r.text().includes(`question ${id}`));
      await row!.get('[data-testid="unanswered-dismiss"]').trigger('click');
      await vi.waitFor(() => expect(posts()).toBe(Number(id.slice(1))));
    }
    // q3's failure leaves it to try again; q1 done and q2 handled by someone else are gone.
    await vi.waitFor(() => expect(rows()).toEqual(['question q3']));
  });
});
