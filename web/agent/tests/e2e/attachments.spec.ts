// Attachments both ways: an agent attaches an image (upload, then send with attachment_ids), the
// visitor receives it; the visitor's upload shows as a preview in the thread.
import { expect, test } from '@playwright/test';
import { env, rowOf, signIn, Visitor } from './kefu';

// A 1×1 PNG: kefu detects types from content, so it has to be a real one.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test('images are sent and previewed', async ({ page }) => {
  const e = env();
  await signIn(page, e.agents.li);
  const visitor = await Visitor.open(e.base, e.inboxes.files.key);
  const id = await visitor.start('Here is a photo of the box');
  const form = new FormData();
  form.append('file', new Blob([png], { type: 'image/png' }), 'box.png');
  const up = await fetch(`${e.base}/api/v1/widget/conversations/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${visitor.token}` }, body: form });
  expect(up.ok).toBe(true);
  const att = (await up.json()) as { id: string };
  await fetch(`${e.base}/api/v1/widget/conversations/${id}/messages`, {
    method: 'POST', headers: { authorization: `Bearer ${visitor.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ content: '', attachment_ids: [att.id], client_msg_id: 'photo-1' }),
  });

  await page.getByTestId('view-unassigned').click();
  await rowOf(page, id).click();
  const preview = page.getByTestId('thread').locator('img[alt="box.png"]');
  await expect(preview).toBeVisible();
  expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1); // it loaded under the CSP

  await page.getByTestId('file-input').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('composer')).toContainText('label.png');
  await page.getByTestId('composer-input').fill('Please print this return label.');
  await page.getByTestId('send').click();
  await expect(page.getByTestId('thread').locator('img[alt="label.png"]')).toBeVisible();

  await expect.poll(async () => {
    const m = (await visitor.messages(id)).find((x) => x.content === 'Please print this return label.') as unknown as { attachments?: { file_name: string }[] } | undefined;
    return m?.attachments?.map((a) => a.file_name);
  }).toEqual(['label.png']);
});
