// Routing as the visitor sees it: the pre-chat inquiry type and the browser language reach the
// conversation; a waiting visitor's queue position goes down live (pushed, not polled) and the
// chat goes live when an agent takes it; outside business hours the offline form says when the
// team is back and leaves a conversation marked for follow-up; a new visitor needs one HTTP
// request before its socket. In en and zh-CN.
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { AgentAPI, conversationWith, env, tag, until } from './kefu';
import type { Frame } from '@playwright/test';
import { bubble, open, visit } from './widget';

interface Routed {
  id: string;
  inquiry_type: string;
  language: string;
  follow_up: boolean;
  labels: string[];
  assignee_id: string;
}

/** team creates an agent with the given capacity and an inbox only they answer. */
async function team(name: string, inbox: object = {}, capacity = 5): Promise<{ inbox: { id: string; key: string }; agent: AgentAPI; agentID: string; owner: AgentAPI }> {
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const suffix = Math.random().toString(36).slice(2, 8);
  const email = `routing-${suffix}@example.com`;
  const password = 'a long agent password';
  const a = await owner.call<{ id: string }>('POST', '/api/v1/agents', { email, name: `${name} ${suffix}`, password, role: 'agent' });
  await owner.call('PATCH', `/api/v1/agents/${a.id}`, { capacity });
  const ib = await owner.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', {
    name: `${name} ${suffix}`, allowed_origins: [e.hostOrigin, e.crossSiteOrigin], member_ids: [a.id], ...inbox,
  });
  return { inbox: { id: ib.id, key: ib.widget_key }, agent: await AgentAPI.login(e.base, email, password), agentID: a.id, owner };
}

/** say sends a message in either language's composer. */
async function say(frame: Frame, text: string): Promise<void> {
  const box = frame.getByRole('textbox', { name: /type a message|请输入消息/i });
  await box.fill(text);
  await box.press('Enter');
}

/** routed waits for the conversation holding text and returns it as the agent reads it. */
async function routed(agent: AgentAPI, inboxID: string, text: string): Promise<Routed> {
  const c = await conversationWith(agent, inboxID, text);
  return agent.call<Routed>('GET', `/api/v1/conversations/${c.id}`);
}

/** queueFrames collects the queue positions pushed to the page's widget socket. */
function queueFrames(page: Page): number[] {
  const seen: number[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      const m = /"type":"queue.updated".*"position":(\d+)/.exec(String(f.payload));
      if (m) seen.push(Number(m[1]));
    }),
  );
  return seen;
}

const cases = [
  {
    locale: 'en', language: 'en', topic: 'Topic', name: 'Name', start: 'Start chat', message: 'Message', email: 'Email', send: 'Send message',
    queue: (n: number) => `You are number ${n} in the queue`, back: (time: string, day: string) => `We're back at ${time} (${day}).`,
  },
  {
    locale: 'zh-CN', language: 'zh-CN', topic: '咨询类型', name: '姓名', start: '开始咨询', message: '留言内容', email: '邮箱', send: '提交留言',
    queue: (n: number) => `您当前排在第 ${n} 位`, back: (time: string, day: string) => `我们将于${day} ${time} 恢复服务。`,
  },
];

for (const tc of cases) {
  test.describe(tc.locale, () => {
    test.use({ locale: tc.locale, timezoneId: 'UTC' });

    test('the pre-chat inquiry type and the browser language reach the conversation', async ({ page }) => {
      const t = await team(`Inquiry ${tc.locale}`, {
        widget: { color: '#1677ff', away_message: '', locale: '', pre_chat: { enabled: true, fields: [{ name: 'name', required: true }, { name: 'inquiry_type', required: true, options: ['退款', '售前'] }] } },
      });
      const stop = t.agent.online();
      try {
        await visit(page, t.inbox.key);
        const frame = await open(page);
        const form = frame.getByTestId('prechat-form');
        await form.getByLabel(new RegExp(tc.name)).fill('Ann');
        await form.getByLabel(new RegExp(tc.topic)).selectOption('退款');
        await form.getByRole('button', { name: tc.start }).click();
        const text = tag('我要退款');
        await say(frame, text);
        await expect(bubble(frame, text)).toBeVisible();
        const got = await routed(t.owner, t.inbox.id, text);
        expect(got.inquiry_type).toBe('退款');
        expect(got.language).toBe(tc.language);
      } finally {
        stop();
      }
    });

    test('the queue position goes down live, and the chat goes live when an agent takes it', async ({ browser }) => {
      test.setTimeout(180_000); // three visitors on a shared two-core machine
      const t = await team(`Queue ${tc.locale}`, {}, 1);
      const stop = t.agent.online();
      const pages = await Promise.all([0, 1, 2].map(async () => (await browser.newContext({ locale: tc.locale })).newPage()));
      try {
        await until(async () => (await fetch(`${env().base}/api/v1/widget/config?widget_key=${t.inbox.key}`, { headers: { origin: env().hostOrigin } }).then((r) => r.json())).online, 'the agent online');
        const texts = ['first', 'second', 'third'].map((s) => tag(s));
        const pushed = queueFrames(pages[2]);
        const frames = [];
        for (let i = 0; i < 3; i++) {
          await visit(pages[i], t.inbox.key);
          frames.push(await open(pages[i]));
          await say(frames[i], texts[i]);
          await expect(bubble(frames[i], texts[i])).toBeVisible();
          if (i === 0) await until(async () => (await routed(t.owner, t.inbox.id, texts[0])).assignee_id === t.agentID, 'the first visitor assigned');
        }
        await expect(frames[1].getByTestId('queue')).toContainText(tc.queue(1));
        await expect(frames[2].getByTestId('queue')).toContainText(tc.queue(2));

        // The agent resolves the first: the second is theirs, the third moves up — pushed over
        // the socket, well before the 15 s poll.
        const first = await conversationWith(t.agent, t.inbox.id, texts[0]);
        await t.agent.call('POST', `/api/v1/conversations/${first.id}/status`, { status: 'resolved' });
        await expect(frames[2].getByTestId('queue')).toContainText(tc.queue(1), { timeout: 8_000 });
        await expect(frames[1].getByTestId('queue')).toHaveCount(0, { timeout: 8_000 });
        expect(pushed).toContain(1);
        expect((await routed(t.owner, t.inbox.id, texts[1])).assignee_id).toBe(t.agentID);
      } finally {
        stop();
        await Promise.all(pages.map((p) => p.context().close()));
      }
    });

    test('outside business hours: the offline form says when the team is back, and the message is for follow-up', async ({ page }) => {
      // Open only tomorrow (UTC) 09:00–17:00, so now is closed although the agent is online.
      const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
      const routing = { max_queue: 0, business_hours: { enabled: true, timezone: 'UTC', weekly: [{ day: tomorrow.getUTCDay(), start: '09:00', end: '17:00' }], special: [] } };
      const t = await team(`Hours ${tc.locale}`, { routing });
      const stop = t.agent.online();
      try {
        await visit(page, t.inbox.key);
        const frame = await open(page);
        const form = frame.getByTestId('offline-form');
        await expect(form).toBeVisible();
        const day = new Intl.DateTimeFormat(tc.locale, { weekday: 'short', timeZone: 'UTC' }).format(tomorrow);
        await expect(form.getByTestId('back-at')).toHaveText(tc.back('09:00', day));
        await form.getByLabel(tc.email).fill('ann@example.com');
        const text = tag(tc.locale === 'en' ? 'Please call me back' : '请回电');
        await form.getByLabel(tc.message).fill(text);
        await form.getByRole('button', { name: tc.send }).click();
        await expect(bubble(frame, text)).toBeVisible();
        await expect(frame.getByTestId('away')).toContainText(tc.back('09:00', day));
        const got = await routed(t.owner, t.inbox.id, text);
        expect(got.follow_up).toBe(true);
        expect(got.labels).toContain('offline_message');
        expect(got.assignee_id).toBe('');
      } finally {
        stop();
      }
    });
  });
}

test('a new visitor needs one HTTP request before its socket', async ({ page }) => {
  const t = await team('Startup');
  const api: string[] = [];
  let before = -1;
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/')) api.push(new URL(r.url()).pathname);
  });
  page.on('websocket', (ws) => {
    if (ws.url().includes('/widget/ws') && before < 0) before = api.length;
  });
  await visit(page, t.inbox.key);
  await open(page);
  await expect.poll(() => before).toBeGreaterThanOrEqual(0);
  expect(api.slice(0, before)).toEqual(['/api/v1/widget/sessions']);
});
