// The normal self-hosted deployment: the shop's page on one site, kefu on another. Chromium
// gives a third-party iframe no lasting storage, so the widget keeps the visitor's state in
// the host page's own storage through the loader; a reload or a new tab is the same visitor,
// in the same conversation.
import { expect, test } from './test';
import { AgentAPI, conversationWith, env, tag, until } from './kefu';
import { bubble, chatFrame, launcher, open, say, visit } from './widget';

test('a visitor on another site keeps the chat across a reload and in a new tab', async ({ page, context }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    const first = tag('before the reload');
    await visit(page, inboxes.crossSite.key, true);
    let frame = await open(page);
    await say(frame, first);
    const conv = await conversationWith(agent, inboxes.crossSite.id, first);
    await expect(frame.locator(`[data-testid="message"][data-state="sent"]`, { hasText: first })).toBeVisible();

    await page.reload();
    frame = await chatFrame(page);
    // The chat was open when the page was left: it is open again, without a click.
    await expect(frame.getByRole('dialog')).toBeVisible();
    await expect(launcher(page)).toHaveAttribute('aria-expanded', 'true');
    await expect(bubble(frame, first)).toBeVisible();
    const second = tag('after the reload');
    await say(frame, second);
    await until(async () => (await agent.messages(conv.id)).some((m) => m.content === second), 'the second message in the first conversation');

    const tab = await context.newPage();
    await visit(tab, inboxes.crossSite.key, true);
    const frame2 = await chatFrame(tab);
    await expect(frame2.getByRole('dialog')).toBeVisible();
    await expect(bubble(frame2, first)).toBeVisible();
    await expect(bubble(frame2, second)).toBeVisible();
    const third = tag('from a new tab');
    await say(frame2, third);
    await until(async () => (await agent.messages(conv.id)).some((m) => m.content === third), 'the new tab message in the first conversation');

    const mine = (await agent.conversations(inboxes.crossSite.id)).filter((c) => c.contact_id === conv.contact_id);
    expect(mine, 'conversations of the visitor').toHaveLength(1);
  } finally {
    offline();
  }
});

test('a closed chat stays closed across a reload', async ({ page }) => {
  const { inboxes } = env();
  await visit(page, inboxes.crossSite.key, true);
  const frame = await open(page);
  await frame.getByRole('button', { name: 'Close' }).click();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
  await page.reload();
  await expect(launcher(page)).toBeVisible();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
  await expect((await chatFrame(page)).getByRole('dialog')).toHaveCount(0);
});

test.describe('on a phone, in Chinese', () => {
  test.use({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });

  test('the open chat stays open, full screen, across a reload, with its history', async ({ page }) => {
    const { inboxes } = env();
    const agent = await AgentAPI.as('Li Lei');
    const offline = agent.online();
    try {
      await visit(page, inboxes.crossSite.key, true);
      let frame = await chatFrame(page);
      await launcher(page).click();
      await expect(frame.getByRole('dialog')).toBeVisible();
      const text = tag('手机上的消息');
      const box = frame.getByRole('textbox', { name: '请输入消息…' });
      await box.fill(text);
      await box.press('Enter');
      await conversationWith(agent, inboxes.crossSite.id, text);
      await page.reload();
      frame = await chatFrame(page);
      await expect(frame.getByRole('dialog')).toBeVisible();
      await expect(bubble(frame, text)).toBeVisible();
      const box2 = await page.locator('kefu-widget iframe').boundingBox();
      expect(box2?.width).toBe(390);
      await frame.getByRole('button', { name: '关闭' }).click();
      await expect(launcher(page)).toBeVisible();
      await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
    } finally {
      offline();
    }
  });
});
