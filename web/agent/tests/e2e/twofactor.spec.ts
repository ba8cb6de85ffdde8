// Two-factor sign-in: an agent turns it on from the profile page by scanning (here: reading) the
// secret and confirming with a code, keeps the recovery codes, and from then on signs in with
// the password and a code from the app.
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { AgentAPI, env, signIn } from './kefu';
import { totp } from './totp';

test('enabling two-factor sign-in on the profile page, then signing in with a code', async ({ page, browser }) => {
  const e = env();
  const who = { email: `totp-${randomUUID()}@example.com`, password: 'password-totp-1' };
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  await owner.call('POST', '/api/v1/agents', { ...who, name: 'Qian Duo', role: 'agent' });

  await signIn(page, who);
  await page.getByTestId('nav-profile').click();
  await page.getByTestId('two-factor-begin').click();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  const secret = (await page.getByTestId('two-factor-secret').textContent())!.trim();
  await page.getByTestId('two-factor-code').fill(totp(secret));
  await page.getByTestId('two-factor-confirm').click();
  await expect(page.getByTestId('two-factor-on')).toBeVisible();
  await expect(page.getByTestId('two-factor-recovery').locator('li')).toHaveCount(10);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(`${e.base}/login`);
  await other.getByTestId('login-email').fill(who.email);
  await other.getByTestId('login-password').fill(who.password);
  await other.getByTestId('login-submit').click();
  await other.getByTestId('login-code').fill('000000');
  await other.getByTestId('login-code-submit').click();
  await expect(other.getByRole('alert')).toContainText('wrong');
  // The confirming code used up the current step; the next step's code is still accepted.
  await other.getByTestId('login-code').fill(totp(secret, new Date(Date.now() + 30_000)));
  await other.getByTestId('login-code-submit').click();
  await expect(other.getByTestId('nav-conversations')).toBeVisible();
  await fresh.close();
});
