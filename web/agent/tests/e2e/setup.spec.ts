// First run: a kefu without an organisation sends the browser to setup, which signs the new
// owner in and opens the workspace; signing out and in again works as usual.
import { expect, test } from '@playwright/test';
import { env, shot } from './kefu';
import { startKefu, type Kefu } from './server';

let kefu: Kefu;
test.beforeAll(async () => {
  kefu = await startKefu(env().bin);
});
test.afterAll(() => kefu?.stop());
test.describe.configure({ timeout: 120_000 });

test('first-run setup signs the owner in, then sign-out and sign-in', async ({ page }) => {
  await page.goto(kefu.base);
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByTestId('setup-org').fill('Jade Garden Bakery');
  await page.getByTestId('setup-name').fill('Sun Li');
  await page.getByTestId('setup-email').fill('sun.li@example.com');
  await page.getByTestId('setup-password').fill('short');
  await page.getByTestId('setup-submit').click();
  const card = page.locator('main');
  await expect(card.getByRole('alert')).toContainText('The password needs at least 10 characters.');
  await page.getByTestId('setup-password').fill('sun.li@example.com');
  await page.getByTestId('setup-submit').click();
  await expect(card.getByRole('alert')).toContainText('The password must not be your email address.');
  await page.getByTestId('setup-password').fill('a long enough password');
  await page.getByTestId('setup-submit').click();

  // Straight into the workspace: no second password prompt.
  await expect(page.getByTestId('view-mine')).toBeVisible();
  await expect(page).not.toHaveURL(/\/(login|setup)/);
  await expect(page.getByTestId('connection')).toHaveClass(/open/);
  // The session is a real one: it survives a reload, and writes (with its CSRF token) work.
  await page.reload();
  await expect(page.getByTestId('view-mine')).toBeVisible();
  await page.getByTestId('availability').click();
  await page.getByTestId('availability-away').click();
  await expect(page.getByTestId('availability')).toHaveAttribute('aria-label', /Away/);

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByTestId('login-email').fill('sun.li@example.com');
  await page.getByTestId('login-password').fill('not the password');
  await page.getByTestId('login-submit').click();
  await expect(card.getByRole('alert')).toContainText('Wrong email or password');

  await page.getByTestId('login-password').fill('a long enough password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('view-mine')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveClass(/open/);

  // The session survives a reload (GET /auth/session gives the CSRF token back) and writes work.
  await page.reload();
  await page.getByTestId('availability').click();
  await page.getByTestId('availability-online').click();
  await expect(page.getByTestId('availability')).toHaveAttribute('aria-label', /Online/);

  // Setup cannot run twice.
  await page.goto(`${kefu.base}/setup`);
  await expect(page).not.toHaveURL(/\/setup$/);

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`${kefu.base}/conversations`);
  await expect(page).toHaveURL(/\/login/);
  await page.getByTestId('login-email').fill('sun.li@example.com');
  await shot(page, 'sign-in');
});
