// Read state is each agent's own (issue 15, defect 6). After a transfer the previous
// assignee's still-open tab reads the customer's new message for that agent alone: the
// visitor's "Read" waits for the new assignee, whose list shows the message unread until they
// open it. Two agents in two browsers (one in English, one in Chinese) and a visitor.
import { expect, test, type Page } from '@playwright/test';
import { AgentAPI, env, rowOf, signIn, Visitor, type Account } from './kefu';

// Two browsers, each signing in, and a transfer: a busy machine needs more than the defaults.
test.setTimeout(180_000);
test.use({ navigationTimeout: 60_000 });

/** The agents' read marker as the visitor's widget gets it ("Read" under their messages). */
async function visitorSeesRead(base: string, visitor: Visitor, id: string): Promise<number> {
  const res = await fetch(`${base}/api/v1/widget/conversations`, { headers: { authorization: `Bearer ${visitor.token}` } });
  const body = (await res.json()) as { conversations: { id: string; agent_last_read_seq: number }[] };
  return body.conversations.find((c) => c.id === id)?.agent_last_read_seq ?? -1;
}

/** signInPatiently is signIn, given time to load the workspace on a loaded machine. */
async function signInPatiently(page: Page, who: Account) {
  await signIn(page, who).catch(async () => {
    await expect(page.getByTestId('nav-conversations')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('connection')).toHaveClass(/open/, { timeout: 60_000 });
  });
}

/** readsOf records the seqs of the read receipts the page's workspace sent and the server took. */
function readsOf(page: Page, id: string): number[] {
  const seqs: number[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith(`/api/v1/conversations/${id}/read`) && r.request().method() === 'POST' && r.ok()) seqs.push(r.request().postDataJSON().seq);
  });
  return seqs;
}

test('after a transfer the previous assignee reads for themselves; the visitor sees Read only when the new assignee reads', async ({ browser }) => {
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const stamp = Date.now().toString(36);
  const agent = async (name: string): Promise<Account> => {
    const email = `reads-${name.replace(/\s/g, '').toLowerCase()}-${stamp}@example.com`;
    const password = 'a long agent password';
    const a = await owner.call<{ id: string }>('POST', '/api/v1/agents', { email, name, password, role: 'agent' });
    return { id: a.id, name, email, password };
  };
  // Agents of this test only; the inbox's one member never connects, so nothing is auto-assigned.
  const [sun, qian, owl] = [await agent('Sun Li'), await agent('Qian Hao'), await agent('Read Owl')];
  const inbox = await owner.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', { name: `Reads ${stamp}`, member_ids: [owl.id] });

  const visitor = await Visitor.open(e.base, inbox.widget_key);
  await visitor.profile({ name: 'Chen Jing' });
  const id = await visitor.start('Has my order 5521 shipped?');
  await owner.call('POST', `/api/v1/conversations/${id}/assign`, { assignee_id: sun.id });

  // Sun Li opens it: it is read, and the visitor sees so.
  const sunCtx = await browser.newContext({ locale: 'en-US' });
  const sunPage = await sunCtx.newPage();
  const sunReads = readsOf(sunPage, id);
  await signInPatiently(sunPage, sun);
  await rowOf(sunPage, id).click();
  await expect.poll(() => sunReads.length).toBeGreaterThan(0);
  const first = Math.max(...sunReads);
  await expect.poll(() => visitorSeesRead(e.base, visitor, id)).toBe(first);

  // Qian Hao, in Chinese, takes it over; Sun Li's tab stays open on the conversation.
  const qianCtx = await browser.newContext({ locale: 'zh-CN' });
  const qianPage = await qianCtx.newPage();
  await signInPatiently(qianPage, qian);
  await owner.call('POST', `/api/v1/conversations/${id}/assign`, { assignee_id: qian.id });
  await expect(rowOf(qianPage, id)).toBeVisible();

  // The customer writes again. Sun Li's open tab reads it — for Sun Li alone.
  await visitor.send(id, 'Hello? Anyone there?');
  const latest = (await visitor.messages(id)).at(-1)!.seq;
  await expect(sunPage.getByTestId('thread')).toContainText('Anyone there?');
  await expect.poll(() => Math.max(...sunReads)).toBeGreaterThanOrEqual(latest);
  expect(await visitorSeesRead(e.base, visitor, id)).toBeLessThan(latest);
  const qianRow = rowOf(qianPage, id);
  await expect(qianRow.getByTestId('unread')).toBeVisible();
  await expect(qianRow.getByTestId('unread')).toHaveText('未读');
  // A moment later nothing has changed: no shared receipt arrives late.
  await qianPage.waitForTimeout(500);
  await expect(qianRow.getByTestId('unread')).toBeVisible();
  expect(await visitorSeesRead(e.base, visitor, id)).toBeLessThan(latest);

  // Qian Hao opens it: now it is read for Qian Hao, and the visitor sees Read.
  await qianRow.click();
  await expect(qianPage.getByTestId('thread')).toContainText('Anyone there?');
  await expect(qianRow.getByTestId('unread')).toHaveCount(0);
  await expect.poll(() => visitorSeesRead(e.base, visitor, id)).toBe(latest);

  await sunCtx.close();
  await qianCtx.close();
});
