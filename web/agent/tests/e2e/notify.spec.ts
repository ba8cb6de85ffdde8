// Desktop notifications name an anonymous visitor by their number (issue 15, defect 7), not
// "New message from " with nothing after it. The browser's Notification is replaced by a
// recorder and the tab reports itself hidden, as when the agent looks at another tab.
import { expect, test } from '@playwright/test';
import { env, signIn, Visitor } from './kefu';

const want = { en: /^New message from Visitor #\d+$/, 'zh-CN': /^来自 访客 #\d+ 的新消息$/ };

for (const [locale, title] of Object.entries(want)) {
  test.describe(locale, () => {
    test.use({ locale });

    test(`a message from an anonymous visitor is notified with their number (${locale})`, async ({ page }) => {
      await page.addInitScript(() => {
        const w = window as unknown as { __titles: string[]; Notification: unknown };
        w.__titles = [];
        w.Notification = class {
          static permission = 'granted';
          static requestPermission = async () => 'granted';
          onclick: unknown = null;
          constructor(t: string) {
            w.__titles.push(t);
          }
          close() {}
        };
        Object.defineProperty(document, 'hidden', { get: () => true });
      });
      const e = env();
      await signIn(page, e.agents.sup);
      const visitor = await Visitor.open(e.base, e.inboxes.files.key);
      const id = await visitor.start('Hello?');
      await visitor.send(id, `Anyone there? ${locale}`);
      await expect.poll(() => page.evaluate(() => (window as unknown as { __titles: string[] }).__titles.filter((t) => t !== 'New conversation' && t !== '新会话'))).toContainEqual(expect.stringMatching(title));
    });
  });
}
