// Personal data in an inbox that masks: agents see an ID card number masked, only a supervisor
// (who holds pii.reveal) may reveal it, the reveal is listed in Settings › Audit log, and the
// visitor's own view stays as they typed it.
import { expect, test } from '@playwright/test';
import { env, rowOf, signIn, Visitor } from './kefu';

const idCard = '110101198001051234'; // a valid number: region, birth date and check character

test('an agent sees an ID card number masked and a supervisor reveals it', async ({ browser }) => {
  test.setTimeout(150_000); // three signed-in browsers
  const e = env();
  const visitor = await Visitor.open(e.base, e.inboxes.masking.key);
  await visitor.profile({ name: 'Sun Wei', email: 'sun.wei@example.com' });
  const id = await visitor.start(`我的身份证号是 ${idCard}，请帮我查一下订单`);

  const agentPage = await (await browser.newContext()).newPage();
  await signIn(agentPage, e.agents.li);
  await agentPage.getByTestId('view-unassigned').click();
  await rowOf(agentPage, id).click();
  const agentThread = agentPage.getByTestId('thread');
  await expect(agentThread).toContainText('110***********1234');
  await expect(agentThread).not.toContainText(idCard);
  await expect(agentThread.getByTestId('reveal')).toHaveCount(0);
  const agentSidebar = agentPage.getByTestId('contact-sidebar');
  await expect(agentSidebar.getByTestId('contact-email')).toHaveText('s***@example.com');
  await expect(agentSidebar.getByTestId('reveal-contact')).toHaveCount(0);

  const supPage = await (await browser.newContext()).newPage();
  await signIn(supPage, e.agents.sup);
  await supPage.getByTestId('view-unassigned').click();
  await rowOf(supPage, id).click();
  const supThread = supPage.getByTestId('thread');
  await expect(supThread).toContainText('110***********1234');
  await supThread.getByTestId('reveal').click();
  await expect(supThread).toContainText(idCard);
  await expect(supThread.getByTestId('revealed')).toBeVisible();
  const supSidebar = supPage.getByTestId('contact-sidebar');
  await expect(supSidebar.getByTestId('contact-email')).toHaveText('s***@example.com');
  await supSidebar.getByTestId('reveal-contact').click();
  await expect(supSidebar.getByTestId('contact-email')).toHaveText('sun.wei@example.com');

  // The visitor reads their own message back as they sent it.
  const own = (await visitor.messages(id)).find((m) => m.content.includes(idCard));
  expect(own, 'the visitor reads their message back unmasked').toBeDefined();

  // The owner (who holds audit.view) finds the supervisor's reveal of that message in the log.
  const ownerPage = await (await browser.newContext()).newPage();
  await signIn(ownerPage, e.owner);
  await ownerPage.getByTestId('nav-settings').click();
  await ownerPage.getByTestId('settings-audit').click();
  await ownerPage.getByTestId('audit-filter-action').fill('pii.revealed');
  await ownerPage.getByTestId('audit-search').click();
  const revealed = ownerPage.getByTestId('audit-table').locator('.el-table__row', { hasText: 'pii.revealed' });
  await expect(revealed.filter({ hasText: `message · ${own!.id}` }).filter({ hasText: e.agents.sup.name })).toHaveCount(1);
});

test('an admin tries out and saves an own pattern', async ({ page }) => {
  const e = env();
  await signIn(page, e.owner);
  await page.goto(`${e.base}/settings/privacy`);
  await page.getByTestId('pii-pattern-add').click();
  await page.getByTestId('pii-pattern-name').fill('membership');
  await page.getByTestId('pii-pattern-expr').fill('VIP-[0-9]{6}');
  await page.getByTestId('pii-test-text').fill('会员号 VIP-123456，电话 13812345678');
  await page.getByTestId('pii-test').click();
  await expect(page.getByTestId('pii-test-result')).toHaveText('会员号 **********，电话 138****5678');
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/pii/patterns') && r.request().method() === 'PUT');
  await page.getByTestId('pii-patterns-save').click();
  expect((await saved).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('pii-pattern-expr')).toHaveValue('VIP-[0-9]{6}');
});
