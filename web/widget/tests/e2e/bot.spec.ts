// The knowledge-base bot in the widget, against the real server and bot: a question the
// knowledge base answers comes back as an answer card asking "did this help?"; "no, talk to a
// person" hands over, and the visitor sees the hand-off and their place in the queue. Another
// visitor takes the "talk to a person" button straight away. With nobody online, the bot still
// chats (no offline form), and "yes, it helped" settles the question. zh-CN and en.
import type { Frame } from '@playwright/test';
import { expect, test } from './test';
import { AgentAPI, env } from './kefu';
import { open, shot, visit } from './widget';

const RETURNS = {
  id: 'e2e-bot-returns',
  title: '怎么退货',
  body: '收到商品 7 天内，在“我的订单”中选择该订单，点“申请退货”并填写原因。\n\n审核通过后按页面上的地址寄回即可。',
  questions: ['如何退货', '我想退货', '退货流程'],
};

/** BOT_DEFAULTS are the bot settings' defaults: the inbox API takes the settings whole. */
const BOT_DEFAULTS = {
  mode: '', queue_threshold: 0, answer_threshold: 0, suggest_threshold: 0, low_confidence_limit: 0,
  hide_human_button: false, name: '', greeting: '', use_llm: false,
};

/** botInbox creates an agent and an inbox only they answer, whose bot answers first. capacity 0:
 * the agent is online but takes nothing automatically, so a handed-over visitor waits in line. */
async function botInbox(name: string, capacity: number): Promise<{ inbox: { id: string; key: string }; agent: AgentAPI }> {
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const suffix = Math.random().toString(36).slice(2, 8);
  const email = `bot-${suffix}@example.com`;
  const password = 'a long agent password';
  const a = await owner.call<{ id: string }>('POST', '/api/v1/agents', { email, name: `${name} ${suffix}`, password, role: 'agent' });
  await owner.call('PATCH', `/api/v1/agents/${a.id}`, { capacity });
  const ib = await owner.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', {
    name, allowed_origins: [e.hostOrigin, e.crossSiteOrigin], member_ids: [a.id],
  });
  await owner.call('PATCH', `/api/v1/inboxes/${ib.id}`, { bot: { ...BOT_DEFAULTS, mode: 'always' } });
  return { inbox: { id: ib.id, key: ib.widget_key }, agent: await AgentAPI.login(e.base, email, password) };
}

/** publishReturns writes the published article the bot answers with (once per run: the id is fixed). */
async function publishReturns(): Promise<void> {
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  try {
    await owner.call('POST', '/api/v1/kb/articles', { ...RETURNS, category: '售后', locale: 'zh-CN', status: 'published' });
  } catch (err) {
    if (!String(err).includes(' 409 ')) throw err; // the other worker wrote it first
  }
}

/** config reads the widget config as the host page's widget would. */
async function config(key: string): Promise<{ available: boolean; bot?: { active: boolean; name: string; hide_human_button: boolean } }> {
  const res = await fetch(`${env().base}/api/v1/widget/config?widget_key=${key}`, { headers: { origin: env().hostOrigin } });
  return res.json();
}

/** say sends a message in either language's composer. */
async function say(frame: Frame, text: string): Promise<void> {
  const box = frame.getByRole('textbox', { name: /type a message|请输入消息/i });
  await box.fill(text);
  await box.press('Enter');
}

test.beforeAll(publishReturns);

test('an answer card asks "did this help?"; "no" hands over with the queue position; another visitor takes "talk to a person"', async ({ browser }) => {
  test.setTimeout(120_000); // two visitors and the bot's turns on a shared two-core machine
  const { inbox, agent } = await botInbox('优选小店', 0); // the name the screenshot shows
  const stop = agent.online();
  const zh = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1000, height: 760 } })).newPage();
  const en = await (await browser.newContext({ locale: 'en' })).newPage();
  try {
    expect((await config(inbox.key)).bot).toEqual({ active: true, name: '', hide_human_button: false });
    await visit(zh, inbox.key);
    const frame = await open(zh);
    await say(frame, '怎么退货');

    const card = frame.getByTestId('bot-answer');
    await expect(card).toBeVisible();
    await expect(card.locator('strong')).toHaveText('怎么退货');
    await expect(card).toContainText('收到商品 7 天内');
    const row = frame.getByTestId('message').filter({ has: card });
    await expect(row.getByTestId('bot-avatar')).toBeVisible();
    await expect(row.locator('.kefu-name')).toHaveText('智能助手');
    const feedback = card.getByTestId('bot-feedback');
    await expect(feedback).toContainText('这个回答有帮助吗？');
    await expect(feedback.getByRole('button', { name: '有帮助', exact: true })).toBeVisible();
    await expect(frame.getByRole('button', { name: '转人工', exact: true })).toBeVisible();
    await shot(frame.locator('.kefu'), 'bot-widget-answer-zh-CN');

    await feedback.getByRole('button', { name: '没有，转人工' }).click();
    await expect(frame.getByTestId('bot-handoff')).toContainText('正在为您转接人工客服');
    await expect(frame.getByTestId('queue')).toContainText('您当前排在第 1 位');
    await expect(frame.getByTestId('bot-feedback')).toHaveCount(0);
    await expect(frame.getByRole('button', { name: '转人工', exact: true })).toHaveCount(0);

    // The second visitor asks something the knowledge base does not know, then wants a person.
    await visit(en, inbox.key);
    const other = await open(en);
    await say(other, 'What colours does the winter jacket come in?');
    const button = other.getByRole('button', { name: 'Talk to a person', exact: true });
    await expect(button).toBeVisible();
    await button.press('Enter'); // the keyboard, as a visitor without a mouse would
    await expect(other.getByTestId('bot-handoff')).toContainText('Connecting you to a person');
    await expect(other.getByTestId('queue')).toContainText('You are number 2 in the queue');
    await expect(button).toHaveCount(0);
    await expect(other.getByRole('textbox', { name: /type a message/i })).toBeFocused();
  } finally {
    stop();
    await Promise.all([zh, en].map((p) => p.context().close()));
  }
});

test.describe('nobody online', () => {
  test.use({ locale: 'zh-CN' });

  test('the visitor chats with the bot: no offline form, no away notice; "yes" settles the question', async ({ page }) => {
    const { inbox } = await botInbox('Bot alone', 5);
    const cfg = await config(inbox.key);
    expect(cfg.available).toBe(false);
    expect(cfg.bot?.active).toBe(true);
    await visit(page, inbox.key);
    const frame = await open(page);
    await expect(frame.locator('.kefu-status')).toHaveText('智能助手为您服务');
    await expect(frame.getByTestId('offline-form')).toHaveCount(0);
    await say(frame, '我想退货');
    await expect(frame.getByTestId('bot-answer').locator('strong')).toHaveText('怎么退货');
    await expect(frame.getByTestId('away')).toHaveCount(0);

    // "Yes": the bot thanks and the question is settled — no team rating, no button left.
    await frame.getByTestId('bot-feedback').getByRole('button', { name: '有帮助', exact: true }).click();
    await expect(frame.getByTestId('bot-thanks')).toBeVisible();
    await expect(frame.getByTestId('bot-feedback')).toHaveCount(0);
    await expect(frame.getByTestId('talk-to-person')).toHaveCount(0);
    await expect(frame.getByTestId('rating')).toHaveCount(0);
  });
});
