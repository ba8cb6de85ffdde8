// Sessions: the profile lists where the agent is signed in, and signing the browser's session
// out from elsewhere takes the open workspace to the sign-in page at once, through its live
// connection (close 4003) rather than at its next REST call.
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { AgentAPI, env, signIn } from './kefu';

test('signing a session out elsewhere sends the open workspace to sign-in', async ({ page }) => {
  const e = env();
  // An agent of this test's own, so no other test's browser session is signed out.
  const who = { email: `sessions-${randomUUID()}@example.com`, password: 'password-sessions-1' };
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  await owner.call('POST', '/api/v1/agents', { ...who, name: 'Sun Li', role: 'agent' });
  await signIn(page, who);
  await page.getByTestId('nav-profile').click();
  await expect(page.getByTestId('session-current')).toBeVisible();

  const elsewhere = await AgentAPI.login(e.base, who.email, who.password);
  const { sessions } = await elsewhere.call<{ sessions: { id: string; current: boolean; user_agent?: string }[] }>('GET', '/api/v1/auth/sessions');
  const browser = sessions.find((s) => !s.current);
  expect(browser?.user_agent, 'the browser session, recorded with its User-Agent').toMatch(/Chrom/);
  await elsewhere.call('DELETE', `/api/v1/auth/sessions/${browser!.id}`);

  await expect(page).toHaveURL(/\/login/, { timeout: 5_000 });
  await expect(page.getByTestId('login-email')).toBeVisible();
});
