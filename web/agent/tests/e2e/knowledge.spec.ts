// Settings › Knowledge base: an editor writes a Chinese article with alternative questions,
// finds it by searching 退款, sees its Markdown rendered safely in the preview (HTML typed in the
// body shows as text), then exports the knowledge base and imports the file back.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { env, shot, signIn } from './kefu';

test('writing, finding, previewing, exporting and importing an article', async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  const title = `退款多久到账 ${tag}`;
  await signIn(page, env().owner);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-knowledge').click();

  await page.getByTestId('kb-create').click();
  await page.getByTestId('kb-title').fill(title);
  for (const q of ['钱啥时候退回来', `refund eta ${tag}`]) {
    await page.getByTestId('kb-question').fill(q);
    await page.getByTestId('kb-question').press('Enter');
  }
  await expect(page.getByTestId('kb-questions').locator('li')).toHaveCount(2);
  await page.getByTestId('kb-body').fill('原路退回，**1-3 个工作日**到账。\n\n<script>window.kbInjected = true</script>');
  await page.getByTestId('kb-status-published').click();
  await page.getByRole('tab', { name: 'Preview' }).click();
  const preview = page.getByTestId('kb-preview');
  await expect(preview.locator('strong')).toHaveText('1-3 个工作日');
  await expect(preview).toContainText('<script>window.kbInjected = true</script>');
  expect(await page.evaluate(() => (window as { kbInjected?: boolean }).kbInjected)).toBeUndefined();
  await shot(page, 'kb-editor');
  await page.getByTestId('kb-submit').click();
  await expect(page.locator('.el-message--success')).toBeVisible();

  await page.getByTestId('kb-search').fill('退款');
  await page.getByTestId('kb-search').press('Enter');
  const row = page.getByTestId('kb-table').locator('.el-table__row', { hasText: title });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('钱啥时候退回来');
  await shot(page, 'kb-list');

  const download = page.waitForEvent('download');
  await page.getByTestId('kb-export').click();
  await page.getByTestId('kb-export-json').click();
  const file = await (await download).path();
  const exported = JSON.parse(await readFile(file, 'utf8')) as { title: string; questions: string[] }[];
  expect(exported.find((a) => a.title === title)?.questions).toEqual(['钱啥时候退回来', `refund eta ${tag}`]);

  await page.getByTestId('kb-import-file').setInputFiles(file);
  const result = page.getByTestId('kb-import-result');
  await expect(result).toContainText(`0 created, ${exported.length} updated, 0 failed`);
});
