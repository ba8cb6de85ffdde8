// The password policy as an agent meets it: refused passwords are explained in the UI's
// language, in the forms that set passwords.
import { expect, test } from '@playwright/test';
import { env, signIn } from './kefu';

test('a new agent with a common password is refused in English', async ({ page }) => {
  await signIn(page, env().owner);
  await page.goto(`${env().base}/settings/agents`);
  await page.getByTestId('agent-create').click();
  await page.getByTestId('agent-name').fill('Zhou Min');
  await page.getByTestId('agent-email').fill('zhou.min@example.com');
  await page.getByTestId('agent-password').fill('Password123');
  await page.getByTestId('agent-submit').click();
  await expect(page.locator('.el-message')).toContainText('This is one of the most common passwords. Please choose another.');
});

test('a password change to a common password is refused in Chinese', async ({ page }) => {
  const e = env();
  await signIn(page, e.agents.sup);
  await page.getByTestId('locale-switch').click();
  await expect(page.getByTestId('view-mine')).toContainText('我的');
  await page.goto(`${e.base}/profile`);
  await page.getByTestId('profile-current-password').fill(e.agents.sup.password);
  await page.getByTestId('profile-new-password').fill('qwertyuiop');
  await page.getByTestId('profile-password-save').click();
  await expect(page.locator('.el-message')).toContainText('这是最常见的密码之一，请换一个。');
  await page.getByTestId('profile-new-password').fill('short');
  await page.getByTestId('profile-password-save').click();
  await expect(page.locator('.el-message').last()).toContainText('密码至少需要 10 个字符。');
});
