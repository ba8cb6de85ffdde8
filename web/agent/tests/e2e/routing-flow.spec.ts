// The routing issue end to end: an administrator writes the rule "inquiry type 退款 → team
// After-sales, VIP first" in Settings › Routing; a visitor on the shop's site picks 退款 in the
// widget's pre-chat form and lands with the After-sales agent — not with the pre-sales agent,
// who is online with room too — and the conversation's "why was this routed here" names the
// rule and the candidates. In English and in Chinese. (The queue position and the offline form
// are the widget suite's routing.spec.ts.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { AgentAPI, env } from './kefu';
import { owner, rules, save, shopInbox, signIn, team, writeRule } from './routing';

/** startShop serves a page of the shop with the inbox's embed snippet. */
async function startShop(key: string): Promise<{ url: string; server: Server }> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Lotus Tea House</title></head><body><h1>Teapots</h1>
<script>(function (d, s) { s = d.createElement('script'); s.src = '${env().base}/widget.js'; s.async = 1; s.dataset.widgetKey = ${JSON.stringify(key)}; d.head.appendChild(s); })(document);</script></body></html>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/teapots`, server };
}

/** online makes an agent available with a live event stream, as an open workspace does. */
async function online(api: AgentAPI): Promise<() => void> {
  await api.call('PATCH', '/api/v1/auth/me', { availability: 'online' });
  const stop = new AbortController();
  const res = await fetch(`${api.base}/api/v1/events`, { headers: { authorization: `Bearer ${api.token}` }, signal: stop.signal });
  void res.body?.pipeTo(new WritableStream()).catch(() => undefined);
  return () => stop.abort();
}

/** agent creates an agent of the inbox-to-be and signs them in over the API. */
async function agent(admin: AgentAPI, name: string): Promise<{ id: string; api: AgentAPI }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}@example.com`;
  const password = 'a long agent password';
  const a = await admin.call<{ id: string }>('POST', '/api/v1/agents', { email, name, password, role: 'agent' });
  await admin.call('PATCH', `/api/v1/agents/${a.id}`, { capacity: 3 });
  return { id: a.id, api: await AgentAPI.login(env().base, email, password) };
}

async function chatFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().includes('/widget/frame')), { timeout: 30_000 }).toBe(true);
  return page.frames().find((f) => f.url().includes('/widget/frame')) as Frame;
}

const cases = [
  { locale: 'en', rule: 'Refunds to After-sales (flow)', topic: /Topic/, start: 'Start chat', why: 'Rule: Refunds to After-sales (flow)', chosen: 'Assigned to' },
  { locale: 'zh-CN', rule: '退款转售后（流程）', topic: /咨询类型/, start: '开始咨询', why: '规则：退款转售后（流程）', chosen: '已分配给' },
];

for (const c of cases) {
  test(`a visitor who picks 退款 lands with the After-sales agent (${c.locale})`, async ({ browser }) => {
    test.setTimeout(240_000); // an admin, a visitor and a server on a shared two-core machine
    const e = env();
    const admin = await owner();
    const suffix = Math.random().toString(36).slice(2, 7);
    const after = await agent(admin, `After Sales ${suffix}`);
    const pre = await agent(admin, `Pre Sales ${suffix}`);
    const teamId = await team(admin, 'After-sales', [after.id]);
    const { teams } = await admin.call<{ teams: { id: string; member_ids: string[] }[] }>('GET', '/api/v1/teams');
    const members = teams.find((x) => x.id === teamId)?.member_ids ?? [];
    await admin.call('PATCH', `/api/v1/teams/${teamId}`, { member_ids: [...new Set([...members, after.id])] });
    const inboxId = await shopInbox(admin, `Flow ${c.locale} ${suffix}`);
    await admin.call('PATCH', `/api/v1/inboxes/${inboxId}`, { member_ids: [after.id, pre.id] });
    const { widget_key: key } = await admin.call<{ widget_key: string }>('GET', `/api/v1/inboxes/${inboxId}`);
    const stops = [await online(after.api), await online(pre.api)];
    const shop = await startShop(key);
    const adminPage = await (await browser.newContext({ locale: c.locale })).newPage();
    let ruleId = '';
    try {
      // The administrator writes the rule in Settings › Routing.
      await signIn(adminPage, e.owner);
      await adminPage.getByTestId('nav-settings').click();
      await adminPage.getByTestId('settings-routing').click();
      await adminPage.getByTestId('rule-create').click();
      await writeRule(adminPage, { name: c.rule, priority: 'high' });
      await save(adminPage);
      await expect(adminPage.getByTestId('rule-list')).toContainText(c.rule);
      // Other files' rules on the same server must not come first: put this one at the top.
      const all = await rules(admin);
      ruleId = all.find((r) => r.name === c.rule)?.id ?? '';
      expect(ruleId).not.toBe('');
      const order = [ruleId, ...all.filter((r) => r.id !== ruleId && !r.is_default).map((r) => r.id)];
      await admin.call('PUT', '/api/v1/routing/rules/order', { ids: order });

      // The visitor picks 退款 in the pre-chat form and writes.
      const visitor = await (await browser.newContext({ locale: c.locale })).newPage();
      await visitor.goto(shop.url);
      const frame = await chatFrame(visitor);
      await visitor.locator('kefu-widget button').first().click();
      const form = frame.getByTestId('prechat-form');
      await form.getByLabel(c.topic).selectOption('退款');
      await form.getByRole('button', { name: c.start }).click();
      const text = `退款 ${suffix}`;
      const box = frame.getByRole('textbox').last();
      await box.fill(text);
      await box.press('Enter');

      // It is the After-sales agent's, by the rule, at the rule's priority.
      type Conv = { id: string; assignee_id: string; inquiry_type: string; routing_rule_id: string; priority: string };
      const find = async () => (await admin.call<{ conversations: Conv[] }>('GET', `/api/v1/conversations?inbox_id=${inboxId}`)).conversations[0];
      await expect.poll(async () => (await find())?.assignee_id, { timeout: 30_000 }).toBe(after.id);
      const conv = await find();
      expect(conv).toMatchObject({ inquiry_type: '退款', routing_rule_id: ruleId, priority: 'high' });
      const log = await admin.call<{ decisions: { kind: string; rule_id: string; agent_id: string; candidates: { agent_id: string; reason: string }[] }[] }>('GET', `/api/v1/conversations/${conv.id}/routing`);
      const decided = log.decisions.at(-1);
      expect(decided).toMatchObject({ kind: 'assigned', rule_id: ruleId, agent_id: after.id });
      expect(decided?.candidates.find((x) => x.agent_id === pre.id)?.reason).toBe('not_in_team');

      // The workspace says why.
      await adminPage.goto(`${e.base}/conversations/${conv.id}`);
      await adminPage.getByTestId('routing-why').click();
      const shown = adminPage.getByTestId('routing-decision').filter({ has: adminPage.getByTestId('routing-chosen') }).last();
      await expect(shown.getByTestId('routing-rule')).toContainText(c.why);
      await expect(shown.getByTestId('routing-chosen')).toContainText(`${c.chosen} After Sales ${suffix}`);
    } finally {
      if (ruleId) await admin.call('DELETE', `/api/v1/routing/rules/${ruleId}`).catch(() => undefined);
      stops.forEach((s) => s());
      shop.server.close();
    }
  });
}
