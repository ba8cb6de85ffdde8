// Routing settings in a real browser: an admin writes the rules — inquiry type 退款 to
// team After-sales, VIP customers first (contact level vip → urgent) — in English and in
// Chinese, puts the VIP rule first and finds them in that order after a reload and over the
// API; the editor names its problems under their fields (no name, skill level 6). Agents'
// skills and languages are saved; an inbox's business hours (overnight, a holiday) and queue
// limit, and the organisation's accept timeout, are saved and shown again.
import { expect, test } from '@playwright/test';
import en from '../../src/i18n/routing.en';
import zhCN from '../../src/i18n/routing.zh-CN';
import { env, shot } from './kefu';
import { owner, pick, rowNames, rules, save, shopInbox, signIn, team, writeRule } from './routing';

type Texts = typeof en;

for (const [locale, x] of [['en', en], ['zh-CN', zhCN]] as [string, Texts][]) {
  test.describe(`routing rules (${locale})`, () => {
    test.use({ locale });

    test(`an admin routes 退款 to After-sales, VIP first (${locale})`, async ({ page }) => {
      const e = env();
      const api = await owner();
      const teamId = await team(api, 'After-sales', [e.agents.han.id]);
      await shopInbox(api, `Shop ${locale}`);
      const refunds = locale === 'en' ? 'Refunds to After-sales' : '退款转售后';
      const vip = locale === 'en' ? 'VIP refunds first' : 'VIP 退款优先';
      const created: string[] = [];
      try {
        await signIn(page, e.owner);
        await page.getByTestId('nav-settings').click();
        await page.getByTestId('settings-routing').click();
        await expect(page.getByTestId('rule-default')).toBeVisible();

        // An empty name is refused in the form, before anything is sent.
        await page.getByTestId('rule-create').click();
        await page.getByTestId('rule-save').click();
        await expect(page.getByTestId('rule-dialog')).toContainText(x.routing.problems.name);
        await writeRule(page, { name: refunds, priority: 'none' });
        // A skill level of 6 is named under the level field; 3 is fine.
        await page.getByTestId('rule-add-skill').click();
        await page.getByTestId('rule-skill-name').fill('refunds');
        const level = page.getByTestId('rule-skill-level').locator('input');
        await level.fill('6');
        await level.press('Tab');
        await page.getByTestId('rule-save').click();
        await expect(page.getByTestId('rule-skill-0')).toContainText(x.routing.problems.level);
        await expect(page.getByTestId('rule-dialog')).toBeVisible();
        await level.fill('3');
        await level.press('Tab');
        await expect(page.getByTestId('rule-skill-0')).not.toContainText(x.routing.problems.level);
        await save(page);

        // The VIP rule: inquiry 退款 and level vip → After-sales, urgent. New rules go last
        // before the default; moving it up puts VIP first. Other files' tests share the
        // organisation and may add a rule of theirs in between meanwhile, so VIP moves up, one
        // place per click, until it is above refunds.
        await page.getByTestId('rule-create').click();
        await writeRule(page, { name: vip, levels: ['vip'], priority: 'urgent' });
        await save(page);
        let names = await rowNames(page);
        expect(names.indexOf(refunds)).toBeGreaterThanOrEqual(0);
        expect(names.indexOf(refunds)).toBeLessThan(names.indexOf(vip));
        for (let i = 0; i < 5 && names.indexOf(vip) > names.indexOf(refunds); i++) {
          const at = names.indexOf(vip);
          await page.getByTestId(`rule-${vip}`).getByTestId('rule-up').click();
          await expect.poll(async () => (await rowNames(page)).indexOf(vip)).toBeLessThan(at);
          names = await rowNames(page);
        }
        expect(names.indexOf(vip)).toBeLessThan(names.indexOf(refunds));

        // After a reload the order holds, VIP above refunds, the default rule last.
        await page.reload();
        await expect(page.getByTestId(`rule-${vip}`)).toContainText('vip');
        names = await rowNames(page);
        expect(names.indexOf(vip)).toBeLessThan(names.indexOf(refunds));
        await expect(page.getByTestId(`rule-${vip}`)).toContainText('After-sales');
        await expect(page.getByTestId('rule-list').locator('li').last()).toHaveAttribute('data-testid', 'rule-default');
        await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 10_000 });
        await shot(page, `routing-rules-${locale}`);

        // The server has exactly what the admin wrote.
        const stored = await rules(api);
        const byName = (n: string) => stored.find((r) => r.name === n)!;
        created.push(byName(vip).id, byName(refunds).id);
        expect(byName(vip).position).toBeLessThan(byName(refunds).position);
        expect(byName(vip)).toMatchObject({ priority: 'urgent', conditions: { inquiry_types: ['退款'], contact_levels: ['vip'] }, target: { team_id: teamId, policy: 'round_robin' } });
        expect(byName(refunds)).toMatchObject({ priority: 'none', target: { team_id: teamId, skills: [{ name: 'refunds', min_level: 3 }] } });
        expect(stored.at(-1)!.is_default).toBe(true);

        // The editor opens the rule as stored, ready for the documentation's picture.
        await page.getByTestId(`rule-${vip}`).getByTestId('rule-edit').click();
        await expect(page.getByTestId('rule-name')).toHaveValue(vip);
        await shot(page, `routing-rule-editor-${locale}`);
      } finally {
        // Other browser tests share the server: leave no rule behind to route their visitors.
        const mine = (await rules(api)).filter((r) => r.name === vip || r.name === refunds).map((r) => r.id);
        for (const id of new Set([...created, ...mine])) await api.call('DELETE', `/api/v1/routing/rules/${id}`);
      }
    });
  });
}

test('a supervisor reads the rules but cannot change them', async ({ page }) => {
  const e = env();
  await signIn(page, e.agents.sup);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-routing').click();
  await expect(page.getByText(en.routing.readOnly)).toBeVisible();
  await expect(page.getByTestId('rule-create')).toHaveCount(0);
  await page.getByTestId('rule-default').getByRole('button').click();
  await expect(page.getByTestId('rule-save')).toHaveCount(0);
  await expect(page.getByTestId('rule-dialog').getByTestId('rule-priority').locator('input')).toBeDisabled();
});

test('an admin gives an agent skills and languages', async ({ page }) => {
  const e = env();
  const api = await owner();
  const li = e.agents.li;
  try {
    await signIn(page, e.owner);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-agents').click();
    await page.getByTestId(`agent-edit-skills-${li.email}`).click();
    const dialog = page.getByTestId('skills-dialog');
    await dialog.getByTestId('skill-add').click();
    await dialog.getByTestId('skill-name').fill('退款');
    const level = dialog.getByTestId('skill-level').locator('input');
    await level.fill('6');
    await level.press('Tab');
    await dialog.getByTestId('skills-save').click();
    await expect(dialog.getByTestId('skill-0')).toContainText(en.skills.problems.level);
    await level.fill('4');
    await level.press('Tab');
    await dialog.getByTestId('skill-add').click();
    await dialog.getByTestId('skill-name').nth(1).fill('english');
    await dialog.getByTestId('skill-level').nth(1).locator('input').fill('2');
    await pick(page, 'skill-languages', 'zh-CN');
    await pick(page, 'skill-languages', 'en');
    await shot(page, 'routing-agent-skills');
    await dialog.getByTestId('skills-save').click();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId(`agent-skills-${li.email}`);
    await expect(row).toContainText('退款 · 4');
    await expect(row).toContainText('english · 2');
    await expect(row).toContainText('zh-CN');

    const { agents } = await api.call<{ agents: { id: string; skills: unknown; languages: unknown }[] }>('GET', '/api/v1/agents');
    expect(agents.find((a) => a.id === li.id)).toMatchObject({ skills: [{ name: '退款', level: 4 }, { name: 'english', level: 2 }], languages: ['zh-CN', 'en'] });
    await page.reload();
    await expect(page.getByTestId(`agent-skills-${li.email}`)).toContainText('退款 · 4');
  } finally {
    await api.call('PATCH', `/api/v1/agents/${li.id}`, { skills: [], languages: [] });
  }
});

test('inbox business hours and queue limit are saved and shown', async ({ page }) => {
  const e = env();
  const api = await owner();
  const name = `Hours ${Date.now()}`;
  const id = (await api.call<{ id: string }>('POST', '/api/v1/inboxes', { name })).id;
  await signIn(page, e.owner);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-inboxes').click();
  await page.getByTestId(`inbox-${name}`).click();
  const hours = page.getByTestId('inbox-hours');
  await hours.getByTestId('hours-enabled').click();
  // Switching on starts from Monday–Friday 09:00–18:00; Saturday gets a night shift.
  await expect(hours.getByTestId('hours-day-1').getByTestId('hours-start')).toHaveValue('09:00');
  const saturday = hours.getByTestId('hours-day-6');
  await saturday.getByTestId('hours-add').click();
  await saturday.getByTestId('hours-start').fill('22:00');
  await saturday.getByTestId('hours-end').fill('25:00');
  await page.getByTestId('inbox-save').click();
  await expect(saturday).toContainText(en.hours.problems.time);
  await saturday.getByTestId('hours-end').fill('06:00');
  await expect(saturday).toContainText(en.hours.overnight);
  // National Day is a holiday.
  await hours.getByTestId('hours-add-special').click();
  const special = hours.getByTestId('hours-special-0');
  await special.locator('input').first().fill('2026-10-01');
  await special.locator('input').first().press('Enter');
  await special.getByTestId('special-name').fill('国庆节');
  await page.getByTestId('inbox-max-queue').locator('input').fill('5');
  await page.getByTestId('inbox-max-queue').locator('input').press('Tab');
  await page.getByTestId('inbox-save').click();
  await expect(page.locator('.el-message--success')).toBeVisible();

  const ib = await api.call<{ routing: { max_queue: number; business_hours: { enabled: boolean; weekly: { day: number; start: string; end: string }[]; special: { date: string; name: string; closed: boolean }[] } } }>('GET', `/api/v1/inboxes/${id}`);
  expect(ib.routing.max_queue).toBe(5);
  expect(ib.routing.business_hours.enabled).toBe(true);
  expect(ib.routing.business_hours.weekly).toEqual(expect.arrayContaining([{ day: 1, start: '09:00', end: '18:00' }, { day: 6, start: '22:00', end: '06:00' }]));
  expect(ib.routing.business_hours.weekly.filter((h) => h.day === 0)).toEqual([]);
  expect(ib.routing.business_hours.special).toEqual([expect.objectContaining({ date: '2026-10-01', name: '国庆节', closed: true })]);

  // Shown again after a reload.
  await page.reload();
  await page.getByTestId(`inbox-${name}`).click();
  await expect(page.getByTestId('hours-day-6').getByTestId('hours-start')).toHaveValue('22:00');
  await expect(page.getByTestId('hours-day-6')).toContainText(en.hours.overnight);
  await expect(page.getByTestId('hours-day-0')).toContainText(en.hours.closed);
  await expect(page.getByTestId('hours-special-0').locator('input').first()).toHaveValue('2026-10-01');
  await expect(page.getByTestId('inbox-max-queue').locator('input')).toHaveValue('5');
  await page.getByTestId('inbox-hours').scrollIntoViewIfNeeded();
  await shot(page, 'routing-inbox-hours');
});

test('the organisation’s accept timeout and release on away are saved', async ({ page }) => {
  const e = env();
  const api = await owner();
  const before = (await api.call<{ settings: Record<string, unknown> }>('GET', '/api/v1/org')).settings;
  try {
    await signIn(page, e.owner);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-org').click();
    await page.getByTestId('org-accept-timeout').locator('input').fill('90');
    await page.getByTestId('org-accept-timeout').locator('input').press('Tab');
    await page.getByTestId('org-release-on-away').click();
    await page.getByTestId('org-save').click();
    await expect(page.locator('.el-message--success')).toBeVisible();
    const after = (await api.call<{ settings: Record<string, unknown> }>('GET', '/api/v1/org')).settings;
    expect(after).toMatchObject({ accept_timeout_seconds: 90, release_on_away: true });
    await page.reload();
    await expect(page.getByTestId('org-accept-timeout').locator('input')).toHaveValue('90');
    await expect(page.getByTestId('org-release-on-away')).toHaveClass(/is-checked/);
  } finally {
    // Later tests expect conversations to stay with whoever took them.
    await api.call('PATCH', '/api/v1/org', { settings: before });
  }
});
