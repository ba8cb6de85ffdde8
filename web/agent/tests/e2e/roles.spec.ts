// Custom roles: an owner defines a role that may read but not reply, gives it to a new agent,
// and that agent finds the composer disabled — and the server refuses their send regardless.
import { expect, test } from '@playwright/test';
import { AgentAPI, env, rowOf, signIn, Visitor } from './kefu';

test('a custom role without reply disables the composer and the server refuses the send', async ({ page, browser }) => {
  const e = env();
  await signIn(page, e.owner);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-roles').click();
  await page.getByTestId('role-create').click();
  await page.getByTestId('role-name').fill('Read only');
  await page.getByTestId('perm-conversations.view_all').click();
  await page.getByTestId('perm-contacts.view').click();
  await page.getByTestId('role-submit').click();
  await expect(page.getByTestId('roles-table')).toContainText('Read only');

  await page.getByTestId('settings-agents').click();
  await page.getByTestId('agent-create').click();
  await page.getByTestId('agent-name').fill('Reader');
  await page.getByTestId('agent-email').fill('reader@example.com');
  await page.getByTestId('agent-password').fill('a long reader password');
  await page.getByTestId('agent-role').click();
  await page.getByTestId('role-option-Read only').click();
  await page.getByTestId('agent-submit').click();
  await expect(page.getByText('reader@example.com')).toBeVisible();

  const visitor = await Visitor.open(e.base, e.inboxes.roles.key);
  const id = await visitor.start('Is my order on its way?');

  const reader = await browser.newPage();
  await signIn(reader, { email: 'reader@example.com', password: 'a long reader password' });
  await reader.getByTestId('view-all').click();
  await rowOf(reader, id).click();
  await expect(reader.getByTestId('thread')).toContainText('order on its way');
  await expect(reader.getByTestId('composer-readonly')).toBeVisible();
  await expect(reader.getByTestId('composer-input')).toBeDisabled();
  await expect(reader.getByTestId('send')).toBeDisabled();
  await expect(reader.getByTestId('resolve')).toHaveCount(0); // header actions need reply too
  await expect(reader.getByTestId('transfer')).toHaveCount(0);

  const api = await AgentAPI.login(e.base, 'reader@example.com', 'a long reader password');
  await expect(api.call('POST', `/api/v1/conversations/${id}/messages`, { content: 'sneaky', client_msg_id: crypto.randomUUID() })).rejects.toThrow(/403.*forbidden/);
  await expect.poll(async () => (await visitor.messages(id)).map((m) => m.content)).not.toContain('sneaky');
  await reader.close();
});
