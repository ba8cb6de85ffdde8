// The widget under bad networks: offline and back, a reload with unsent messages, and a
// network that blocks WebSocket. Whatever happens, each message arrives exactly once.
import { expect, test } from './test';
import { AgentAPI, conversationWith, env, tag, type AgentMessage, until } from './kefu';
import { bubble, open, say, visit } from './widget';

// Texts tagged per run: see tag().
let T0 = '', T1 = '', T2 = '';
test.beforeEach(() => {
  T0 = tag('first, online');
  T1 = tag('written before the reload');
  T2 = tag('hello over REST');
});

function expectOnce(msgs: AgentMessage[], texts: string[]): void {
  const ids = msgs.filter((m) => m.sender_type === 'contact').map((m) => m.client_msg_id);
  expect(new Set(ids).size, `client_msg_ids ${ids.join(',')}`).toBe(ids.length);
  for (const t of texts) expect(msgs.filter((m) => m.content === t), t).toHaveLength(1);
}

test('messages written offline, or before a reload, arrive exactly once', async ({ page, context }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.resilience.key);
    let frame = await open(page);
    await say(frame, T0);
    const conv = await conversationWith(agent, inboxes.resilience.id, T0);

    await context.setOffline(true);
    await expect(frame.getByText(/Reconnecting/)).toBeVisible();
    const queued = ['offline one', 'offline two', 'offline three'];
    for (const t of queued) await say(frame, t);
    await expect(frame.locator('[data-state="waiting"]')).toHaveCount(3);
    await context.setOffline(false);
    const texts = [T0, ...queued];
    await until(async () => (await agent.messages(conv.id)).filter((m) => m.sender_type === 'contact').length >= 4, 'the queued messages');
    await expect(frame.locator('[data-state="sending"], [data-state="waiting"], [data-state="failed"]')).toHaveCount(0);
    expectOnce(await agent.messages(conv.id), texts);

    // Unsent messages are kept (in the host page's storage): written offline, the page closed,
    // they are sent by the next page of the same browser.
    await context.setOffline(true);
    await expect(frame.getByText(/Reconnecting/)).toBeVisible();
    await say(frame, T1);
    await expect(frame.locator('[data-state="waiting"]')).toHaveCount(1);
    await page.close();
    await context.setOffline(false);
    const page2 = await context.newPage();
    await visit(page2, inboxes.resilience.key);
    frame = await open(page2);
    await expect(bubble(frame, T1)).toBeVisible();
    await until(async () => (await agent.messages(conv.id)).some((m) => m.content === T1), 'the message from before the reload');
    await expect(frame.locator('[data-state="sending"], [data-state="waiting"], [data-state="failed"]')).toHaveCount(0);
    expectOnce(await agent.messages(conv.id), [...texts, T1]);
  } finally {
    offline();
  }
});

test('falls back to SSE and REST when WebSocket is blocked', async ({ page, context }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  let wsTries = 0;
  // A proxy that kills every WebSocket to the visitor endpoint.
  await context.routeWebSocket(/\/api\/v1\/widget\/ws/, (ws) => {
    wsTries++;
    ws.close({ code: 1006, reason: 'blocked' });
  });
  const sse = context.waitForEvent('request', (r) => r.url().includes('/api/v1/widget/events'));
  try {
    await visit(page, inboxes.resilience.key);
    const frame = await open(page);
    await sse;
    expect(wsTries).toBeGreaterThan(0);
    await say(frame, T2);
    const conv = await conversationWith(agent, inboxes.resilience.id, T2);
    await agent.reply(conv.id, 'reply over SSE');
    await expect(bubble(frame, 'reply over SSE')).toBeVisible();
    await expect(frame.locator('[data-state="sending"], [data-state="waiting"], [data-state="failed"]')).toHaveCount(0);
    expectOnce(await agent.messages(conv.id), [T2]);
  } finally {
    offline();
  }
});
