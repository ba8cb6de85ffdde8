// Two agents in two browsers: an assignment and a transfer (with a hand-over note) show up
// live for both, without a reload.
import { expect, test, type Page } from '@playwright/test';
import { AgentAPI, env, rowOf, signIn, Visitor } from './kefu';

async function pickOption(page: Page, selectTestId: string, option: string) {
  await page.getByTestId(selectTestId).click();
  await page.getByRole('option', { name: option, exact: false }).filter({ visible: true }).first().click();
}

test('an assignment and a transfer reach both agents live', async ({ browser }) => {
  const e = env();
  const supCtx = await browser.newContext();
  const liCtx = await browser.newContext();
  const sup = await supCtx.newPage();
  const li = await liCtx.newPage();
  await signIn(sup, e.agents.sup);
  await signIn(li, e.agents.li);
  await sup.getByTestId('view-all').click();
  // Other files' tests run on the same server and may route their own conversations to Li Lei
  // meanwhile, so his Mine count is checked against the server's, not against a number read once.
  const liAPI = await AgentAPI.login(e.base, e.agents.li.email, e.agents.li.password);
  const mineOnServer = async () => (await liAPI.call<{ mine: number }>('GET', '/api/v1/conversations/counts')).mine;

  const visitor = await Visitor.open(e.base, e.inboxes.transfer.key);
  await visitor.profile({ name: 'Zhou Xun' });
  const id = await visitor.start('I was charged twice for order 8812.');

  // The supervisor sees it arrive and assigns it to Li Lei.
  await rowOf(sup, id).click();
  await sup.getByTestId('transfer').click();
  await pickOption(sup, 'transfer-agent', e.agents.li.name);
  await sup.getByTestId('transfer-submit').click();
  await expect(sup.getByTestId('conversation-assignee')).toContainText(e.agents.li.name);

  // Li Lei's Mine view gains it live, with the count.
  await expect(rowOf(li, id)).toBeVisible();
  await expect(async () => {
    const mine = await mineOnServer();
    expect(mine).toBeGreaterThan(0);
    await expect(li.getByTestId('count-mine')).toHaveText(String(mine), { timeout: 1000 });
  }).toPass();
  await rowOf(li, id).click();
  await expect(li.getByTestId('thread')).toContainText(`${e.agents.sup.name} assigned this conversation to ${e.agents.li.name}`);

  // Li Lei hands it back to the supervisor with a note.
  await li.getByTestId('transfer').click();
  await pickOption(li, 'transfer-agent', e.agents.sup.name);
  await li.getByTestId('transfer-note').fill('Double charge confirmed in the payment log, please refund.');
  await li.getByTestId('transfer-submit').click();

  // The supervisor, still looking at the conversation, sees the change and the note live ...
  await expect(sup.getByTestId('conversation-assignee')).toContainText(e.agents.sup.name);
  await expect(sup.getByTestId('thread').locator('[data-kind="note"]')).toContainText('Double charge confirmed');
  // ... and it leaves Li Lei's Mine view.
  await li.getByTestId('nav-conversations').click();
  await expect(rowOf(li, id)).toHaveCount(0);

  // The visitor never sees the hand-over note.
  const seen = (await visitor.messages(id)).map((m) => m.content).join('\n');
  expect(seen).not.toContain('Double charge confirmed');
  await supCtx.close();
  await liCtx.close();
});
