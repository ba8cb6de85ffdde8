// Whatever a visitor types is text: script payloads are shown literally and nothing runs.
import { expect, test } from '@playwright/test';
import { env, rowOf, signIn, Visitor } from './kefu';

const payloads = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '{{ 6*7 }} <a href="javascript:window.__pwned=3">click</a>',
];

test('visitor-sent markup is rendered as text and never executed', async ({ page }) => {
  const e = env();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page, e.agents.han);

  const visitor = await Visitor.open(e.base, e.inboxes.safety.key, { note: '<svg onload="window.__pwned=4">' });
  await visitor.profile({ name: '<b onmouseover="window.__pwned=5">Mallory</b>' });
  const id = await visitor.start(payloads[0]);
  for (const p of payloads.slice(1)) await visitor.send(id, p);

  await page.getByTestId('view-unassigned').click();
  const row = rowOf(page, id);
  await expect(row).toContainText('<b onmouseover="window.__pwned=5">Mallory</b>');
  await row.hover();
  await row.click();

  const texts = page.getByTestId('thread').getByTestId('message-text');
  await expect(texts).toHaveText(payloads);
  await expect(page.getByTestId('contact-sidebar')).toContainText('<svg onload="window.__pwned=4">');
  await page.getByTestId('contact-name').hover();

  // Nothing became markup, nothing ran.
  await expect(page.locator('[data-testid="thread"] img[src="x"], [data-testid="thread"] script, [data-testid="contact-sidebar"] svg[onload]')).toHaveCount(0);
  await expect(page.getByTestId('thread').locator('a[href^="javascript:"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});
