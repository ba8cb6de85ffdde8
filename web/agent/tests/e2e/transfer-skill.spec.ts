// Transfer to a skill: a supervisor picks Transfer › Skill › 退款 (level 3) with a note, and the
// conversation lands with the one online agent who has 退款 at that level — not with the
// colleague of the inbox who lacks it — in English and in Chinese; the activity line and the
// decision log (over the API) say it was a transfer.
import { expect, test, type Page } from '@playwright/test';
import { AgentAPI, env, rowOf, Visitor } from './kefu';
import { signIn } from './routing';

/** pick chooses option in the select with testid (no Escape: that would close the dialog). */
async function pick(page: Page, testid: string, option: string) {
  await page.getByTestId(testid).click();
  await page.getByRole('option', { name: option, exact: true }).filter({ visible: true }).first().click();
}

const cases = [
  { locale: 'en', suffix: 'En', line: (sup: string, to: string) => `${sup} transferred this conversation to ${to} (skill 退款 ≥ 3)` },
  { locale: 'zh-CN', suffix: 'Zh', line: (sup: string, to: string) => `${sup} 按技能 退款 ≥ 3 将会话转接给 ${to}` },
];

for (const c of cases) {
  test(`transfer to a skill lands with the skilled agent (${c.locale})`, async ({ browser }) => {
    test.setTimeout(240_000);
    const e = env();
    const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
    const stamp = Date.now().toString(36);
    const mk = async (name: string, level: number) => {
      const acc = { name: `${name} ${c.suffix}`, email: `${name.toLowerCase()}-${stamp}@example.com`, password: 'a long agent password' };
      const { id } = await owner.call<{ id: string }>('POST', '/api/v1/agents', { ...acc, role: 'agent' });
      const skills = level > 0 ? [{ name: '退款', level }] : [{ name: '售前', level: 5 }];
      await owner.call('PATCH', `/api/v1/agents/${id}`, { skills });
      return { id, ...acc };
    };
    const qian = await mk('Qian', 4); // 退款 4: may take it
    const sun = await mk('Sun', 0); // 售前 only: must not
    const inbox = await owner.call<{ widget_key: string }>('POST', '/api/v1/inboxes', { name: `Refunds ${c.suffix} ${stamp}`, member_ids: [qian.id, sun.id] });

    const visitor = await Visitor.open(e.base, inbox.widget_key);
    await visitor.profile({ name: `Zhou ${c.suffix}` });
    const id = await visitor.start('我要退款，订单 8812 重复扣款了。');

    // Qian comes online (signed in, connected); Sun stays away.
    const qianCtx = await browser.newContext();
    await signIn(await qianCtx.newPage(), qian);

    const supCtx = await browser.newContext({ locale: c.locale });
    const sup = await supCtx.newPage();
    await signIn(sup, e.agents.sup);
    await sup.getByTestId('view-all').click();
    await rowOf(sup, id).click();
    await sup.getByTestId('transfer').click();
    await sup.getByTestId('transfer-mode-skill').click();
    await pick(sup, 'transfer-skill', '退款');
    await sup.getByTestId('transfer-skill-level').locator('input').fill('3');
    await sup.getByTestId('transfer-note').fill('Refund for a double charge, order 8812.');
    await sup.getByTestId('transfer-submit').click();
    await expect(sup.getByTestId('transfer-dialog')).toBeHidden();

    await expect(sup.getByTestId('conversation-assignee')).toContainText(qian.name, { timeout: 30_000 });
    await expect(sup.getByTestId('thread')).toContainText(c.line(e.agents.sup.name, qian.name));
    await expect(sup.getByTestId('thread').locator('[data-kind="note"]')).toContainText('Refund for a double charge');

    const api = await AgentAPI.login(e.base, e.agents.sup.email, e.agents.sup.password);
    const conv = await api.call<{ assignee_id: string }>('GET', `/api/v1/conversations/${id}`);
    expect(conv.assignee_id).toBe(qian.id);
    const log = await api.call<{ decisions: { kind: string; agent_id: string; reason: string }[] }>('GET', `/api/v1/conversations/${id}/routing`);
    expect(log.decisions.at(-1)).toMatchObject({ kind: 'assigned', agent_id: qian.id, reason: 'transfer' });
    await supCtx.close();
    await qianCtx.close();
  });
}
