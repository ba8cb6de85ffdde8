// Hostile text stays text, links are only http(s) and cannot reach back, the widget works as a
// third-party iframe without storage, and sites the inbox does not allow cannot embed it.
import type { Frame } from '@playwright/test';
import { expect, test } from './test';
import { AgentAPI, conversationWith, env, tag } from './kefu';
import { bubble, open, say, visit } from './widget';

// Texts tagged per run: see tag().
let T0 = '', T1 = '', T2 = '';
test.beforeEach(() => {
  T0 = tag('show me something');
  T1 = tag('links please');
  T2 = tag('from another site');
});

const pwned = (f: { evaluate: Frame['evaluate'] }) => f.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);

test('a script payload from the agent shows as text and runs nothing', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.safety.key);
    const frame = await open(page);
    await say(frame, T0);
    const conv = await conversationWith(agent, inboxes.safety.id, T0);
    const payloads = ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>', '<a href="javascript:window.__pwned=3">click</a>'];
    for (const p of payloads) await agent.reply(conv.id, p);
    for (const p of payloads) await expect(bubble(frame, p)).toHaveText(p);
    await expect(frame.locator('.kefu-messages img, .kefu-messages script')).toHaveCount(0);
    await bubble(frame, 'click</a>').click(); // would run the javascript: link if it were one
    expect(await pwned(frame)).toBeUndefined();
    expect(await pwned(page)).toBeUndefined();
  } finally {
    offline();
  }
});

test('only http(s) links become anchors, opening a new tab without a handle on the chat', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.safety.key);
    const frame = await open(page);
    await say(frame, T1);
    const conv = await conversationWith(agent, inboxes.safety.id, T1);
    await agent.reply(conv.id, 'Docs: https://example.com/help?a=1. Not this: javascript:alert(1) nor data:text/html,hi');
    const text = 'Docs: https://example.com/help?a=1. Not this: javascript:alert(1) nor data:text/html,hi';
    await expect(bubble(frame, text)).toHaveText(text);
    const links = bubble(frame, text).locator('a');
    await expect(links).toHaveCount(1);
    await expect(links).toHaveAttribute('href', 'https://example.com/help?a=1');
    await expect(links).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(links).toHaveAttribute('target', '_blank');
  } finally {
    offline();
  }
});

test('works as a third-party iframe on another site, even with storage denied', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.safety.key, true);
    const frame = await open(page);
    // Chromium here denies a third-party frame its localStorage; the widget keeps going in memory.
    const storage = await frame.evaluate(() => {
      try {
        localStorage.getItem('x');
        return 'available';
      } catch {
        return 'denied';
      }
    });
    test.info().annotations.push({ type: 'third-party storage', description: storage });
    await say(frame, T2);
    const conv = await conversationWith(agent, inboxes.safety.id, T2);
    await agent.reply(conv.id, 'hello, other site');
    await expect(bubble(frame, 'hello, other site')).toBeVisible();
  } finally {
    offline();
  }
});

test('a site the inbox does not allow gets no launcher and a console message naming the setting', async ({ page }) => {
  const { inboxes, hostOrigin } = env();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const told = page.waitForEvent('console', (m) => m.type() === 'error' && /Allowed origins/.test(m.text()));
  await visit(page, inboxes.elsewhere.key);
  const msg = (await told).text();
  expect(msg).toContain(hostOrigin);
  expect(msg).toMatch(/Inboxes › Allowed origins/);
  await expect(page.locator('kefu-widget')).toHaveCount(0);
  await expect(page.locator('kefu-widget button')).toHaveCount(0);
  // No frame-refused error page was ever loaded: the chat app was not framed at all.
  for (const f of page.frames()) await expect(f.locator('#kefu *')).toHaveCount(0);
  expect(errors.filter((e) => /frame-ancestors|refused to frame/i.test(e)), 'frame refusals').toEqual([]);
});
