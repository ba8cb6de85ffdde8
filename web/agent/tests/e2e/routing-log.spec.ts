// "Why was this routed here": a conversation routed to the one online agent of its inbox shows
// the decision — assigned, the chosen agent, the rule and the candidates — in English and in
// Chinese, and the same log over the API.
import { expect, test } from '@playwright/test';
import { AgentAPI, env, signIn, Visitor } from './kefu';

test('the decision log of a routed conversation, in en and zh-CN', async ({ browser }) => {
  test.setTimeout(180_000);
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const wu = { name: 'Router Wu', email: 'router-wu@example.com', password: 'a long agent password' };
  const agent = await owner.call<{ id: string }>('POST', '/api/v1/agents', { ...wu, role: 'agent' });
  const inbox = await owner.call<{ widget_key: string }>('POST', '/api/v1/inboxes', { name: 'Routing', member_ids: [agent.id] });

  // Router Wu signs in (connected, online): the visitor's conversation is routed to them.
  const enCtx = await browser.newContext();
  const en = await enCtx.newPage();
  await signIn(en, wu);
  const visitor = await Visitor.open(e.base, inbox.widget_key);
  const id = await visitor.start('Which tea suits a cold evening?');
  const api = await AgentAPI.login(e.base, wu.email, wu.password);
  await expect.poll(async () => (await api.call<{ assignee_id: string }>('GET', `/api/v1/conversations/${id}`)).assignee_id).toBe(agent.id);

  const log = await api.call<{ decisions: { kind: string; agent_id: string; reason: string }[] }>('GET', `/api/v1/conversations/${id}/routing`);
  expect(log.decisions.at(-1)).toMatchObject({ kind: 'assigned', agent_id: agent.id, reason: 'chosen' });

  await en.goto(`${e.base}/conversations/${id}`);
  await en.getByTestId('routing-why').click();
  const assigned = en.locator('[data-testid="routing-decision"][data-kind="assigned"]');
  await expect(assigned.getByTestId('routing-chosen')).toHaveText('Assigned to Router Wu');
  await expect(assigned.getByTestId('routing-reason')).toHaveText('Chosen by the policy');
  await expect(assigned.getByTestId('routing-rule')).toContainText('Rule: Default rule');
  await expect(assigned.getByTestId('routing-rule')).toContainText('Round robin');
  await expect(assigned.getByTestId('routing-candidate').filter({ hasText: 'Router Wu' })).toContainText('Chosen by the policy');
  await enCtx.close();

  // A supervisor reading in Chinese sees the same decision in Chinese.
  const zhCtx = await browser.newContext({ locale: 'zh-CN' });
  const zh = await zhCtx.newPage();
  await signIn(zh, e.agents.sup);
  await zh.goto(`${e.base}/conversations/${id}`);
  await zh.getByTestId('routing-why').click();
  const zhAssigned = zh.locator('[data-testid="routing-decision"][data-kind="assigned"]');
  await expect(zhAssigned.getByTestId('routing-chosen')).toHaveText('已分配给 Router Wu');
  await expect(zhAssigned.getByTestId('routing-reason')).toHaveText('按分配策略选中');
  await expect(zhAssigned.getByTestId('routing-rule')).toContainText('规则：默认规则');
  await zhCtx.close();
});
