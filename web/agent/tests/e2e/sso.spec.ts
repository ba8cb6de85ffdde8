// Single sign-on: the owner configures the organisation's OpenID Connect provider in Settings ›
// Security, and the sign-in page then offers "Sign in with <provider>", which goes to the
// provider (the test provider global setup started) and comes back signed in — here as a new
// agent created on first sign-in.
import { expect, test } from '@playwright/test';
import { env, signIn } from './kefu';

test('signing in through the organisation OIDC provider', async ({ page, browser }) => {
  const e = env();
  await signIn(page, e.owner);
  await page.goto(`${e.base}/settings/security`);
  await page.getByTestId('sso-name').fill('Lotus SSO');
  await page.getByTestId('sso-issuer').fill(e.oidc.issuer);
  await page.getByTestId('sso-client-id').fill(e.oidc.clientId);
  await page.getByTestId('sso-client-secret').fill(e.oidc.clientSecret);
  await page.getByTestId('sso-domains').fill('example.com');
  await page.getByTestId('sso-jit').click();
  await page.getByTestId('sso-save').click();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(`${e.base}/login`);
  await other.getByTestId('login-sso').filter({ hasText: 'Sign in with Lotus SSO' }).click();
  await expect(other.getByTestId('nav-conversations')).toBeVisible();
  const me = await other.evaluate(async () => (await (await fetch('/api/v1/auth/me')).json()) as { agent: { email: string; role: string } });
  expect(me.agent).toMatchObject({ email: e.oidc.email, role: 'agent' });
  await fresh.close();
});
