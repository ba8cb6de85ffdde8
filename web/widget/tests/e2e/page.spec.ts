// The standalone chat page, attachments, languages, keyboard and phones.
import { expect, test } from './test';
import { AgentAPI, conversationWith, env, tag, until } from './kefu';
import { chatFrame, launcher, open, visit } from './widget';

// Texts tagged per run: see tag().
let T0 = '', T1 = '';
test.beforeEach(() => {
  T0 = tag('独立页面的消息');
  T1 = tag('a picture');
});

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

test.describe('standalone page in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the chat page at /chat/{key} works on its own, in the browser language', async ({ page }) => {
    const { base, inboxes } = env();
    const agent = await AgentAPI.as('Li Lei');
    const offline = agent.online();
    try {
      await page.goto(`${base}/chat/${inboxes.chat.key}`);
      await expect(page.getByText('客服在线')).toBeVisible();
      await expect(page.getByRole('button', { name: '关闭' })).toHaveCount(0); // nothing to close on its own page
      const box = page.getByRole('textbox', { name: '请输入消息…' });
      await box.fill(T0);
      await box.press('Enter');
      const conv = await conversationWith(agent, inboxes.chat.id, T0);
      await agent.reply(conv.id, '您好，我来帮您处理');
      await expect(page.locator('.kefu-bubble', { hasText: '您好，我来帮您处理' })).toBeVisible();
      await expect(page.locator('[data-state="read"], [data-state="sent"]')).toHaveCount(1);
      await expect(page.locator('.kefu-state')).toHaveText(/已发送|已读/);
    } finally {
      offline();
    }
  });
});

test('images and files: preview, progress, clear errors, delivery', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.chat.key);
    const frame = await open(page);
    const input = frame.locator('input[type=file]');
    await input.setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<p>hi</p>') });
    await expect(frame.getByRole('alert')).toHaveText('page.html cannot be sent: this file type is not supported.');
    await input.setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(21 << 20) });
    await expect(frame.getByRole('alert')).toHaveText('huge.pdf is too large (limit 20 MB).');
    // Named like an image but not one: the server sniffs the bytes and refuses it (415).
    await input.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10]) });
    await expect(frame.getByRole('alert')).toHaveText('fake.png cannot be sent: this file type is not supported.');
    await input.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await expect(frame.locator('.kefu-upload img')).toBeVisible(); // the preview
    await frame.getByRole('textbox', { name: /type a message/i }).fill(T1);
    await frame.getByRole('button', { name: 'Send' }).click();
    const conv = await conversationWith(agent, inboxes.chat.id, T1);
    const m = await until(async () => (await agent.messages(conv.id)).find((x) => x.content === T1), 'the picture');
    expect(m.kind).toBe('image');
    const img = frame.locator('.kefu-image img');
    await expect(img).toBeVisible();
    // Shown from a signed, expiring link that loads without any session.
    await expect(img).toHaveAttribute('src', /^\/api\/v1\/widget\/files\/[^?]+\?.*sig=/);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  } finally {
    offline();
  }
});

test('keyboard: Escape closes the chat and gives focus back to the launcher; setLocale switches language', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.chat.key);
    const frame = await open(page);
    await expect(frame.getByRole('textbox', { name: /type a message/i })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(frame.getByRole('dialog')).toBeHidden();
    await expect(launcher(page)).toBeFocused();
    await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
    await page.evaluate(() => (window as unknown as { $kefu: { setLocale(l: string): void } }).$kefu.setLocale('zh-CN'));
    await expect(launcher(page)).toHaveAccessibleName('打开在线客服');
    await page.keyboard.press('Enter'); // the focused launcher
    await expect(frame.getByRole('button', { name: '发送', exact: true })).toBeVisible();
  } finally {
    offline();
  }
});

test.describe('phone', () => {
  test.use({ viewport: { width: 375, height: 667 }, hasTouch: true });

  test('the open chat fills the screen', async ({ page }) => {
    await visit(page, env().inboxes.chat.key);
    await open(page);
    const box = await page.locator('kefu-widget iframe').boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 375, height: 667 });
    const frame = await chatFrame(page);
    await frame.getByRole('button', { name: 'Close' }).click();
    await expect(launcher(page)).toBeVisible();
  });
});
