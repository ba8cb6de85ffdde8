// The conversation list tells who and what after a page load (defects 3 and 7 of issue 15):
// each row shows the newest message and the contact, an anonymous visitor by their number;
// images in the thread never leave the newest message cut off (defect 2); a search looks
// through every conversation the agent may see and says so. In English and Chinese.
import { expect, test, type Page } from '@playwright/test';
import { grayPNG } from '../../../e2e-shared/png';
import { AgentAPI, env, rowOf, shot, signIn, Visitor } from './kefu';

const texts = {
  en: { visitor: /^Visitor #\d+$/, image: '[Image]', scope: 'Searching all conversations you can see', resolved: 'Resolved', mine: 'Mine' },
  'zh-CN': { visitor: /^访客 #\d+$/, image: '[图片]', scope: '正在搜索你可见的全部会话', resolved: '已解决', mine: '我的' },
};

/** sendImage has the visitor send a width×height PNG as the conversation's newest message. */
async function sendImage(visitor: Visitor, id: string, name: string, width: number, height: number) {
  const e = env();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(grayPNG(width, height))], { type: 'image/png' }), name);
  const up = await fetch(`${e.base}/api/v1/widget/conversations/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${visitor.token}` }, body: form });
  expect(up.ok).toBe(true);
  const att = (await up.json()) as { id: string };
  const sent = await fetch(`${e.base}/api/v1/widget/conversations/${id}/messages`, {
    method: 'POST', headers: { authorization: `Bearer ${visitor.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ content: '', attachment_ids: [att.id], client_msg_id: `img-${name}` }),
  });
  expect(sent.ok).toBe(true);
}

/** fullyVisible: el lies wholly inside the scroll container's visible area. */
async function fullyVisible(page: Page, container: string, selector: string): Promise<boolean> {
  return page.evaluate(([c, s]) => {
    const box = document.querySelector(c)!.getBoundingClientRect();
    const els = document.querySelectorAll(s);
    const r = els[els.length - 1].getBoundingClientRect();
    return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  }, [container, selector] as const);
}

for (const [locale, l] of Object.entries(texts)) {
  test.describe(locale, () => {
    test.use({ locale });

    test(`rows show the last message and who wrote it after a page load (${locale})`, async ({ page }) => {
      const e = env();
      const anon = await Visitor.open(e.base, e.inboxes.files.key);
      const anonId = await anon.start('Hello');
      await anon.send(anonId, `Where is my parcel? ${locale}`);
      const pic = await Visitor.open(e.base, e.inboxes.files.key);
      await pic.profile({ name: `Wang ${locale}` });
      const picId = await pic.start('photo follows');
      await sendImage(pic, picId, `row-${locale}.png`, 40, 40);

      await signIn(page, e.agents.li);
      await page.getByTestId('view-unassigned').click();
      const row = rowOf(page, anonId);
      await expect(row.locator('.preview')).toHaveText(`Where is my parcel? ${locale}`);
      await expect(row.locator('.name')).toHaveText(l.visitor);
      await expect(rowOf(page, picId).locator('.preview')).toHaveText(l.image);
      await expect(rowOf(page, picId).locator('.name')).toHaveText(`Wang ${locale}`);

      // The same number in the header and the sidebar.
      const name = (await row.locator('.name').textContent())!;
      await row.click();
      await expect(page.getByTestId('conversation-title')).toHaveText(name);
      await expect(page.getByTestId('contact-name')).toHaveText(name);
      await shot(page, `list-preview-${locale}`);
    });

    test(`a tall image as the newest message is shown whole (${locale})`, async ({ page }) => {
      const e = env();
      const visitor = await Visitor.open(e.base, e.inboxes.files.key);
      const id = await visitor.start('Lots of text before the photo.');
      for (let i = 0; i < 12; i++) await visitor.send(id, `Line ${i} of a long story about a parcel that never came.`);
      await sendImage(visitor, id, `tall-${locale}.png`, 60, 1600);

      await signIn(page, e.agents.sup);
      await page.goto(`${e.base}/conversations/${id}`);
      const img = page.getByTestId('thread').locator(`img[alt="tall-${locale}.png"]`);
      await expect(img).toBeVisible();
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalHeight)).toBe(1600);
      await page.waitForTimeout(300); // whatever scrolling follows the load has happened
      expect(await fullyVisible(page, '[data-testid="thread"]', '[data-testid="thread"] img')).toBe(true);
    });

    test(`search looks through every tab and says where each result is (${locale})`, async ({ page }) => {
      const e = env();
      const word = `kumquat${locale.replace('-', '')}${Date.now()}`;
      const visitor = await Visitor.open(e.base, e.inboxes.files.key);
      const resolvedId = await visitor.start(`Do you sell ${word}?`);
      const han = await AgentAPI.login(e.base, e.agents.han.email, e.agents.han.password);
      await han.call('POST', `/api/v1/conversations/${resolvedId}/assign`, { assignee_id: e.agents.han.id });
      await han.call('POST', `/api/v1/conversations/${resolvedId}/status`, { status: 'resolved' });
      const other = await Visitor.open(e.base, e.inboxes.files.key);
      const openId = await other.start(`${word} jam please`);

      await signIn(page, e.agents.han);
      await page.getByTestId('view-mine').click(); // neither result is in Mine/Open
      await page.getByTestId('search').fill(word);
      await expect(rowOf(page, resolvedId)).toBeVisible();
      await expect(rowOf(page, openId)).toBeVisible();
      await expect(page.getByTestId('search-scope')).toContainText(l.scope);
      await expect(rowOf(page, resolvedId).getByTestId('where-status')).toHaveText(l.resolved);
      await expect(rowOf(page, resolvedId).getByTestId('assignee')).toHaveText(l.mine);
      await shot(page, `search-scope-${locale}`);
    });
  });
}
