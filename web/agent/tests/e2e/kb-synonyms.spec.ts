// Settings › Knowledge base › Synonyms: an editor links the organisation's own word to the word
// an article uses; searching the new word over the API then finds the article. The terms are
// unique to this run, since the server is shared by every spec.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { AgentAPI, env, shot, signIn } from './kefu';

/** word is a made-up word of letters only, unique to this run: digits would tokenize apart. */
const word = () => randomUUID().replace(/[^a-f]/g, '').slice(0, 6).padEnd(6, 'q') + randomUUID().replace(/[^0-9]/g, '').slice(0, 6).replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]);

test('a synonym group added in the workspace makes search find the article', async ({ page }) => {
  const e = env();
  const api = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const [ours, theirs] = [word(), word()];
  const art = await api.call<{ id: string }>('POST', '/api/v1/kb/articles', {
    title: `Pausing the ${theirs} plan`, body: `Pause your ${theirs} plan in account settings.`, locale: 'en', status: 'published',
  });
  const search = async () => (await api.call<{ hits: { article: { id: string } }[] }>('GET', `/api/v1/kb/search?q=${ours}`)).hits.map((h) => h.article.id);
  expect(await search()).not.toContain(art.id);

  await signIn(page, e.owner);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-knowledge').click();
  await page.getByTestId('kb-synonyms-create').click();
  const input = page.getByTestId('kb-synonyms-input'); // el-input-tag puts attributes on its input
  // A term over 40 characters: the server refuses it, and its message shows under the field.
  for (const term of [ours, 'x'.repeat(41)]) {
    await input.fill(term);
    await input.press('Enter');
  }
  await page.getByTestId('kb-synonyms-submit').click();
  await expect(page.getByRole('dialog').locator('.el-form-item__error')).toContainText('40');
  await page.getByRole('dialog').locator('.el-tag__close').last().click();
  for (const term of [theirs]) {
    await input.fill(term);
    await input.press('Enter');
  }
  await page.getByTestId('kb-synonyms-submit').click();
  const row = page.getByTestId('kb-synonyms-table').locator('tr', { hasText: ours });
  await expect(row).toContainText(theirs);
  await shot(page, 'kb-synonyms');

  expect(await search()).toContain(art.id);
});
