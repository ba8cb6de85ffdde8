// Settings › Inboxes: the greeting and away message per language, saved beside the defaults
// and what the widget is then configured with. In the workspace's en and zh-CN.
import { expect, test } from '@playwright/test';
import { env, signIn } from './kefu';

const cases = [
  { locale: 'en', legend: 'Greeting and away message per language' },
  { locale: 'zh-CN', legend: '按语言设置欢迎语和离线提示' },
];

for (const tc of cases) {
  test.describe(tc.locale, () => {
    test.use({ locale: tc.locale });

    test('an inbox gets a greeting and an away message per language', async ({ page }) => {
      const e = env();
      await signIn(page, e.owner);
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('settings-inboxes').click();
      await page.getByTestId('inbox-create').click();
      await page.getByTestId('channel-pick-web').click();
      await page.getByTestId('inbox-name').fill(`Texts ${tc.locale}`);
      await page.getByTestId('inbox-greeting').fill('Hello!');
      const box = page.getByTestId('inbox-translations');
      await expect(box.locator('legend')).toHaveText(tc.legend);
      const zh = page.getByTestId('inbox-texts-zh-CN').locator('textarea');
      await zh.nth(0).fill('您好！');
      await zh.nth(1).fill('我们下班了，请留言。');
      await page.getByTestId('inbox-texts-en').locator('textarea').nth(1).fill('We are out, leave a note.');
      await page.getByTestId('inbox-save').click();

      const snippet = page.getByTestId('snippet-code');
      await expect(snippet).toContainText('widget.js');
      const widgetKey = /widgetKey='([^']+)'/.exec((await snippet.textContent()) ?? '')?.[1] ?? '';
      const cfg = (await (await fetch(`${e.base}/api/v1/widget/config?widget_key=${encodeURIComponent(widgetKey)}`)).json()) as {
        inbox: { greeting: string };
        widget: { translations?: Record<string, { greeting?: string; away_message?: string }> };
      };
      expect(cfg.inbox.greeting).toBe('Hello!');
      expect(cfg.widget.translations).toEqual({
        'zh-CN': { greeting: '您好！', away_message: '我们下班了，请留言。' },
        en: { away_message: 'We are out, leave a note.' },
      });
    });
  });
}
