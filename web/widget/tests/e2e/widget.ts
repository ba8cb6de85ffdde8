// Page helpers: load the host page with the snippet, open the widget, find its iframe.
import { expect, type Frame, type Page } from '@playwright/test';
import { env } from './kefu';

/** visit loads the host page for an inbox's widget key (crossSite: from another site). */
export async function visit(page: Page, key: string, crossSite = false): Promise<void> {
  const origin = crossSite ? env().crossSiteOrigin : env().hostOrigin;
  await page.goto(`${origin}/host.html?key=${encodeURIComponent(key)}`);
}

/** chatFrame waits for the widget's iframe (inside the loader's shadow root). */
export async function chatFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().includes('/widget/frame')), { message: 'widget iframe' }).toBe(true);
  return page.frames().find((f) => f.url().includes('/widget/frame')) as Frame;
}

/** launcher is the loader's button on the host page. */
export function launcher(page: Page) {
  return page.locator('kefu-widget button');
}

/** open clicks the launcher (unless the chat is open already: it stays open across pages) and returns the chat. */
export async function open(page: Page): Promise<Frame> {
  const frame = await chatFrame(page);
  await expect(launcher(page)).toBeVisible();
  if ((await launcher(page).getAttribute('aria-expanded')) !== 'true') await launcher(page).click();
  await expect(frame.getByRole('dialog')).toBeVisible();
  return frame;
}

/** say types a message and sends it with Enter. */
export async function say(frame: Frame, text: string): Promise<void> {
  const box = frame.getByRole('textbox', { name: /type a message/i });
  await box.fill(text);
  await box.press('Enter');
}

/** bubble is a message in the chat with exactly this text. */
export function bubble(frame: Frame, text: string) {
  return frame.locator('.kefu-bubble', { hasText: text });
}

/**
 * shot saves a screenshot of what target shows for the docs under docs/images/ when
 * KEFU_SCREENSHOTS=1, so an ordinary run leaves the committed images (taken with CJK fonts
 * installed) untouched; otherwise it still renders it, so the step is exercised either way.
 */
export async function shot(target: { screenshot(o?: { path?: string }): Promise<Buffer> }, name: string): Promise<void> {
  if (process.env.KEFU_SCREENSHOTS !== '1') {
    await target.screenshot();
    return;
  }
  const { resolve } = await import('node:path');
  await target.screenshot({ path: resolve(import.meta.dirname, '../../../../docs/images', `${name}.png`) });
}
