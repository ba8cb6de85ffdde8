// The knowledge-base bot end to end, as issue 19 asks: a visitor on a shop's page asks "怎么退货"
// and gets the returns article with the "did this help?" card; asks two things the knowledge
// base does not know and is handed over, seeing their place in the queue; a second visitor types
// "转人工" and is handed over at once. The agent who opens the first conversation sees the whole
// bot transcript and, at the top, why the bot handed over.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type FrameLocator, type Page } from '@playwright/test';
import { AgentAPI, env, signIn } from './kefu';

let SHOP = '';
let shop: Server;

// The shop is a real page on another site than kefu, embedding the widget like a customer's site.
test.beforeAll(async () => {
  shop = createServer((req, res) => {
    const key = new URL(req.url ?? '/', 'http://x').searchParams.get('key') ?? '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>茶馆</title></head><body><h1>莲心茶馆</h1>
      <script async src="${env().base}/widget.js" data-widget-key="${key.replace(/[^A-Za-z0-9_-]/g, '')}"></script></body></html>`);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  SHOP = `http://localhost:${(shop.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((r) => shop.close(() => r())));

const suffix = Math.random().toString(36).slice(2, 8);
const RETURNS = {
  id: `e2e-flow-returns-${suffix}`,
  title: '退货流程',
  body: '收到商品 7 天内可以退货：在“我的订单”里点“申请退货”，审核通过后寄回。',
  questions: ['怎么退货', '我想退货', '退货怎么弄'],
};

/** setUp publishes the returns article and makes an inbox whose bot answers first, answered
 * by a new agent with no room for automatic assignment, so a handed-over visitor queues. */
async function setUp(): Promise<{ key: string; agent: { email: string; password: string } }> {
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  await owner.call('POST', '/api/v1/kb/articles', { ...RETURNS, category: '售后', locale: 'zh-CN', status: 'published' });
  const agent = { email: `bot-flow-${suffix}@example.com`, password: 'a long agent password' };
  const a = await owner.call<{ id: string }>('POST', '/api/v1/agents', { ...agent, name: `接待员 ${suffix}`, role: 'agent' });
  await owner.call('PATCH', `/api/v1/agents/${a.id}`, { capacity: 0 });
  const ib = await owner.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', { name: `茶馆 ${suffix}`, member_ids: [a.id] });
  await owner.call('PATCH', `/api/v1/inboxes/${ib.id}`, { bot: { mode: 'always' } });
  return { key: ib.widget_key, agent };
}

/** visitor opens the shop's page in a Chinese browser and the chat. */
async function visitor(browser: Browser, key: string): Promise<{ page: Page; chat: FrameLocator }> {
  const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await page.goto(`${SHOP}/?key=${key}`);
  await page.locator('kefu-widget button').first().click();
  const chat = page.frameLocator('kefu-widget iframe');
  await expect(chat.getByRole('dialog')).toBeVisible();
  return { page, chat };
}

async function say(chat: FrameLocator, text: string) {
  const box = chat.getByRole('textbox', { name: /请输入消息|type a message/i });
  await box.fill(text);
  await box.press('Enter');
}

/** conversationOf finds the visitor's conversation the way the agent's list shows it. */
async function conversationOf(agent: AgentAPI, text: string): Promise<string> {
  let id = '';
  await expect
    .poll(async () => {
      const { conversations } = await agent.call<{ conversations: { id: string; last_message?: { text: string } }[] }>(
        'GET', '/api/v1/conversations?view=all&status=open');
      id = conversations.find((c) => c.last_message?.text.includes(text))?.id ?? '';
      return id;
    }, { message: `a conversation whose last message has ${text}` })
    .not.toBe('');
  return id;
}

test('the bot answers, hands over after two unknown questions and at once on 转人工; the agent sees the transcript and the reason', async ({ page, browser }) => {
  test.setTimeout(150_000); // two visitors, the bot's turns and an agent on a shared two-core machine
  const e = env();
  const { key, agent } = await setUp();
  await signIn(page, agent); // the inbox's agent is online, with no room: handed-over visitors queue

  const first = await visitor(browser, key);
  await say(first.chat, '怎么退货');
  const answer = first.chat.getByTestId('bot-answer');
  await expect(answer.locator('strong')).toHaveText('退货流程');
  await expect(answer.getByTestId('bot-feedback')).toContainText('这个回答有帮助吗？');

  await say(first.chat, '你们老板叫什么名字');
  // Not understood once: the bot asks to rephrase or offers what it has, and keeps the chat.
  await expect(first.chat.locator('[data-testid="bot-rephrase"], [data-testid="bot-suggest"]').last()).toBeVisible();
  await expect(first.chat.getByTestId('bot-handoff')).toHaveCount(0);
  await say(first.chat, '火星上能用优惠券吗');
  await expect(first.chat.getByTestId('bot-handoff')).toContainText('正在为您转接人工客服');
  await expect(first.chat.getByTestId('queue')).toContainText('您当前排在第 1 位');
  const api = await AgentAPI.login(e.base, agent.email, agent.password);
  const id = await conversationOf(api, '正在为您转接人工客服'); // before the second visitor's ends the same way

  const second = await visitor(browser, key);
  await say(second.chat, '转人工');
  await expect(second.chat.getByTestId('bot-handoff')).toContainText('正在为您转接人工客服');
  await expect(second.chat.getByTestId('bot-answer')).toHaveCount(0);
  await expect(second.chat.getByTestId('queue')).toContainText('您当前排在第 2 位');

  // The agent opens the first conversation: the whole transcript, and the bot's note on top.
  await page.goto(`${e.base}/conversations/${id}`);
  const banner = page.getByTestId('bot-banner');
  await expect(banner).toBeVisible();
  await expect(banner.getByTestId('bot-banner-reason')).toHaveText(/did not understand|未能理解/);
  await expect(banner.getByTestId('bot-banner-question')).toHaveText('火星上能用优惠券吗');
  await expect(banner.getByTestId('bot-banner-turns')).toContainText('3');
  const pane = page.getByTestId('conversation-pane');
  for (const text of ['怎么退货', '退货流程', '你们老板叫什么名字', '火星上能用优惠券吗']) {
    await expect(pane.getByText(text, { exact: false }).first()).toBeVisible();
  }
  await expect(page.getByTestId('bot-card').first()).toBeVisible();
  await Promise.all([first.page, second.page].map((p) => p.context().close()));
});
