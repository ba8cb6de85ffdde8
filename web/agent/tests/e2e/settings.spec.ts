// Settings: a new web inbox with its embed snippet and identity secret, an API token shown once.
import { expect, test } from '@playwright/test';
import { env, shot, signIn } from './kefu';

test('creating a web inbox shows its snippet', async ({ page }) => {
  const e = env();
  await signIn(page, e.owner);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-inboxes').click();
  await page.getByTestId('inbox-create').click();
  await page.getByTestId('channel-pick-web').click();
  await page.getByTestId('inbox-name').fill('Online shop');
  await page.getByTestId('inbox-greeting').fill('您好！欢迎光临，有什么可以帮您？');
  await page.getByTestId('inbox-origins').fill('https://shop.example.com');
  await page.getByTestId('inbox-save').click();

  const snippet = page.getByTestId('snippet-code');
  await expect(snippet).toContainText('<script');
  await expect(snippet).toContainText('widget.js');
  await page.getByTestId('show-secret').click();
  await expect(page.getByTestId('identity-secret')).not.toBeEmpty();
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 10_000 }); // the "Saved" toast has gone
  await page.locator('.content').evaluate((el) => el.scrollTo(0, 0));
  await shot(page, 'settings-inboxes');

  await page.getByTestId('settings-tokens').click();
  await page.getByTestId('token-create').click();
  await page.getByTestId('token-name').fill('CRM sync');
  await page.getByTestId('token-submit').click();
  await expect(page.getByTestId('token-secret')).toHaveText(/^kft_/);
});

test('an agent sees only the settings their role allows', async ({ page }) => {
  const e = env();
  await signIn(page, e.agents.han);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-canned')).toBeVisible();
  await expect(page.getByTestId('settings-inboxes')).toHaveCount(0);
  await page.goto(`${e.base}/settings/agents`);
  await expect(page).toHaveURL(/settings\/canned/);

  await page.getByTestId('canned-create').click();
  await page.getByTestId('canned-shortcut').fill('bye');
  await page.getByTestId('canned-content').fill('Thank you, have a nice day!');
  await page.getByTestId('canned-submit').click();
  await expect(page.getByText('/bye')).toBeVisible();
});
