// Live visitors and agent-started chats: a visitor opens a page of the shop (a real widget on a
// host page of another origin), the agent sees them live with their page and a page change of
// the single-page shop, invites them to chat, the visitor's widget opens with the message, and
// the visitor answers into the same conversation. In English and Chinese, on a desktop and on a
// 390×844 phone (the agent's view as cards; the visitor gets a preview by the launcher).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type Frame, type Page } from '@playwright/test';
import { AgentAPI, env, shot, signIn } from './kefu';

const phone = { width: 390, height: 844 };
const desktop = { width: 1440, height: 900 };

// The shop: a page with the embed snippet, and a button that changes route as SPAs do.
function shopPage(kefuBase: string, key: string, title: string, pricing: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><button id="pricing" type="button">Pricing</button>
<script>
document.getElementById('pricing').addEventListener('click', function () {
  history.pushState({}, '', '/pricing'); document.title = ${JSON.stringify(pricing)};
});
(function (d, s) { s = d.createElement('script'); s.src = '${kefuBase}/widget.js'; s.async = 1; s.dataset.widgetKey = ${JSON.stringify(key)}; d.head.appendChild(s); })(document);
</script></body></html>`;
}

async function startShop(kefuBase: string, key: string, title: string, pricing = 'Pricing — Lotus Tea House'): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(shopPage(kefuBase, key, title, pricing));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/teapots`, server };
}

async function chatFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().includes('/widget/frame'))).toBe(true);
  return page.frames().find((f) => f.url().includes('/widget/frame')) as Frame;
}

async function visitorPage(browser: Browser, locale: string, url: string): Promise<Page> {
  const ctx = await browser.newContext({ locale, viewport: desktop });
  const page = await ctx.newPage();
  await page.goto(url);
  await chatFrame(page);
  return page;
}

const cases = [
  { locale: 'en', vp: desktop, texts: { title: 'Visitors', invite: 'Invite to chat', open: 'Open conversation' } },
  { locale: 'zh-CN', vp: desktop, texts: { title: '访客', invite: '邀请对话', open: '打开会话' } },
  { locale: 'en', vp: phone, texts: { title: 'Visitors', invite: 'Invite to chat', open: 'Open conversation' } },
  { locale: 'zh-CN', vp: phone, texts: { title: '访客', invite: '邀请对话', open: '打开会话' } },
];

for (const c of cases) {
  const where = `${c.locale}, ${c.vp === phone ? '390×844' : 'desktop'}`;
  test(`an agent sees a live visitor and starts a chat (${where})`, async ({ browser }) => {
    test.setTimeout(150_000); // two browsers and a server on a shared 2-core machine
    const e = env();
    const admin = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
    const inbox = await admin.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', { name: `Shop ${where}` });
    // Titles name the case: the cases share an organisation and run side by side.
    const title = `${c.locale === 'zh-CN' ? '紫砂壶 — 莲茶坊' : 'Teapots — Lotus Tea House'} (${where})`;
    const pricing = `Pricing — Lotus Tea House (${where})`;
    const shop = await startShop(e.base, inbox.widget_key, title, pricing);
    const agentCtx = await browser.newContext({ locale: c.locale, viewport: c.vp });
    const agent = await agentCtx.newPage();
    try {
      await signIn(agent, e.agents.li);
      await agent.getByTestId('nav-visitors').click();
      await expect(agent.getByRole('heading', { name: c.texts.title })).toBeVisible();

      // The visitor arrives: the agent sees them with the page they are on, live.
      const visitor = await visitorPage(browser, c.locale, shop.url);
      await expect(agent.getByTestId('visitor-page').filter({ hasText: title })).toBeVisible();
      await expect(agent.getByTestId('nav-visitors-count')).not.toHaveText('0');
      // A route change of the single-page shop shows up without a reload.
      await visitor.locator('#pricing').click();
      await expect(agent.getByTestId('visitor-page').filter({ hasText: pricing })).toBeVisible();
      await expect(agent.getByTestId('visitor-page').filter({ hasText: pricing })).toHaveAttribute('href', /\/pricing$/);

      // The agent invites them; the conversation is theirs and opens in the workspace.
      const invitation = c.locale === 'zh-CN' ? '您好！需要帮您挑选紫砂壶吗？' : 'Hi! Can I help you choose a teapot?';
      const card = c.vp === phone ? agent.locator('.card', { hasText: pricing }) : agent.locator('tr', { hasText: pricing });
      if (c.locale === 'en' && c.vp === phone) await shot(agent, 'visitors-phone');
      await card.getByTestId('visitor-invite').click();
      await agent.getByTestId('invite-text').fill(invitation);
      await agent.getByTestId('invite-send').click();
      await expect(agent).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
      await expect(agent.getByTestId('thread')).toContainText(invitation);

      // The visitor's widget opens (a preview by the launcher on a phone-sized page) with it.
      const frame = await chatFrame(visitor);
      await expect(frame.locator('.kefu-bubble', { hasText: invitation })).toBeVisible();
      await expect(frame.getByRole('dialog')).toBeVisible();
      // The visitor answers into the same conversation.
      const answer = c.locale === 'zh-CN' ? '好的，想看看容量 200 毫升左右的。' : 'Yes please, something around 200 ml.';
      const box = frame.getByRole('textbox').first();
      await box.fill(answer);
      await box.press('Enter');
      await expect(agent.getByTestId('thread')).toContainText(answer);

      // Back in the list, the visitor now links to their conversation instead of an invitation.
      await agent.getByTestId('nav-visitors').click();
      const again = c.vp === phone ? agent.locator('.card', { hasText: pricing }) : agent.locator('tr', { hasText: pricing });
      await expect(again.getByTestId('visitor-open')).toHaveText(c.texts.open);
      if (c.locale === 'en' && c.vp === desktop) await shot(agent, 'visitors');
      await visitor.context().close();
    } finally {
      await agentCtx.close();
      shop.server.close();
    }
  });
}

test('a phone-sized visitor page previews the invitation by the launcher', async ({ browser }) => {
  const e = env();
  const admin = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const inbox = await admin.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', { name: 'Shop phone preview' });
  const shop = await startShop(e.base, inbox.widget_key, 'Teapots — Lotus Tea House');
  const ctx = await browser.newContext({ locale: 'en', viewport: phone });
  try {
    const page = await ctx.newPage();
    await page.goto(shop.url);
    await chatFrame(page);
    let contact = '';
    await expect.poll(async () => {
      const { visitors } = await admin.call<{ visitors: { contact_id: string; inbox_id: string }[] }>('GET', '/api/v1/visitors');
      contact = visitors.find((v) => v.inbox_id === inbox.id)?.contact_id ?? '';
      return contact;
    }).not.toBe('');
    await admin.call('POST', `/api/v1/visitors/${contact}/conversations`, { inbox_id: inbox.id, client_msg_id: 'phone-invite', content: 'Hello from the shop!' });
    const preview = page.locator('kefu-widget [data-kefu="preview"]');
    await expect(preview).toContainText('Hello from the shop!');
    await preview.click();
    const frame = await chatFrame(page);
    await expect(frame.getByRole('dialog')).toBeVisible();
    await expect(frame.locator('.kefu-bubble', { hasText: 'Hello from the shop!' })).toBeVisible();
  } finally {
    await ctx.close();
    shop.server.close();
  }
});
