// The bot's cards in the thread: what an answer, a "did you mean" and the plain actions draw,
// which card takes the visitor's answer (the newest, with nothing after it, while the bot holds
// the conversation), when "talk to a person" shows, and that server text never becomes HTML.
import { describe, expect, it } from 'vitest';
import { answerText, botChats, botErrorKey, liveCardKey, showsHumanButton } from '../../src/core/botcard';
import { ApiError } from '../../src/core/api';
import { translator } from '../../src/core/i18n';
import { items } from '../../src/core/timeline';
import type { BotCard, Message } from '../../src/core/types';
import type { OutboxItem } from '../../src/core/outbox';
import { BotCardView, type CardProps } from '../../src/app/BotCardView';
import { noticeAfter } from '../../src/app/OfflineNotice';
import { all, buttons, byTestID, draw, text } from './draw';
import { conv, msg } from './fixtures';

const refund = { id: 'a1', title: '怎么退货' };
const answer = (p: Partial<Message> = {}, card: Partial<BotCard> = {}) =>
  msg({ id: 'b2', seq: 2, sender_type: 'bot', sender_name: '小蜜', content: '怎么退货\n\n收到商品 7 天内可申请退货。\n在订单页点“退货”。\n\n相关问题：\n• 退款多久到账\n• 运费谁出', bot: { action: 'answer', articles: [refund, { id: 'a2', title: '退款多久到账' }, { id: 'a3', title: '运费谁出' }], ask_feedback: true, ...card }, ...p });
const question = msg({ id: 'q1', seq: 1, content: '怎么退货' });
const active = conv({ id: 'c1', status: 'pending', bot_state: 'active' });

describe('answerText', () => {
  it('takes the first line as the title and the rest, after the blank line, as the text', () => {
    expect(answerText(answer())).toEqual({ title: '怎么退货', text: '收到商品 7 天内可申请退货。\n在订单页点“退货”。' });
  });
  it('reads Windows line ends and keeps a text without a blank line', () => {
    expect(answerText(answer({ content: 'Returns\r\nWithin 7 days.\r\n' }))).toEqual({ title: 'Returns', text: 'Within 7 days.' });
  });
  it('leaves out the list of related articles kept for channels without cards, and only that', () => {
    expect(answerText(answer()).text).not.toContain('相关问题');
    const own = '怎么退货\n\n第一段。\n\n注意：\n• 保留原包装';
    expect(answerText(answer({ content: own })).text).toBe('第一段。\n\n注意：\n• 保留原包装');
  });
  it("shows a language model's answer whole, its cited articles as the links", () => {
    const m = answer({ content: '收到商品 7 天内可以退货 [1]。\n\nRelated:\n• 怎么退货\n• 退款多久到账' }, { generated: true, articles: [refund, { id: 'a2', title: '退款多久到账' }] });
    expect(answerText(m)).toEqual({ title: '', text: '收到商品 7 天内可以退货 [1]。' });
    const { tree } = card(m);
    expect(buttons(tree).map((b) => b.label)).toEqual(['怎么退货', '退款多久到账', '有帮助', '没有，转人工']);
    expect(all(tree).some((n) => n.tag === 'strong')).toBe(false);
  });
  it("falls back to the card's article for the title of an empty content", () => {
    expect(answerText(answer({ content: '' }))).toEqual({ title: '怎么退货', text: '' });
  });
});

const rowsOf = (stored: Message[], queued: OutboxItem[] = []) => items(stored, queued, 'c1', 0, true);
const pending = (content: string): OutboxItem => ({ client_msg_id: 'x1', conversation_id: 'c1', content, attachment_ids: [], created_at: '2025-01-01T00:00:01Z' });

describe('liveCardKey: which card takes an answer', () => {
  it('is the newest bot card while the bot holds the conversation', () => {
    const older = answer({ id: 'b0', seq: 0 });
    expect(liveCardKey(rowsOf([older, question, answer()]), active)).toBe('b2');
  });
  it('is none once the visitor wrote after it, stored or still on its way', () => {
    expect(liveCardKey(rowsOf([answer(), msg({ id: 'q3', seq: 3 })]), active)).toBeNull();
    expect(liveCardKey(rowsOf([answer()], [pending('退款多久到账')]), active)).toBeNull();
  });
  it('is none once the bot handed over, or after the question was settled', () => {
    expect(liveCardKey(rowsOf([answer()]), { ...active, status: 'open', bot_state: 'handed_off' })).toBeNull();
    expect(liveCardKey(rowsOf([answer()]), { ...active, status: 'resolved' })).toBeNull();
    expect(liveCardKey(rowsOf([answer()]), null)).toBeNull();
  });
  it('is none when the newest message is not a card (a person, a proactive message)', () => {
    expect(liveCardKey(rowsOf([answer(), msg({ id: 'p3', seq: 3, sender_type: 'bot' })]), active)).toBeNull();
    expect(liveCardKey(rowsOf([answer(), msg({ id: 'a3', seq: 3, sender_type: 'agent' })]), active)).toBeNull();
  });
});

describe('the talk-to-a-person button and the offline form', () => {
  const bot = { active: true, name: '', hide_human_button: false };
  it('shows while the bot answers an open question, unless the inbox hides it', () => {
    expect(showsHumanButton(active, bot)).toBe(true);
    expect(showsHumanButton(active, null)).toBe(true);
    expect(showsHumanButton(active, { ...bot, hide_human_button: true })).toBe(false);
    expect(showsHumanButton({ ...active, status: 'open', bot_state: 'handed_off' }, bot)).toBe(false);
    expect(showsHumanButton({ ...active, status: 'resolved' }, bot)).toBe(false);
    expect(showsHumanButton(conv({ id: 'c2' }), bot)).toBe(false);
    expect(showsHumanButton(null, bot)).toBe(false);
  });
  it('lets the visitor chat with the bot instead of leaving a message', () => {
    expect(botChats(null, bot)).toBe(true);
    expect(botChats(null, { ...bot, active: false })).toBe(false);
    expect(botChats(null, null)).toBe(false);
    expect(botChats(active, { ...bot, active: false })).toBe(true);
    expect(botChats({ ...active, bot_state: 'handed_off' }, bot)).toBe(false);
  });
});

describe('botErrorKey', () => {
  it('says why a feedback or hand-off failed', () => {
    expect(botErrorKey(new ApiError(409, 'bot_not_active', 'x'))).toBe('botNotActive');
    expect(botErrorKey(new ApiError(0, 'network', 'x'))).toBe('botOffline');
    expect(botErrorKey(new ApiError(422, 'invalid_input', 'x'))).toBe('botFailed');
  });
});

/** card draws a message's card in zh-CN, recording what the visitor's clicks ask for. */
function card(m: Message, p: Partial<CardProps> = {}) {
  const asked: string[] = [];
  const feedback: boolean[] = [];
  const props: CardProps = {
    m, card: m.bot as BotCard, t: translator('zh-CN'), live: true, holds: true, busy: false, error: '',
    onAsk: (s) => asked.push(s), onFeedback: (h) => feedback.push(h), ...p,
  };
  return { tree: draw(<BotCardView {...props} />), asked, feedback };
}

describe('an answer card', () => {
  it('shows the title in bold, the text, related questions and "did this help?"', () => {
    const { tree, asked, feedback } = card(answer());
    expect(text(all(tree).filter((n) => n.tag === 'strong')[0].children)).toBe('怎么退货');
    expect(text(tree)).toContain('收到商品 7 天内可申请退货。\n在订单页点“退货”。');
    expect(text(tree)).not.toContain('怎么退货\n'); // the title line is not repeated in the text
    const b = buttons(tree);
    expect(b.map((x) => x.label)).toEqual(['退款多久到账', '运费谁出', '有帮助', '没有，转人工']);
    expect(text(byTestID(tree, 'bot-feedback')?.children ?? [])).toContain('这个回答有帮助吗？');
    b[1].click();
    b[2].click();
    b[3].click();
    expect(asked).toEqual(['运费谁出']);
    expect(feedback).toEqual([true, false]);
  });
  it('disables "did this help?" while the answer is on its way and shows why it failed', () => {
    const { tree } = card(answer(), { busy: true, error: '操作失败，请重试。' });
    expect(buttons(tree).filter((b) => b.label === '有帮助' || b.label === '没有，转人工').every((b) => b.disabled)).toBe(true);
    const alert = all(tree).find((n) => n.props.role === 'alert');
    expect(alert && text(alert.children)).toBe('操作失败，请重试。');
  });
  it('asks nothing when it is not the newest card, or the server did not ask', () => {
    expect(byTestID(card(answer(), { live: false }).tree, 'bot-feedback')).toBeUndefined();
    expect(byTestID(card(answer({}, { ask_feedback: false })).tree, 'bot-feedback')).toBeUndefined();
  });
  it('offers no related questions once a person has the conversation', () => {
    expect(buttons(card(answer(), { live: false, holds: false }).tree)).toEqual([]);
  });
  it('says when a language model wrote it', () => {
    expect(text(card(answer({}, { generated: true })).tree)).toContain('由 AI 根据帮助文章生成');
  });
});

describe('a "did you mean" card', () => {
  const suggest = msg({
    id: 'b2', seq: 2, sender_type: 'bot', content: '您是不是想问：\n1. 怎么退货',
    bot: { action: 'suggest', articles: [refund, { id: 'a2', title: '退款多久到账' }, { id: 'a3', title: '运费谁出' }, { id: 'a4', title: '第四个' }] },
  });
  it('offers up to three questions as buttons that send the title', () => {
    const { tree, asked } = card(suggest);
    expect(text(tree)).toContain('您是不是想问：');
    const b = buttons(tree);
    expect(b.map((x) => x.label)).toEqual(['怎么退货', '退款多久到账', '运费谁出']);
    b[1].click();
    expect(asked).toEqual(['退款多久到账']);
  });
  it('lists them without buttons when it is not the newest card', () => {
    const { tree } = card(suggest, { live: false });
    expect(buttons(tree)).toEqual([]);
    expect(all(tree).filter((n) => n.tag === 'li').map((n) => text(n.children))).toEqual(['怎么退货', '退款多久到账', '运费谁出']);
  });
});

describe('plain bot messages', () => {
  for (const action of ['greeting', 'rephrase', 'thanks', 'handoff']) {
    it(`${action} is a bubble of the message's text`, () => {
      const { tree } = card(msg({ id: 'b1', seq: 1, sender_type: 'bot', content: '正在为您转接人工客服…', bot: { action } }));
      expect(byTestID(tree, `bot-${action}`)).toBeDefined();
      expect(text(tree)).toBe('正在为您转接人工客服…');
      expect(all(tree).some((n) => n.tag === 'svg')).toBe(action === 'handoff');
    });
  }
  it("an action this widget does not know still shows the text", () => {
    const { tree } = card(msg({ id: 'b1', seq: 1, sender_type: 'bot', content: 'Hello', bot: { action: 'poll' } }));
    expect(byTestID(tree, 'bot-text')).toBeDefined();
    expect(text(tree)).toBe('Hello');
  });
});

describe('server text is text, never HTML', () => {
  const evil = '<img src=x onerror="alert(1)">';
  const cards: [string, Message][] = [
    ['an answer', answer({ content: `${evil}\n\n${evil} <script>alert(2)</script>` }, { articles: [refund, { id: 'a2', title: evil }] })],
    ['a suggestion', msg({ id: 'b2', seq: 2, sender_type: 'bot', content: evil, bot: { action: 'suggest', articles: [{ id: 'a1', title: evil }] } })],
    ['a hand-off', msg({ id: 'b2', seq: 2, sender_type: 'bot', content: evil, bot: { action: 'handoff' } })],
  ];
  for (const [name, m] of cards) {
    it(`${name} shows markup as its characters`, () => {
      const { tree } = card(m);
      expect(text(tree)).toContain(evil);
      const tags = new Set(all(tree).map((n) => n.tag));
      expect(tags.has('img') || tags.has('script')).toBe(false);
      expect(all(tree).some((n) => 'dangerouslySetInnerHTML' in n.props)).toBe(false);
    });
  }
});

describe('the offline notice of a conversation the bot handed over while nobody was there', () => {
  it('follows the hand-off, not the greeting', () => {
    const greeting = msg({ id: 'b1', seq: 1, sender_type: 'bot', content: '您好', bot: { action: 'greeting' } });
    const handoff = msg({ id: 'b3', seq: 3, sender_type: 'bot', content: '正在为您转接人工客服…', bot: { action: 'handoff' } });
    const offline = conv({ id: 'c1', bot_state: 'handed_off', offline_message: true });
    expect(noticeAfter(offline, rowsOf([greeting, question, handoff]), true)).toBe('b3');
    expect(noticeAfter(offline, rowsOf([question]), false)).toBe('q1');
    expect(noticeAfter({ ...offline, offline_message: false }, rowsOf([greeting, question, handoff]), false)).toBeNull();
  });
});
