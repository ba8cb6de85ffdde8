// Keyboard use: j/k and Alt+↓/↑ between conversations, r to reply, / to search; and the
// one-column layout of a tablet in portrait.
import { expect, test } from '@playwright/test';
import { env, signIn, Visitor } from './kefu';

test('keyboard shortcuts move between conversations and focus the right place', async ({ page }) => {
  const e = env();
  await signIn(page, e.agents.han);
  const visitor = await Visitor.open(e.base, e.inboxes.keys.key);
  const first = await visitor.start('first question');
  const second = await visitor.start('second question');
  // Newest activity first: the second conversation is at the top.
  await page.goto(`${e.base}/conversations?view=all&inbox=${e.inboxes.keys.id}`);
  await expect(page.locator('[data-conversation]')).toHaveCount(2);
  await page.locator('body').click();

  await page.keyboard.press('j');
  await expect(page).toHaveURL(new RegExp(`/conversations/${second}`));
  await page.keyboard.press('j');
  await expect(page).toHaveURL(new RegExp(`/conversations/${first}`));
  await expect(page.getByTestId('thread')).toContainText('first question');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page).toHaveURL(new RegExp(`/conversations/${second}`));
  await page.keyboard.press('k');
  await expect(page).toHaveURL(new RegExp(`/conversations/${second}`)); // already the first row

  await page.keyboard.press('r');
  await expect(page.getByTestId('composer-input')).toBeFocused();
  await page.keyboard.type('j and k are text here');
  await expect(page).toHaveURL(new RegExp(`/conversations/${second}`));
  await page.getByTestId('composer-input').fill('');

  await page.locator('body').click();
  await page.keyboard.press('/');
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type('second');
  await expect(page).toHaveURL(/q=second/);
  await expect(page.locator('[data-conversation]')).toHaveCount(1);
});

test('a tablet in portrait shows the list or the conversation', async ({ page }) => {
  const e = env();
  await page.setViewportSize({ width: 768, height: 1024 });
  await signIn(page, e.agents.han);
  const visitor = await Visitor.open(e.base, e.inboxes.keys.key);
  const id = await visitor.start('from a tablet');
  await page.goto(`${e.base}/conversations?view=all&inbox=${e.inboxes.keys.id}`);
  await page.getByTestId(`conversation-${id}`).click();
  await expect(page.getByTestId('thread')).toContainText('from a tablet');
  await expect(page.getByTestId('conversation-list')).toBeHidden();
  await page.getByRole('link', { name: 'Back to the list' }).click();
  await expect(page.getByTestId('conversation-list')).toBeVisible();
});
