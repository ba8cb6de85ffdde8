// Routing steps the browser tests share: writing the rule in Settings › Routing (the
// final end-to-end test composes it with a visitor picking 退款 in the widget), the After-sales
// team, an inbox whose pre-chat form offers 退款, and the rules as the API has them.
import { expect, type Page } from '@playwright/test';
import { AgentAPI, env } from './kefu';

/** A routing rule as the API answers it, the fields the tests look at. */
export interface Rule {
  id: string;
  name: string;
  position: number;
  is_default: boolean;
  priority: string;
  conditions: Record<string, unknown>;
  target: { team_id?: string; skills?: { name: string; min_level: number }[]; policy: string };
}

/** signIn is kefu.ts's sign-in with room for a busy machine: hashing a password while
 * several test suites share two cores can take longer than the default wait. */
export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${env().base}/login`);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('nav-conversations')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('connection')).toHaveClass(/open/, { timeout: 60_000 });
}

/** owner is the organisation's owner over the API. */
export const owner = () => AgentAPI.login(env().base, env().owner.email, env().owner.password);
/** rules are the organisation's rules as the API lists them, in order. */
export const rules = async (api: AgentAPI) => (await api.call<{ rules: Rule[] }>('GET', '/api/v1/routing/rules')).rules;

/** team finds or makes the team called name, so the file can run twice against one server. */
export async function team(api: AgentAPI, name: string, memberIds: string[]): Promise<string> {
  const { teams } = await api.call<{ teams: { id: string; name: string }[] }>('GET', '/api/v1/teams');
  return teams.find((x) => x.name === name)?.id ?? (await api.call<{ id: string }>('POST', '/api/v1/teams', { name, member_ids: memberIds })).id;
}

/** shopInbox makes an inbox whose pre-chat form offers the inquiry types 退款 and 售前. */
export async function shopInbox(api: AgentAPI, name: string): Promise<string> {
  const fields = [{ name: 'inquiry_type', required: true, options: ['退款', '售前'] }];
  return (await api.call<{ id: string }>('POST', '/api/v1/inboxes', { name, widget: { color: '#1f6feb', away_message: '', locale: '', pre_chat: { enabled: true, fields } } })).id;
}

const option = (page: Page, name: string) => page.getByRole('option', { name, exact: true }).filter({ visible: true }).first();

/** pick opens the select with testid and clicks its option called name. */
export async function pick(page: Page, testid: string, name: string) {
  await page.getByTestId(testid).click();
  await option(page, name).click();
  await page.keyboard.press('Escape');
}

/** writeRule fills the open editor: name, inquiry 退款, optional levels, After-sales, priority. */
export async function writeRule(page: Page, r: { name: string; levels?: string[]; priority: string }) {
  const dialog = page.getByTestId('rule-dialog');
  await dialog.getByTestId('rule-name').fill(r.name);
  await pick(page, 'rule-inquiry_types', '退款'); // offered from the inbox's pre-chat options
  for (const l of r.levels ?? []) {
    await dialog.getByTestId('rule-contact_levels').locator('input').fill(l);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
  }
  await page.getByTestId('rule-team').click();
  await page.getByTestId('rule-team-After-sales').click();
  await page.getByTestId('rule-priority').click();
  await page.getByTestId(`rule-priority-${r.priority}`).click();
}

export const save = async (page: Page) => {
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-dialog')).toBeHidden();
};

/** rowNames are the rule names as the list shows them, in order. */
export const rowNames = (page: Page) => page.getByTestId('rule-list').getByTestId('rule-row-name').allInnerTexts();

