// The conversation sidebar's routing attributes: a supervisor picks the inquiry type from the
// inbox's pre-chat options, sets the language and makes the customer vip; both persist (read
// back over the API) and show again in Chinese; a value the server refuses is shown under its
// field.
import { expect, test, type Page } from '@playwright/test';
import { AgentAPI, env, rowOf, Visitor } from './kefu';
import { signIn } from './routing';

/** choose picks option in the select with testid inside the sidebar's routing section. */
async function choose(page: Page, testid: string, option: string) {
  await page.getByTestId('routing-attributes').getByTestId(testid).click();
  await page.getByRole('option', { name: option, exact: true }).filter({ visible: true }).first().click();
}

test('inquiry type, language and contact level edited in the sidebar persist', async ({ browser }) => {
  test.setTimeout(180_000);
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const stamp = Date.now().toString(36);
  const fields = [{ name: 'inquiry_type', required: false, options: ['退款', '售前'] }];
  const inbox = await owner.call<{ widget_key: string }>('POST', '/api/v1/inboxes', {
    name: `Shop ${stamp}`, widget: { color: '#1f6feb', away_message: '', locale: '', pre_chat: { enabled: true, fields } },
  });
  const visitor = await Visitor.open(e.base, inbox.widget_key);
  await visitor.profile({ name: `Lin ${stamp}` });
  const id = await visitor.start('订单 7731 什么时候能退款？');

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, e.agents.sup);
  await page.getByTestId('view-all').click();
  await rowOf(page, id).click();
  const section = page.getByTestId('routing-attributes');
  await expect(section).toBeVisible();

  // A language the server refuses: its message shows under the language field.
  await section.getByTestId('attr-language').fill('not a tag!');
  await section.getByTestId('save-routing-attributes').click();
  await expect(section.locator('.el-form-item.is-error')).toHaveCount(1);
  await expect(section.locator('.el-form-item.is-error')).toContainText('Language');

  await choose(page, 'attr-inquiry-type', '退款'); // offered from the pre-chat form
  await section.getByTestId('attr-language').fill('zh-CN');
  await choose(page, 'attr-level', 'vip');
  await section.getByTestId('save-routing-attributes').click();
  await expect(section.locator('.el-form-item.is-error')).toHaveCount(0);

  const api = await AgentAPI.login(e.base, e.agents.sup.email, e.agents.sup.password);
  await expect.poll(async () => (await api.call<{ inquiry_type: string }>('GET', `/api/v1/conversations/${id}`)).inquiry_type).toBe('退款');
  const conv = await api.call<{ language: string; contact_id: string }>('GET', `/api/v1/conversations/${id}`);
  expect(conv.language).toBe('zh-CN');
  await expect.poll(async () => (await api.call<{ level: string }>('GET', `/api/v1/contacts/${conv.contact_id}`)).level).toBe('vip');
  await ctx.close();

  // Read again, in Chinese: the saved values are what the sidebar shows.
  const zhCtx = await browser.newContext({ locale: 'zh-CN' });
  const zh = await zhCtx.newPage();
  await signIn(zh, e.agents.sup);
  await zh.goto(`${e.base}/conversations/${id}`);
  const zhSection = zh.getByTestId('routing-attributes');
  await expect(zhSection).toContainText('路由属性');
  await expect(zhSection).toContainText('咨询类型');
  await expect(zhSection.getByTestId('attr-inquiry-type')).toContainText('退款');
  await expect(zhSection.getByTestId('attr-level')).toContainText('vip');
  await expect(zhSection.getByTestId('attr-language')).toHaveValue('zh-CN');
  await zhCtx.close();
});
