// A visitor on the host site chats with an agent who works through kefu's API.
import { expect, test } from './test';
import { AgentAPI, conversationWith, env, tag } from './kefu';
import { bubble, launcher, open, say, visit } from './widget';

// Texts tagged per run: see tag().
let T0 = '', T1 = '', T2 = '';
test.beforeEach(() => {
  T0 = tag('Hi, where is my order?\nIt is #123 😀');
  T1 = tag('unread test');
  T2 = tag('after reload');
});

test('visitor and agent chat both ways, and a reload keeps the history', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.chat.key);
    const frame = await open(page);
    await expect(frame.getByText('Hello! How can we help?')).toBeVisible(); // the inbox greeting
    await expect(frame.getByText('We are online')).toBeVisible();

    await say(frame, T0);
    const conv = await conversationWith(agent, inboxes.chat.id, T0);
    await expect(frame.locator('[data-state="sent"], [data-state="read"]')).toHaveCount(1);

    await agent.reply(conv.id, 'It ships today.');
    await expect(bubble(frame, 'It ships today.')).toBeVisible();
    await expect(frame.locator('.kefu-name', { hasText: 'Li Lei' })).toBeVisible(); // sender_name
    // The host page's on('message') listener, registered through the queue before load.
    await expect.poll(() => page.evaluate(() => (window as unknown as { __events: unknown[] }).__events)).toContainEqual(['message', 'agent', 'It ships today.']);

    // Agent typing reaches the visitor.
    await agent.call('POST', `/api/v1/conversations/${conv.id}/typing`, { typing: true });
    await expect(frame.getByTestId('typing')).toContainText('Li Lei');

    await page.reload();
    const again = await open(page);
    await expect(bubble(again, 'It ships today.')).toBeVisible();
    await expect(bubble(again, 'Hi, where is my order?')).toBeVisible();
    // Same visitor after the reload: the message goes to the same conversation.
    await say(again, T2);
    expect((await conversationWith(agent, inboxes.chat.id, T2)).id).toBe(conv.id);
  } finally {
    offline();
  }
});

test('the launcher shows unread messages and the JS API opens and closes the chat', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.chat.key);
    const frame = await open(page);
    await say(frame, T1);
    const conv = await conversationWith(agent, inboxes.chat.id, T1);
    await page.evaluate(() => (window as unknown as { $kefu: { close(): void } }).$kefu.close());
    await expect(frame.locator('.kefu')).toBeHidden();
    await agent.reply(conv.id, 'Are you still there?');
    await expect(launcher(page)).toHaveAccessibleName('Open chat (1)');
    await expect(launcher(page)).toContainText('1'); // the badge
    await page.evaluate(() => (window as unknown as { $kefu: { toggle(): void } }).$kefu.toggle());
    await expect(bubble(frame, 'Are you still there?')).toBeVisible();
    const events = await page.evaluate(() => (window as unknown as { __events: string[][] }).__events.map((e) => e[0]));
    expect(events).toEqual(expect.arrayContaining(['open', 'close']));
  } finally {
    offline();
  }
});
