// Small things a visitor notices: what a message says while the browser is offline, the
// header's availability, the frame's language, and a file's size.
import { expect, test } from './test';
import { AgentAPI, conversationWith, env, tag, until } from './kefu';
import { chatFrame, open, say, visit } from './widget';

test('while offline a pending message waits (no "Tap to retry") and the header does not say "We are online"', async ({ page, context }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.resilience.key);
    const frame = await open(page);
    await expect(frame.getByText('We are online')).toBeVisible();
    await context.setOffline(true);
    await expect(frame.getByText(/Reconnecting/)).toBeVisible();
    const text = tag('written offline');
    await say(frame, text);
    const row = frame.locator('[data-testid="message"]', { hasText: text });
    await expect(row.locator('.kefu-state')).toHaveText('Waiting for the connection… it will be sent when you are back online');
    await expect(frame.getByText('Not sent. Tap to retry')).toHaveCount(0);
    await expect(frame.getByText('We are online')).toHaveCount(0);
    await expect(frame.locator('.kefu-status')).toHaveText('You are offline');
    await context.setOffline(false);
    await expect(row).toHaveAttribute('data-state', /sent|read/);
    await expect(frame.getByText('We are online')).toBeVisible();
    await conversationWith(agent, inboxes.resilience.id, text);
  } finally {
    offline();
  }
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the widget frame says <html lang="zh-CN"> from the first render, and offline texts are Chinese', async ({ page, context }) => {
    const { inboxes } = env();
    const agent = await AgentAPI.as('Li Lei');
    const offline = agent.online();
    try {
      await visit(page, inboxes.resilience.key, true);
      const frame = await chatFrame(page);
      await expect(frame.locator('#kefu')).toBeAttached();
      expect(await frame.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await open(page);
      await expect(frame.locator('.kefu-status')).toHaveText('客服在线');
      await context.setOffline(true);
      await say2(frame, tag('离线消息'));
      await expect(frame.locator('[data-testid="message"] .kefu-state')).toHaveText('等待网络连接… 恢复后会自动发送');
      await expect(frame.locator('.kefu-status')).toHaveText('您已离线');
      await context.setOffline(false);
    } finally {
      offline();
    }
  });
});

async function say2(frame: import('@playwright/test').Frame, text: string): Promise<void> {
  const box = frame.getByRole('textbox', { name: '请输入消息…' });
  await box.fill(text);
  await box.press('Enter');
}

test('a file shows its true size, the same as the agent sees it', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.resilience.key);
    const frame = await open(page);
    const head = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog >> endobj\n';
    const pdf = Buffer.concat([Buffer.from(head, 'latin1'), Buffer.alloc(193 - Buffer.byteLength(head, 'latin1'), 0x20)]);
    expect(pdf.length).toBe(193);
    await frame.locator('input[type=file]').setInputFiles({ name: 'receipt.pdf', mimeType: 'application/pdf', buffer: pdf });
    const text = tag('the receipt');
    await frame.getByRole('textbox', { name: /type a message/i }).fill(text);
    await frame.getByRole('button', { name: 'Send' }).click();
    const conv = await conversationWith(agent, inboxes.resilience.id, text);
    const m = await until(async () => (await agent.messages(conv.id)).find((x) => x.content === text) as unknown as { attachments: { size: number }[] } | undefined, 'the file');
    expect(m.attachments[0].size).toBe(193);
    await expect(frame.locator('.kefu-file', { hasText: 'receipt.pdf' })).toHaveText('📎 receipt.pdf (193 B)');
  } finally {
    offline();
  }
});
