// Proactive messages: an admin sets one up in Settings › Inboxes; a visitor on the matching page
// of a site that embeds the widget gets the chat opened with it (desktop) or a preview bubble
// (390×844 phone), in their language; on another page nothing happens; their reply starts a
// conversation that the agent sees beginning with the trigger's message.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { AgentAPI, env, shot, signIn } from './kefu';

// The shop is a real HTTP server on another site than kefu (localhost vs kefu's 127.0.0.1).
let SHOP = '';
let shop: Server;

test.beforeAll(async () => {
  shop = createServer((req, res) => {
    const key = new URL(req.url ?? '/', 'http://x').searchParams.get('key') ?? '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title></head><body><h1>Shop</h1><p>Plans and prices.</p>
      <script async src="${env().base}/widget.js" data-widget-key="${key.replace(/[^A-Za-z0-9_-]/g, '')}"></script></body></html>`);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  SHOP = `http://localhost:${(shop.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((r) => shop.close(() => r())));
const EN = 'Questions about our plans? We are happy to help.';
const ZH = '对套餐有疑问吗？我们很乐意帮您。';

// visit opens a page of the shop, which embeds the inbox's widget.
const visit = (page: Page, path: string, widgetKey: string) => page.goto(`${SHOP}${path}?key=${widgetKey}`);

const frameOf = (page: Page) => page.frameLocator('kefu-widget iframe');
const panel = (page: Page) => page.locator('kefu-widget iframe');

// inboxWithTrigger creates an inbox with the pricing trigger over the API (the UI test below
// creates one through the settings page).
async function inboxWithTrigger(name: string): Promise<{ id: string; key: string }> {
  const admin = await AgentAPI.login(env().base, env().owner.email, env().owner.password);
  const ib = await admin.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', {
    name,
    widget: {
      color: '#1f6feb', away_message: '', locale: '', pre_chat: { enabled: false, fields: [] },
      triggers: [{ name: 'Pricing 3 s', enabled: true, conditions: { url: { op: 'contains', value: '/pricing' }, time_on_page: 3 }, message: { default: EN, 'zh-CN': ZH } }],
    },
  });
  return { id: ib.id, key: ib.widget_key };
}

async function firstMessages(inboxID: string): Promise<{ sender_type: string; kind: string; content: string }[]> {
  const admin = await AgentAPI.login(env().base, env().owner.email, env().owner.password);
  const { conversations } = await admin.call<{ conversations: { id: string; inbox_id: string }[] }>('GET', `/api/v1/conversations?inbox_id=${inboxID}`);
  expect(conversations).toHaveLength(1);
  const { messages } = await admin.call<{ messages: { seq: number; sender_type: string; kind: string; content: string }[] }>('GET', `/api/v1/conversations/${conversations[0].id}/messages`);
  return messages.sort((a, b) => a.seq - b.seq);
}

test('an admin creates a proactive message; a desktop visitor on /pricing gets the chat opened with it and answers', async ({ page, browser }) => {
  test.setTimeout(150_000); // the whole journey: the admin's settings, the visitor, the agent
  const e = env();
  await signIn(page, e.owner);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-inboxes').click();
  await page.getByTestId('inbox-create').click();
  await page.getByTestId('channel-pick-web').click();
  await page.getByTestId('inbox-name').fill('Plans site');
  await page.getByTestId('inbox-save').click();
  await expect(page.getByTestId('snippet-code')).toBeVisible();

  const section = page.getByTestId('proactive-triggers');
  await expect(section.getByTestId('triggers-empty')).toBeVisible();
  await section.getByTestId('trigger-add').click();
  const form = page.getByTestId('trigger-form');
  await form.getByTestId('trigger-name').fill('Pricing 3 s');
  await form.getByTestId('trigger-url').fill('/pricing');
  await form.getByTestId('trigger-seconds').locator('input').fill('3');
  await form.getByTestId('trigger-msg-default').fill(EN);
  await form.getByTestId('trigger-msg-zh').fill(ZH);
  await form.getByTestId('trigger-save').click();
  await expect(section.getByTestId('trigger-row')).toHaveCount(1);
  await expect(section.getByTestId('trigger-row')).toContainText('Pricing 3 s');
  await expect(section.getByTestId('trigger-row')).toContainText('contains /pricing · after 3 s');
  await expect(page.locator('.el-message').last()).toContainText('Saved');

  const admin = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const inboxes = await admin.call<{ inboxes: { id: string; name: string; widget_key: string; widget: { triggers?: { id: string }[] } }[] }>('GET', '/api/v1/inboxes');
  const inbox = inboxes.inboxes.find((i) => i.name === 'Plans site');
  expect(inbox?.widget.triggers).toHaveLength(1); // saved at once, with a server-assigned id

  // The visitor, in another browser context (a different person), on the shop's pricing page.
  const ctx = await browser.newContext({ locale: 'en-US' });
  const visitor = await ctx.newPage();
  const loaded = Date.now();
  await visit(visitor, '/pricing', inbox!.widget_key);
  await expect(panel(visitor)).toBeVisible({ timeout: 20_000 });
  expect(Date.now() - loaded).toBeGreaterThanOrEqual(3000); // not before 3 s on the page
  const chat = frameOf(visitor);
  await expect(chat.locator('.kefu-bubble', { hasText: EN })).toBeVisible();
  await expect(chat.locator('.kefu-name').first()).toHaveText('Plans site'); // from the team, not a person

  const box = chat.getByRole('textbox', { name: /type a message/i });
  await box.fill('Is there a yearly discount?');
  await box.press('Enter');
  await expect(chat.locator('[data-state="sent"], [data-state="read"]')).toHaveCount(1);
  // The proactive message is now the stored first message: shown once, not twice.
  await expect(chat.locator('.kefu-bubble', { hasText: EN })).toHaveCount(1);

  const msgs = await firstMessages(inbox!.id);
  expect(msgs.slice(0, 3).map((m) => `${m.sender_type}/${m.kind}`)).toEqual(['bot/text', 'system/event', 'contact/text']);
  expect(msgs[0].content).toBe(EN);

  // The agent sees it begin with the trigger's message, and from which trigger.
  const { conversations } = await admin.call<{ conversations: { id: string }[] }>('GET', `/api/v1/conversations?inbox_id=${inbox!.id}`);
  await page.goto(`${e.base}/conversations/${conversations[0].id}`);
  const thread = page.getByTestId('thread');
  await expect(thread.getByTestId('message').first()).toContainText(EN);
  await expect(thread).toContainText('Began from the proactive message “Pricing 3 s”');
  await expect(thread).toContainText('Is there a yearly discount?');

  await ctx.close();
});

test('nothing happens on another page', async ({ browser }) => {
  const ib = await inboxWithTrigger('Other page site');
  const ctx = await browser.newContext({ locale: 'en-US' });
  const visitor = await ctx.newPage();
  await visit(visitor, '/other', ib.key);
  await expect(visitor.locator('kefu-widget button')).toBeVisible();
  await visitor.waitForTimeout(5000);
  await expect(panel(visitor)).toBeHidden();
  await expect(visitor.locator('kefu-widget [data-kefu="preview"]')).toHaveCount(0);
  await ctx.close();
});

async function phone(browser: Browser, locale: string) {
  const ctx = await browser.newContext({ locale, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  return { ctx, page: await ctx.newPage() };
}

test('a zh-CN visitor on a phone gets a preview bubble in Chinese, and the answer starts the conversation with it', async ({ browser }) => {
  const ib = await inboxWithTrigger('手机站');
  const { ctx, page } = await phone(browser, 'zh-CN');
  await visit(page, '/pricing', ib.key);
  const preview = page.locator('kefu-widget [data-kefu="preview"]');
  await expect(preview).toBeVisible({ timeout: 8000 });
  await expect(preview).toContainText(ZH);
  await expect(preview).toContainText('手机站');
  await expect(panel(page)).toBeHidden(); // the page stays readable
  // The bubble sits above the launcher and inside the screen.
  const box = await preview.boundingBox();
  const launcher = await page.locator('kefu-widget button').first().boundingBox();
  expect(box && launcher && box.y + box.height <= launcher.y && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  await shot(page, 'proactive-message');

  await preview.click();
  await expect(panel(page)).toBeVisible();
  const chat = frameOf(page);
  await expect(chat.locator('.kefu-bubble', { hasText: ZH })).toBeVisible();
  const input = chat.getByRole('textbox');
  await input.fill('年付有优惠吗？');
  await input.press('Enter');
  await expect(chat.locator('[data-state="sent"], [data-state="read"]')).toHaveCount(1);
  const msgs = await firstMessages(ib.id);
  expect(msgs[0]).toMatchObject({ sender_type: 'bot', content: ZH });
  expect(msgs[2]).toMatchObject({ sender_type: 'contact', content: '年付有优惠吗？' });
  await ctx.close();
});

test('an en visitor on a phone gets the preview in English and can dismiss it', async ({ browser }) => {
  const ib = await inboxWithTrigger('Phone site');
  const { ctx, page } = await phone(browser, 'en-US');
  await visit(page, '/pricing', ib.key);
  const preview = page.locator('kefu-widget [data-kefu="preview"]');
  await expect(preview).toContainText(EN, { timeout: 8000 });
  await preview.getByRole('button', { name: 'Dismiss' }).click();
  await expect(preview).toBeHidden();
  await expect(panel(page)).toBeHidden();
  await ctx.close();
});

test('a zh-CN visitor on a desktop gets the chat opened with the Chinese message, and only once', async ({ browser }) => {
  const ib = await inboxWithTrigger('中文站');
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await visit(page, '/pricing', ib.key);
  await expect(panel(page)).toBeVisible({ timeout: 10_000 });
  await expect(frameOf(page).locator('.kefu-bubble', { hasText: ZH })).toBeVisible();
  await expect(page.locator('kefu-widget [data-kefu="preview"]')).toHaveCount(0); // desktop: no bubble
  // Fired once per visitor: after a reload the chat does not open by itself again.
  await frameOf(page).getByRole('button', { name: '关闭' }).first().click();
  await page.reload();
  await expect(page.locator('kefu-widget button').first()).toBeVisible();
  await page.waitForTimeout(5000);
  await expect(panel(page)).toBeHidden();
  await ctx.close();
});
