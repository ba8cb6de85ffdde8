// An image as the newest message is shown whole (issue 15, defect 2): the thread reserves the
// image's stored size before it loads, and follows a late load while the visitor is at the bottom.
import { expect, test } from './test';
import { grayPNG } from '../../../e2e-shared/png';
import { AgentAPI, conversationWith, env, tag } from './kefu';
import { open, say, visit } from './widget';

test('a tall image from the agent, the newest message, is not cut off after a reload', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.chat.key);
    const first = tag('Can you show me the label?');
    await say(await open(page), first);
    const conv = await conversationWith(agent, inboxes.chat.id, first);
    for (let i = 0; i < 10; i++) await agent.reply(conv.id, `Line ${i}: let me find the photo of your parcel.`);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(grayPNG(60, 1600))], { type: 'image/png' }), 'tall-label.png');
    const up = await fetch(`${agent.base}/api/v1/conversations/${conv.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}` }, body: form });
    expect(up.ok).toBe(true);
    const att = (await up.json()) as { id: string };
    await agent.call('POST', `/api/v1/conversations/${conv.id}/messages`, { content: '', attachment_ids: [att.id] });

    await page.reload();
    const frame = await open(page);
    const img = frame.locator('img[alt="tall-label.png"]');
    await expect(img).toBeVisible();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalHeight)).toBe(1600);
    await page.waitForTimeout(300); // whatever scrolling follows the load has happened
    const visible = await frame.evaluate(() => {
      const box = document.querySelector('.kefu-messages')!.getBoundingClientRect();
      const r = document.querySelector('img[alt="tall-label.png"]')!.getBoundingClientRect();
      return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    });
    expect(visible).toBe(true);
  } finally {
    offline();
  }
});
