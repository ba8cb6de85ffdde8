// One customer across channels, from the contact sidebar: a signed-in customer (setUser with a
// valid hash and their e-mail) and an anonymous visitor who typed the same e-mail are two
// contacts, offered as a merge suggestion. The agent merges them behind a confirmation, sees
// both conversations with their channel icons, undoes the merge, and merges them again by hand
// through the contact search.
import { createHmac, randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { AgentAPI, env, signIn, Visitor } from './kefu';

test('an agent merges two contacts of one customer in the sidebar, undoes it and merges by hand', async ({ page }) => {
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const inbox = await owner.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', { name: `Merge ${randomUUID().slice(0, 6)}` });
  const { identity_secret: secret } = await owner.call<{ identity_secret: string }>('GET', `/api/v1/inboxes/${inbox.id}/identity-secret`);
  const email = `merge-${randomUUID().slice(0, 8)}@example.com`;
  const anon = `Anonymous Wu ${randomUUID().slice(0, 6)}`;

  const browser = await Visitor.open(e.base, inbox.widget_key);
  await browser.profile({ name: anon, email });
  const browserConv = await browser.start('Asked before signing in');
  const userId = `u-${randomUUID().slice(0, 8)}`;
  const signed = await fetch(`${e.base}/api/v1/widget/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ widget_key: inbox.widget_key, user: { id: userId, name: 'Wu Signed', email, hash: createHmac('sha256', secret).update(userId).digest('hex') } }),
  }).then((r) => r.json() as Promise<{ token: string }>);
  const signedConv = await fetch(`${e.base}/api/v1/widget/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${signed.token}` },
    body: JSON.stringify({ message: { content: 'Asked after signing in', client_msg_id: randomUUID() } }),
  }).then((r) => r.json() as Promise<{ conversation: { id: string } }>);

  await signIn(page, e.owner);
  // Opened by its address: with other files' agents online it may be assigned already, and so
  // not in the unassigned tab.
  await page.goto(`${e.base}/conversations/${signedConv.conversation.id}`);
  const side = page.getByTestId('contact-sidebar');
  const convs = side.getByTestId('contact-conversation');
  await expect(convs).toHaveCount(1);

  // The suggestion names the other contact and why; merging asks first.
  const suggestion = side.getByTestId('merge-suggestion');
  await expect(suggestion).toContainText(anon);
  await suggestion.getByTestId('merge-contact').click();
  await page.locator('.el-message-box').getByRole('button', { name: 'Merge' }).click();

  await expect(convs).toHaveCount(2);
  await expect(side.locator(`[data-testid="contact-conversation"][data-channel="web"] .channel-icon[data-channel="web"]`)).toHaveCount(2);
  await expect(side.locator(`a[href*="${browserConv}"]`)).toBeVisible();
  await expect(side.getByTestId('merged-from')).toContainText(anon);
  await expect(side.getByTestId('merge-suggestion')).toHaveCount(0);

  // Undo: each contact gets its own conversation back.
  await side.getByTestId('unmerge-contact').click();
  await page.locator('.el-message-box').getByRole('button', { name: 'Undo' }).click();
  await expect(convs).toHaveCount(1);
  await expect(side.getByTestId('merged-from')).toHaveCount(0);
  await expect(side.getByTestId('merge-suggestion')).toContainText(anon);

  // By hand: search the other contact and merge it, confirmed the same way.
  await side.getByTestId('merge-search').locator('input').fill(anon);
  await page.locator('.el-select-dropdown__item', { hasText: anon }).click();
  await page.locator('.el-message-box').getByRole('button', { name: 'Merge' }).click();
  await expect(convs).toHaveCount(2);
  await expect(side.getByTestId('merged-from')).toContainText(anon);
});
