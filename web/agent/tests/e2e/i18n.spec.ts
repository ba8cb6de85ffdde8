// The workspace in Chinese: switching the UI (and Element Plus with it), remembered on reload.
import { expect, test } from '@playwright/test';
import { env, rowOf, shot, signIn, Visitor } from './kefu';

test('switching the workspace to zh-CN', async ({ page }) => {
  const e = env();
  await signIn(page, e.owner);
  const visitor = await Visitor.open(e.base, e.inboxes.i18n.key, {
    page_url: 'https://cha.example.cn/products/longjing', user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1',
  });
  await visitor.profile({ name: '李娜', email: 'li.na@example.cn' });
  const id = await visitor.start('你好，我昨天买的龙井茶还没有发货，可以帮我查一下吗？订单号 20241111。');

  await page.getByTestId('locale-switch').click();
  await expect(page.getByTestId('view-mine')).toContainText('我的');
  await expect(page.getByTestId('view-unassigned')).toContainText('未分配');
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

  await page.getByTestId('view-unassigned').click();
  await rowOf(page, id).click();
  await page.getByTestId('assign-me').click();
  await expect(page.getByTestId('thread')).toContainText(`${e.owner.name} 接手了会话`);
  const input = page.getByTestId('composer-input');
  await expect(input).toHaveAttribute('placeholder', /Enter 发送/);
  await input.fill('您好李女士，已为您查询：包裹今天上午已从杭州发出，预计明天送达。');
  await input.press('Enter');
  await visitor.send(id, '太好了，谢谢！🙏');
  await expect(page.getByTestId('thread')).toContainText('太好了，谢谢');
  await expect(page.getByTestId('contact-sidebar')).toContainText('客户');

  // Element Plus speaks Chinese too (its date picker, via the snooze dialog).
  await page.getByTestId('snooze').click();
  await expect(page.getByRole('menuitem', { name: '1 小时' })).toBeVisible();
  await page.keyboard.press('Escape');

  // The choice survives a reload.
  await page.reload();
  await expect(page.getByTestId('view-mine')).toContainText('我的');
  await expect(page.getByTestId('thread')).toContainText('太好了，谢谢');
  await shot(page, 'zh-CN');
});
