// Channels in the workspace: an administrator creates an email, a Telegram and an API inbox in
// the UI (secrets never shown again once saved, the API secret once), the forms in zh-CN, and
// the item 4: one inbox list showing a web, an email and a Telegram conversation with
// their icons, answered from the same composer, each reply's delivery reaching "sent" at the
// platform's fake (tests/e2e/fakes.ts), a refused delivery shown with its reason and Retry, and
// the contact sidebar listing a merged customer's conversations on two channels.
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type { FakeState } from './fakes';
import { smtpSend } from './fakes';
import { AgentAPI, env, rowOf, shot, signIn, Visitor } from './kefu';

const run = randomUUID().slice(0, 6); // names and addresses of this run only

async function fakeState(): Promise<FakeState> {
  return (await (await fetch(`${env().channels.telegram}/_state`)).json()) as FakeState;
}

async function openInboxes(page: Page) {
  await page.goto(`${env().base}/settings/inboxes`);
  await expect(page.getByTestId('inbox-create')).toBeVisible();
}

// pickOption chooses an option of an Element Plus select by its visible label.
async function pickOption(page: Page, select: string, label: string) {
  await page.getByTestId(select).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).click();
}

test('an administrator creates email, Telegram and API inboxes; secrets are never shown again', async ({ page }) => {
  const e = env();
  await signIn(page, e.owner);
  await openInboxes(page);

  await page.getByTestId('inbox-create').click();
  await expect(page.getByTestId('channel-picker')).toBeVisible();
  await shot(page, 'channels-new-inbox');

  // Email, received by forwarding, sent through the fake SMTP server.
  await page.getByTestId('channel-pick-email').click();
  await page.getByTestId('inbox-name').fill(`Support mail ${run}`);
  await page.getByTestId('email-address').fill(`support-${run}@lotus.example`);
  await page.getByTestId('email-from-name').fill('Lotus Tea House');
  await page.getByTestId('email-form').getByText('The mail server forwards it to kefu').click();
  await page.getByTestId('config.email.smtp.host').fill('127.0.0.1');
  await page.getByTestId('config.email.smtp.port').locator('input').fill(String(e.channels.smtpPort));
  await pickOption(page, 'config.email.smtp.security', 'None (local relay only)');
  await page.getByTestId('config.email.smtp.username').fill('support');
  await page.getByTestId('secret-input-smtp_password').fill(`smtp-pass-${run}`);
  await shot(page, 'channels-email-form');
  await page.getByTestId('inbox-save').click();
  await expect(page.getByTestId(`inbox-Support mail ${run}`).locator('[data-channel="email"]')).toBeVisible();
  await expect(page.getByTestId('secret-smtp_password').getByTestId('secret-set')).toHaveText('Set');
  await expect(page.locator('body')).not.toContainText(`smtp-pass-${run}`);

  // Telegram: the token is checked with getMe, which names the bot.
  await page.getByTestId('inbox-create').click();
  await page.getByTestId('channel-pick-telegram').click();
  await page.getByTestId('inbox-name').fill(`Lotus bot ${run}`);
  const token = `4242:AAH${run}lotusUiTokenForTests`;
  await page.getByTestId('secret-input-bot_token').fill(token);
  await shot(page, 'channels-telegram-form');
  await page.getByTestId('inbox-save').click();
  await expect(page.getByTestId('telegram-bot')).toHaveText('@lotus_4242_bot');
  await expect(page.getByTestId('secret-bot_token').getByTestId('secret-set')).toHaveText('Set');
  await expect(page.locator('body')).not.toContainText(token);
  expect((await fakeState()).webhooks[token]?.url).toMatch(/\/hooks\/[0-9a-f-]+$/);

  // A token Telegram refuses is the administrator's to fix: the error sits under the field.
  await page.getByTestId('secret-change').click();
  await page.getByTestId('secret-input-bot_token').fill('bad:token');
  await page.getByTestId('inbox-save').click();
  await expect(page.getByTestId('telegram-form')).toContainText('Telegram refused the bot token');

  // API: the signing secret is shown once, with a warning, then only as "set".
  await page.getByTestId('inbox-create').click();
  await page.getByTestId('channel-pick-api').click();
  await page.getByTestId('inbox-name').fill(`Shop bridge ${run}`);
  await page.getByTestId('api-callback').fill('http://127.0.0.1:9/kefu/replies');
  await page.getByTestId('inbox-save').click();
  const secret = page.getByTestId('api-secret-value');
  await expect(secret).toHaveText(/^whsec_/);
  await expect(page.getByTestId('api-secret')).toContainText('will not be shown again');
  await expect(page.getByTestId('api-inbound')).toContainText('/api/v1/channels/api/');
  await shot(page, 'channels-api-secret');
  const first = await secret.textContent();

  await page.getByTestId(`inbox-Lotus bot ${run}`).click();
  await page.getByTestId(`inbox-Shop bridge ${run}`).click();
  await expect(page.getByTestId('api-secret').getByTestId('secret-set')).toHaveText('Set');
  await expect(secret).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(first ?? 'whsec_');

  await page.getByTestId('api-secret-rotate').click();
  await page.locator('.el-message-box').getByRole('button', { name: 'OK' }).click();
  await expect(secret).toHaveText(/^whsec_/);
  expect(await secret.textContent()).not.toBe(first);
});

test('the channel forms in zh-CN', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('kefu.locale', 'zh-CN'));
  await signIn(page, env().owner);
  await openInboxes(page);
  await page.getByTestId('inbox-create').click();
  await expect(page.getByTestId('channel-picker')).toContainText('选择渠道');
  await expect(page.getByTestId('channel-pick-email')).toContainText('邮件');
  await page.getByTestId('channel-pick-email').click();
  await expect(page.getByTestId('email-form')).toContainText('发信服务器（SMTP）');
  await expect(page.getByTestId('email-password-hint')).toContainText('QQ 企业邮箱');
  await page.getByTestId('email-form').getByText('由 kefu 收取（IMAP）').click();
  await expect(page.getByTestId('email-form')).toContainText('收信服务器（IMAP）');
  await shot(page, 'channels-email-form-zh');
  await page.getByTestId('inbox-create').click();
  await page.getByTestId('channel-pick-telegram').click();
  await expect(page.getByTestId('telegram-form')).toContainText('机器人令牌');
  await page.getByTestId('inbox-create').click();
  await page.getByTestId('channel-pick-api').click();
  await expect(page.getByTestId('api-form')).toContainText('回调地址');
});

test('one inbox list with a web, an email and a Telegram conversation, answered from the same composer', async ({ page }) => {
  const e = env();
  const admin = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const address = `help-${run}@lotus.example`;
  const token = `5151:AAH${run}lotusItemFourTokenX`;
  const create = (body: object) => admin.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', body);
  const web = await create({ name: `Tea web ${run}` });
  const mail = await create({
    name: `Tea mail ${run}`, channel: 'email',
    config: { email: { address, from_name: 'Lotus Tea House', receive: 'forward', smtp: { host: '127.0.0.1', port: e.channels.smtpPort, security: 'none', username: '' } } },
  });
  const bot = await create({ name: `Tea bot ${run}`, channel: 'telegram', config: { telegram: { mode: 'webhook' } }, secrets: { bot_token: token } });
  const hookSecret = (await fakeState()).webhooks[token].secret_token;
  const chatId = 900000 + Math.floor(Math.random() * 99999);

  // Three customers write, each on their channel.
  const visitor = await Visitor.open(e.base, web.widget_key);
  await visitor.profile({ name: 'Mei Web' });
  const webId = await visitor.start('Hello from your website: is the Longjing in stock?');
  await smtpSend(e.channels.smtpListen, 'ivan.petrov@example.net', address, [
    'From: Ivan Petrov <ivan.petrov@example.net>', `To: ${address}`, 'Subject: Order 1042 has not arrived',
    `Message-ID: <order-1042-${run}@example.net>`, `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8', '', 'Hello, my order 1042 has not arrived yet. Could you check?',
  ].join('\r\n'));
  const hook = await fetch(`${e.base}/hooks/${bot.id}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': hookSecret },
    body: JSON.stringify({
      update_id: chatId, message: { message_id: 1, from: { id: chatId, is_bot: false, first_name: 'Olga' }, chat: { id: chatId, type: 'private' }, date: Math.floor(Date.now() / 1000), text: 'Hi! Do you ship to Almaty?' },
    }),
  });
  expect(hook.status).toBe(200);
  const idOf = async (inbox: string) => {
    let id = '';
    await expect.poll(async () => {
      const list = await admin.call<{ conversations: { id: string }[] }>('GET', `/api/v1/conversations?inbox_id=${inbox}`);
      id = list.conversations[0]?.id ?? '';
      return id;
    }).not.toBe('');
    return id;
  };
  const ids = { web: webId, email: await idOf(mail.id), telegram: await idOf(bot.id) };

  await signIn(page, e.owner);
  // The agent's email signature, written in the profile, closes their email replies.
  const signature = `Wang Fang, Lotus Tea House ${run}`; // ASCII: the mail body is quoted-printable
  await page.goto(`${e.base}/profile`);
  await page.getByTestId('profile-signature').fill(signature);
  await page.getByTestId('profile-signature-save').click();
  await expect(page.getByText('Signature saved')).toBeVisible();
  await page.goto(`${e.base}/conversations`);
  await page.getByTestId('view-all').click();
  for (const [channel, id] of Object.entries(ids)) {
    await expect(rowOf(page, id).getByTestId('row-channel')).toHaveAttribute('data-channel', channel);
  }
  await shot(page, 'channels-conversation-list');

  // The same composer answers all three; external replies show their delivery state.
  const replies = { web: 'Yes, the Longjing is in stock.', email: 'Your order 1042 left Hangzhou this morning.', telegram: 'Yes, we ship to Almaty in 7 days.' };
  for (const [channel, id] of Object.entries(ids) as [keyof typeof ids, string][]) {
    await rowOf(page, id).click();
    await expect(page.getByTestId('conversation-inbox').locator(`[data-channel="${channel}"]`)).toBeVisible();
    await page.getByTestId('composer-input').fill(replies[channel]);
    await page.getByTestId('composer-input').press('Enter');
    const sent = page.getByTestId('message').filter({ hasText: replies[channel] });
    await expect(sent).toBeVisible();
    if (channel !== 'web') await expect(sent.getByTestId('delivery-state')).toHaveAttribute('data-status', 'sent');
  }
  expect((await visitor.messages(webId)).map((m) => m.content)).toContain(replies.web);
  const state = await fakeState();
  expect(state.calls.filter((c) => c.chat_id === String(chatId) && c.text === replies.telegram)).toHaveLength(1);
  const reply = state.mails.find((m) => m.to.includes('ivan.petrov@example.net'));
  expect(reply?.data).toContain(`In-Reply-To: <order-1042-${run}@example.net>`);
  expect(reply?.data).toContain(signature);

  // Telegram refuses the next reply: the agent sees why, and Retry sends it once allowed.
  const refuse = (why: string) => fetch(`${e.channels.telegram}/_refuse?chat_id=${chatId}&description=${encodeURIComponent(why)}`);
  await refuse('Forbidden: bot was blocked by the user');
  await rowOf(page, ids.telegram).click();
  await page.getByTestId('composer-input').fill('Here is your tracking number: LT1042CN.');
  await page.getByTestId('composer-input').press('Enter');
  const failed = page.getByTestId('message').filter({ hasText: 'LT1042CN' });
  await expect(failed.getByTestId('delivery-state')).toHaveAttribute('data-status', 'failed');
  await expect(failed.getByTestId('delivery-text')).toContainText('Failed: Forbidden: bot was blocked by the user');
  await shot(page, 'channels-delivery-failed');
  await refuse('');
  await failed.getByTestId('delivery-retry').click();
  await expect(failed.getByTestId('delivery-state')).toHaveAttribute('data-status', 'sent');
  expect((await fakeState()).calls.filter((c) => c.text?.includes('LT1042CN'))).toHaveLength(1);

  // The website visitor and the mail's sender are one customer: merged, the sidebar lists
  // both conversations, each with its channel's icon.
  const contactOf = async (id: string) => (await admin.call<{ contact_id: string }>('GET', `/api/v1/conversations/${id}`)).contact_id;
  await admin.call('POST', `/api/v1/contacts/${await contactOf(ids.web)}/merge`, { other_id: await contactOf(ids.email) });
  await rowOf(page, ids.web).click();
  const side = page.getByTestId('contact-sidebar');
  await expect(side.locator('[data-testid="contact-conversation"][data-channel="web"] .channel-icon[data-channel="web"]')).toHaveCount(1);
  await expect(side.locator('[data-testid="contact-conversation"][data-channel="email"] .channel-icon[data-channel="email"]')).toHaveCount(1);
  await shot(page, 'channels-merged-sidebar');
});
