// The supervisor board: a waiting conversation shows in its queue, "take" assigns it to the
// supervisor, and the board moves it under the supervisor's own conversations. Plain agents
// may not read the board.
import { expect, test } from '@playwright/test';
import { AgentAPI, env, signIn, Visitor } from './kefu';

test('the board shows a waiting conversation and "take" assigns it', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  // An inbox whose one agent is online but has no room (capacity 0): its conversations wait in
  // the queue (with nobody online they would be offline messages, which never queue).
  const busy = { email: 'board-busy@example.com', password: 'a long agent password' };
  const full = await owner.call<{ id: string }>('POST', '/api/v1/agents', { ...busy, name: 'Board Busy', role: 'agent' });
  await owner.call('PATCH', `/api/v1/agents/${full.id}`, { capacity: 0 });
  const inbox = await owner.call<{ widget_key: string }>('POST', '/api/v1/inboxes', { name: 'Board', member_ids: [full.id] });
  const busyCtx = await browser.newContext();
  await signIn(await busyCtx.newPage(), busy);
  const visitor = await Visitor.open(e.base, inbox.widget_key);
  await visitor.profile({ name: 'Qian Board' });
  const id = await visitor.start('Where is my parcel?');

  await signIn(page, e.agents.sup);
  await page.getByTestId('nav-board').click();
  const row = page.locator(`[data-testid="board-queue"] tr:has([data-id="${id}"])`);
  await expect(row).toContainText('Qian Board');
  await row.getByTestId('board-take').click();
  await expect(page.locator(`[data-testid="board-waiting"][data-id="${id}"]`)).toHaveCount(0);
  const mine = page.locator(`tr:has([data-testid="board-agent"][data-id="${e.agents.sup.id}"])`);
  await expect(mine.locator(`[data-testid="board-agent-conversation"][data-id="${id}"]`)).toContainText('Qian Board');

  const sup = await AgentAPI.login(e.base, e.agents.sup.email, e.agents.sup.password);
  const c = await sup.call<{ assignee_id: string }>('GET', `/api/v1/conversations/${id}`);
  expect(c.assignee_id).toBe(e.agents.sup.id);
  await busyCtx.close();
});

test('the board answers supervisors and refuses plain agents', async () => {
  const e = env();
  const sup = await AgentAPI.login(e.base, e.agents.sup.email, e.agents.sup.password);
  const board = await sup.call<{ targets: unknown[]; agents: { id: string }[] }>('GET', '/api/v1/routing/board');
  expect(board.agents.map((a) => a.id)).toContain(e.agents.li.id);
  const li = await AgentAPI.login(e.base, e.agents.li.email, e.agents.li.password);
  await expect(li.call('GET', '/api/v1/routing/board')).rejects.toThrow(/403/);
});

test('zh-CN: the board speaks Chinese', async ({ browser }) => {
  test.setTimeout(120_000);
  const e = env();
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  await signIn(page, e.agents.sup);
  await page.goto(`${e.base}/board`);
  await expect(page.getByRole('heading', { name: '主管看板' })).toBeVisible();
  await expect(page.getByTestId('board-agents')).toContainText('负载');
  await ctx.close();
});
