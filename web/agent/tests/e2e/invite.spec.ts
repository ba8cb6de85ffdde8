// Agent invitations end to end: an admin invites from Settings › Agents and copies the link
// (shown once); the invitee opens it in another browser, in their language, chooses a name and
// password and lands signed in; the same link then says it was used, and the admin's list shows
// the invitation accepted. The invitee's page is also checked on a phone-sized screen.
import { expect, test, type Browser } from '@playwright/test';
import { env, shot, signIn } from './kefu';

const cases = [
  {
    locale: 'zh-CN', viewport: { width: 390, height: 844 }, title: '加入 Lotus Tea House', submit: '接受并登录',
    used: '此邀请已被使用', accepted: '已接受', conversations: '会话',
  },
  {
    locale: 'en-US', viewport: { width: 1440, height: 900 }, title: 'Join Lotus Tea House', submit: 'Accept and sign in',
    used: 'This invitation was already used', accepted: 'Accepted', conversations: 'Conversations',
  },
] as const;

// Two browsers and two full sign-ins: more than the default minute on a busy machine.
test.describe.configure({ timeout: 180_000 });

for (const c of cases) {
  test(`an invited agent accepts in ${c.locale} and is signed in; the link then reads as used`, async ({ page, context, browser }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const email = `invitee-${c.locale.toLowerCase()}-${Date.now()}@example.com`;
    await signIn(page, env().owner);
    await page.goto(`${env().base}/settings/agents`);
    await page.getByTestId('agent-invite').click();
    await page.getByTestId('invite-email-input').fill(email);
    await page.getByTestId('invite-create').click();

    const linkBox = page.getByTestId('invite-link');
    await expect(linkBox).toHaveValue(new RegExp(`^${env().base}/invite/kfi_[A-Za-z0-9_-]{43}$`));
    const link = await linkBox.inputValue();
    if (c.locale === 'en-US') await shot(page, 'settings-invite');
    await page.getByTestId('invite-copy').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId(`invitation-status-${email}`)).toContainText('Pending');

    const invitee = await openAs(browser, c.locale, c.viewport);
    await invitee.goto(link);
    await expect(invitee.getByRole('heading', { level: 1 })).toHaveText(c.title);
    await expect(invitee.getByTestId('invite-email')).toHaveValue(email);
    await invitee.getByTestId('invite-name').fill('Chen Jing');
    await invitee.getByTestId('invite-password').fill('a long invited password');
    if (c.locale === 'en-US') await shot(invitee, 'invite-accept');
    await invitee.getByRole('button', { name: c.submit }).click();
    // The workspace's first load is slow on a busy machine; the sign-in itself answered already.
    await expect(invitee.getByTestId('nav-conversations')).toBeVisible({ timeout: 60_000 });
    await expect(invitee.getByTestId('connection')).toHaveClass(/open/);
    await expect(invitee.getByTestId('nav-conversations')).toHaveAttribute('aria-label', c.conversations);

    await invitee.goto(link);
    await expect(invitee.getByTestId('invite-error')).toContainText(c.used);
    await invitee.context().close();

    await page.reload();
    await expect(page.getByTestId(`invitation-status-${email}`)).toContainText('Accepted');
  });
}

/** openAs opens a page in a fresh browser context: nobody signed in, the given language. */
async function openAs(browser: Browser, locale: string, viewport: { width: number; height: number }) {
  const ctx = await browser.newContext({ locale, viewport });
  return ctx.newPage();
}
