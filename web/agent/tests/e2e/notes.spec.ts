// Internal notes: unmistakably different in the workspace, and never delivered to the visitor.
import { expect, test } from '@playwright/test';
import { env, rowOf, signIn, Visitor } from './kefu';

test('an internal note is shown to agents only', async ({ page }) => {
  const e = env();
  await signIn(page, e.agents.li);
  const visitor = await Visitor.open(e.base, e.inboxes.notes.key);
  const id = await visitor.start('My parcel arrived damaged.');
  await page.getByTestId('view-unassigned').click();
  await rowOf(page, id).click();
  const thread = page.getByTestId('thread');
  await expect(thread).toContainText('arrived damaged');

  // Note mode changes the whole composer, and says so.
  await page.getByTestId('mode-note').click();
  await expect(page.getByTestId('note-banner')).toBeVisible();
  await expect(page.getByTestId('composer')).toHaveClass(/note/);
  await expect(page.getByTestId('send')).toHaveText('Add note');
  const input = page.getByTestId('composer-input');
  await input.fill('Check with the warehouse before offering a refund.');
  await input.press('Enter');
  const note = thread.locator('[data-kind="note"]');
  await expect(note).toContainText('Check with the warehouse');
  await expect(note).toContainText('Internal note');

  // A reply right after, so there is something the visitor must get.
  await page.getByTestId('mode-reply').click();
  await input.fill('Sorry to hear that! Could you send a photo?');
  await input.press('Enter');
  await expect(thread.locator('[data-kind="text"]').last()).toContainText('send a photo');

  await expect.poll(async () => (await visitor.messages(id)).map((m) => m.content)).toContain('Sorry to hear that! Could you send a photo?');
  const seen = await visitor.messages(id);
  expect(seen.map((m) => m.content).join('\n')).not.toContain('warehouse');
  expect(seen.every((m) => m.kind !== 'note')).toBe(true);
});
